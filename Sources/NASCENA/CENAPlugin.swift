import Foundation
import NASCore
import NASRepresentations
import NASStrategies

/// Registers `cena-bo` with `StrategyRegistry`.
public enum CENAPlugin {
    public static let factories: [any StrategyFactory] = [CENABOFactory()]

    public static func register() {
        for f in factories { StrategyRegistry.register(f) }
    }
}

/// `cena-bo`: GP-BO on CENA embeddings (`embeddings=X.npy`), over the cells of the search domain
/// that have embeddings.
struct CENABOFactory: StrategyFactory {
    var name: String { "cena-bo" }
    var summary: String {
        "CENA BO on contrastive embeddings: GP Matern-5/2 on the 4 init embeddings per cell, EI over 20 random cells (nb201, natsss; needs embeddings=FILE.npy)"
    }
    var options: [StrategyOption] { CENABOSettings.declarations }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { ["nb201", "natsss"] }

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        guard supportedSpaces?.contains(domain.space.name) == true else {
            throw NaswiftError.invalidArgument("cena-bo works on nb201 and natsss, not \(domain.space.name)",
                                               hint: "choose another strategy for \(domain.space.name)")
        }
        let settings = try CENABOSettings.from(options)
        guard let path = options.values["embeddings"], !path.isEmpty else {
            throw NaswiftError(.invalidArgument, "cena-bo needs CENA embeddings",
                               hint: "run `naswift embed cena export --model MODEL --jacobians DIR --out X.npy` and pass --option embeddings=X.npy")
        }
        let (table, views) = try CENATableCache.table(npy: URL(fileURLWithPath: path), domain: domain)
        return AnyStrategy(CENABO.make(space: domain.space, table: table, views: views, seed: seed, settings: settings))
    }
}

/// In-process cache of CENA embedding tables restricted to a domain, keyed by the files' identity
/// (path, size, modification time, inode), the space and the domain's members (hundreds of seeds
/// share one parse).
public enum CENATableCache {
    private static let tables = BuildOnceCache()

    /// The embeddings of the members of `domain` that have one (in domain order; every embedded
    /// cell when the domain is the whole space) and the embeddings per cell. Throws when no
    /// member has an embedding.
    public static func table<S: SearchSpace>(npy: URL, domain: SearchDomain<S>) throws -> (LatentTable<S>, Int) {
        // keyed by the files' identity (path, size, modification time), not their bytes: hashing a
        // whole-space export for each of hundreds of seeds would cost more than the search
        let index = ContrastiveExport.indexURL(for: npy)
        let fm = FileManager.default
        guard let a = try? fm.attributesOfItem(atPath: npy.path), let b = try? fm.attributesOfItem(atPath: index.path) else {
            _ = try CENAEmbeddings.load(npy: npy)   // its message (missing file, ...)
            throw NaswiftError(.io, "cannot read the CENA embeddings '\(npy.path)'", hint: "check the files' permissions")
        }
        func identity(_ u: URL, _ attr: [FileAttributeKey: Any]) -> String {
            "\(u.standardizedFileURL.path):\(attr[.size] ?? 0):\((attr[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0):\(attr[.systemFileNumber] ?? 0)"
        }
        var hasher = Hasher()
        for m in domain.members ?? [] { hasher.combine(m) }
        let key = "\(identity(npy, a))|\(identity(index, b))|\(domain.space.name)|\(domain.members?.count ?? -1)|\(hasher.finalize())"
        return try tables.value(key) { () throws -> CachedTable<S> in
            let e = try CENAEmbeddings.load(npy: npy)
            let all = try e.table(space: domain.space)
            guard let members = domain.members else { return CachedTable(table: all, views: e.inits) }
            let kept = members.filter { all.row(of: $0) != nil }
            guard !kept.isEmpty else {
                throw NaswiftError(.dataMissing, "none of the \(members.count) cells of the search domain has a CENA embedding in '\(npy.path)'",
                                   hint: "export embeddings of the benchmark's cells (naswift embed cena jacobians / train / export)")
            }
            return CachedTable(table: try all.restricted(to: SearchDomain(space: domain.space, members: kept)), views: e.inits)
        }.pair
    }

    struct CachedTable<S: SearchSpace>: Sendable {
        let table: LatentTable<S>
        let views: Int
        var pair: (LatentTable<S>, Int) { (table, views) }
    }
}
