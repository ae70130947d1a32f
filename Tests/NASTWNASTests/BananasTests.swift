import Foundation
import NASCore
import NASRunner
import NASSpaces
import NASRepresentations
import NASStrategies
import NASStrategyTestSupport
import NASSurrogates
import NASTensor
import Testing
@testable import NASTWNAS

@Suite struct BananasTests {
    init() { TWNASPlugin.register() }

    static let table = try! NB201TwelveEpoch.table(guide: "cifar10_test_acc", report: "cifar10_test_acc")
    static let prepared = try! Runner.prepare(table, space: NB201Space())

    /// Path encodings (`[n, 84]`) and standardised test errors of `cells`.
    static func data(_ cells: [NB201Cell]) -> (x: [Float], y: [Float]) {
        let space = NB201Space()
        let errors = cells.map { 100 - table.guide[prepared.rowOf[$0]!] }
        let mean = errors.reduce(0, +) / Double(errors.count)
        let sd = (errors.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(errors.count)).squareRoot()
        return (cells.flatMap { space.pathEncoding($0).map(Float.init) }, errors.map { Float(($0 - mean) / sd) })
    }

    static func ranks(_ v: [Float]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        for (k, i) in order.enumerated() { r[i] = Double(k) }
        return r
    }

    static func spearman(_ a: [Float], _ b: [Float]) -> Double {
        let ra = ranks(a), rb = ranks(b), n = Double(a.count)
        let ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in ra.indices { sab += (ra[i] - ma) * (rb[i] - mb); saa += (ra[i] - ma) * (ra[i] - ma); sbb += (rb[i] - mb) * (rb[i] - mb) }
        return sab / (saa * sbb).squareRoot()
    }

    @Test func batchedEnsembleTrainsEachMemberAsAnMLPAlone() throws {
        var settings = BananasSettings()
        settings.ensemble.ensembleSize = 2; settings.ensemble.hiddenLayers = 3; settings.ensemble.width = 8; settings.ensemble.epochs = 6; settings.ensemble.batchSize = 16
        var pick = SeededGenerator(seed: 1)
        let cells = (0..<40).map { _ in Self.prepared.domain.sample(using: &pick) }
        let (x, y) = Self.data(cells)
        let d = NB201Space.pathFeatureCount, n = y.count
        var rng = SeededGenerator(seed: 3)
        let ensemble = try MLPEnsemble(x: x, y: y, features: d, settings: settings.ensemble, rng: &rng)
        // The same two nets trained one by one with NASTensor.MLP, Loss.mae and Adam.
        var r2 = SeededGenerator(seed: 3)
        let sizes = [d, 8, 8, 8, 1]
        var nets: [MLP<Float>] = []
        for _ in 0..<2 { nets.append(MLP<Float>(sizes, activation: .relu, rng: &r2)) }
        let adams = nets.map { Adam(parameters: $0.parameters, learningRate: Float(0.01)) }
        var orders = [[Int]](repeating: Array(0..<n), count: 2)
        for _ in 0..<settings.ensemble.epochs {
            for m in 0..<2 { for i in stride(from: n - 1, to: 0, by: -1) { orders[m].swapAt(i, Int(r2.next() % UInt64(i + 1))) } }
            var start = 0
            while start < n {
                let rows = min(n, start + 16) - start
                for m in 0..<2 {
                    let idx = orders[m][start..<(start + rows)]
                    let xb = try Tensor<Float>(shape: [rows, d], scalars: idx.flatMap { x[($0 * d)..<(($0 + 1) * d)] })
                    let yb = try Tensor<Float>(shape: [rows, 1], scalars: idx.map { y[$0] })
                    let tape = Tape<Float>()
                    tape.backward(Loss.mae(nets[m](tape.constant(xb)), yb))
                    adams[m].step()
                }
                start += rows
            }
        }
        let test = (0..<30).map { _ in Self.prepared.domain.sample(using: &pick) }
        let tx = Self.data(test).x
        let batched = try ensemble.predict(tx, features: d)
        for m in 0..<2 {
            let alone = nets[m](Tape<Float>().constant(try Tensor(shape: [30, d], scalars: tx))).value.scalars
            let worst = zip(batched[m], alone).map { abs($0 - $1) }.max() ?? 1
            #expect(worst < 1e-4, "member \(m): max difference \(worst)")
        }
        #expect(batched[0] != batched[1])
    }

    @Test func ensembleRanksHeldOutCellsOfTheRealTable() throws {
        // 150 random cells to train on (what BANANAS sees mid-run), 2,000 others to rank.
        var pick = SeededGenerator(seed: 11)
        var cells: [NB201Cell] = []
        var seen = Set<NB201Cell>()
        while cells.count < 2150 { let c = Self.prepared.domain.sample(using: &pick); if seen.insert(c).inserted { cells.append(c) } }
        let train = Self.data(Array(cells.prefix(150))), test = Self.data(Array(cells.dropFirst(150)))
        var rng = SeededGenerator(seed: 5)
        let ensemble = try MLPEnsemble(x: train.x, y: train.y, features: 84, settings: MLPEnsemble.Settings(), rng: &rng)
        let p = try ensemble.predict(test.x, features: 84)
        let mean = (0..<test.y.count).map { j in p.map { $0[j] }.reduce(0, +) / Float(p.count) }
        let rho = Self.spearman(mean, test.y)
        #expect(rho > 0.6, "Spearman rank correlation \(rho)")
        // the members disagree somewhere (the acquisition's spread is not zero)
        #expect(zip(p[0], p[1]).contains { $0 != $1 })
    }

    @Test func smallRunIsDeterministicDistinctAndInDomain() throws {
        let options = StrategyOptions(["initial": "10", "epochs": "20", "per-iteration": "5"])
        func run(_ seed: UInt64) throws -> [NB201Cell] {
            var s = try StrategyRegistry.make("bananas", domain: Self.prepared.domain, seed: seed, options: options)
            var all: [NB201Cell] = []
            while all.count < 60 {
                let asked = try s.ask(min(3, 60 - all.count))
                #expect(!asked.isEmpty)
                try s.tell(asked.map { Observation($0, value: Self.table.guide[Self.prepared.rowOf[$0]!]) })
                all += asked
            }
            let inner = try #require(s.unwrap(as: ModelBasedSearch<NB201Space, PathEncoding<NB201Space>, EnsembleSurrogate>.self))
            #expect(inner.iterations == 10)  // 50 model proposals, 5 per iteration
            return all
        }
        let a = try run(4), b = try run(4)
        #expect(a == b)
        #expect(Set(a).count == 60)
        // no two proposals share a path encoding (the reference de-duplicates by path)
        let space = NB201Space()
        #expect(Set(a.dropFirst(10).map { space.pathEncoding($0) }).count == 50)
        #expect(try run(5) != a)
    }

    @Test func rejectsOtherSpacesAndBadOptions() throws {
        // a space with neither a path encoding nor categorical parameters (natsss and nbgraph have the latter)
        #expect(throws: NaswiftError.self) { _ = try StrategyRegistry.make("bananas", domain: ConformanceWorld().domain, seed: 0) }
        #expect(throws: Never.self) { _ = try StrategyRegistry.make("bananas", domain: SearchDomain(space: NATSSizeSpace()), seed: 0) }
        for bad in [["epochs": "0"], ["batch": "0"], ["lr": "-1"], ["ensemble": "x"], ["colour": "red"]] {
            #expect(throws: NaswiftError.self) {
                _ = try StrategyRegistry.make("bananas", domain: Self.prepared.domain, seed: 0, options: StrategyOptions(bad))
            }
        }
    }
}
