import NASCore
import NASRepresentations
import NASStrategies
import NASSurrogates

/// arch2vec-BO (METHODS §2.5) on any `LatentTable`, as a `ModelBasedSearch`: `initial` (at least 2)
/// random architectures, then per model iteration a DNGO surrogate (`DNGOSurrogate`) fitted on the
/// embeddings of all told architectures (values / `valueScale`), expected improvement over a FIXED
/// target (not the incumbent) for every unvisited architecture of the table, and the top `topK` by
/// EI proposed before the next fit.
///
/// EI for maximisation: `u = (mu - target) / s`, `EI = s (phi(u) + u Phi(u))`, with `s` the
/// predictive variance as arch2vec's code passes it (`spread = .variance`) or the standard
/// deviation. Candidates are ranked by log EI (`Acquisition.logExpectedImprovement`), which keeps
/// the ordering where EI underflows to 0 far below the target; exact ties go to the lower table
/// row. Failed evaluations (nil values) are not fitted. Never proposes an architecture twice.
public enum LatentDNGO {
    public typealias Search<S: SearchSpace> = ModelBasedSearch<S, LatentTableEncoding<S>, DNGOSurrogate>

    /// The strategy over the architectures of `table` (which should hold exactly the search domain,
    /// see `LatentTable.restricted(to:)`), in `space`.
    public static func make<S: SearchSpace>(space: S, table: LatentTable<S>, seed: UInt64, settings: LatentSearchSettings,
                                            name: String = "arch2vec-bo") -> Search<S> {
        let plan = ModelPlan(name: name, initial: max(settings.initial, 2), proposalsPerFit: settings.topK,
                             candidates: .unseenMembers, acquisition: .logExpectedImprovement(target: settings.target),
                             spread: settings.spread, stream: 0xB0D6)
        return ModelBasedSearch(domain: SearchDomain(space: space, members: table.architectures), seed: seed, plan: plan,
                                encoding: LatentTableEncoding(table: table, name: "arch2vec"),
                                surrogate: DNGOSurrogate(settings: settings.dngo, valueScale: settings.valueScale, seed: seed))
    }
}
