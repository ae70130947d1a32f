#!/usr/bin/env bash
# Issue 16's acceptance table: NAC Kendall tau on 1,000 held-out cells, trained on 423 labels, per
# seed beside the tw-gp and bananas surrogates fitted on the same labels (`naswift ctnas nac
# --predictors tw-gp,bananas`), on nb201 cifar10 and nb101-20k cifar10; one JSON per data set and
# seed in $OUT, then the Markdown table (scripts/reproduce/ctnas_tau_table.py) in $OUT/table.md.
# A DATASETS entry is a benchmark (task cifar10) or benchmark:task, e.g. "nbgraph:cora"; its JSON is
# $OUT/<benchmark>[-<task>]-seed<seed>.json.
# A seed whose JSON exists is not run again (re-run the script to resume).
# Usage: bash scripts/reproduce/ctnas_tau.sh   (env: SEEDS=20 (seeds 0..SEEDS-1), LABELS=423,
#        HELD_OUT=1000, EPOCHS=1000, DATASETS="nb201 nb101-20k", NASWIFT=.build/release/naswift,
#        NASWIFT_SHARED=../shared, NASWIFT_DATA=<data dir>, OUT=out/reproduce-ctnas-tau)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${NASWIFT:-.build/release/naswift}
SHARED=${NASWIFT_SHARED:-../shared}
SEEDS=${SEEDS:-20}
LABELS=${LABELS:-423}
HELD_OUT=${HELD_OUT:-1000}
EPOCHS=${EPOCHS:-1000}
DATASETS=${DATASETS:-"nb201 nb101-20k"}
OUT=${OUT:-out/reproduce-ctnas-tau}
export OPENBLAS_NUM_THREADS=1
mkdir -p "$OUT"
$N data list | grep -q '^nb201 ' || \
    $N data import nb201 --space nb201 --from "$SHARED/data/nb201/nb201_200ep.csv" --from "$SHARED/data/nb201-12ep/nb201_12ep.csv" >/dev/null
$N data list | grep -q '^nb101-20k ' || $N data import nb101-20k --space nb101 --from "$SHARED/data/nb101/nb101_20k.csv" >/dev/null
case " $DATASETS " in *" nbgraph"*)
    $N data list | grep -q '^nbgraph ' || $N data import nbgraph >/dev/null ;;
esac
$N data list > "$OUT/data-list.txt"

for entry in $DATASETS; do
    bench=${entry%%:*}
    task=cifar10; name=$bench
    [ "$entry" != "$bench" ] && { task=${entry#*:}; name="$bench-$task"; }
    for ((seed = 0; seed < SEEDS; seed++)); do
        json="$OUT/$name-seed$seed.json"
        [ -s "$json" ] && continue
        $N ctnas nac --benchmark "$bench" --task "$task" --labels "$LABELS" --held-out "$HELD_OUT" --epochs "$EPOCHS" \
            --seed "$seed" --predictors tw-gp,bananas --json "$json.tmp" 2>/dev/null | tail -n 3 >&2
        mv "$json.tmp" "$json"
        echo "$name seed $seed done" >&2
    done
done

python3 scripts/reproduce/ctnas_tau_table.py "$OUT" > "$OUT/table.md"
cat "$OUT/table.md"
