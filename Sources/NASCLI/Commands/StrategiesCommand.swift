import ArgumentParser
import Foundation
import NASCore
import NASStrategies

/// `naswift strategies [--json]`: every registered strategy, the spaces it works on and its
/// options with their types, defaults and allowed values (from the options' declarations).
struct StrategiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies",
        abstract: "List the search strategies, the spaces they work on and their options.")

    @Flag(help: "Print a JSON list of {name, summary, spaces, never_repeats, options: [{key, type, default, ...}]}; auto also has delegates: {per_task, per_space}.")
    var json = false

    func run() throws {
        if json {
            let data = try JSONText.serialize(Self.listing(), what: "the strategy list")
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print(Self.text)
    }

    /// One JSON-ready object per registered strategy, by name.
    static func listing() throws -> [[String: Any]] {
        try StrategyRegistry.names.map { name in
            let f = try StrategyRegistry.factory(name)
            var entry: [String: Any] = ["name": name, "summary": f.summary, "spaces": f.supportedSpaces ?? ["(all)"],
                                        "never_repeats": f.neverRepeats, "options": f.options.map(\.jsonObject)]
            if let d = f.delegations { entry["delegates"] = d.jsonObject }
            return entry
        }
    }

    /// The listing as text: a block per strategy, one line per option (also `naswift search --help`).
    /// The commands' `static let configuration`
    /// discussions embed this once, so the plug-ins are registered here first (idempotent): help
    /// computed before `main` or a test registered them would otherwise lack them.
    static var text: String {
        Plugins.registerAll()
        return StrategyRegistry.names.compactMap { name -> String? in
            guard let f = try? StrategyRegistry.factory(name) else { return nil }
            let spaces = f.supportedSpaces.map { " [\($0.joined(separator: ", "))]" } ?? ""
            let lines = f.options.map { "      --option " + $0.helpLine }
            return (["  \(name)\(spaces): \(f.summary)"] + lines).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
