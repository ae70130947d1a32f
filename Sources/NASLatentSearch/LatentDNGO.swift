import NASCore
import NASLinalg
import NASStrategies
import NASSurrogates

/// arch2vec-BO (METHODS §2.5) on any `LatentTable`: `initial` random architectures, then per
/// iteration a DNGO surrogate fitted on the embeddings of all told architectures (values /
/// `valueScale`), expected improvement over a FIXED target (not the incumbent) for every
/// unvisited architecture, and the top `topK` by EI proposed before the next fit.
///
/// EI for maximisation: `u = (mu - target) / s`, `EI = s (phi(u) + u Phi(u))`, with `s` the
/// predictive variance as arch2vec's code passes it (`spread = .variance`) or the standard
/// deviation. Candidates are ranked by log EI (`Acquisition.logExpectedImprovement`), which keeps
/// the ordering where EI underflows to 0 far below the target; exact ties go to the lower table
/// row. Failed evaluations (nil values) are not fitted.
/// Never proposes an architecture twice.
public struct LatentDNGO<S: SearchSpace>: Strategy {
    public typealias Space = S
    public let name: String
    public let table: LatentTable<S>
    public let settings: LatentSearchSettings
    private var rng: SeededGenerator
    private let seed: UInt64
    private var visited: [Bool]
    private var observedRows: [Int] = []
    private var observedValues: [Double] = []
    private var queue: [Int] = []
    /// Surrogate fits so far.
    public private(set) var fits = 0

    /// `table` should hold exactly the search domain (see `LatentTable.restricted(to:)`).
    public init(table: LatentTable<S>, seed: UInt64, settings: LatentSearchSettings, name: String = "arch2vec-bo") {
        self.name = name
        self.table = table
        self.settings = settings
        self.seed = seed
        rng = SeededGenerator(seed: seed, stream: 0xB0D6)
        visited = Array(repeating: false, count: table.count)
    }

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [Int] = []
        while out.count < count {
            if let r = queue.first {
                queue.removeFirst()
                if !visited[r] { visited[r] = true; out.append(r) }
                continue
            }
            if observedRows.count < max(settings.initial, 2) {
                guard let r = table.randomUnvisited(visited, rng: &rng) else { break }
                visited[r] = true
                out.append(r)
                continue
            }
            let needed = count - out.count
            let ranked = try rankByEI(take: max(settings.topK, needed))
            guard !ranked.isEmpty else { break }
            for r in ranked.prefix(needed) { visited[r] = true; out.append(r) }
            if settings.topK > needed { queue = Array(ranked.dropFirst(needed).prefix(settings.topK - needed)) }
        }
        return out.map { table.architectures[$0] }
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations {
            guard let r = table.row(of: o.architecture) else { continue }
            visited[r] = true
            if let v = o.value, v.isFinite {
                observedRows.append(r)
                observedValues.append(v / settings.valueScale)
            }
        }
    }

    /// Fits DNGO on the told architectures and returns up to `take` unvisited rows by decreasing EI.
    private mutating func rankByEI(take: Int) throws -> [Int] {
        let candidates = (0..<table.count).filter { !visited[$0] }
        guard !candidates.isEmpty else { return [] }
        let d = table.dimension
        let x = try Matrix(rows: observedRows.count, cols: d, storage: observedRows.flatMap { table.vector($0).map(Double.init) })
        let model = try DNGO(inputs: x, targets: observedValues, settings: settings.dngo, seed: seed &+ UInt64(fits) &* 0x9E37_79B9)
        fits += 1
        var ei: [Double] = []
        ei.reserveCapacity(candidates.count)
        // Predict in blocks to bound memory (the basis is block x hidden).
        let block = 4096
        var start = 0
        while start < candidates.count {
            let rows = Array(candidates[start..<min(start + block, candidates.count)])
            let xc = try Matrix(rows: rows.count, cols: d, storage: rows.flatMap { table.vector($0).map(Double.init) })
            let (mean, variance) = try model.predict(xc)
            for i in rows.indices {
                let spread = settings.spread == .variance ? max(variance[i], 0) : max(variance[i], 0).squareRoot()
                ei.append(Acquisition.logExpectedImprovement(improvement: mean[i] - settings.target, spread: spread))
            }
            start += block
        }
        let order = ei.indices.sorted { ei[$0] != ei[$1] ? ei[$0] > ei[$1] : $0 < $1 }
        return order.prefix(take).map { candidates[$0] }
    }
}
