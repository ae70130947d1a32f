import Foundation

/// A one-line progress bar on standard error, shown only when stderr is a terminal (never in logs,
/// pipes or tests). Safe to update from worker threads.
public final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let enabled: Bool
    private let unit: String
    private var lastDrawn = -1

    /// `unit` names what is counted ("seeds", "batches", ...).
    public init(label: String, unit: String = "seeds", enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.unit = unit
        self.enabled = enabled
    }

    /// Draws `done` of `total` (redrawn at most once per percent), followed by `note` (e.g. a loss).
    public func update(_ done: Int, of total: Int, note: String = "") {
        guard enabled, total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let pct = done * 100 / total
        guard pct > lastDrawn else { return }  // monotonic: workers may report out of order
        lastDrawn = pct
        let width = 30, filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total) \(unit)\(note.isEmpty ? "" : "  " + note)".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
