import ArgumentParser
import Foundation
import NASCore
import NASSpaces
import NASStrategies
import Testing
@testable import NASCLI

/// Strategy options are declared once: parsing, errors, `naswift search --help` and
/// `naswift strategies --json` all come from the declarations.
@Suite struct StrategiesCommandTests {
    init() { Plugins.registerAll() }

    @Test func jsonListsEveryStrategyWithEveryOptionAndDefault() throws {
        let listing = try StrategiesCommand.listing()
        #expect(listing.map { $0["name"] as? String } == StrategyRegistry.names)
        for name in ["random", "re", "ls", "bananas", "tw-gp", "tw-kdpp", "arch2vec-rl", "arch2vec-bo", "tpe"] {
            #expect(StrategyRegistry.names.contains(name), "\(name) is not registered")
        }
        let tw = try #require(listing.first { $0["name"] as? String == "tw-kdpp" })
        let options = try #require(tw["options"] as? [[String: Any]])
        let keys = options.compactMap { $0["key"] as? String }
        #expect(["twogram", "mode", "initial", "refit", "degree", "fit", "selection"].allSatisfy(keys.contains), "\(keys)")
        let initial = try #require(options.first { $0["key"] as? String == "initial" })
        #expect(initial["default"] as? Int == 50 && initial["type"] as? String == "int")
        let mode = try #require(options.first { $0["key"] as? String == "mode" })
        #expect(mode["values"] as? [String] == ["faithful", "fixed"] && mode["default"] as? String == "fixed")
        // The JSON is valid JSON text.
        let data = try JSONSerialization.data(withJSONObject: listing)
        #expect(try JSONSerialization.jsonObject(with: data) is [Any])
    }

    /// `auto`'s picks are in the JSON (scripts/reproduce/peer_optuna_table.py reads them there), and
    /// every listed pick is what `auto` runs on that task or space.
    @Test func jsonListsAutosPicks() throws {
        let listing = try StrategiesCommand.listing()
        let auto = try #require(listing.first { $0["name"] as? String == "auto" })
        let delegates = try #require(auto["delegates"] as? [String: Any])
        let tasks = try #require(delegates["per_task"] as? [[String: String]])
        #expect(tasks.count == AutoStrategyFactory.taskPicks.count)
        #expect(tasks.contains { $0 == ["benchmark": "nb201", "task": "cifar100", "strategy": "arch2vec-bo"] })
        #expect(tasks.contains { $0 == ["benchmark": "nb201", "task": "cifar10", "strategy": "tpe-nas"] })
        for t in tasks {
            let context = SearchContext(benchmark: try #require(t["benchmark"]), task: try #require(t["task"]))
            let name = try #require(t["strategy"])
            #expect(AutoStrategyFactory.pick(space: context.benchmark, context: context) == name)
            // every pick is registered by the plug-ins and runs on its task's space (the benchmarks
            // with picks are named after their spaces)
            let factory = try StrategyRegistry.factory(name)
            #expect(factory.supportedSpaces?.contains(context.benchmark) ?? true, "\(name) picked for \(context) does not run on \(context.benchmark)")
        }
        let spaces = try #require(delegates["per_space"] as? [String: String])
        #expect(spaces == AutoStrategyFactory.picks && spaces["natsss"] == "tw-gp")
        for (space, strategy) in spaces { #expect(AutoStrategyFactory.pick(space: space) == strategy) }
        #expect(listing.filter { $0["delegates"] != nil }.map { $0["name"] as? String } == ["auto"])
    }

    @Test func searchHelpListsEveryOptionOfEveryStrategy() throws {
        let help = SearchCommand.helpMessage(columns: 400)
        for name in StrategyRegistry.names {
            let f = try StrategyRegistry.factory(name)
            for o in f.options { #expect(help.contains("--option \(o.key)="), "\(name): \(o.key) missing from search --help") }
        }
        #expect(help.contains("degree=separate|shared") && help.contains("fit=analytic|reference"))
    }

    /// For every strategy: an unknown key names every declared key; a value outside an option's
    /// declared type or range is refused.
    @Test(arguments: ["re", "bananas", "tw-gp", "tw-kdpp", "arch2vec-rl", "arch2vec-bo", "tpe"])
    func unknownAndMalformedOptionsAreErrors(name: String) throws {
        let domain = SearchDomain(space: NB201Space())
        let f = try StrategyRegistry.factory(name)
        do {
            _ = try StrategyRegistry.make(name, domain: domain, seed: 0, options: StrategyOptions(["colour": "red"]))
            Issue.record("\(name) accepted an unknown option")
        } catch let e as NaswiftError {
            #expect(e.kind == .unknownName && e.message.contains("colour"))
            for o in f.options { #expect(e.hint?.contains(o.key) == true, "\(name): hint lacks \(o.key)") }
        }
        for o in f.options {
            let bad: String
            switch o.kind {
            case let .integer(r, _): bad = String(r.upperBound &+ 1)
            case let .number(r, _): bad = r.upperBound.isFinite ? String(r.upperBound * 10 + 1) : "nan"
            case .choice: bad = "no-such-choice"
            case .path: continue
            }
            #expect(throws: NaswiftError.self, "\(name) \(o.key)=\(bad)") {
                _ = try StrategyRegistry.make(name, domain: domain, seed: 0, options: StrategyOptions([o.key: bad]))
            }
        }
    }
}
