import Foundation

/// The checks every file naswift reads or writes goes through, so an empty path, a directory or a
/// missing parent directory gives a message naming the option and the problem, never a Foundation
/// error code ("NSCocoaErrorDomain error 256 / 512").
public enum FileChecks {
    /// Reads the whole file at `url` (described as `what`, e.g. "CSV file (--from)").
    ///
    /// - Throws: `NaswiftError` (.invalidArgument) for an empty path or a directory, (.dataMissing)
    ///   for a missing file (`missingHint` says how to make it), (.io) for an unreadable one.
    public static func read(_ url: URL, what: String, missingHint: String? = nil, mapped: Bool = false) throws -> Data {
        try checkInput(url.path, what: what, missingHint: missingHint)
        do {
            return try Data(contentsOf: url, options: mapped ? .mappedIfSafe : [])
        } catch {
            throw NaswiftError(.io, "cannot read the \(what) '\(url.path)': \(describe(error))",
                               hint: "check the file's permissions")
        }
    }

    /// Throws unless `path` names an existing regular (or special, readable) file, not a directory.
    public static func checkInput(_ path: String, what: String, missingHint: String? = nil) throws {
        if path.isEmpty {
            throw NaswiftError(.invalidArgument, "the \(what) path is empty", hint: "give the path of a file")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw NaswiftError(.dataMissing, "the \(what) '\(path)' does not exist", hint: missingHint ?? "check the path")
        }
        if isDirectory.boolValue {
            throw NaswiftError(.invalidArgument, "the \(what) '\(path)' is a directory, not a file",
                               hint: "give the path of a file inside it")
        }
        if !FileManager.default.isReadableFile(atPath: path) {
            throw NaswiftError(.io, "the \(what) '\(path)' is not readable", hint: "check the file's permissions")
        }
    }

    /// Prepares `path` as an output file given with `option` (e.g. "--json") BEFORE the work that
    /// produces it: refuses an empty path and an existing directory, creates missing parent
    /// directories (as `--out` does) and checks the directory is writable.
    public static func prepareOutput(_ path: String, option: String) throws {
        if path.isEmpty {
            throw NaswiftError(.invalidArgument, "\(option) is empty", hint: "give a file path, e.g. \(option) out/summary.json")
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw NaswiftError(.invalidArgument, "\(option) '\(path)' is a directory, not a file",
                               hint: "give a file path, e.g. \(option) \((path as NSString).appendingPathComponent("summary.json"))")
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw NaswiftError(.io, "\(option) '\(path)': cannot create its directory \(parent): \(describe(error))",
                               hint: "choose a path in a writable directory")
        }
        if !fm.isWritableFile(atPath: parent) {
            throw NaswiftError(.io, "\(option) '\(path)': directory \(parent) is not writable",
                               hint: "choose a path in a writable directory")
        }
    }

    /// A Foundation error as words (its failure reason, not only "error 256").
    public static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
