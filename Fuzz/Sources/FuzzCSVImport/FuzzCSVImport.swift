import Foundation
import FuzzSupport
import NASBenchmarks
import NASSpaces

/// The spaces the importer is fuzzed on, chosen by the input's first byte. NB101 parses its `arch`
/// column only: resolving `hash` enumerates the whole space, minutes under the sanitizers.
let resolvers: [ArchitectureResolver] = [
    ArchitectureResolver(space: NB201Space()),
    ArchitectureResolver(space: NATSSizeSpace(), columns: ["arch", "channels"]),
    try! BenchmarkSpaces.resolver(for: "nbgraph"),
    ArchitectureResolver(space: NB101Space()),
]

/// libFuzzer entry: byte 0 picks the space; the rest, split at NUL bytes, is up to three CSV files
/// (`fuzz_a.csv`, `fuzz_b.csv`, `fuzz_c.csv`) imported as one benchmark.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let b = Sealing.bytes(data, size)
    guard let first = b.first else { return 0 }
    let resolver = resolvers[Int(first) % resolvers.count]
    let parts = b.dropFirst().split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
    let inputs = parts.enumerated().map { i, part in
        BenchmarkImporter.Input(path: "fuzz_\(["a", "b", "c"][i]).csv", data: Data(part))
    }
    _ = try? BenchmarkImporter.build(name: "fuzz", resolver: resolver, inputs: inputs)
    return 0
}
