// Module NASTensor: see the target comment in Package.swift.
