#!/usr/bin/env bash
# API documentation: DocC archives for every library product (catalogs in
# Sources/<Module>/Documentation.docc), into .build/plugins/Swift-DocC/outputs/<Module>.doccarchive.
# Warnings are errors: a broken symbol link, an undocumented parameter of a documented function or
# a missing article fails the run. Serve one with `swift package --disable-sandbox
# preview-documentation --target NASCore`.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=()
for m in $(sed -n 's/.*\.library(name: "\([A-Za-z0-9]*\)".*/\1/p' Package.swift); do
    targets+=(--target "$m")
done
swift package generate-documentation --warnings-as-errors "${targets[@]}"
