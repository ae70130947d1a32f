// Module NASStrategies: see the target comment in Package.swift.
