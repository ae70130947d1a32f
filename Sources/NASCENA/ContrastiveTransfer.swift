import Foundation
import NASCore
import NASReports
import NASSurrogates

/// CENA's transfer protocol (METHODS.md section 1.5) on the embeddings of one model trained on the
/// union of several spaces' EPDJMs: per space, a seeded sample of `train` training and `heldOut`
/// held-out cells (fewer when the space has fewer cells with a value: 10 : 3 of what it has);
/// per repeat and training space, a random forest (`RandomForestRegressor`, 100 trees,
/// `max_features` 8) on the training cells' embeddings (every init's embedding is one row with
/// the cell's value), then for every evaluation space the mean prediction over each held-out
/// cell's embeddings against its value: Kendall's tau-b and Pearson's r. Only the forest's
/// randomness changes between repeats. One forest per (repeat, training space) serves every
/// evaluation space (the reference fits one per pair; the forests are identically distributed).
public enum ContrastiveTransfer {
    public struct Settings: Codable, Equatable, Sendable {
        public var train = 10_000
        public var heldOut = 3_000
        public var repeats = 10
        public var trees = 100
        public var maxFeatures = 8
        public var seed: UInt64 = 0
        public init() {}
    }

    /// One (training space, evaluation space) pair over the repeats.
    public struct Pair: Codable, Equatable, Sendable {
        public let train: String, eval: String
        /// Per repeat.
        public let kendallTau: [Double], pearson: [Double]
        /// Mean and population standard deviation over the repeats.
        public let tauMean: Double, tauStd: Double, pearsonMean: Double, pearsonStd: Double

        public init(train: String, eval: String, kendallTau: [Double], pearson: [Double]) {
            self.train = train; self.eval = eval; self.kendallTau = kendallTau; self.pearson = pearson
            (tauMean, tauStd) = Statistics.meanStd(kendallTau)
            (pearsonMean, pearsonStd) = Statistics.meanStd(pearson)
        }
    }

    public struct Result: Codable, Equatable, Sendable {
        public let settings: Settings
        public let spaces: [String]
        /// Training and held-out cells per space (after the small-store rule).
        public let trainCells: [String: Int], heldOutCells: [String: Int]
        public let pairs: [Pair]

        /// The table as Markdown: rows = training space, columns = evaluation space.
        public var markdown: String {
            var s = "| train \\ eval | " + spaces.joined(separator: " | ") + " |\n|---|" + spaces.map { _ in "---|" }.joined() + "\n"
            for a in spaces {
                s += "| \(a) |"
                for b in spaces {
                    let p = pairs.first { $0.train == a && $0.eval == b }!
                    s += String(format: " tau %.3f ± %.3f, r %.3f ± %.3f |", p.tauMean, p.tauStd, p.pearsonMean, p.pearsonStd)
                }
                s += "\n"
            }
            s += "\n\(settings.repeats) repeats (random-forest seeds), \(settings.trees) trees, max_features \(settings.maxFeatures); cells per space (train / held out): "
            s += spaces.map { "\($0) \(trainCells[$0]!) / \(heldOutCells[$0]!)" }.joined(separator: ", ") + "\n"
            return s
        }
    }

    /// Runs the protocol on `embeddings` (`[sets.count, sets.inits, embedding]`, as
    /// `ContrastiveModel.embed` returns them for every item) and `values` (one per item, NaN when
    /// the benchmark has none). Throws when a space has fewer than 4 cells with a value.
    public static func run(sets: EPDJMSets, embeddings: [Float], embedding e: Int, values: [Double],
                           settings: Settings, progress: (String) -> Void = { _ in }) throws -> Result {
        precondition(embeddings.count == sets.count * sets.inits * e && values.count == sets.count, "ContrastiveTransfer.run: shapes")
        guard settings.train >= 2, settings.heldOut >= 2, settings.repeats >= 1 else {
            throw NaswiftError.invalidArgument("transfer needs --train >= 2, --held-out >= 2 and --repeats >= 1", hint: "the reference uses 10000, 3000, 10")
        }
        let spaces = Array(Set(sets.items.map(\.space))).sorted { $0.rawValue < $1.rawValue }
        var trainOf: [CENASpace: [Int]] = [:], heldOf: [CENASpace: [Int]] = [:]
        for (k, s) in spaces.enumerated() {
            var items = sets.items.indices.filter { sets.items[$0].space == s && values[$0].isFinite }
            guard items.count >= 4 else {
                throw NaswiftError(.dataMissing, "only \(items.count) \(s.rawValue) cells have a value", hint: "compute EPDJMs of more cells, or check the benchmark")
            }
            var rng = SeededGenerator(seed: settings.seed, stream: 0x7F00 + UInt64(k))
            items.shuffle(using: &rng)
            var nTrain = settings.train, nHeld = settings.heldOut
            if items.count < nTrain + nHeld {
                nTrain = max(2, items.count * settings.train / (settings.train + settings.heldOut))
                nHeld = items.count - nTrain
            }
            trainOf[s] = Array(items[0..<nTrain])
            heldOf[s] = Array(items[nTrain..<(nTrain + nHeld)])
        }
        var forest = RandomForestRegressor.Settings()
        forest.trees = settings.trees
        forest.maxFeatures = settings.maxFeatures
        let k = sets.inits
        func rows(_ items: [Int]) -> [Double] {
            items.flatMap { i in embeddings[(i * k * e)..<((i + 1) * k * e)].map(Double.init) }
        }
        var tau: [[Double]] = Array(repeating: [], count: spaces.count * spaces.count), r = tau
        for rep in 0..<settings.repeats {
            for (ai, a) in spaces.enumerated() {
                let tr = trainOf[a]!
                var rng = SeededGenerator(seed: settings.seed, stream: UInt64(rep) << 8 | UInt64(ai))
                let rf = try RepresentationQuality.fit(rows: rows, views: k, dimension: e, values: values, train: tr,
                                                       forest: forest, rng: &rng)
                for (bi, b) in spaces.enumerated() {
                    let s = try RepresentationQuality.evaluate(rf, rows: rows, views: k, values: values, held: heldOf[b]!)
                    tau[ai * spaces.count + bi].append(s.tau)
                    r[ai * spaces.count + bi].append(s.r)
                }
                progress("repeat \(rep + 1)/\(settings.repeats), forest on \(a.rawValue) (\(tr.count) cells)")
            }
        }
        var pairs: [Pair] = []
        for (ai, a) in spaces.enumerated() {
            for (bi, b) in spaces.enumerated() {
                pairs.append(Pair(train: a.rawValue, eval: b.rawValue, kendallTau: tau[ai * spaces.count + bi], pearson: r[ai * spaces.count + bi]))
            }
        }
        return Result(settings: settings, spaces: spaces.map(\.rawValue),
                      trainCells: Dictionary(uniqueKeysWithValues: spaces.map { ($0.rawValue, trainOf[$0]!.count) }),
                      heldOutCells: Dictionary(uniqueKeysWithValues: spaces.map { ($0.rawValue, heldOf[$0]!.count) }), pairs: pairs)
    }
}
