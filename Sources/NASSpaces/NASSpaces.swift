// Module NASSpaces: see the target comment in Package.swift.
