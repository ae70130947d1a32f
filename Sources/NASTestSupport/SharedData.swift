import Foundation

/// Locates the real benchmark data in `../shared/data` for tests and benchmarks.
///
/// Order: `$NASWIFT_SHARED/data/<relative>`, then the first `shared/data/<relative>` found walking
/// up from the calling source file (the project root's parent holds `shared/` in CI).
public enum SharedData {
    public static func url(_ relative: String, filePath: String = #filePath) -> URL {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["NASWIFT_SHARED"], !env.isEmpty {
            let u = URL(fileURLWithPath: env).appendingPathComponent("data").appendingPathComponent(relative)
            if fm.fileExists(atPath: u.path) { return u }
        }
        var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let u = dir.appendingPathComponent("shared/data").appendingPathComponent(relative)
            if fm.fileExists(atPath: u.path) { return u }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "../shared/data").appendingPathComponent(relative)
    }

    /// The path of `url(relative)`.
    public static func path(_ relative: String, filePath: String = #filePath) -> String {
        url(relative, filePath: filePath).path
    }
}
