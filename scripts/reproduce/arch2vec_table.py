"""Summarises the runs of scripts/reproduce/arch2vec.sh: per run, the validation (guide) and
report accuracy of the architecture with the best validation accuracy found, mean ± std (population)
over seeds, read from each run's queries.csv."""
import csv, glob, json, os, statistics, sys

out = sys.argv[1]
print("| run | benchmark / task | guide (val) | report | budget | seeds | queries/seed | val of best-val | report of best-val | wall s |")
print("|---|---|---|---|---|---|---|---|---|---|")
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    name = os.path.basename(path)[:-5]
    s = json.load(open(path))
    best = {}
    with open(os.path.join(out, name, "queries.csv")) as f:
        for r in csv.DictReader(f):
            if r["guide"] in ("", "nan"):
                continue
            g, rep = float(r["guide"]), float(r["report"])
            if r["seed"] not in best or g > best[r["seed"]][0]:
                best[r["seed"]] = (g, rep)
    scale = 100.0 if s["benchmark"].startswith("nb101") else 1.0
    vals = [scale * v[0] for v in best.values()]
    reps = [scale * v[1] for v in best.values()]
    unit = "s" if s["budget_unit"] == "seconds" else "queries"
    fmt = lambda xs: f"{statistics.mean(xs):.2f} ± {statistics.pstdev(xs):.2f}"
    print(f"| {name} | {s['benchmark']} / {s['task']} | {s['guide_metric']} | {s['report_metric']} | {s['budget']:g} {unit} | "
          f"{len(best)} | {s['mean_queries']:.1f} | {fmt(vals)} | {fmt(reps)} | {s['wall_seconds']:.0f} |")
