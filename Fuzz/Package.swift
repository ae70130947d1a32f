// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for naswift's parsers of untrusted bytes (issue 18). Each executable is one
/// target; build one at a time with the fuzzer and address sanitizers (`scripts/fuzz.sh`):
///
///     swift build -c debug --scratch-path ../.build-fuzz --product FuzzNPZ \
///       --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
///
/// Seed inputs: `Corpus/<Target>/`. A thrown error is the correct answer to bad bytes; a trap, a
/// crash or a sanitizer report is a bug.
let targets: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzCSVImport", [.product(name: "NASBenchmarks", package: "naswift"), .product(name: "NASSpaces", package: "naswift")]),
    ("FuzzArchString", [.product(name: "NASSpaces", package: "naswift"), .product(name: "NASCENA", package: "naswift")]),
    ("FuzzBenchmarkCache", [.product(name: "NASBenchmarks", package: "naswift")]),
    ("FuzzNPZ", [.product(name: "NASTensor", package: "naswift")]),
    ("FuzzArch2VecModel", [.product(name: "NASArch2Vec", package: "naswift")]),
    ("FuzzCENAModel", [.product(name: "NASCENA", package: "naswift")]),
    ("FuzzNACModel", [.product(name: "NASCTNAS", package: "naswift")]),
    ("FuzzMetricLine", [.product(name: "NASStudy", package: "naswift")]),
]

let package = Package(
    name: "naswift-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "naswift", path: "..")],
    targets: [
        /// Helpers shared by the targets: re-sealing checksummed files so mutations reach the parser.
        .target(name: "FuzzSupport", dependencies: [.product(name: "NASCore", package: "naswift")]),
    ] + targets.map { t in
        .executableTarget(name: t.name, dependencies: ["FuzzSupport"] + t.dependencies)
    },
    swiftLanguageModes: [.v6]
)
