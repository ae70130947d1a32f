import Foundation
import NASCore
import NASSpaces
import NASSurrogates
import NASTestSupport
import Testing
@testable import NASStrategies

/// TPE's Parzen estimators against Optuna's own (`TPESampler._build_parzen_estimator` after
/// `_split_trials`, Optuna 5.x), on histories of real NB201 cells and values: the same good/bad
/// split, weights of old trials, prior and kernels give the same log l(x) and log g(x) for every
/// cell (multivariate) or every edge and op (independent), in-flight proposals (Optuna's RUNNING
/// trials under the constant liar) included. Skipped, with the reason shown, without optuna.
@Suite(.enabled(if: PythonScript.optunaAvailable,
                "optuna not found: set NASWIFT_OPTUNA_PYTHON to a python that can import optuna (python3 -m venv /tmp/venv-optuna && /tmp/venv-optuna/bin/pip install optuna)"))
struct TPEOptunaTests {
    static let script = """
    import json, sys, warnings
    import numpy as np
    import optuna
    from optuna.distributions import CategoricalDistribution
    from optuna.samplers import TPESampler
    from optuna.samplers._tpe.sampler import _split_trials, default_gamma, default_weights
    from optuna.trial import TrialState, create_trial
    warnings.simplefilter("ignore")
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    inp = json.load(open(sys.argv[1]))
    names = ["e%d" % (i + 1) for i in range(6)]
    dists = {n: CategoricalDistribution(list(range(5))) for n in names}
    mv = inp["multivariate"]
    study = optuna.create_study(direction="maximize", sampler=TPESampler(multivariate=mv, seed=0))
    for x, v in zip(inp["complete"], inp["values"]):
        study.add_trial(create_trial(params=dict(zip(names, x)), distributions=dists, value=v))
    for x in inp["running"]:
        study.add_trial(create_trial(params=dict(zip(names, x)), distributions=dists, state=TrialState.RUNNING))
    s = study.sampler
    trials = study._get_trials(deepcopy=False, states=[TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING])
    n = sum(t.state != TrialState.RUNNING for t in trials)
    below, above = _split_trials(study, trials, default_gamma(n))
    out = {"below": [t.number for t in below], "above": [t.number for t in above],
           "weights": {str(k): list(default_weights(k)) for k in [0, 3, 25, 26, 27, 60, 275]}}
    if mv:
        cells = np.array(inp["query"])
        q = {n: cells[:, i] for i, n in enumerate(names)}
        lb = s._build_parzen_estimator(study, dists, below, handle_below=True)
        la = s._build_parzen_estimator(study, dists, above, handle_below=False)
        out["l"] = list(lb.log_pdf(q)); out["g"] = list(la.log_pdf(q))
    else:
        out["l"], out["g"] = [], []
        for nm in names:
            sp = {nm: dists[nm]}
            q = {nm: np.arange(5)}
            out["l"].append(list(s._build_parzen_estimator(study, sp, below, handle_below=True).log_pdf(q)))
            out["g"].append(list(s._build_parzen_estimator(study, sp, above, handle_below=False).log_pdf(q)))
    print(json.dumps(out))
    """

    /// A TPE run on the real table: `told` evaluations, then `inFlight` asked and not told.
    static func history(multivariate: Bool, told: Int, inFlight: Int, seed: UInt64) throws
        -> (TPESearch<NB201Space>, complete: [NB201Cell], running: [NB201Cell]) {
        let w = NB201World.shared
        var settings = TPESettings()
        settings.multivariate = multivariate
        var s = try TPESearch(domain: w.domain(), seed: seed, settings: settings)
        var complete: [NB201Cell] = []
        for _ in 0..<told {
            let a = try s.ask(1)
            try s.tell(a.map { Observation($0, value: w.value($0)) })
            complete += a
        }
        let running = try s.ask(inFlight)
        return (s, complete, running)
    }

    static func optuna(_ s: TPESearch<NB201Space>, complete: [NB201Cell], running: [NB201Cell], multivariate: Bool) throws -> [String: Any] {
        let w = NB201World.shared
        let input: [String: Any] = [
            "multivariate": multivariate,
            "complete": complete.map(\.ops), "values": complete.map { w.value($0)! },
            "running": running.map(\.ops),
            "query": w.space.allCells.map(\.ops),
        ]
        let url = PythonScript.tempURL("tpe.json")
        try JSONSerialization.data(withJSONObject: input).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let text = try PythonScript.run(script, args: [url.path], interpreter: PythonScript.optunaInterpreter!)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func optunaWeights() throws {
        let (s, c, r) = try Self.history(multivariate: true, told: 12, inFlight: 0, seed: 1)
        let out = try Self.optuna(s, complete: c, running: r, multivariate: true)
        let weights = try #require(out["weights"] as? [String: [Double]])
        for (k, v) in weights {
            let mine = CategoricalParzenEstimator.optunaWeights(Int(k)!)
            #expect(mine.count == v.count)
            for (a, b) in zip(mine, v) { #expect(abs(a - b) <= 1e-15, "weights(\(k))") }
        }
    }

    /// 40 told (4 good: no ramp) and 300 told (25 good, 275 bad: Optuna's ramp over the bad), with
    /// and without in-flight proposals, both estimators.
    @Test(arguments: [(40, 0), (40, 3), (300, 2)], [true, false])
    func densitiesMatchOptuna(history: (Int, Int), multivariate: Bool) throws {
        let (s, complete, running) = try Self.history(multivariate: multivariate, told: history.0, inFlight: history.1, seed: 7)
        #expect(Set(complete + running).count == complete.count + running.count)
        let out = try Self.optuna(s, complete: complete, running: running, multivariate: multivariate)
        let (l, g) = s.estimators()
        // the split: trial numbers are ask order, complete trials first here
        let below = try #require(out["below"] as? [Int]), above = try #require(out["above"] as? [Int])
        let n = complete.count
        #expect(below.count == min(Int((0.1 * Double(n)).rounded(.up)), 25))
        #expect(above.count == n - below.count + running.count)
        var worst = 0.0
        if multivariate {
            let ol = try #require(out["l"] as? [Double]), og = try #require(out["g"] as? [Double])
            for (i, cell) in NB201World.shared.space.allCells.enumerated() {
                worst = max(worst, abs(l.logDensity(cell.ops) - ol[i]), abs(g.logDensity(cell.ops) - og[i]))
            }
        } else {
            let ol = try #require(out["l"] as? [[Double]]), og = try #require(out["g"] as? [[Double]])
            for e in 0..<6 {
                for op in 0..<5 {
                    worst = max(worst, abs(l.logDensity(parameter: e, value: op) - ol[e][op]),
                                abs(g.logDensity(parameter: e, value: op) - og[e][op]))
                }
            }
        }
        #expect(worst < 1e-10, "largest |log density difference| \(worst)")
        // and the numbers are not trivially equal: l prefers some cells over others
        if multivariate {
            let spread = NB201World.shared.space.allCells.prefix(500).map { l.logDensity($0.ops) }
            #expect((spread.max() ?? 0) - (spread.min() ?? 0) > 1)
        }
    }
}
