#!/usr/bin/env bash
# Fuzzes naswift's parsers of untrusted bytes with libFuzzer and AddressSanitizer (Fuzz/, issue 18).
#
#   scripts/fuzz.sh [seconds-per-target] [target...]      (default: 60 s, every target)
#
# Each target is built (debug, -sanitize=fuzzer,address, scratch .build-fuzz) and run for the given
# seconds on a temporary copy of its seed corpus Fuzz/Corpus/<target> (the committed corpus never
# grows). Prints per target the executions, exec/s and crashes (crash, timeout, out-of-memory or a
# sanitizer report); a crashing input is kept in out/fuzz/<target>/. Exits 1 when any target crashed.
# FUZZ_FLAGS adds libFuzzer flags (e.g. FUZZ_FLAGS=-runs=1000000).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=(FuzzCSVImport FuzzArchString FuzzBenchmarkCache FuzzNPZ FuzzArch2VecModel FuzzCENAModel FuzzNACModel FuzzMetricLine)
seconds="${1:-60}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL[@]}")
case "$seconds" in (''|*[!0-9]*) echo "fuzz.sh: seconds per target must be a whole number, got '$seconds'" >&2; exit 2;; esac
for t in "${targets[@]}"; do
    [[ " ${ALL[*]} " == *" $t "* ]] || { echo "fuzz.sh: unknown target '$t' (targets: ${ALL[*]})" >&2; exit 2; }
done

# Swift's backtracer and AddressSanitizer's report do not mix (the backtracer hangs under ASan);
# the sanitizer prints the stack.
export SWIFT_BACKTRACE=enable=no
scratch="$PWD/.build-fuzz"
flags=(-c debug --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
bin="$(cd Fuzz && swift build "${flags[@]}" --show-bin-path)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
printf '%-20s %12s %10s %8s\n' target executions exec/s crashes > "$work/summary"

# Every target at once when all are asked (one build plan, links side by side), else one by one.
build() {  # build LOG [--product T]
    local log="$1"; shift
    if ! (cd Fuzz && swift build "${flags[@]}" "$@") > "$log" 2>&1; then
        grep -v 'ld.gold: warning' "$log" | tail -40
        echo "fuzz.sh: building ${*:-every target} failed" >&2
        exit 2
    fi
}
start=$(date +%s)
if [ ${#targets[@]} -eq ${#ALL[@]} ]; then
    echo "== building every target"
    build "$work/build.log"
    echo "== built in $(( $(date +%s) - start )) s"
fi

for t in "${targets[@]}"; do
    mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
    if [ ${#targets[@]} -ne ${#ALL[@]} ]; then
        echo "== $t: build"
        start=$(date +%s)
        build "$work/$t/build.log" --product "$t"
        echo "== $t: built in $(( $(date +%s) - start )) s"
    fi
    echo "== $t: fuzzing for $seconds s"
    cp Fuzz/Corpus/"$t"/* "$work/$t/corpus/"
    status=0
    # -rss_limit_mb: a parse that allocates gigabytes for a few input bytes is a finding too.
    "$bin/$t" "$work/$t/corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$work/$t/artifacts/" ${FUZZ_FLAGS:-} \
        > "$work/$t/log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t/log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t/log" | tail -1)
    crashes=$(find "$work/$t/artifacts" -type f | wc -l)
    if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
        failed=1
        [ "$crashes" -eq 0 ] && crashes=1
        mkdir -p "out/fuzz/$t"
        cp "$work/$t/artifacts/"* "$work/$t/log" "out/fuzz/$t/" 2>/dev/null || true
        echo "== $t: CRASH (exit $status); input and log in out/fuzz/$t/"
        grep -m 12 -E 'ERROR|Fatal error|SUMMARY|#[0-9]+ 0x' "$work/$t/log" || tail -20 "$work/$t/log"
    fi
    printf '%-20s %12s %10s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "$crashes" >> "$work/summary"
done
echo
cat "$work/summary"
exit $failed
