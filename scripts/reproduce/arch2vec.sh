#!/usr/bin/env bash
# Re-runs the arch2vec NB201 protocol (DESIGN.md "Evaluation protocols", METHODS §2.4-2.6) and the
# nb101-20k variant, and writes out/reproduce-arch2vec/table.md (REPRODUCTION.md quotes it).
# Usage: bash scripts/reproduce/arch2vec.sh
#   env: SEEDS=200, BO_SEEDS=$SEEDS (arch2vec-bo costs ~7 CPU-s per NB201 run, ~11-14 per nb101-20k run),
#        NASWIFT=.build/release/naswift, NASWIFT_SHARED=../shared, NASWIFT_DATA=<data dir>,
#        NB101_EPOCHS=16 (pretraining epochs of the NB101 model; deviation: the reference trains 8, but held-out
#        adjacency reconstruction reaches the >= 0.99 acceptance only at epoch 16 here: 0.9857 after 8, 0.9899
#        after 15, 0.9902 after 16 (REPRODUCTION.md); 16 epochs take ~30 min at low load, ~50 min at load 5-9),
#        OUT=out/reproduce-arch2vec
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${NASWIFT:-.build/release/naswift}
SHARED=${NASWIFT_SHARED:-../shared}
SEEDS=${SEEDS:-200}
BO_SEEDS=${BO_SEEDS:-$SEEDS}
OUT=${OUT:-out/reproduce-arch2vec}
NB101_EPOCHS=${NB101_EPOCHS:-16}
mkdir -p "$OUT"
$N data import nb201 --space nb201 --from "$SHARED/data/nb201/nb201_200ep.csv" --from "$SHARED/data/nb201-12ep/nb201_12ep.csv" >/dev/null
$N data import nb101-20k --space nb101 --from "$SHARED/data/nb101/nb101_20k.csv" >/dev/null

# Pretrained models (reference settings: nb201 10 epochs seed 3 on all 15,625 cells; nb101 on all 423,624).
[ -f "$OUT/arch2vec-nb201.model" ] || $N embed arch2vec train --space nb201 --out "$OUT/arch2vec-nb201.model" > "$OUT/train-nb201.log"
[ -f "$OUT/arch2vec-nb101.model" ] || $N embed arch2vec train --space nb101 --epochs "$NB101_EPOCHS" --out "$OUT/arch2vec-nb101.model" > "$OUT/train-nb101.log"

run() {  # name benchmark task model budget-args... -- strategy
    local name=$1 bench=$2 task=$3 strategy=$4 model=$5; shift 5
    local extra=() seeds=$SEEDS
    [[ $strategy == arch2vec-* ]] && extra=(--model "$model")
    [[ $strategy == arch2vec-bo ]] && seeds=$BO_SEEDS
    # Each seed's result is independent of the others and of the thread count, so a run may also
    # be split into seed chunks (--first-seed K --seeds C, JSON named NAME-sKKK): the table merges them.
    $N search --benchmark "$bench" --task "$task" --strategy "$strategy" --seeds "$seeds" \
        --json "$OUT/$name.json" --out "$OUT/$name" "${extra[@]}" "$@" >/dev/null
    echo "$name done" >&2
}

M201="$OUT/arch2vec-nb201.model"
for s in random re arch2vec-rl arch2vec-bo; do
    # (a) DESIGN.md literally: 12,000 s of the 200-epoch cifar10-valid training time (~7 queries).
    run "c10-200ep-12000s-$s" nb201 cifar10 "$s" "$M201" --time-budget 12000
    # (b) 12,000 s when a query costs 12/200 of its 200-epoch training time (the 12-epoch
    #     simulated time of NB201's search protocol) = 200,000 s of the 200-epoch time (~110 queries).
    run "c10-12ep-equiv-12000s-$s" nb201 cifar10 "$s" "$M201" --time-budget 200000
done
# CIFAR-100 / ImageNet16-120 have no training-time column here: a query budget equal to the mean
# number of queries random search makes under (b) on CIFAR-10.
Q=$(python3 -c "import json; print(round(json.load(open('$OUT/c10-12ep-equiv-12000s-random.json'))['mean_queries']))")
echo "query budget for cifar100 / imagenet16: $Q" | tee "$OUT/query-budget.txt" >&2
for task in cifar100 imagenet16; do
    for s in random re arch2vec-rl arch2vec-bo; do run "$task-$Q-queries-$s" nb201 "$task" "$s" "$M201" --budget "$Q"; done
done
# nb101-20k: guide and report = 108-epoch validation accuracy (no test accuracy in the data),
# budget 1e6 simulated seconds of train_seconds_108ep (where the reference's curves end).
for s in random re arch2vec-rl arch2vec-bo; do
    run "nb101-20k-1e6s-$s" nb101-20k cifar10 "$s" "$OUT/arch2vec-nb101.model" --time-budget 1000000
done

python3 scripts/reproduce/arch2vec_table.py "$OUT" > "$OUT/table.md"
cat "$OUT/table.md"
