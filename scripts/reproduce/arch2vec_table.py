"""Summarises the runs of scripts/reproduce/arch2vec.sh: per run, the validation (guide) and
report accuracy of the architecture with the best validation accuracy found, mean ± std (population)
over seeds, read from each run's queries.csv. Runs split into seed chunks (`NAME-s000`,
`NAME-s005`, ... each with its own JSON and directory) are merged into one row."""
import collections, csv, glob, json, os, re, statistics, sys

out = sys.argv[1]
runs = collections.OrderedDict()
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    name = os.path.basename(path)[:-5]
    base = re.sub(r"-s\d{3}$", "", name)
    runs.setdefault(base, []).append((name, json.load(open(path))))

print("| run | benchmark / task | guide (val) | report | budget | seeds | queries/seed | val of best-val | report of best-val | CPU-s or wall s |")
print("|---|---|---|---|---|---|---|---|---|---|")
for base, parts in runs.items():
    s = parts[0][1]
    best, queries = {}, collections.Counter()
    for name, _ in parts:
        with open(os.path.join(out, name, "queries.csv")) as f:
            for r in csv.DictReader(f):
                queries[r["seed"]] += 1
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
    wall = sum(p[1]["wall_seconds"] for p in parts)
    print(f"| {base} | {s['benchmark']} / {s['task']} | {s['guide_metric']} | {s['report_metric']} | {s['budget']:g} {unit} | "
          f"{len(best)} | {statistics.mean(queries.values()):.1f} | {fmt(vals)} | {fmt(reps)} | {wall:.0f} |")
