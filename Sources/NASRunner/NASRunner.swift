// Module NASRunner: see the target comment in Package.swift.
