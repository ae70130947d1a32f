// Module NASBenchmarks: see the target comment in Package.swift.
