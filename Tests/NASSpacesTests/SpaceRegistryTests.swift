import NASCore
import Testing
@testable import NASSpaces

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
}
