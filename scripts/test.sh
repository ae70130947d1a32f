#!/usr/bin/env bash
# Runs every test: builds, starts the services the tests need, runs `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
export NASWIFT_SHARED="${NASWIFT_SHARED:-$(cd .. && pwd)/shared}"
swift build --build-tests
# studies (issue 6): a throwaway PostgreSQL server on loopback for the study storage tests
source scripts/test-postgres.sh
# the documentation's examples (Examples/): compiled above, run here
.build/debug/naswift-examples
# API documentation (DocC) for every library product, warnings as errors
bash scripts/docs.sh
swift test --skip-build 2>&1 | tee .build/test.log
