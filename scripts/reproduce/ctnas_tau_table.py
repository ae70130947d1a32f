"""Summarises the JSON files written by ctnas_tau.sh (one `naswift ctnas nac --predictors ... --json`
per data set and seed) as a Markdown table: per data set and predictor, mean ± std (ddof 0) over the
seeds of the pairwise tau and of tau-b on the held-out cells, and on how many seeds each predictor
has the highest tau-b / pairwise tau of the three (ties count for each tied predictor), and the mean
fit time (NAC: training; tw-gp / bananas: fitting and predicting the held-out cells)."""
import glob, json, os, re, statistics, sys

out = sys.argv[1]
runs = {}
for path in sorted(glob.glob(os.path.join(out, "*-seed*.json"))):
    m = re.match(r"(.+)-seed(\d+)\.json$", os.path.basename(path))
    s = json.load(open(path))
    figures = {"NAC": (s["tauPairwise"], s["tauB"], s["trainSeconds"])}
    for p in s.get("predictors", []):
        figures[p["name"]] = (p["tauPairwise"], p["tauB"], p["fitSeconds"])
    runs.setdefault(m.group(1), []).append((int(m.group(2)), s, figures))


def label(name):
    """ctnas_tau.sh names a JSON <benchmark>-seed<k> (task cifar10) or <benchmark>-<task>-seed<k>."""
    if name in ("nb201", "nb101-20k"):
        return f"{name} (cifar10)"
    bench, _, task = name.partition("-")
    return f"{bench} ({task})"


def ms(xs):
    return f"{statistics.fmean(xs):.3f} ± {statistics.pstdev(xs):.3f}"


print("| data (task) | predictor | seeds | labels | held-out | NAC epochs | tau pairwise | tau-b | best tau-b (seeds) | best pairwise (seeds) | fit s (mean) |")
print("|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|")
for bench in sorted(runs, key=lambda b: (b != "nb201", b)):
    seeds = sorted(runs[bench])
    names = list(seeds[0][2])
    best = {k: {n: 0 for n in names} for k in (0, 1)}
    for _, _, f in seeds:
        for k in (0, 1):
            top = max(f[n][k] for n in names)
            for n in names:
                best[k][n] += f[n][k] == top
    s0 = seeds[0][1]
    seed_list = [x[0] for x in seeds]
    span = f"{min(seed_list)}-{max(seed_list)}" if seed_list == list(range(min(seed_list), max(seed_list) + 1)) else ",".join(map(str, seed_list))
    for n in names:
        print(f"| {label(bench)} | {n} | {len(seeds)} ({span}) | {s0['labels']} | {s0['heldOut']} | {s0['epochs']} | "
              f"{ms([f[n][0] for _, _, f in seeds])} | {ms([f[n][1] for _, _, f in seeds])} | {best[1][n]} | {best[0][n]} | {statistics.fmean(f[n][2] for _, _, f in seeds):.1f} |")
