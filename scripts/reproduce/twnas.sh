#!/usr/bin/env bash
# Re-runs the TW-NAS protocol (METHODS §3.9) on the 12-epoch NB201 table and on nb101-20k, and
# writes out/reproduce-twnas/table.md (REPRODUCTION.md quotes it).
# Usage: bash scripts/reproduce/twnas.sh   (env: SEEDS=50, NASWIFT=.build/release/naswift,
#        NASWIFT_SHARED=../shared, NASWIFT_DATA=<data dir>, ONLY=<regex of run names to (re)run;
#        the table is built from every JSON in $OUT>)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${NASWIFT:-.build/release/naswift}
SHARED=${NASWIFT_SHARED:-../shared}
SEEDS=${SEEDS:-50}
OUT=${OUT:-out/reproduce-twnas}
mkdir -p "$OUT"
$N data import nb201 --space nb201 --from "$SHARED/data/nb201/nb201_200ep.csv" --from "$SHARED/data/nb201-12ep/nb201_12ep.csv" >/dev/null
$N data import nb101-20k --space nb101 --from "$SHARED/data/nb101/nb101_20k.csv" >/dev/null

run() {  # name benchmark task budget batch strategy [extra args...]
    local name=$1 bench=$2 task=$3 budget=$4 batch=$5 strategy=$6; shift 6
    if [ -n "${ONLY:-}" ] && ! [[ "$name" =~ $ONLY ]]; then return 0; fi
    $N search --benchmark "$bench" --task "$task" --strategy "$strategy" --budget "$budget" --batch-size "$batch" \
        --seeds "$SEEDS" --json "$OUT/$name.json" "$@" >/dev/null
    echo "$name done" >&2
}

for task in cifar10-12ep cifar100-12ep imagenet16-12ep; do
    extra=()
    # The reference used CIFAR-10 test accuracy as its validation signal (METHODS §3.8).
    [ "$task" = cifar10-12ep ] && extra=(--guide cifar10_test_acc_12ep)
    for s in random re; do run "seq-$task-$s" nb201 "$task" 200 1 "$s" "${extra[@]}"; done
    run "seq-$task-tw-gp-1g" nb201 "$task" 200 1 tw-gp "${extra[@]}"
    run "seq-$task-tw-gp-2g" nb201 "$task" 200 1 tw-gp --option twogram=1 "${extra[@]}"
    run "seq-$task-tw-gp-faithful" nb201 "$task" 200 1 tw-gp --option mode=faithful "${extra[@]}"
    run "seq-$task-tw-gp-2g-faithful" nb201 "$task" 200 1 tw-gp --option mode=faithful --option twogram=1 "${extra[@]}"
    run "seq-$task-bananas" nb201 "$task" 200 1 bananas "${extra[@]}"
    run "batch-$task-random" nb201 "$task" 300 5 random "${extra[@]}"
    run "batch-$task-tw-kdpp-1g" nb201 "$task" 300 5 tw-kdpp "${extra[@]}"
    run "batch-$task-tw-kdpp-2g" nb201 "$task" 300 5 tw-kdpp --option twogram=1 "${extra[@]}"
    run "batch-$task-tw-kdpp-faithful" nb201 "$task" 300 5 tw-kdpp --option mode=faithful "${extra[@]}"
done
for s in random re; do run "seq-nb101-$s" nb101-20k cifar10 200 1 "$s"; done
run "seq-nb101-tw-gp-1g" nb101-20k cifar10 200 1 tw-gp
run "seq-nb101-tw-gp-2g" nb101-20k cifar10 200 1 tw-gp --option twogram=1
run "seq-nb101-bananas" nb101-20k cifar10 200 1 bananas
run "batch-nb101-random" nb101-20k cifar10 300 5 random
run "batch-nb101-tw-kdpp-1g" nb101-20k cifar10 300 5 tw-kdpp
run "batch-nb101-tw-kdpp-2g" nb101-20k cifar10 300 5 tw-kdpp --option twogram=1

python3 scripts/reproduce/twnas_table.py "$OUT" > "$OUT/table.md"
cat "$OUT/table.md"
