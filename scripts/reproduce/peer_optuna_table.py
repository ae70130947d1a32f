"""Collects the output folders of scripts/bench/peer_optuna.sh (one per table, task and budget) into
the "Against Optuna" table of REPRODUCTION.md: per folder, Optuna TPE's mean ± std (ddof 0) of the
report value of the best-guided architecture, then each naswift strategy's mean ± std and the
one-sided Mann-Whitney U p-value (scipy) that it beats Optuna TPE, and `auto`: the strategy `auto`
runs on that space (AutoStrategyFactory.picks; it proposes exactly what that strategy proposes with
the same seed), marked in bold when p < 0.05.

Usage: python3 peer_optuna_table.py [--strategies re,tpe,tpe-nas,tw-gp,bananas] [--no-auto] FOLDER...
(folder names as peer_optuna.sh's default OUT: <benchmark>-<task>-<budget>, any prefix)."""
import argparse, json, os, re, statistics
from scipy.stats import mannwhitneyu

AUTO = {"nb201": "tpe-nas", "natsss": "tw-gp", "nbgraph": "tw-gp"}

ap = argparse.ArgumentParser()
ap.add_argument("--strategies", default="random,re,tpe,tpe-nas,tw-gp,bananas")
ap.add_argument("--no-auto", action="store_true", help="leave out the auto column (validation tables, where auto is picked)")
ap.add_argument("folders", nargs="+")
a = ap.parse_args()
names = a.strategies.split(",")


def ms(xs, digits):
    return f"{statistics.fmean(xs):.{digits}f} ± {statistics.pstdev(xs):.{digits}f}"


def p_better(xs, ys):
    return mannwhitneyu(xs, ys, alternative="greater").pvalue


auto_head = "" if a.no_auto else "**auto** | p | "
print("| table | task | budget | seeds | Optuna TPE | Optuna random | " + auto_head + " | ".join(f"{n} | p" for n in names) + " |")
print("|---|---|---:|---:|---|---|" + ("" if a.no_auto else "---|---:|") + "---|---:|" * len(names))
for folder in a.folders:
    m = re.search(r"(nb201|natsss|nbgraph|nb101)-(.+)-(\d+)/?$", folder)
    if not m:
        raise SystemExit(f"{folder}: expected a folder named <benchmark>-<task>-<budget>")
    bench, task, budget = m.group(1), m.group(2), m.group(3)
    values = json.load(open(os.path.join(folder, "values.json")))
    ref = values["optuna tpe"]
    digits = 4 if max(ref) <= 1 else 2
    cells = []
    for n in ([] if a.no_auto else [AUTO[bench]]) + names:
        xs = values.get(f"naswift {n}")
        if xs is None:
            cells += ["", ""]
            continue
        p = p_better(xs, ref)
        text = ms(xs, digits)
        cells += [f"**{text}**" if p < 0.05 else text, f"{p:.2g}"]
    rnd = values.get("optuna random")
    print(f"| {bench} | {task} | {budget} | {len(ref)} | {ms(ref, digits)} | {ms(rnd, digits) if rnd else ''} | " + " | ".join(cells) + " |")
