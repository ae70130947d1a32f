#!/usr/bin/env bash
# Optuna side by side with naswift (issue 17): Optuna's own TPESampler and RandomSampler on the
# same table, task, guide / report metrics, budget and seeds as `naswift compare`, every Optuna
# trial counted as a query. Writes $OUT/table.md (and table.csv): mean ± std of the report metric
# of the best-guided architecture, one-sided Mann-Whitney p that the best naswift strategy beats
# the row, distinct architectures evaluated per run, wall seconds per run (naswift with one thread).
#
# Usage: bash scripts/bench/peer_optuna.sh
#   env: BENCHMARK=nb201 TASK=cifar10 BUDGET=100 SEEDS=100 FIRST_SEED=0
#        STRATEGIES=random,re,tpe            (naswift strategies, as for `naswift compare`)
#        SAMPLERS=tpe,random                 (Optuna: tpe = TPESampler(seed=s) (Optuna 5 defaults:
#                                             multivariate, constant liar), tpe-independent =
#                                             TPESampler(multivariate=False), random = RandomSampler)
#        OPTIONS="--option k=v ..."          (extra naswift arguments, e.g. --guide METRIC)
#        REFERENCE=tpe-nas                   (the naswift strategy the p-values are taken against;
#                                             default: the best naswift mean of the table)
#        NASWIFT=.build/release/naswift NASWIFT_DATA=<data dir> NASWIFT_SHARED=../shared
#        VENV=/tmp/naswift-optuna-venv OUT=out/peer-optuna/$BENCHMARK-$TASK-$BUDGET
# Spaces: nb201 and natsss (one categorical parameter per edge / stage; the parameter vector is the
# architecture); nbgraph (NAS-Bench-Graph; import it first: `naswift data import nbgraph`): the 7
# categorical parameters in2, in3, in4, op1..op4 of NBGraphSpace+Categorical.swift, each trial looked
# up by the package's own nas_bench_graph.architecture.Arch(links, ops).valid_hash() (the package
# naswift unpacked into $NASWIFT_DATA/pypi; no torch needed), table rows keyed by the same hash; the
# all-skip vectors name no architecture and are failed queries that still cost a trial. The table the Optuna side reads is naswift's own view of the task: the queries of
# one exhaustive random run (`naswift search --strategy random --budget <all rows>`), so both sides
# see the same rows, guide and report values.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${NASWIFT:-.build/release/naswift}
SHARED=${NASWIFT_SHARED:-../shared}
BENCHMARK=${BENCHMARK:-nb201}
TASK=${TASK:-cifar10}
BUDGET=${BUDGET:-100}
SEEDS=${SEEDS:-100}
FIRST_SEED=${FIRST_SEED:-0}
STRATEGIES=${STRATEGIES:-random,re,tpe}
SAMPLERS=${SAMPLERS:-tpe,random}
OPTIONS=${OPTIONS:-}
VENV=${VENV:-/tmp/naswift-optuna-venv}
OUT=${OUT:-out/peer-optuna/$BENCHMARK-$TASK-$BUDGET}
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import optuna, scipy" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "optuna>=5,<6" scipy
fi

case "$BENCHMARK" in
    nb201) $N data import nb201 --space nb201 --from "$SHARED/data/nb201/nb201_200ep.csv" \
               --from "$SHARED/data/nb201-12ep/nb201_12ep.csv" >/dev/null ;;
    natsss) $N data import natsss --space natsss --from "$SHARED/data/natsss/natsss.csv" >/dev/null ;;
    *) if ! $N data list | grep -q "^$BENCHMARK "; then
           case "$BENCHMARK" in
               nbgraph|analognas) how="${NASWIFT_DATA:+NASWIFT_DATA=$NASWIFT_DATA }$N data import $BENCHMARK" ;;  # converts the PyPI package
               *) how="${NASWIFT_DATA:+NASWIFT_DATA=$NASWIFT_DATA }$N data import $BENCHMARK --space <space> --from <csv>" ;;
           esac
           echo "peer_optuna: benchmark $BENCHMARK is not imported in ${NASWIFT_DATA:-~/.cache/naswift}; run first: $how" >&2
           exit 2
       fi ;;
esac
ROWS=$($N data list --json | "$VENV/bin/python" -c "import json,sys; print([b['rows'] for b in json.load(sys.stdin) if b['name']=='$BENCHMARK'][0])")

# the task's table as naswift sees it (rows with a guide value; guide and report per row)
# shellcheck disable=SC2086
$N search --benchmark "$BENCHMARK" --task "$TASK" --strategy random --budget "$ROWS" --seeds 1 --threads 1 \
    --out "$OUT/table" $OPTIONS >/dev/null
# naswift, one thread, so wall seconds / seeds is the time of one run
# shellcheck disable=SC2086
$N compare --benchmark "$BENCHMARK" --task "$TASK" --strategies "$STRATEGIES" --budget "$BUDGET" --seeds "$SEEDS" \
    --first-seed "$FIRST_SEED" --threads 1 --json "$OUT/naswift.json" --out "$OUT/naswift" $OPTIONS >/dev/null
"$VENV/bin/python" scripts/bench/peer_optuna.py --space "$($N data list --json | "$VENV/bin/python" -c "import json,sys; print([b['space'] for b in json.load(sys.stdin) if b['name']=='$BENCHMARK'][0])")" \
    --table "$OUT/table/queries.csv" --naswift-json "$OUT/naswift.json" --naswift-queries "$OUT/naswift/queries.csv" \
    --samplers "$SAMPLERS" --budget "$BUDGET" --seeds "$SEEDS" --first-seed "$FIRST_SEED" --out "$OUT" \
    --reference "${REFERENCE:-}"
cat "$OUT/table.md"
