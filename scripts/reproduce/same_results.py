"""Compares two same_results.sh output folders: JSON summaries without wall-clock fields, and each
run's queries.csv byte for byte. Exits 1 when anything differs."""
import glob, json, os, sys

def clean(o):
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items() if k not in ("wall_seconds", "queries_per_second")}
    if isinstance(o, list):
        return [clean(x) for x in o]
    return o

a, b = sys.argv[1], sys.argv[2]
names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(a, "*.json")))
differ = 0
for n in names:
    ja, jb = os.path.join(a, n + ".json"), os.path.join(b, n + ".json")
    if not os.path.exists(jb) or clean(json.load(open(ja))) != clean(json.load(open(jb))):
        differ += 1; print("summary differs:", n); continue
    qa, qb = os.path.join(a, n, "queries.csv"), os.path.join(b, n, "queries.csv")
    if open(qa, "rb").read() != open(qb, "rb").read():
        differ += 1; print("query log differs:", n)
print(f"{len(names)} runs compared, {len(names) - differ} identical, {differ} different")
sys.exit(1 if differ else 0)
