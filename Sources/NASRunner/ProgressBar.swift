import Foundation

/// Progress of a long job on standard error, safe to update from worker threads.
///
/// On a terminal: one line redrawn in place, with a bar, the count, elapsed time and ETA. When
/// stderr is a pipe or a log: one plain line at every 10% (and at the end). `NASWIFT_PROGRESS`
/// overrides the choice: `bar`, `lines` or `off`.
public final class ProgressBar: @unchecked Sendable {
    public enum Mode: String, Sendable { case bar, lines, off }

    private let lock = NSLock()
    private let label: String
    private let mode: Mode
    private let unit: String
    private let start = Date()
    private var lastPercent = -1
    private var lastDecile = 0

    /// `NASWIFT_PROGRESS` if set to a mode, else `bar` on a terminal and `lines` otherwise.
    public static func defaultMode(environment: [String: String] = ProcessInfo.processInfo.environment) -> Mode {
        if let v = environment["NASWIFT_PROGRESS"], let m = Mode(rawValue: v.lowercased()) { return m }
        return isatty(STDERR_FILENO) == 1 ? .bar : .lines
    }

    /// `unit` names what is counted ("seeds", "batches", ...).
    public init(label: String, unit: String = "seeds", mode: Mode = ProgressBar.defaultMode()) {
        self.label = label
        self.unit = unit
        self.mode = mode
    }

    /// "42 s", "3 min 05 s", "1 h 02 min".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
    }

    /// The text of one update: count, percent, elapsed and (before the end) the ETA from the mean
    /// rate so far.
    public static func status(done: Int, total: Int, elapsed: Double, unit: String) -> String {
        let pct = total > 0 ? done * 100 / total : 100
        var s = "\(done)/\(total) \(unit) (\(pct)%), \(duration(elapsed))"
        if done > 0 && done < total { s += ", ETA \(duration(elapsed / Double(done) * Double(total - done)))" }
        return s
    }

    /// Reports `done` of `total`, followed by `note` (e.g. a loss). Redraws at most once per
    /// percent on a terminal, prints at each 10% otherwise.
    public func update(_ done: Int, of total: Int, note: String = "") {
        guard mode != .off, total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let pct = done * 100 / total
        guard pct > lastPercent else { return }  // monotonic: workers may report out of order
        lastPercent = pct
        let text = Self.status(done: done, total: total, elapsed: Date().timeIntervalSince(start), unit: unit)
            + (note.isEmpty ? "" : "  " + note)
        switch mode {
        case .bar:
            let width = 30, filled = done * width / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(text)\u{1B}[K".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        case .lines:
            let decile = pct / 10
            guard decile > lastDecile || done == total else { return }
            lastDecile = decile
            FileHandle.standardError.write(Data("\(label): \(text)\n".utf8))
        case .off:
            break
        }
    }
}
