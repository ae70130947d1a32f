#!/usr/bin/env bash
# CENA end to end (issue 15, METHODS §1): EPDJM stores of NB201 and the NATS size space, the
# contrastive model, cena-bo against random search on the same cells, the embeddings' quality beside
# arch2vec's and one-hot's, the transfer table and the t-SNE maps. Every step is skipped when its
# output exists, and the EPDJM stores resume where they stopped, so the script can be re-run after
# an interruption. Writes $OUT/*.md (REPRODUCTION.md "CENA" quotes them).
#
# Usage: bash scripts/reproduce/cena.sh
#   env: NASWIFT=.build/release/naswift NASWIFT_SHARED=../shared NASWIFT_DATA=<data dir> OUT=out/reproduce-cena
#        SAMPLE=2000 (cells per space; the same cells for every model), IMAGES=$NASWIFT_SHARED/data/cifar10/test_1000.bin
#        NB201_STORE=$OUT/epdjm-nb201 NATSSS_STORE=$OUT/epdjm-natsss (existing stores of the same run may be given)
#        SEEDS=500 BUDGET=200 (cena-bo and random search), TASKS="cifar10 cifar100 imagenet16"
#        TRAIN=1000 (cells the quality step's random forest trains on; fewer for a partial store)
#        ARCH2VEC_MODEL=<arch2vec NB201 model> (trained here when not given: 10 epochs, seed 3, ~5 CPU-min)
#        STEPS="stores train search quality transfer maps" (a subset runs only those)
# Cost on a 2-core machine: ~7 s per NB201 EPDJM when idle, so the two 2,000-cell stores are the
# bulk (hours); the other steps take minutes to tens of minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${NASWIFT:-.build/release/naswift}
SHARED=${NASWIFT_SHARED:-../shared}
OUT=${OUT:-out/reproduce-cena}
SAMPLE=${SAMPLE:-2000}
IMAGES=${IMAGES:-$SHARED/data/cifar10/test_1000.bin}
NB201_STORE=${NB201_STORE:-$OUT/epdjm-nb201}
NATSSS_STORE=${NATSSS_STORE:-$OUT/epdjm-natsss}
SEEDS=${SEEDS:-500}
BUDGET=${BUDGET:-200}
TASKS=${TASKS:-cifar10 cifar100 imagenet16}
TRAIN=${TRAIN:-1000}
STEPS=${STEPS:-stores train search quality transfer maps}
mkdir -p "$OUT"
step() { [[ " $STEPS " == *" $1 "* ]]; }
$N data import nb201 --space nb201 --from "$SHARED/data/nb201/nb201_200ep.csv" --from "$SHARED/data/nb201-12ep/nb201_12ep.csv" >/dev/null
$N data import natsss --space natsss --from "$SHARED/data/natsss/natsss.csv" >/dev/null

if step stores; then   # resumable: a killed run continues with the cell in flight
    $N embed cena jacobians --space nb201 --images "$IMAGES" --sample "$SAMPLE" --out "$NB201_STORE"
    $N embed cena jacobians --space natsss --images "$IMAGES" --sample "$SAMPLE" --out "$NATSSS_STORE"
fi

# The NB201 model (reference: 30 epochs, batch 1,024, 1,028 held out; on the 2,000-cell sample the
# default batch is 128 and 200 cells are held out: `naswift embed cena train --help`) and its embeddings.
M="$OUT/cena-nb201.model" E="$OUT/cena-nb201.npy"
if step train; then
    [ -f "$M" ] || $N embed cena train --jacobians "$NB201_STORE" --out "$M" | tee "$OUT/train-nb201.log"
    [ -f "$E" ] || $N embed cena export --model "$M" --jacobians "$NB201_STORE" --out "$E"
fi

# cena-bo vs random search on the stored cells, test accuracy as guide and report (METHODS §1.4).
if step search; then
    runs=()
    for t in $TASKS; do
        d="$OUT/search-$t"
        [ -f "$d/queries.csv" ] || $N compare --benchmark nb201 --task "$t" --guide "${t}_test_acc" --report "${t}_test_acc" \
            --strategies cena-bo,random --option embeddings="$E" --cells "${E%.npy}-index.csv" \
            --budget "$BUDGET" --seeds "$SEEDS" --json "$d.json" --out "$d" >/dev/null
        runs+=("$t=$d/queries.csv")
    done
    budgets=$(printf '%s\n' 20 50 100 "$BUDGET" | awk -v b="$BUDGET" '$1 <= b && !seen[$1]++' | paste -sd, -)
    python3 scripts/reproduce/cena_table.py --budgets "$budgets" "${runs[@]}" | tee "$OUT/search.md"
fi

# The same cells' representations side by side: a random forest on $TRAIN (1,000) cells, tau on the rest.
if step quality; then
    A=${ARCH2VEC_MODEL:-$OUT/arch2vec-nb201.model}
    [ -f "$A" ] || $N embed arch2vec train --space nb201 --out "$A" > "$OUT/train-arch2vec.log"
    [ -f "$OUT/a2v/arch2vec-nb201.npy" ] || $N embed arch2vec export --model "$A" --out "$OUT/a2v" >/dev/null
    for t in $TASKS; do
        $N embed quality --benchmark nb201 --task "$t" --representation cena="$E" \
            --representation arch2vec="$OUT/a2v/arch2vec-nb201.npy" --onehot --train "$TRAIN" --repeats 10 \
            --out "$OUT/quality-$t.md" --json "$OUT/quality-$t.json"
    done
fi

# Transfer (METHODS §1.5): one model on the union of both stores, a random forest on one space's
# embeddings, tau / Pearson on each space's held-out cells. Deviation: the reference trains the union
# model for 1 epoch in batches of 256 on ~48,000 cells (~190 Adam steps); on two 2,000-cell samples
# that would be 15 steps, so the union model gets the default training (30 epochs, batch 128).
if step transfer; then
    U="$OUT/cena-union.model"
    [ -f "$U" ] || $N embed cena train --jacobians "$NB201_STORE" "$NATSSS_STORE" --out "$U" | tee "$OUT/train-union.log"
    $N embed cena transfer --model "$U" --jacobians "$NB201_STORE" "$NATSSS_STORE" --benchmarks nb201,natsss --task cifar10 \
        --out "$OUT/transfer.md" --json "$OUT/transfer.json"
fi

# t-SNE of 1,500 cells: raw EPDJM, untrained and trained embeddings, coloured by test accuracy.
if step maps; then
    for s in raw untrained trained; do
        $N embed cena map --jacobians "$NB201_STORE" --model "$M" --stage "$s" --benchmark nb201 --task cifar10 \
            --metric cifar10_test_acc --points 1500 --out "$OUT/map-$s.svg"
    done
fi
