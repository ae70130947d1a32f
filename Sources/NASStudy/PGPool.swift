import Foundation
import NASCore

/// A small pool of blocking libpq connections, used from async code: each operation borrows one
/// connection and runs on a Dispatch worker thread, so the blocking network calls never hold a
/// Swift concurrency thread.
final class PGPool: @unchecked Sendable {
    // @unchecked: `idle` is guarded by `lock`; the other stored properties are lets.
    private let url: PostgresURL
    private let connectTimeout: Double
    private let maxIdle: Int
    private let lock = NSLock()
    private var idle: [PGConnection] = []
    private let queue = DispatchQueue(label: "naswift.postgres", attributes: .concurrent)

    /// - Parameters:
    ///   - first: an open connection to start the pool with (the probe of `connect`).
    ///   - maxIdle: how many connections are kept open between operations.
    init(url: PostgresURL, connectTimeout: Double, maxIdle: Int, first: PGConnection) {
        self.url = url
        self.connectTimeout = connectTimeout
        self.maxIdle = maxIdle
        idle = [first]
    }

    private func take() throws -> PGConnection {
        lock.lock()
        let c = idle.popLast()
        lock.unlock()
        if let c, c.isHealthy { return c }
        return try PGConnection(url, connectTimeout: connectTimeout)
    }

    private func give(_ c: PGConnection) {
        guard c.isHealthy else { return }
        lock.lock()
        if idle.count < maxIdle { idle.append(c) }
        lock.unlock()
    }

    /// Runs `body` with a borrowed connection on a worker thread.
    func with<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    let c = try self.take()
                    defer { self.give(c) }
                    continuation.resume(returning: try body(c))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Runs `body` inside `BEGIN` ... `COMMIT` on one connection; rolls back when it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await with { c in
            try c.run("BEGIN")
            do {
                let value = try body(c)
                try c.run("COMMIT")
                return value
            } catch {
                _ = try? c.run("ROLLBACK")
                throw error
            }
        }
    }

    /// Closes the idle connections.
    func close() {
        lock.lock()
        idle.removeAll()
        lock.unlock()
    }
}
