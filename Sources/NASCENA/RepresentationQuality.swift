import Foundation
import NASCore
import NASReports
import NASSurrogates

/// How well architecture representations predict a benchmark metric (METHODS.md section 1.4: CENA's
/// embeddings beside arch2vec's and a one-hot encoding on the same cells): one seeded split of the
/// cells that every representation has into `train` training cells and the rest held out; per
/// repeat and representation, a random forest (`RandomForestRegressor`, `trees`, `maxFeatures`) on
/// the training cells (a representation with several views per cell, e.g. CENA's 4 inits, gives
/// one row per view, each with the cell's value); each held-out cell's prediction is the mean over
/// its views; scored by Kendall's tau-b and Pearson's r against the values. Only the forest's
/// randomness changes between repeats.
public enum RepresentationQuality {
    public struct Settings: Codable, Equatable, Sendable {
        public var train = 1_000
        public var repeats = 10
        public var trees = 100
        public var maxFeatures = 8
        public var seed: UInt64 = 0
        public init() {}
    }

    /// One representation of the cells: `vectors` row-major `[cells, views, dimension]`, in the
    /// order of the `values` passed to `run`.
    public struct Representation: Sendable {
        public let name: String
        public let views: Int, dimension: Int
        public let vectors: [Double]
        public init(name: String, views: Int, dimension: Int, vectors: [Double]) {
            self.name = name; self.views = views; self.dimension = dimension; self.vectors = vectors
        }
        /// The rows of `cells`, every view one row: `[cells.count * views, dimension]`.
        func rows(_ cells: [Int]) -> [Double] {
            let w = views * dimension
            return cells.flatMap { vectors[($0 * w)..<(($0 + 1) * w)] }
        }
    }

    public struct Row: Codable, Equatable, Sendable {
        public let name: String
        public let views: Int, dimension: Int
        /// One figure per repeat.
        public let kendallTau: [Double], pearson: [Double]
        public let tauMean: Double, tauStd: Double, pearsonMean: Double, pearsonStd: Double
        public init(name: String, views: Int, dimension: Int, kendallTau: [Double], pearson: [Double]) {
            self.name = name; self.views = views; self.dimension = dimension
            self.kendallTau = kendallTau; self.pearson = pearson
            (tauMean, tauStd) = Statistics.meanStd(kendallTau)
            (pearsonMean, pearsonStd) = Statistics.meanStd(pearson)
        }
    }

    public struct Result: Codable, Equatable, Sendable {
        public let settings: Settings
        public let trainCells: Int, heldOutCells: Int
        public let rows: [Row]

        /// The table as Markdown, one line per representation.
        public var markdown: String {
            var s = "| representation | views x dimension | Kendall tau | Pearson r |\n|---|---:|---:|---:|\n"
            for r in rows {
                s += String(format: "| %@ | %d x %d | %.3f ± %.3f | %.3f ± %.3f |\n", r.name as NSString, r.views, r.dimension,
                            r.tauMean, r.tauStd, r.pearsonMean, r.pearsonStd)
            }
            s += "\n\(settings.repeats) repeats (random-forest seeds), \(settings.trees) trees, max_features \(settings.maxFeatures); "
            s += "\(trainCells) training / \(heldOutCells) held-out cells, the same for every representation\n"
            return s
        }
    }

    /// A forest on every view of the `train` cells, each row labelled with its cell's value
    /// (`rows(cells)`: `views` rows of width `dimension` per cell). Shared with `ContrastiveTransfer`.
    static func fit(rows: ([Int]) -> [Double], views: Int, dimension: Int, values: [Double], train: [Int],
                    forest: RandomForestRegressor.Settings, rng: inout SeededGenerator) throws -> RandomForestRegressor {
        let y = train.flatMap { Array(repeating: values[$0], count: views) }
        return try RandomForestRegressor(x: rows(train), y: y, dimension: dimension, settings: forest, rng: &rng)
    }

    /// Tau-b and r of the forest's mean prediction over each `held` cell's views.
    static func evaluate(_ rf: RandomForestRegressor, rows: ([Int]) -> [Double], views: Int, values: [Double],
                         held: [Int]) throws -> (tau: Double, r: Double) {
        let p = try rf.predict(rows(held))
        let mean = held.indices.map { j in (0..<views).reduce(0) { $0 + p[j * views + $1] } / Double(views) }
        let truth = held.map { values[$0] }
        return (KendallTau.b(mean, truth), Statistics.pearson(mean, truth))
    }

    /// Runs the protocol. Throws `invalidArgument` for bad settings or shapes, `dataMissing` when
    /// fewer than `train + 2` cells have a finite value.
    public static func run(_ representations: [Representation], values: [Double], settings: Settings,
                           progress: (String) -> Void = { _ in }) throws -> Result {
        guard settings.train >= 2, settings.repeats >= 1, settings.trees >= 1, settings.maxFeatures >= 1 else {
            throw NaswiftError.invalidArgument("representation quality needs --train >= 2, --repeats, --trees and --max-features >= 1",
                                               hint: "CENA's comparison uses --train 1000 --repeats 10 --trees 100 --max-features 8")
        }
        guard !representations.isEmpty else {
            throw NaswiftError.invalidArgument("no representation to compare", hint: "pass --representation NAME=FILE.npy and/or --onehot")
        }
        for r in representations where r.views < 1 || r.dimension < 1 || r.vectors.count != values.count * r.views * r.dimension {
            throw NaswiftError.invalidArgument("representation \(r.name): \(r.vectors.count) numbers for \(values.count) cells x \(r.views) views x \(r.dimension)",
                                               hint: "pass one [views, dimension] block per cell")
        }
        var cells = values.indices.filter { values[$0].isFinite }
        guard cells.count >= settings.train + 2 else {
            throw NaswiftError(.dataMissing, "\(cells.count) cells have a value; --train \(settings.train) needs at least \(settings.train + 2)",
                               hint: "pass a smaller --train, or embed more cells")
        }
        var split = SeededGenerator(seed: settings.seed, stream: 0x5100)
        cells.shuffle(using: &split)
        let train = Array(cells[0..<settings.train]), held = Array(cells[settings.train...])
        var forest = RandomForestRegressor.Settings()
        forest.trees = settings.trees
        forest.maxFeatures = settings.maxFeatures
        var taus = Array(repeating: [Double](), count: representations.count), rs = taus
        for rep in 0..<settings.repeats {
            for (k, r) in representations.enumerated() {
                var rng = SeededGenerator(seed: settings.seed, stream: UInt64(rep) << 8 | UInt64(k))
                let rf = try fit(rows: r.rows, views: r.views, dimension: r.dimension, values: values, train: train,
                                 forest: forest, rng: &rng)
                let s = try evaluate(rf, rows: r.rows, views: r.views, values: values, held: held)
                taus[k].append(s.tau); rs[k].append(s.r)
            }
            progress("repeat \(rep + 1)/\(settings.repeats)")
        }
        let rows = representations.enumerated().map { k, r in
            Row(name: r.name, views: r.views, dimension: r.dimension, kendallTau: taus[k], pearson: rs[k])
        }
        return Result(settings: settings, trainCells: train.count, heldOutCells: held.count, rows: rows)
    }
}
