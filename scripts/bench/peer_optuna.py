"""Optuna's TPESampler / RandomSampler on naswift's view of a task, side by side with naswift.

Called by scripts/bench/peer_optuna.sh (read it for the protocol). Inputs: the queries.csv of an
exhaustive naswift random run (every row of the task: arch, guide, report), naswift's compare JSON
(metrics, directions, per-strategy wall seconds) and queries.csv (per-seed results). Every Optuna
trial is one query; a trial whose parameters name no row of the table is a failed query (it still
costs its trial and its objective is NaN).

Spaces: nb201 and natsss (the parameter vector is the architecture), nbgraph (NAS-Bench-Graph: 7
categorical parameters in2, in3, in4, op1..op4 as naswift's NBGraphSpace+Categorical.swift declares
them; a vector is looked up by the benchmark package's own canonicalisation,
nas_bench_graph.architecture.Arch([0, in2, in3, in4], ops).valid_hash(), and naswift's table rows
are keyed by the same package hash of their (links, ops), so no canonicalisation is re-implemented
here. The package (nas-bench-graph 1.4.0, pure Python, no torch needed for architecture.py) is the
one `naswift data import nbgraph` unpacks into $NASWIFT_DATA/pypi/nas-bench-graph-1.4.0; pass
--nbgraph-package or set NASWIFT_DATA. The 24 all-skip vectors (any links, four skips; valid_hash 88888, no architecture)
are failed queries.)
"""
import argparse
import csv
import json
import math
import os
import sys
import time
import warnings

import numpy as np
import optuna
from scipy.stats import mannwhitneyu

NB201_OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
NATS_WIDTHS = ["8", "16", "24", "32", "40", "48", "56", "64"]
# NBGraphSpace.operations (Sources/NASSpaces/NBGraphSpace.swift), the package's gnn_list order
NBGRAPH_OPS = ["gat", "gcn", "gin", "cheb", "sage", "arma", "graph", "fc", "skip"]
NBGRAPH_ARCH = None  # nas_bench_graph.architecture.Arch, loaded by load_nbgraph()


def load_nbgraph(package_dir):
    """Imports the benchmark package's architecture.py (Arch.valid_hash) from its unpacked wheel."""
    global NBGRAPH_ARCH
    if not package_dir:
        data = os.environ.get("NASWIFT_DATA") or os.path.expanduser("~/.cache/naswift")
        package_dir = os.path.join(data, "pypi", "nas-bench-graph-1.4.0")
    if not os.path.isfile(os.path.join(package_dir, "nas_bench_graph", "architecture.py")):
        sys.exit(f"peer_optuna: nas-bench-graph 1.4.0 not found in {package_dir}; run `naswift data import nbgraph` "
                 "(it unpacks the package into $NASWIFT_DATA/pypi) or pass --nbgraph-package DIR")
    sys.path.insert(0, package_dir)
    from nas_bench_graph.architecture import Arch, gnn_list
    if list(gnn_list) != NBGRAPH_OPS:
        sys.exit(f"peer_optuna: the package's gnn_list {gnn_list} differs from naswift's operations {NBGRAPH_OPS}")
    NBGRAPH_ARCH = Arch


def nbgraph_hash(links, ops):
    """The package's canonical hash of a cell (links: input of nodes 1-4; ops: operation names)."""
    return NBGRAPH_ARCH(list(links), list(ops)).valid_hash()


def parameters(space):
    """The categorical parameters (name, choices) as naswift's CategoricalSpace declares them."""
    if space == "nb201":
        return [(f"e{i + 1}", NB201_OPS) for i in range(6)]
    if space == "natsss":
        return [(f"stage{i + 1}", NATS_WIDTHS) for i in range(5)]
    if space == "nbgraph":  # NBGraphSpace+Categorical.swift: in2, in3, in4, op1..op4
        return [(f"in{i}", [str(j) for j in range(i)]) for i in (2, 3, 4)] + \
            [(f"op{i}", NBGRAPH_OPS) for i in (1, 2, 3, 4)]
    raise SystemExit(f"peer_optuna: space {space} is not supported yet (nb201, natsss, nbgraph)")


def values_of(space, arch):
    """The table key of one of naswift's architecture strings: the parameter values (choice labels)
    on nb201 / natsss; on nbgraph the package's valid_hash of the (links, ops) the string names."""
    if space == "nb201":  # |op~0|+|op~0|op~1|+|op~0|op~1|op~2|
        return tuple(tok.split("~")[0] for tok in arch.replace("+", "").split("|") if tok)
    if space == "nbgraph":  # op~input|op~input|op~input|op~input, e.g. gat~0|gcn~0|sage~1|gin~2
        nodes = [tok.split("~") for tok in arch.split("|")]
        if len(nodes) != 4 or any(len(n) != 2 or n[0] not in NBGRAPH_OPS for n in nodes):
            sys.exit(f"peer_optuna: '{arch}' is not a NAS-Bench-Graph architecture string (op~input|... x4)")
        return nbgraph_hash([int(n[1]) for n in nodes], [n[0] for n in nodes])
    return tuple(arch.split(":"))


def key_of(space, x):
    """The table key of one Optuna trial's parameter values."""
    if space == "nbgraph":
        return nbgraph_hash([0] + [int(v) for v in x[:3]], x[3:])
    return x


def read_table(path, space):
    table, archs = {}, {}
    with open(path) as f:
        for r in csv.DictReader(f):
            key = values_of(space, r["arch"])
            if key in table:
                sys.exit(f"peer_optuna: table rows '{archs[key]}' and '{r['arch']}' map to the same key {key!r} "
                         f"({'the package valid_hash' if space == 'nbgraph' else 'parameter values'}); "
                         "cannot tell which row an Optuna trial names")
            archs[key] = r["arch"]
            table[key] = (int(r["row"]), float(r["guide"]), float(r["report"]))
    return table


def run_optuna(sampler_name, seed, table, params, budget, guide_max, space):
    if sampler_name == "tpe":
        sampler = optuna.samplers.TPESampler(seed=seed)
    elif sampler_name == "tpe-independent":
        sampler = optuna.samplers.TPESampler(seed=seed, multivariate=False)
    elif sampler_name == "random":
        sampler = optuna.samplers.RandomSampler(seed=seed)
    else:
        raise SystemExit(f"unknown sampler {sampler_name}")
    study = optuna.create_study(direction="maximize" if guide_max else "minimize", sampler=sampler)
    rows = []

    def objective(trial):
        x = tuple(trial.suggest_categorical(name, choices) for name, choices in params)
        hit = table.get(key_of(space, x))
        rows.append(hit)
        return float("nan") if hit is None else hit[1]

    t0 = time.perf_counter()
    study.optimize(objective, n_trials=budget)
    seconds = time.perf_counter() - t0
    best = None  # best guide, ties: the earlier query (naswift's rule)
    for hit in rows:
        if hit is None:
            continue
        if best is None or (hit[1] > best[1] if guide_max else hit[1] < best[1]):
            best = hit
    distinct = len({h[0] for h in rows if h is not None})
    failed = sum(h is None for h in rows)
    return (best[2] if best else float("nan")), distinct, seconds, failed


def naswift_rows(queries_path, budget):
    """Per strategy: {seed: (final best-guided report, distinct rows)} from naswift's queries.csv."""
    out = {}
    with open(queries_path) as f:
        for r in csv.DictReader(f):
            s = out.setdefault(r["strategy"], {})
            seed = int(r["seed"])
            rep, rows = s.get(seed, (float("nan"), set()))
            rows.add(r["row"])
            s[seed] = (float(r["best_guided_report"]), rows)
    return {k: {seed: (v[0], len(v[1])) for seed, v in d.items()} for k, d in out.items()}


def pm(v):
    d = 2 if abs(np.mean(v)) >= 10 else 4  # percentages (nb201, natsss): 2 decimals; fractions (nbgraph): 4
    return f"{np.mean(v):.{d}f} ± {np.std(v):.{d}f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--space", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--naswift-json", required=True)
    ap.add_argument("--naswift-queries", required=True)
    ap.add_argument("--samplers", default="tpe,random")
    ap.add_argument("--budget", type=int, required=True)
    ap.add_argument("--seeds", type=int, required=True)
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--nbgraph-package", default="",
                    help="unpacked nas-bench-graph 1.4.0 (default: $NASWIFT_DATA/pypi/nas-bench-graph-1.4.0)")
    ap.add_argument("--reference", default="",
                    help="naswift strategy the p-values are taken against (one fixed in advance, e.g. on "
                         "validation seeds); default: the naswift strategy with the best mean in this table")
    a = ap.parse_args()
    warnings.simplefilter("ignore")
    optuna.logging.set_verbosity(optuna.logging.ERROR)

    nj = json.load(open(a.naswift_json))
    first = nj["strategies"][0]
    guide_max = first["guide_direction"] == "max"
    report_max = first["report_direction"] == "max"
    if a.space == "nbgraph":
        load_nbgraph(a.nbgraph_package)
    params = parameters(a.space)
    table = read_table(a.table, a.space)
    seeds = range(a.first_seed, a.first_seed + a.seeds)

    rows = []  # (name, values, distinct per run, seconds per run)
    per = naswift_rows(a.naswift_queries, a.budget)
    for s in nj["strategies"]:
        d = per[s["strategy"]]
        rows.append(("naswift " + s["strategy"], [d[k][0] for k in sorted(d)], [d[k][1] for k in sorted(d)],
                     s["wall_seconds"] / s["seeds"]))
    failed = {}  # Optuna sampler -> failed queries (trials naming no row) per run
    for name in a.samplers.split(","):
        res = [run_optuna(name, seed, table, params, a.budget, guide_max, a.space) for seed in seeds]
        failed[name] = float(np.mean([r[3] for r in res]))
        rows.append(("optuna " + name, [r[0] for r in res], [r[1] for r in res], float(np.mean([r[2] for r in res]))))

    naswift = [r for r in rows if r[0].startswith("naswift ")]
    if a.reference:
        chosen = [r for r in naswift if r[0] == "naswift " + a.reference]
        if not chosen:
            sys.exit(f"--reference {a.reference}: not among the naswift strategies run ({', '.join(r[0][8:] for r in naswift)})")
        best = chosen[0]
    else:
        best = max(naswift, key=lambda r: np.mean(r[1]) if report_max else -np.mean(r[1]))
    alt = "greater" if report_max else "less"
    lines = [f"## Optuna {optuna.__version__} vs naswift: {nj['benchmark']} / {nj['task']}", "",
             f"- guide `{nj['guide_metric']}` ({'max' if guide_max else 'min'}), report `{nj['report_metric']}` "
             f"({'max' if report_max else 'min'}), budget {a.budget} queries (every Optuna trial is one), "
             f"seeds {a.first_seed}-{a.first_seed + a.seeds - 1}, data sha256 {nj['data_sha256'][:12]}...",
             f"- p: one-sided Mann-Whitney U that naswift `{best[0][8:]}` beats the row "
             f"({'fixed in advance with --reference' if a.reference else 'the best naswift mean in this table'})",
             "- wall s / run: naswift with one thread (compare wall seconds / seeds); Optuna: study.optimize per seed",
             "- failed queries / run (Optuna trials whose parameters name no row; each still costs its trial"
             + ("; nbgraph: the package's valid_hash of the vector names no row, i.e. the 24 all-skip vectors, hash 88888"
                if a.space == "nbgraph" else "") + "): "
             + ", ".join(f"optuna {k} {v:.2f}" for k, v in failed.items()), "",
             "| run | report of best guided | p (best naswift better) | distinct archs / run | wall s / run |",
             "|---|---|---|---|---|"]
    csv_lines = ["run,mean,std,p_best_naswift_better,distinct_mean,seconds_per_run"]
    for name, vals, distinct, sec in rows:
        p = "—" if name == best[0] else f"{mannwhitneyu(best[1], vals, alternative=alt).pvalue:.2g}"
        lines.append(f"| {name} | {pm(vals)} | {p} | {np.mean(distinct):.1f} | {sec:.4f} |")
        csv_lines.append(f"{name},{np.mean(vals)},{np.std(vals)},{'' if p == '—' else p},{np.mean(distinct)},{sec}")
    open(f"{a.out}/table.md", "w").write("\n".join(lines) + "\n")
    open(f"{a.out}/table.csv", "w").write("\n".join(csv_lines) + "\n")
    # per-seed report values of every row (seeds in order), to test any pair later
    json.dump({name: [float(v) for v in vals] for name, vals, _, _ in rows}, open(f"{a.out}/values.json", "w"))


if __name__ == "__main__":
    main()
