import Foundation

/// A process-wide cache of values that are expensive to build (an embedding pass, a parsed
/// benchmark domain), each built once per key: concurrent callers that miss the same key wait for
/// one build instead of each building. Builds are serialised; a failed build caches nothing.
public final class BuildOnceCache: @unchecked Sendable {
    private let lock = NSLock()
    private let buildLock = NSLock()
    private var values: [String: any Sendable] = [:]

    public init() {}

    /// The value under `key`, built by `build` when missing (or when cached with another type).
    public func value<T: Sendable>(_ key: String, build: () throws -> T) throws -> T {
        if let v = cached(key, as: T.self) { return v }
        buildLock.lock(); defer { buildLock.unlock() }
        if let v = cached(key, as: T.self) { return v }
        let v = try build()
        lock.lock(); values[key] = v; lock.unlock()
        return v
    }

    private func cached<T>(_ key: String, as: T.Type) -> T? {
        lock.lock(); defer { lock.unlock() }
        return values[key] as? T
    }
}
