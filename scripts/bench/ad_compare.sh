#!/usr/bin/env bash
# Builds and runs the _Differentiation-vs-tape measurement (DESIGN.md "Numerics").
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
swiftc -O -I Sources/CBLAS scripts/bench/ad_compare.swift -o "$out/ad_compare" -lopenblas 2>&1 | grep -v warning || true
"$out/ad_compare"
