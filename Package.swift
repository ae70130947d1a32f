// swift-tools-version: 6.1
import PackageDescription

/// Numeric and data-heavy targets are compiled with `-O` even in debug builds, so `swift test`
/// stays fast (debug numerics are 20-35x slower otherwise).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]
#if arch(x86_64)
/// The vector-kernel modules are compiled for one CPU level each: AVX-512 (LLVM `skylake-avx512`:
/// F, CD, BW, DQ, VL) and AVX2 + FMA (LLVM `haswell`); nothing else is, and their callers check
/// the CPU first (`CPUFeatures.convPath`).
let avx512: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "skylake-avx512"]), .define("NASWIFT_CONV_ZMM")]
let avx2: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "haswell"]), .define("NASWIFT_CONV_YMM")]
#else
let avx512: [SwiftSetting] = optimised + [.define("NASWIFT_CONV_ZMM")]
let avx2: [SwiftSetting] = optimised + [.define("NASWIFT_CONV_YMM")]
#endif

let package = Package(
    name: "naswift",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "naswift", targets: ["naswift"]),
        .library(name: "NASCore", targets: ["NASCore"]),
        .library(name: "NASLinalg", targets: ["NASLinalg"]),
        .library(name: "NASTensor", targets: ["NASTensor"]),
        .library(name: "NASSurrogates", targets: ["NASSurrogates"]),
        .library(name: "NASSpaces", targets: ["NASSpaces"]),
        .library(name: "NASRepresentations", targets: ["NASRepresentations"]),
        .library(name: "NASTWNAS", targets: ["NASTWNAS"]),
        .library(name: "NASBenchmarks", targets: ["NASBenchmarks"]),
        .library(name: "NASStrategies", targets: ["NASStrategies"]),
        .library(name: "NASReports", targets: ["NASReports"]),
        .library(name: "NASRunner", targets: ["NASRunner"]),
        .library(name: "NASStudy", targets: ["NASStudy"]),
        .library(name: "NASArch2Vec", targets: ["NASArch2Vec"]),
        .library(name: "NASLatentSearch", targets: ["NASLatentSearch"]),
        .library(name: "NASCTNAS", targets: ["NASCTNAS"]),
        .library(name: "NASStrategyTestSupport", targets: ["NASStrategyTestSupport"]),
        .library(name: "NASCENA", targets: ["NASCENA"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        /// `swift package generate-documentation` (DocC catalogs under Sources/*/Documentation.docc); a
        /// command plugin only: nothing of it is compiled into naswift.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: system libraries
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        /// PostgreSQL's C client, prebuilt by Debian (libpq-dev): the study storage's PostgreSQL
        /// backend needs nothing else (no SwiftNIO / BoringSSL to compile).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // MARK: libraries (data flows top to bottom)
        /// Shared vocabulary: errors, seeded RNG, hashing (MD5, SHA-256), labelled DAGs,
        /// the `SearchSpace` and `Strategy` protocols.
        .target(name: "NASCore", swiftSettings: optimised),
        /// Double-precision linear algebra on OpenBLAS/LAPACKE (the one gemm, Cholesky, eigh, SVD),
        /// small optimisers (L-BFGS-B, Nelder-Mead), normal pdf/cdf.
        .target(name: "NASLinalg", dependencies: ["CBLAS", "NASCore"], swiftSettings: optimised),
        /// Gaussian processes (vector and distance kernels, marginal-likelihood fitting), k-DPP
        /// sampling and greedy MAP, acquisition functions.
        .target(name: "NASSurrogates", dependencies: ["NASLinalg", "NASCore", "NASTensor"], swiftSettings: optimised),
        /// Tensors, reverse-mode autodiff, layers, losses, Adam.
        .target(name: "NASTensor", dependencies: ["NASLinalg", "NASCore", "NASConvAVX512", "NASConvAVX2"],
                swiftSettings: optimised),
        /// Direct 3x3 convolution kernels (one source, Sources/NASConvShared, linked into both
        /// targets) compiled for AVX-512 and for AVX2 + FMA; NASTensor calls the best one the CPU
        /// has (`CPUFeatures.convPath`), else uses im2col + GEMM.
        .target(name: "NASConvAVX512", swiftSettings: avx512),
        .target(name: "NASConvAVX2", swiftSettings: avx2),
        /// Search spaces: NAS-Bench-201, NAS-Bench-101, NATS size space, NAS-Bench-Graph.
        .target(name: "NASSpaces", dependencies: ["NASCore"], swiftSettings: optimised),
        /// Architecture encodings (the `ArchitectureEncoding` protocol): tree-Wasserstein (TW-NAS),
        /// BANANAS path encoding, latent tables (arch2vec, CENA).
        .target(name: "NASRepresentations", dependencies: ["NASCore", "NASSpaces"], swiftSettings: optimised),
        /// TW-NAS strategies: GP-BO and quality k-DPP batch BO on tree-Wasserstein kernels.
        .target(name: "NASTWNAS", dependencies: ["NASCore", "NASRepresentations", "NASSpaces", "NASSurrogates", "NASStrategies"],
                swiftSettings: optimised),
        /// arch2vec: GIN-VAE pretraining on every cell of a space, model files, embeddings.
        .target(name: "NASArch2Vec", dependencies: ["NASCore", "NASLinalg", "NASTensor", "NASSpaces"],
                swiftSettings: optimised),
        /// CENA: networks built from NB201 / NATS size-space cells (PyTorch-default initialisation,
        /// training-mode batch norm), their data Jacobians, projected EPDJMs and their store; the
        /// contrastive DeepSet model, its training and export; the `cena-bo` strategy plug-in.
        .target(name: "NASCENA", dependencies: ["NASCore", "NASLinalg", "NASTensor", "NASSpaces", "NASRepresentations", "NASSurrogates", "NASStrategies", "NASReports"],
                swiftSettings: optimised),
        /// Tabular benchmarks: import, checksummed binary cache, task presets, task domains.
        .target(name: "NASBenchmarks", dependencies: ["NASCore", "NASSpaces"], swiftSettings: optimised),
        /// Ask/tell strategies: random, regularized evolution, local search, and the one model-based
        /// strategy (encoding + surrogate + acquisition) with BANANAS as a configuration.
        .target(name: "NASStrategies", dependencies: ["NASCore", "NASLinalg", "NASRepresentations", "NASSurrogates"],
                swiftSettings: optimised),
        /// Search in a latent space of architecture embeddings: arch2vec-RL (REINFORCE, LSTM policy,
        /// nearest unvisited neighbour) and arch2vec-BO (DNGO + EI), over any embedding table.
        .target(name: "NASLatentSearch", dependencies: ["NASCore", "NASLinalg", "NASTensor", "NASRepresentations", "NASSurrogates", "NASStrategies", "NASSpaces", "NASArch2Vec"],
                swiftSettings: optimised),
        /// CTNAS: the neural architecture comparator (GCN, P(A better than B)) on graph inputs of
        /// NB101, NB201 and NAS-Bench-Graph cells; its tau beside the TW-GP and BANANAS surrogates.
        .target(name: "NASCTNAS", dependencies: ["NASCore", "NASLinalg", "NASTensor", "NASSpaces", "NASRepresentations", "NASSurrogates", "NASReports", "NASStrategies", "NASTWNAS"],
                swiftSettings: optimised),
        /// Reports shared by runs and studies: SVG line and scatter plots (PNG via rsvg-convert),
        /// report statistics (mean/std, Mann-Whitney U).
        .target(name: "NASReports", swiftSettings: optimised),
        /// Multi-seed runner, query logs, run reports.
        .target(name: "NASRunner", dependencies: ["NASCore", "NASLinalg", "NASSpaces", "NASBenchmarks", "NASStrategies", "NASReports"],
                swiftSettings: optimised),
        /// Studies: ask/tell trials stored in SQLite (GRDB) or PostgreSQL (libpq), workers.
        .target(name: "NASStudy", dependencies: [
            "NASCore", "NASSpaces", "NASBenchmarks", "NASStrategies", "NASReports",
            .product(name: "GRDB", package: "GRDB.swift"),
            "CLibPQ",
        ], swiftSettings: optimised),
        /// The command-line interface as a library (commands are small types, testable).
        .target(name: "NASCLI", dependencies: [
            "NASCore", "NASLinalg", "NASSurrogates", "NASTensor", "NASSpaces", "NASBenchmarks", "NASStrategies", "NASReports", "NASRunner", "NASStudy", "NASTWNAS", "NASArch2Vec", "NASLatentSearch", "NASCENA", "NASCTNAS",
            "CBLAS",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: optimised),
        .executableTarget(name: "naswift", dependencies: ["NASCLI", "NASLinalg"]),
        /// The documentation's "add your own search space / strategy" code, compiled and run by
        /// scripts/test.sh (`naswift-examples` exits non-zero when a check fails).
        .executableTarget(name: "naswift-examples", dependencies: ["NASCore", "NASStrategies", "NASStrategyTestSupport"],
                          path: "Examples"),
        /// Test helpers: locating ../shared/data.
        .target(name: "NASTestSupport"),
        /// The strategy conformance checks as a library (every method's test target runs them),
        /// with small worlds to run them in (bit strings, 1,000 real NB101 cells).
        .target(name: "NASStrategyTestSupport", dependencies: ["NASCore", "NASSpaces", "NASStrategies", "NASTestSupport"]),

        // MARK: tests
        .testTarget(name: "NASCoreTests", dependencies: ["NASTestSupport", "NASCore"]),
        .testTarget(name: "NASLinalgTests", dependencies: ["NASTestSupport", "NASLinalg", "NASCore"]),
        .testTarget(name: "NASSurrogatesTests", dependencies: ["NASTestSupport", "NASSurrogates", "NASLinalg", "NASCore", "NASTensor"]),
        .testTarget(name: "NASTensorTests", dependencies: ["NASTestSupport", "NASTensor", "NASCore"]),
        .testTarget(name: "NASSpacesTests", dependencies: ["NASTestSupport", "NASSpaces", "NASCore"]),
        .testTarget(name: "NASRepresentationsTests", dependencies: ["NASTestSupport", "NASRepresentations", "NASSpaces", "NASCore"]),
        .testTarget(name: "NASTWNASTests", dependencies: ["NASTestSupport", "NASStrategyTestSupport", "NASTWNAS", "NASStrategies", "NASSpaces", "NASRepresentations", "NASSurrogates", "NASLinalg", "NASRunner", "NASReports", "NASTensor", "NASStudy", "NASCore"]),
        .testTarget(name: "NASBenchmarksTests", dependencies: ["NASTestSupport", "NASBenchmarks", "NASSpaces", "NASCore"]),
        .testTarget(name: "NASStrategiesTests", dependencies: ["NASTestSupport", "NASStrategyTestSupport", "NASStrategies", "NASRepresentations", "NASSurrogates", "NASSpaces", "NASCore", "NASLinalg"]),
        .testTarget(name: "NASRunnerTests", dependencies: ["NASTestSupport", "NASRunner", "NASReports", "NASLinalg", "NASBenchmarks", "NASStrategies", "NASSpaces", "NASCore"]),
        .testTarget(name: "NASStudyTests", dependencies: ["NASTestSupport", "NASStudy", "NASCore", "NASSpaces", "NASLinalg"]),
        .testTarget(name: "NASArch2VecTests", dependencies: ["NASTestSupport", "NASArch2Vec", "NASTensor", "NASSpaces", "NASCore"]),
        .testTarget(name: "NASLatentSearchTests", dependencies: ["NASTestSupport", "NASStrategyTestSupport", "NASLatentSearch", "NASRepresentations", "NASStrategies", "NASSpaces", "NASCore", "NASArch2Vec"]),
        .testTarget(name: "NASCENATests", dependencies: ["NASTestSupport", "NASStrategyTestSupport", "NASCENA", "NASTensor", "NASLinalg", "NASSpaces", "NASStrategies", "NASRepresentations", "NASSurrogates", "NASReports", "NASCore"]),
        .testTarget(name: "NASCTNASTests", dependencies: ["NASTestSupport", "NASStrategyTestSupport", "NASStrategies", "NASCTNAS", "NASTensor", "NASSpaces", "NASReports", "NASSurrogates", "NASCore"]),
        .testTarget(name: "NASCLITests", dependencies: [
            "NASTestSupport", "NASCLI", "NASTensor", "NASBenchmarks", "NASCore", "NASSpaces", "NASStrategies",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
