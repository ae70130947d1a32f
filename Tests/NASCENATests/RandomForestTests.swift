import Foundation
import Testing
import NASCore
import NASReports
import NASSpaces
@testable import NASSurrogates
import NASTestSupport

/// The random forest of CENA's transfer protocol: one unbootstrapped tree on one feature equals
/// scikit-learn's DecisionTreeRegressor exactly, and a
/// forest on real NB201 cells ranks held-out cells about as well as scikit-learn's forest.
/// The scikit-learn checks are skipped, visibly, without a python that has it.
struct RandomForestTests {
    /// `$NASWIFT_SKLEARN_PYTHON`, else `$NASWIFT_TORCH_PYTHON` or `python3` when they import sklearn.
    static let sklearnPython: String? = {
        let env = ProcessInfo.processInfo.environment
        for c in [env["NASWIFT_SKLEARN_PYTHON"], env["NASWIFT_TORCH_PYTHON"], "python3"].compactMap({ $0 }) where !c.isEmpty {
            if (try? PythonScript.run("import sklearn; print(sklearn.__version__)", interpreter: c)) != nil { return c }
        }
        return nil
    }()

    static func sklearn(_ script: String, _ input: [String: Any]) throws -> [String: Any] {
        let file = PythonScript.tempURL("rf.json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONSerialization.data(withJSONObject: input).write(to: file)
        let out = try PythonScript.run("import sys, json, numpy as np\ninp = json.load(open(sys.argv[1]))\n" + script, args: [file.path],
                                       interpreter: sklearnPython!)
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
    }

    /// With one feature no two features tie (with several, small nodes are split equally well by
    /// any feature and the winner depends on each library's random feature order), so the tree is
    /// scikit-learn's exactly: splits, thresholds and leaves.
    @Test(.enabled(if: sklearnPython != nil, "scikit-learn not found: set NASWIFT_SKLEARN_PYTHON to a python that can import sklearn"))
    func singleTreeEqualsScikitLearn() throws {
        var rng = SeededGenerator(seed: 5)
        let n = 300, m = 200
        // float32-representable features: scikit-learn's trees store X as float32
        let x = (0..<n).map { _ in Double(Float(rng.uniform())) }, t = (0..<m).map { _ in Double(Float(rng.uniform())) }
        let y = x.map { sin(6 * $0) + 0.3 * rng.normal() }
        for minLeaf in [1, 5] {
            var s = RandomForestRegressor.Settings()
            s.trees = 1; s.bootstrap = false; s.minSamplesLeaf = minLeaf
            let tree = try RandomForestRegressor(x: x, y: y, dimension: 1, settings: s, rng: &rng)
            let ref = try Self.sklearn("""
                from sklearn.tree import DecisionTreeRegressor
                r = DecisionTreeRegressor(random_state=0, min_samples_leaf=inp['leaf']).fit(np.array(inp['x'])[:, None], inp['y'])
                print(json.dumps({'p': r.predict(np.array(inp['t'])[:, None]).tolist(), 'nodes': int(r.tree_.node_count)}))
                """, ["x": x, "y": y, "t": t, "leaf": minLeaf])
            #expect(tree.trees[0].feature.count == ref["nodes"] as! Int, "min leaf \(minLeaf): node count")
            let p = try tree.predict(t), q = ref["p"] as! [Double]
            #expect(zip(p, q).allSatisfy { abs($0 - $1) < 1e-12 }, "min leaf \(minLeaf): predictions differ from scikit-learn's tree")
        }
        // several features: a full tree still interpolates its training data
        let x5 = (0..<(n * 5)).map { _ in rng.uniform() }
        var s = RandomForestRegressor.Settings()
        s.trees = 1; s.bootstrap = false
        let tree = try RandomForestRegressor(x: x5, y: y, dimension: 5, settings: s, rng: &rng)
        #expect(zip(try tree.predict(x5), y).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test(.enabled(if: sklearnPython != nil, "scikit-learn not found: set NASWIFT_SKLEARN_PYTHON to a python that can import sklearn"))
    func forestRanksRealCellsLikeScikitLearn() throws {
        let text = try String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let ai = header.firstIndex(of: "arch")!, vi = header.firstIndex(of: "cifar10_test_acc")!
        var rows: [(features: [Double], value: Double)] = []
        for (k, line) in lines.enumerated() where k % 13 == 0 {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let ops = String(f[ai]).split(separator: "|").filter { $0 != "+" }.map { String($0.split(separator: "~")[0]) }
            var oneHot = [Double](repeating: 0, count: 30)
            for (e, op) in ops.enumerated() { oneHot[e * 5 + NB201Space.opNames.firstIndex(of: op)!] = 1 }
            rows.append((oneHot, Double(f[vi])!))
        }
        let train = Array(rows[0..<800]), test = Array(rows[800..<1200])
        var s = RandomForestRegressor.Settings()
        s.maxFeatures = 8
        var taus: [Double] = []
        for seed in 0..<3 as Range<UInt64> {
            var rng = SeededGenerator(seed: seed)
            let rf = try RandomForestRegressor(x: train.flatMap(\.features), y: train.map(\.value), dimension: 30, settings: s, rng: &rng)
            taus.append(KendallTau.b(try rf.predict(test.flatMap(\.features)), test.map(\.value)))
        }
        let ref = try Self.sklearn("""
            from sklearn.ensemble import RandomForestRegressor
            from scipy.stats import kendalltau
            X = np.array(inp['x']).reshape(-1, 30); T = np.array(inp['t']).reshape(-1, 30)
            taus = [kendalltau(RandomForestRegressor(n_estimators=100, max_features=8, random_state=s).fit(X, inp['y']).predict(T), inp['v'])[0] for s in range(3)]
            print(json.dumps({'tau': float(np.mean(taus))}))
            """, ["x": train.flatMap(\.features), "y": train.map(\.value), "t": test.flatMap(\.features), "v": test.map(\.value)])
        let ours = taus.reduce(0, +) / 3, theirs = ref["tau"] as! Double
        print("random forest on 800 real NB201 cells (one-hot ops), held-out Kendall tau: naswift \(ours), scikit-learn \(theirs)")
        #expect(ours > 0.4 && abs(ours - theirs) < 0.03, "naswift \(ours), scikit-learn \(theirs)")
    }
}
