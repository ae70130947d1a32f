#!/usr/bin/env python3
"""CENA's search table (issue 15, METHODS §1.4): cena-bo against random search on the same cells.

Reads the queries.csv of one `naswift compare --strategies cena-bo,random --cells ...` per task
(columns strategy, seed, query, ..., best_guided_report) and prints, per task and budget, the mean ±
std (ddof 0) over seeds of the best report value after that many queries and the one-sided
Mann-Whitney U p-value that cena-bo's is larger than random search's.

Usage: cena_table.py --budgets 20,50,100,200 TASK=DIR/queries.csv [TASK=...]
"""
import argparse
import csv
import statistics
import sys
from collections import defaultdict

from scipy.stats import mannwhitneyu


def best_at(path, budgets):
    """{strategy: {budget: [best report after `budget` queries, one per seed]}}"""
    curves = defaultdict(lambda: defaultdict(dict))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            curves[row["strategy"]][int(row["seed"])][int(row["query"])] = float(row["best_guided_report"])
    out = {}
    for strategy, seeds in curves.items():
        out[strategy] = {}
        for b in budgets:
            vals = []
            for seed, curve in sorted(seeds.items()):
                if b not in curve:
                    sys.exit(f"{path}: {strategy} seed {seed} has {max(curve)} queries, fewer than the budget {b}")
                vals.append(curve[b])
            out[strategy][b] = vals
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--budgets", default="20,50,100,200")
    ap.add_argument("--strategy", default="cena-bo")
    ap.add_argument("--baseline", default="random")
    ap.add_argument("runs", nargs="+", help="TASK=path/to/queries.csv")
    a = ap.parse_args()
    budgets = [int(b) for b in a.budgets.split(",")]
    print(f"| task | queries | seeds | {a.strategy} | {a.baseline} | p ({a.strategy} better) |")
    print("|---|---:|---:|---|---|---:|")
    for run in a.runs:
        task, _, path = run.partition("=")
        v = best_at(path, budgets)
        for s in (a.strategy, a.baseline):
            if s not in v:
                sys.exit(f"{path} has no {s} queries (strategies: {', '.join(sorted(v))})")
        for b in budgets:
            x, y = v[a.strategy][b], v[a.baseline][b]
            p = mannwhitneyu(x, y, alternative="greater").pvalue
            fmt = lambda z: f"{statistics.fmean(z):.3f} ± {statistics.pstdev(z):.3f}"
            print(f"| {task} | {b} | {len(x)} | {fmt(x)} | {fmt(y)} | {p:.2g} |")


if __name__ == "__main__":
    main()
