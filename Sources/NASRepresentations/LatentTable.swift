import NASCore

/// The architectures of a search domain with one embedding vector each: the environment in which
/// latent-space strategies (arch2vec-RL, arch2vec-BO, or any other vector representation such as
/// contrastive embeddings) search.
///
/// Shapes: `vectors` is row-major `[count, dimension]` Float; row `i` embeds `architectures[i]`.
/// Values are immutable and cheap to copy (arrays are shared until written).
public struct LatentTable<S: SearchSpace>: Sendable {
    public let architectures: [S.Architecture]
    public let dimension: Int
    /// Row-major `[count, dimension]`.
    public let vectors: [Float]
    let rowOf: [S.Architecture: Int]

    public var count: Int { architectures.count }

    /// Throws when shapes disagree, a vector is not finite, or an architecture repeats.
    public init(architectures: [S.Architecture], vectors: [Float], dimension: Int) throws {
        guard dimension >= 1, vectors.count == architectures.count * dimension else {
            throw NaswiftError.invalidArgument(
                "latent table: \(vectors.count) numbers for \(architectures.count) architectures of dimension \(dimension)",
                hint: "pass one vector of `dimension` numbers per architecture, row-major")
        }
        if let i = vectors.firstIndex(where: { !$0.isFinite }) {
            throw NaswiftError(.numerical, "latent table: embedding of architecture \(i / dimension) is not finite",
                               hint: "the embedding model produced NaN/inf; retrain or check the model file")
        }
        var rows: [S.Architecture: Int] = [:]
        rows.reserveCapacity(architectures.count)
        for (i, a) in architectures.enumerated() {
            guard rows.updateValue(i, forKey: a) == nil else {
                throw NaswiftError.invalidArgument("latent table: architecture at row \(i) appears twice",
                                                   hint: "embed each architecture once")
            }
        }
        self.architectures = architectures
        self.vectors = vectors
        self.dimension = dimension
        rowOf = rows
    }

    /// The row of `arch`, or nil when the table does not hold it.
    public func row(of arch: S.Architecture) -> Int? { rowOf[arch] }

    /// The vector of row `i` (length `dimension`).
    public func vector(_ i: Int) -> ArraySlice<Float> { vectors[(i * dimension)..<((i + 1) * dimension)] }

    /// The table restricted to (and ordered like) the members of `domain`; the whole table when
    /// the domain is the whole space. Throws naming a member the table does not hold.
    public func restricted(to domain: SearchDomain<S>) throws -> LatentTable<S> {
        guard let members = domain.members else { return self }
        var out = [Float]()
        out.reserveCapacity(members.count * dimension)
        for m in members {
            guard let r = rowOf[m] else {
                throw NaswiftError(.dataMissing, "latent table has no embedding for \(domain.space.format(m))",
                                   hint: "embed every architecture of the search domain")
            }
            out.append(contentsOf: vector(r))
        }
        return try LatentTable(architectures: members, vectors: out, dimension: dimension)
    }

    /// The row nearest (L2) to `point` among rows where `excluded` is false, ties to the lower
    /// row. With `skipNearest`, the single nearest row of the WHOLE table (visited or not) is passed
    /// over first, as arch2vec's NB201 code does (its neighbour scan starts at rank 1); if that
    /// leaves nothing, the nearest allowed row is returned after all. Nil when every row is excluded.
    public func nearest(to point: [Float], excluding excluded: [Bool], skipNearest: Bool = false) -> Int? {
        precondition(point.count == dimension && excluded.count == count,
                     "LatentTable.nearest: point of \(point.count) for dimension \(dimension), mask of \(excluded.count) for \(count) rows")
        let d = dimension
        var dist = [Float](repeating: 0, count: count)
        vectors.withUnsafeBufferPointer { v in
            point.withUnsafeBufferPointer { p in
                for i in 0..<count {
                    var s: Float = 0
                    let base = i * d
                    for j in 0..<d { let t = v[base + j] - p[j]; s += t * t }
                    dist[i] = s
                }
            }
        }
        var skipped = -1
        if skipNearest {
            var bestDist = Float.infinity
            for i in 0..<count where dist[i] < bestDist { skipped = i; bestDist = dist[i] }
        }
        var best = -1, bestDist = Float.infinity
        for i in 0..<count where !excluded[i] && i != skipped && dist[i] < bestDist { best = i; bestDist = dist[i] }
        if best < 0 && skipped >= 0 && !excluded[skipped] { return skipped }
        return best >= 0 ? best : nil
    }
}

/// A `LatentTable` as an encoding: each architecture's row (arch2vec, CENA, or any embedding
/// exported as a table). Architectures outside the table encode as zeros (strategies search the
/// table's domain, so they never ask for one).
public struct LatentTableEncoding<S: SearchSpace>: VectorEncoding {
    public typealias Architecture = S.Architecture
    public let name: String
    public let table: LatentTable<S>
    public var dimension: Int { table.dimension }

    public init(table: LatentTable<S>, name: String = "latent") {
        self.table = table
        self.name = name
    }

    public func encode(_ arch: S.Architecture, rng: inout SeededGenerator) -> [Float] {
        guard let r = table.row(of: arch) else { return [Float](repeating: 0, count: dimension) }
        return Array(table.vector(r))
    }
}
