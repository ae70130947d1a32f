import Foundation

/// How the committed seed files of the model-file targets were made: run the fuzz binary with
/// `NASWIFT_FUZZ_WRITE_SEED=FILE`; its `LLVMFuzzerInitialize` writes a small valid file, made by
/// the library's own writer, to FILE and exits.
public enum SeedWriter {
    /// Writes `make()` to `$NASWIFT_FUZZ_WRITE_SEED` and exits when that variable is set; returns otherwise.
    public static func writeIfAsked(_ make: () throws -> [UInt8]) {
        guard let path = ProcessInfo.processInfo.environment["NASWIFT_FUZZ_WRITE_SEED"], !path.isEmpty else { return }
        do {
            try Data(try make()).write(to: URL(fileURLWithPath: path))
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("cannot write the seed \(path): \(error)\n".utf8))
            exit(1)
        }
    }

    /// `value` as a JSON object (to nest it in `decode`'s fields).
    public static func json<T: Encodable>(_ value: T) throws -> Any {
        try JSONSerialization.jsonObject(with: try JSONEncoder().encode(value))
    }

    /// A header decoded from its JSON fields (the headers have no public memberwise initialiser).
    public static func decode<T: Decodable>(_ type: T.Type, _ fields: [String: Any]) throws -> T {
        try JSONDecoder().decode(T.self, from: try JSONSerialization.data(withJSONObject: fields))
    }
}
