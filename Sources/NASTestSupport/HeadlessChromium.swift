import Foundation

/// Renders a local HTML file in a real headless Chromium (Debian's `chromium`, installed by
/// scripts/setup.sh) and saves a PNG screenshot, for tests of pages a person looks at.
public enum HeadlessChromium {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The browser executable: `$NASWIFT_CHROMIUM`, else `chromium` / `chromium-browser` on the PATH.
    public static func executable() throws -> URL {
        let env = ProcessInfo.processInfo.environment
        if let e = env["NASWIFT_CHROMIUM"], !e.isEmpty { return URL(fileURLWithPath: e) }
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let u = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: u.path) { return u }
            }
        }
        throw Failure(description: "no chromium on the PATH: run scripts/setup.sh (installs Debian's chromium) or set NASWIFT_CHROMIUM")
    }

    /// Screenshots `page` at `width` x `height` CSS pixels into `png`.
    public static func screenshot(_ page: URL, to png: URL, width: Int = 1100, height: Int = 2400) throws {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let p = Process()
        p.executableURL = try executable()
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                       "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)",
                       "--screenshot=\(png.path)", page.absoluteString]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0, FileManager.default.fileExists(atPath: png.path) else {
            throw Failure(description: "chromium failed (status \(p.terminationStatus)): \(message.suffix(2000))")
        }
    }
}
