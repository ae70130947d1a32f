"""Summarises the JSON files written by twnas.sh as a Markdown table of errors (100 - accuracy)."""
import glob, json, os, sys

out = sys.argv[1]
rows = []
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    s = json.load(open(path))
    f = s["final"]
    scale = 100.0 if "val_acc" in s["report_metric"] and s["benchmark"].startswith("nb101") else 1.0
    def err(k):
        m, sd = f[k]["mean"], f[k]["std"]
        return f"{100 - scale * m:.2f} ± {scale * sd:.2f}"
    rows.append((os.path.basename(path)[:-5], s["benchmark"], s["task"], s["guide_metric"], s["report_metric"],
                 s["budget"], s["seeds"], err("oracle_best_report"), err("report_of_best_guided"),
                 f'{s["wall_seconds"]:.1f}', s["data_sha256"][:12]))
print("| run | benchmark | task | guide | report | budget | seeds | oracle best error | error of best-guided | wall s | data sha256 |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(str(x) for x in r) + " |")

# The same runs beside the reference numbers (METHODS §3.9, 5 trials of the TW-NAS repository),
# in the layout of REPRODUCTION.md. NB101 references are on the full 423k table (mean of 3 runs),
# nb101-20k has single runs, so those rows are not comparable in absolute terms.
REF = {
    "cifar10-12ep": {"random": "11.62 ± 0.23", "re": "11.05 ± 0.21", "bananas": "10.94 ± 0.16", "tw-gp-1g": "10.99 ± 0.16",
                     "tw-gp-2g": "11.06 ± 0.18", "tw-gp-faithful": "10.99 ± 0.16", "tw-gp-2g-faithful": "11.06 ± 0.18", "batch-random": "11.53 ± 0.33",
                     "tw-kdpp-1g": "10.98 ± 0.15", "tw-kdpp-faithful": "10.98 ± 0.15", "tw-kdpp-2g": "10.91 ± 0.14"},
    "cifar100-12ep": {"random": "40.77 ± 0.74", "re": "38.87 ± 0.05", "bananas": "39.28 ± 0.31", "tw-gp-1g": "39.40 ± 0.67",
                      "tw-gp-2g": "39.35 ± 0.43", "tw-gp-faithful": "39.40 ± 0.67", "tw-gp-2g-faithful": "39.35 ± 0.43", "batch-random": "40.50 ± 0.89",
                      "tw-kdpp-1g": "38.88 ± 0.00", "tw-kdpp-faithful": "38.88 ± 0.00", "tw-kdpp-2g": "38.88 ± 0.07"},
    "imagenet16-12ep": {"random": "64.47 ± 0.92", "re": "62.81 ± 0.90", "bananas": "62.57 ± 0.56", "tw-gp-1g": "62.52 ± 0.98",
                        "tw-gp-2g": "62.49 ± 0.66", "tw-gp-faithful": "62.52 ± 0.98", "tw-gp-2g-faithful": "62.49 ± 0.66", "batch-random": "64.11 ± 1.37",
                        "tw-kdpp-1g": "62.22 ± 0.46", "tw-kdpp-faithful": "62.22 ± 0.46", "tw-kdpp-2g": "62.37 ± 0.52"},
    "nb101": {"random": "5.65 ± 0.09 (val)", "re": "5.58 ± 0.09 (val)", "bananas": "5.28 ± 0.17 (val)",
              "tw-gp-1g": "5.44 ± 0.14 (val)", "tw-gp-2g": "5.46 ± 0.10 (val)", "batch-random": "5.64 ± 0.08 (val)",
              "tw-kdpp-1g": "5.40 ± 0.05 (val)", "tw-kdpp-2g": "5.41 ± 0.11 (val)"},
}
LABEL = {"cifar10-12ep": "C10", "cifar100-12ep": "C100", "imagenet16-12ep": "IN16", "nb101": "nb101-20k"}
print()
print("| run | reference (5 trials) | oracle best error | error of best-guided | wall s (50 seeds) |")
print("|---|---|---|---|---|")
for space in ["cifar10-12ep", "cifar100-12ep", "imagenet16-12ep", "nb101"]:
    for kind, algs in [("seq", ["random", "re", "bananas", "tw-gp-1g", "tw-gp-2g", "tw-gp-faithful", "tw-gp-2g-faithful"]),
                       ("batch", ["random", "tw-kdpp-1g", "tw-kdpp-2g", "tw-kdpp-faithful"])]:
        for alg in algs:
            path = os.path.join(out, f"{kind}-{space}-{alg}.json")
            if not os.path.exists(path):
                continue
            s = json.load(open(path))
            f = s["final"]
            scale = 100.0 if s["benchmark"].startswith("nb101") else 1.0
            def err(k):
                return f'{100 - scale * f[k]["mean"]:.2f} ± {scale * f[k]["std"]:.2f}'
            ref = REF[space].get("batch-random" if (kind, alg) == ("batch", "random") else alg, "—")
            budget = f' ({s["budget"]})' if kind == "batch" else ""
            print(f'| {LABEL[space]} {kind} {alg}{budget} | {ref} | {err("oracle_best_report")} | '
                  f'{err("report_of_best_guided")} | {s["wall_seconds"]:.1f} |')
