// Module NASLinalg: see the target comment in Package.swift.
