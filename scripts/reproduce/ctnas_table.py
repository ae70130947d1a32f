#!/usr/bin/env python3
"""CTNAS search table (issue 16, REPRODUCTION.md): the derived architecture beside random search and RE.

    ctnas_table.py --table CSV --report METRIC [--scale F] --queries DIR/queries.csv [--queries ...] \
        [--rename FILE_INDEX:STRATEGY=LABEL ...]

Reads naswift's `queries.csv` files (one row per query: strategy, seed, query, row, arch, guide,
report, best_guided_report, ...), and the benchmark CSV the table was imported from, whose row i is
the table's row i (`row` of queries.csv), to rank a cell among all of the table's cells by the
report metric. Prints one Markdown table:

- per strategy: mean ± std (ddof 0) over seeds of the report value of the best-guided cell at the
  last query, and the one-sided Mann-Whitney U p-value that it beats random search;
- for `ctnas` rows also the derived architecture (its last query): report value, mean quantile of
  that value among the table's cells (1 = best) and the median rank (1 = best), and what the
  derived cell adds: the mean change of the best-guided report value from the query before it to
  the last query, with the number of seeds where it rose / fell (the queries before it are the
  labelled random cells, so this isolates the search from the luck of the labelled sample).

Standard library plus scipy (for the Mann-Whitney U test).
"""
import argparse
import csv
import statistics
import sys
from collections import defaultdict

from scipy.stats import mannwhitneyu


def read_queries(path):
    """{strategy: {seed: [rows in query order]}} of one queries.csv."""
    out = defaultdict(lambda: defaultdict(list))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out[row["strategy"]][int(row["seed"])].append(row)
    for runs in out.values():
        for rows in runs.values():
            rows.sort(key=lambda r: int(r["query"]))
    return out


def pm(values):
    """mean ± std (ddof 0); 4 decimals for fractions (values below 1.5), else 3."""
    digits = 4 if max(abs(v) for v in values) < 1.5 else 3
    return f"{statistics.fmean(values):.{digits}f} ± {statistics.pstdev(values):.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--table", required=True, help="benchmark CSV (all cells) for ranks")
    ap.add_argument("--report", required=True, help="report metric column of --table")
    ap.add_argument("--scale", type=float, default=1.0, help="factor from the table's unit to queries.csv's (e.g. 100)")
    ap.add_argument("--queries", action="append", default=[], help="queries.csv (repeatable)")
    ap.add_argument("--rename", action="append", default=[], help="FILE_INDEX:STRATEGY=LABEL, e.g. 1:ctnas=ctnas baseline=random")
    a = ap.parse_args()

    with open(a.table, newline="") as f:
        rows = list(csv.DictReader(f))
    if a.report not in rows[0]:
        sys.exit(f"ctnas_table.py: {a.table} has no column {a.report} (columns: {list(rows[0])})")
    # rows without a report value (e.g. NAS-Bench-Graph tasks that evaluated a subset) are not ranked
    value = {i: float(r[a.report]) * a.scale for i, r in enumerate(rows) if r[a.report].strip()}
    ordered = sorted(value.values(), reverse=True)
    total = len(ordered)

    def rank(v):
        # 1 + number of cells strictly better (ties share the best rank)
        lo, hi = 0, total
        while lo < hi:
            mid = (lo + hi) // 2
            if ordered[mid] > v + 1e-9:
                lo = mid + 1
            else:
                hi = mid
        return lo + 1

    renames = {}
    for r in a.rename:
        idx, rest = r.split(":", 1)
        strategy, label = rest.split("=", 1)
        renames[(int(idx), strategy)] = label

    runs = {}   # label -> {seed: rows}
    for i, path in enumerate(a.queries):
        for strategy, by_seed in read_queries(path).items():
            # several files may hold seed ranges of one strategy (e.g. runs of 10 seeds)
            merged = runs.setdefault(renames.get((i, strategy), strategy), {})
            for seed, rows in by_seed.items():
                if seed in merged:
                    sys.exit(f"ctnas_table.py: seed {seed} of {strategy} appears in two files")
                merged[seed] = rows

    if "random" not in runs:
        sys.exit("ctnas_table.py: no random-search rows (the p-values are against random search)")
    best = {label: [by_seed[s][-1]["best_guided_report"] for s in sorted(by_seed)] for label, by_seed in runs.items()}
    best = {label: [float(v) for v in vals] for label, vals in best.items()}
    seeds = {label: sorted(by_seed) for label, by_seed in runs.items()}
    queries = {label: statistics.fmean(len(by_seed[s]) for s in by_seed) for label, by_seed in runs.items()}

    print("| strategy | seeds | queries | report of best guided | p vs random | derived cell: report | derived: mean quantile | derived: median rank | derived: gain (seeds up / down) |")
    print("|---|---:|---:|---|---:|---|---:|---:|---|")
    for label, vals in best.items():
        p = "—" if label == "random" else f"{mannwhitneyu(vals, best['random'], alternative='greater').pvalue:.2g}"
        derived = ["", "", "", ""]
        if label.startswith("ctnas"):
            last = [runs[label][s][-1] for s in seeds[label]]
            dv = []
            for r in last:
                if int(r["row"]) not in value:
                    sys.exit(f"ctnas_table.py: row {r['row']} of {a.table} has no {a.report} value: "
                             "not the CSV the table was imported from")
                v = value[int(r["row"])]
                if abs(v - float(r["report"])) > 1e-6 * max(1.0, abs(v)):
                    sys.exit(f"ctnas_table.py: row {r['row']} of {a.table} has {a.report} {v}, queries.csv says {r['report']}: "
                             "not the CSV the table was imported from (or pass --scale)")
                dv.append(v)
            ranks = [rank(v) for v in dv]
            gain = [float(runs[label][s][-1]["best_guided_report"]) - float(runs[label][s][-2]["best_guided_report"])
                    for s in seeds[label]]
            derived = [pm(dv), f"{statistics.fmean(1 - (k - 1) / total for k in ranks):.3f}", f"{statistics.median(ranks):.0f}",
                       f"{statistics.fmean(gain):+.4g} ({sum(g > 0 for g in gain)} / {sum(g < 0 for g in gain)})"]
        print(f"| {label} | {len(vals)} | {queries[label]:.0f} | {pm(vals)} | {p} | " + " | ".join(derived) + " |")
    print(f"\nSeeds {seeds['random'][0]}-{seeds['random'][-1]}; ranks among the {total:,} cells of {a.table} by {a.report}.")


if __name__ == "__main__":
    main()
