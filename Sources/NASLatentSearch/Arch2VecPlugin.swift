import Foundation
import NASArch2Vec
import NASCore
import NASRepresentations
import NASSpaces
import NASStrategies

/// Registers the arch2vec search strategies (`arch2vec-rl`, `arch2vec-bo`) with `StrategyRegistry`.
///
/// Both search a pretrained model's latent space (`model=PATH` option; `--model FILE` on `naswift
/// search` / `compare`); without one they use the space's default model (`Arch2VecDefaultModel`,
/// trained on first use on nb201 and nbgraph). The domain's architectures are embedded once per (model file checksum, domain)
/// and process (`Arch2VecTableCache`), so hundreds of seeds share one embedding pass.
public enum Arch2VecPlugin {
    public static let factories: [any StrategyFactory] = [Arch2VecFactory(rl: true), Arch2VecFactory(rl: false)]

    public static func register() {
        for f in factories { StrategyRegistry.register(f) }
    }
}

struct Arch2VecFactory: StrategyFactory {
    let rl: Bool
    var name: String { rl ? "arch2vec-rl" : "arch2vec-bo" }
    var summary: String {
        rl ? "arch2vec REINFORCE in a pretrained 16-d latent space: LSTM policy, nearest unvisited architecture (nb201, nb101, nbgraph; model=FILE, else the space's default model)"
           : "arch2vec BO in a pretrained 16-d latent space: DNGO surrogate, EI with a fixed target, top-k (nb201, nb101, nbgraph; model=FILE, else the space's default model)"
    }
    static let model = StrategyOption("model", .path(required: false), "pretrained arch2vec model (naswift embed arch2vec train)",
                                      defaultNote: "the space's default model, trained on first use on nb201 and nbgraph")
    var options: [StrategyOption] { [Self.model] + LatentSearchSettings.declarations(rl: rl) }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { Arch2VecSpace.allCases.map(\.rawValue) }

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        let space = domain.space.name
        guard supportedSpaces?.contains(space) == true else {
            throw NaswiftError.invalidArgument("\(name) works on \(Arch2VecSpace.allCases.map(\.rawValue).joined(separator: ", ")), not \(space)",
                                               hint: "choose another strategy for \(space)")
        }
        let settings = try LatentSearchSettings.arch2vecDefaults(space: space).applying(options, rl: rl, extra: [Self.model])
        if options.values["model"]?.isEmpty == true {
            throw NaswiftError.invalidArgument("\(name): the model path is empty", hint: "give a model file (model=FILE), or omit it to use the space's default model")
        }
        let url = try options.values["model"].map { URL(fileURLWithPath: $0) } ?? Arch2VecDefaultModel.url(space: try Arch2VecSpace.named(space))
        let table = try Arch2VecTableCache.table(model: url, domain: domain)
        return rl ? AnyStrategy(LatentREINFORCE(table: table, seed: seed, settings: settings, name: name))
                  : AnyStrategy(LatentDNGO.make(space: domain.space, table: table, seed: seed, settings: settings, name: name))
    }
}

/// In-process cache of arch2vec latent tables, keyed by the model file's SHA-256, the space and the
/// domain's members.
public enum Arch2VecTableCache {
    /// Concurrent seeds wait for one embedding pass instead of each embedding.
    private static let tables = BuildOnceCache()

    /// The embeddings of every member of `domain` under the model at `model` (whole NB201 space
    /// when the domain is unrestricted). Throws the model file's errors (missing, corrupt,
    /// trained on another space).
    public static func table<S: SearchSpace>(model url: URL, domain: SearchDomain<S>) throws -> LatentTable<S> {
        let bytes: Data
        do { bytes = try Data(contentsOf: url) } catch {
            _ = try Arch2VecModel.load(from: url)  // the model loader's message (missing file, ...)
            throw NaswiftError(.io, "cannot read the arch2vec model file '\(url.path)'", hint: "check the file's permissions")
        }
        let members = try members(of: domain)
        var hasher = Hasher()
        for m in members { hasher.combine(m) }
        let key = "\(SHA256.hex(of: [UInt8](bytes)))|\(domain.space.name)|\(members.count)|\(hasher.finalize())"
        return try tables.value(key) {
            let model = try Arch2VecModel.load(from: url, space: domain.space.name)
            let graphs = try Arch2VecGraphs(space: model.arch2vecSpace, dags: members.map(domain.space.graph))
            return try LatentTable<S>(architectures: members, vectors: try model.embed(graphs: graphs), dimension: model.latent)
        }
    }

    private static func members<S: SearchSpace>(of domain: SearchDomain<S>) throws -> [S.Architecture] {
        if let m = domain.members { return m }
        if let nb201 = NB201Space().allCells as? [S.Architecture] { return nb201 }
        throw NaswiftError.invalidArgument("arch2vec search needs the architectures of the domain listed (a benchmark's cells)",
                                           hint: "run it on a benchmark task (naswift search --benchmark ...)")
    }
}
