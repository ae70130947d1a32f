#!/usr/bin/env bash
# Runs every test: builds, starts the services the tests need, runs `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
export NASWIFT_SHARED="${NASWIFT_SHARED:-$(cd .. && pwd)/shared}"
swift build --build-tests
# OpenBLAS falls back to generic SSE3 kernels on CPUs it does not recognise; the naswift executable
# re-executes itself with the right OPENBLAS_CORETYPE (BLASCore), the test process gets it here.
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
    OPENBLAS_CORETYPE="$(.build/debug/naswift system --blas-core)"
    export OPENBLAS_CORETYPE
    echo "OpenBLAS kernels for the tests: $OPENBLAS_CORETYPE"
fi
# studies (issue 6): a throwaway PostgreSQL server on loopback for the study storage tests
source scripts/test-postgres.sh
# the documentation's examples (Examples/): compiled above, run here
.build/debug/naswift-examples
# API documentation (DocC) for every library product, warnings as errors
bash scripts/docs.sh
# One test at a time: the numeric tests spread their own work over the cores (Parallel, OpenBLAS),
# the process tests start naswift processes, so running tests side by side only oversubscribes
# the 2 cores and starves the timed waits of the worker tests. Measured from the same build:
# 579 s serial against 1,103 s in parallel (README "The two commands").
swift test --skip-build --no-parallel 2>&1 | tee .build/test.log
