import NASCore
import NASRepresentations
import NASStrategies
import NASSurrogates

/// `cena-bo` (METHODS.md section 1.4) as a `ModelBasedSearch`: `initial` uniformly random cells,
/// then per step a GP (`CENAGaussianProcess`: Matern-5/2, fixed lengthscale and noise, one
/// training point per init embedding of every evaluated cell) scores `candidates` random unseen
/// cells by expected improvement over the best value plus `offset`
/// (`EI = (mu - y*) Phi(z) + sigma phi(z)`, `z = (mu - y*) / sigma`, `y* = best + offset`, with the
/// candidate's mean and variance averaged over its embeddings), and the best is asked next.
///
/// Deviation: the reference draws its candidates with replacement and may re-draw evaluated
/// cells; here they are distinct and unseen (a strategy never proposes a cell twice).
public enum CENABO {
    public typealias Search<S: SearchSpace> = ModelBasedSearch<S, LatentTableEncoding<S>, CENAGaussianProcess>

    /// The strategy over the cells of `table` (which should hold exactly the search domain),
    /// whose rows are `views` embeddings of width `dimension` each.
    public static func make<S: SearchSpace>(space: S, table: LatentTable<S>, views: Int, seed: UInt64,
                                            settings: CENABOSettings) -> Search<S> {
        precondition(views >= 1 && table.dimension % views == 0, "CENABO: table of dimension \(table.dimension) for \(views) views")
        let plan = ModelPlan(name: "cena-bo", initial: settings.initial, proposalsPerFit: 1,
                             candidates: .randomMembers(count: settings.candidates),
                             acquisition: .expectedImprovement(xi: settings.offset), spread: .standardDeviation, stream: 0xCE4A)
        var gp = CENAGaussianProcess.Settings(views: views, dimension: table.dimension / views)
        gp.lengthscale = settings.lengthscale
        gp.noiseVariance = settings.noise
        gp.standardise = settings.standardise
        return ModelBasedSearch(domain: SearchDomain(space: space, members: table.architectures), seed: seed, plan: plan,
                                encoding: LatentTableEncoding(table: table, name: "cena"),
                                surrogate: CENAGaussianProcess(settings: gp))
    }
}
