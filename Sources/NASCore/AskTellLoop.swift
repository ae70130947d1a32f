/// The one ask/tell loop: asks a strategy for architectures in batches, evaluates each, tells the
/// results. The runner, `naswift bench`, studies' tabular simulations and the tests all drive
/// strategies through it, so a strategy sees the same call sequence everywhere.
public enum AskTellLoop {
    /// What `drive` did.
    public struct Summary: Sendable, Equatable {
        /// Architectures evaluated (told), in order.
        public var evaluated: Int
        /// Asks made (batches); the last one may have been cut short by `canContinue`.
        public var asks: Int
        /// True when the strategy proposed nothing (its domain is exhausted).
        public var exhausted: Bool
    }

    /// Drives `strategy` until `limit` evaluations, until `canContinue()` is false before an
    /// evaluation (e.g. a time budget ran out), or until an ask returns nothing.
    ///
    /// Each round asks `min(batch, limit - evaluated)` architectures, evaluates them in order with
    /// `evaluate` (nil = a failed evaluation; the value is oriented so that larger is better) and
    /// tells the evaluated ones in one `tell`. Proposals left unevaluated when `canContinue` turns
    /// false are not told. `onBatch` sees each asked batch before it is evaluated.
    @discardableResult
    public static func drive<St: Strategy>(_ strategy: inout St, limit: Int, batch: Int,
                                           canContinue: () -> Bool = { true },
                                           onBatch: ([St.Space.Architecture]) -> Void = { _ in },
                                           evaluate: (St.Space.Architecture) throws -> Double?) throws -> Summary {
        precondition(batch >= 1, "AskTellLoop.drive: batch must be at least 1")
        var summary = Summary(evaluated: 0, asks: 0, exhausted: false)
        while summary.evaluated < limit && canContinue() {
            let asked = try strategy.ask(min(batch, limit - summary.evaluated))
            summary.asks += 1
            if asked.isEmpty { summary.exhausted = true; break }
            onBatch(asked)
            var observations: [Observation<St.Space.Architecture>] = []
            observations.reserveCapacity(asked.count)
            for a in asked {
                guard summary.evaluated < limit && canContinue() else { break }
                observations.append(Observation(a, value: try evaluate(a)))
                summary.evaluated += 1
            }
            try strategy.tell(observations)
        }
        return summary
    }
}
