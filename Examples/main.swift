// naswift-examples: the code of the documentation articles "Add your own search space" and
// "Add your own strategy", compiled and run by CI (`swift run naswift-examples`). It exits non-zero
// when a check fails.
import Foundation
import NASCore
import NASStrategies
import NASStrategyTestSupport

/// The user's own evaluation: here a stand-in for "train the network and return its validation
/// accuracy" — wider late stages help, width costs, with a fixed interaction term. In real use this
/// is a training run (or a `naswift worker` command).
func evaluate(_ widths: [Int]) -> Double {
    let capacity = zip(widths, [0.5, 0.8, 1.0, 1.2]).map { log2(Double($0.0)) * $0.1 }.reduce(0, +)
    let cost = Double(widths.reduce(0, +)) / 60
    let balance = widths[2] >= widths[1] ? 0.5 : 0
    return capacity - cost + balance
}

let space = WidthSpace()
let domain = SearchDomain(space: space, members: space.all)
let optimum = space.all.map(evaluate).max()!
StrategyRegistry.register(BestMutantFactory())

var failures = 0
@MainActor func check(_ ok: Bool, _ what: String) {
    print((ok ? "ok    " : "FAILED ") + what)
    if !ok { failures += 1 }
}

// 1. Any registered strategy searches the new space through the one ask/tell loop.
for name in ["random", "re", "best-mutant"] {
    var bestValues: [Double] = []
    for seed in UInt64(0)..<20 {
        var strategy = try StrategyRegistry.factory(name).make(domain: domain, seed: seed, options: StrategyOptions())
        var best = -Double.infinity
        try AskTellLoop.drive(&strategy, limit: 40, batch: 1) { arch in
            let v = evaluate(arch)
            best = max(best, v)
            return v
        }
        bestValues.append(best)
    }
    let mean = bestValues.reduce(0, +) / Double(bestValues.count)
    print(String(format: "%-12@ mean best after 40 of %d architectures: %.3f (optimum %.3f)", name as NSString, space.all.count, mean, optimum))
    check(mean > optimum - 1.5 && mean <= optimum, "\(name) finds good widths")
}

// 2. The new strategy passes the conformance checks every built-in strategy passes.
let conformance = StrategyConformance(strategy: "best-mutant", domain: domain, evaluations: 60) { evaluate($0) }
for name in StrategyConformance<WidthSpace>.checks {
    do {
        try conformance.run(check: name)
        check(true, "conformance: \(name)")
    } catch {
        check(false, "conformance: \(name): \(error)")
    }
}

// 3. Architectures round-trip through their string form, and bad strings say what is wrong.
check(try space.parse("8-16-32-64") == [8, 16, 32, 64], "parse")
check((try? space.parse("8-16-33-64")) == nil, "a width outside the choices is refused")

if failures > 0 {
    print("\(failures) check(s) failed")
    exit(1)
}
print("all examples ran")
