"""Collects the output folders of scripts/bench/peer_optuna.sh (one per table, task and budget) into
the "Against Optuna" table of REPRODUCTION.md: per folder, Optuna TPE's mean ± std (ddof 0) of the
report value of the best-guided architecture, then each naswift strategy's mean ± std and the
one-sided Mann-Whitney U p-value (scipy) that it beats Optuna TPE, and `auto`: its own run when the
folder has one, else the column of the strategy `auto` runs on that task (read from `naswift strategies
--json`, per task, else per space; it proposes exactly what that strategy proposes with the same seed), marked in bold
when p < 0.05. `--reverse` adds, per row, the p-value that Optuna TPE beats `auto`.

Usage: python3 peer_optuna_table.py [--strategies re,tpe,tpe-nas,tw-gp,bananas] [--no-auto] [--extra DIR] [--naswift BIN] FOLDER...
(folder names as peer_optuna.sh's default OUT: <benchmark>-<task>-<budget>, any prefix).
--extra DIR adds strategies run later on the same table, budget and seeds with `naswift compare
--out DIR/<folder name>` (e.g. arch2vec-bo, which needs --model): each strategy's final best-guided
report per seed is read from DIR/<folder name>/queries.csv, as peer_optuna.py reads naswift's."""
import argparse, csv, functools, json, os, re, statistics, subprocess
from scipy.stats import mannwhitneyu

ap = argparse.ArgumentParser()
ap.add_argument("--strategies", default="random,re,tpe,tpe-nas,tw-gp,bananas")
ap.add_argument("--no-auto", action="store_true", help="leave out the auto column (validation tables, where auto is picked)")
ap.add_argument("--reverse", action="store_true", help="add the p-value that Optuna TPE beats auto")
ap.add_argument("--extra", help="folder of later `naswift compare` runs, one sub-folder per table folder name")
ap.add_argument("--naswift", default=os.environ.get("NASWIFT", "naswift"),
                help="naswift binary whose `strategies --json` gives auto's picks (default: $NASWIFT, else naswift on PATH)")
ap.add_argument("folders", nargs="+")
a = ap.parse_args()
names = a.strategies.split(",")


def auto_pick(bench, task):
    """The strategy auto runs on (bench, task): the task's pick, else the space's (None elsewhere).
    naswift is asked only for a folder without its own auto run, and only once."""
    per_task, per_space = auto_picks()
    return per_task.get((bench, task)) or per_space.get(bench)


@functools.cache
def auto_picks():
    """auto's (benchmark, task) -> strategy and space -> strategy tables, from `naswift strategies --json`."""
    try:
        listing = json.loads(subprocess.run([a.naswift, "strategies", "--json"], check=True,
                                            capture_output=True, text=True).stdout)
    except (OSError, subprocess.CalledProcessError) as e:
        raise SystemExit(f"cannot run `{a.naswift} strategies --json` for auto's picks ({e}); "
                         "pass --naswift PATH (or set NASWIFT), or --no-auto")
    d = next(s for s in listing if s["name"] == "auto")["delegates"]
    return {(t["benchmark"], t["task"]): t["strategy"] for t in d["per_task"]}, d["per_space"]


def ms(xs, digits):
    return f"{statistics.fmean(xs):.{digits}f} ± {statistics.pstdev(xs):.{digits}f}"


def p_better(xs, ys):
    return mannwhitneyu(xs, ys, alternative="greater").pvalue


auto_head = "" if a.no_auto else "**auto** | p | " + ("p Optuna better | " if a.reverse else "")
print("| table | task | budget | seeds | Optuna TPE | Optuna random | " + auto_head + " | ".join(f"{n} | p" for n in names) + " |")
print("|---|---|---:|---:|---|---|" + ("" if a.no_auto else "---|---:|" + ("---:|" if a.reverse else "")) + "---|---:|" * len(names))
for folder in a.folders:
    m = re.search(r"(nb201|natsss|nbgraph|nb101)-(.+)-(\d+)/?$", folder)
    if not m:
        raise SystemExit(f"{folder}: expected a folder named <benchmark>-<task>-<budget>")
    bench, task, budget = m.group(1), m.group(2), m.group(3)
    values = json.load(open(os.path.join(folder, "values.json")))
    extra = os.path.join(a.extra, os.path.basename(folder.rstrip("/")), "queries.csv") if a.extra else None
    if extra and os.path.exists(extra):
        final = {}
        with open(extra) as f:
            for r in csv.DictReader(f):
                final.setdefault(r["strategy"], {})[int(r["seed"])] = float(r["best_guided_report"])
        for strategy, per_seed in final.items():
            if len(per_seed) != len(values["optuna tpe"]):
                raise SystemExit(f"{extra}: {strategy} has {len(per_seed)} seeds, the table {len(values['optuna tpe'])}")
            values.setdefault(f"naswift {strategy}", [per_seed[k] for k in sorted(per_seed)])
    ref = values["optuna tpe"]
    digits = 4 if max(ref) <= 1 else 2
    cells = []
    auto = None if a.no_auto else "auto" if "naswift auto" in values else auto_pick(bench, task)
    for i, n in enumerate(([] if a.no_auto else [auto]) + names):
        xs = values.get(f"naswift {n}")
        if xs is None:
            cells += ["", ""] + (["" ] if a.reverse and i == 0 and not a.no_auto else [])
            continue
        p = p_better(xs, ref)
        text = ms(xs, digits)
        cells += [f"**{text}**" if p < 0.05 else text, f"{p:.2g}"]
        if a.reverse and i == 0 and not a.no_auto:
            cells.append(f"{p_better(ref, xs):.2g}")
    rnd = values.get("optuna random")
    print(f"| {bench} | {task} | {budget} | {len(ref)} | {ms(ref, digits)} | {ms(rnd, digits) if rnd else ''} | " + " | ".join(cells) + " |")
