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
