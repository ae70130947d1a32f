import Foundation
import NASCore
import Testing
@testable import NASSpaces

/// Protocol-level checks any registered space must pass: string round trip, key stability, JSON
/// that parses, a graph with input first and output last, mutation != input, neighbours != input.
func checkSpaceContract<S: SearchSpace>(_ space: S, seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    for _ in 0..<50 {
        let a = space.sample(using: &rng)
        #expect(try space.parse(space.format(a)) == a)
        #expect(space.key(try space.parse(space.format(a))) == space.key(a))
        let obj = try JSONSerialization.jsonObject(with: Data(space.json(a).utf8)) as? [String: Any]
        #expect(obj?["space"] as? String == space.name)
        let g = space.graph(a)
        #expect(g.labels.first == "input" && g.labels.last == "output")
        #expect(g.edges.allSatisfy { $0.0 < $0.1 })
        #expect(space.mutate(a, using: &rng) != a)
        #expect(!space.neighbours(of: a).contains(a))
    }
}

@Suite("SpaceRegistry")
struct SpaceRegistryTests {
    @Test("known names make their space; unknown names list the valid ones")
    func registry() throws {
        #expect(SpaceRegistry.names.contains("nb201"))
        #expect(SpaceRegistry.names.contains("natsss"))
        #expect(SpaceRegistry.names.contains("nb101"))
        for name in SpaceRegistry.names { #expect(try SpaceRegistry.make(name).name == name) }
        let e = try #require(throws: NaswiftError.self) { try SpaceRegistry.make("nb999") }
        #expect(e.kind == .unknownName)
        #expect(e.message.contains("nb999"))
        #expect(e.hint?.contains("nb201") == true && e.hint?.contains("natsss") == true)
    }

    @Test("every registered space honours the SearchSpace contract")
    func contract() throws {
        for (k, name) in SpaceRegistry.names.enumerated() {
            try checkSpaceContract(try SpaceRegistry.make(name), seed: UInt64(k))
        }
    }
}
