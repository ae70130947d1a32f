#!/usr/bin/env bash
# Checks that two naswift binaries give the same results: runs every model-based and latent row of
# twnas.sh and arch2vec.sh (SEEDS seeds, default 10) with each, writing JSON summaries and query
# logs, then compares them (same_results.py: JSON without wall-clock fields, queries.csv byte for byte).
# Usage: bash scripts/reproduce/same_results.sh BEFORE_BINARY AFTER_BINARY MODEL_DIR [OUT]
#   MODEL_DIR holds arch2vec-nb201.model and arch2vec-nb101.model (any models: both binaries use the same).
#   env: SEEDS=10, NASWIFT_DATA (nb201 and nb101-20k imported).
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE=$1; AFTER=$2; M=$3; OUT=${4:-out/same-results}
SEEDS=${SEEDS:-10}
rows() {  # binary outdir
    local N=$1 O=$2
    mkdir -p "$O"
    run() { local name=$1; shift; "$N" search "$@" --seeds "$SEEDS" --json "$O/$name.json" --out "$O/$name" >/dev/null; echo "$name" >&2; }
    for task in cifar10-12ep cifar100-12ep imagenet16-12ep; do
        extra=(); [ "$task" = cifar10-12ep ] && extra=(--guide cifar10_test_acc_12ep)
        b=(--benchmark nb201 --task "$task")
        run "seq-$task-tw-gp-1g" "${b[@]}" --strategy tw-gp --budget 200 "${extra[@]}"
        run "seq-$task-tw-gp-2g" "${b[@]}" --strategy tw-gp --budget 200 --option twogram=1 "${extra[@]}"
        run "seq-$task-tw-gp-faithful" "${b[@]}" --strategy tw-gp --budget 200 --option mode=faithful "${extra[@]}"
        run "seq-$task-tw-gp-2g-faithful" "${b[@]}" --strategy tw-gp --budget 200 --option mode=faithful --option twogram=1 "${extra[@]}"
        run "seq-$task-bananas" "${b[@]}" --strategy bananas --budget 200 "${extra[@]}"
        run "batch-$task-tw-kdpp-1g" "${b[@]}" --strategy tw-kdpp --budget 300 --batch-size 5 "${extra[@]}"
        run "batch-$task-tw-kdpp-2g" "${b[@]}" --strategy tw-kdpp --budget 300 --batch-size 5 --option twogram=1 "${extra[@]}"
        run "batch-$task-tw-kdpp-faithful" "${b[@]}" --strategy tw-kdpp --budget 300 --batch-size 5 --option mode=faithful "${extra[@]}"
    done
    run seq-re --benchmark nb201 --task cifar10-12ep --strategy re --budget 200
    run seq-random --benchmark nb201 --task cifar10-12ep --strategy random --budget 200
    b=(--benchmark nb101-20k --task cifar10)
    run seq-nb101-tw-gp-1g "${b[@]}" --strategy tw-gp --budget 200
    run seq-nb101-tw-gp-2g "${b[@]}" --strategy tw-gp --budget 200 --option twogram=1
    run seq-nb101-bananas "${b[@]}" --strategy bananas --budget 200
    run batch-nb101-tw-kdpp-1g "${b[@]}" --strategy tw-kdpp --budget 300 --batch-size 5
    run batch-nb101-tw-kdpp-2g "${b[@]}" --strategy tw-kdpp --budget 300 --batch-size 5 --option twogram=1
    for s in arch2vec-rl arch2vec-bo; do
        run "c10-200ep-12000s-$s" --benchmark nb201 --task cifar10 --strategy $s --model "$M/arch2vec-nb201.model" --time-budget 12000
        run "c10-12ep-equiv-$s" --benchmark nb201 --task cifar10 --strategy $s --model "$M/arch2vec-nb201.model" --time-budget 200000
        for task in cifar100 imagenet16; do
            run "$task-110q-$s" --benchmark nb201 --task $task --strategy $s --model "$M/arch2vec-nb201.model" --budget 110
        done
        run "nb101-20k-1e6s-$s" --benchmark nb101-20k --task cifar10 --strategy $s --model "$M/arch2vec-nb101.model" --time-budget 1000000
    done
}
rows "$BEFORE" "$OUT/before"
rows "$AFTER" "$OUT/after"
python3 scripts/reproduce/same_results.py "$OUT/before" "$OUT/after"
