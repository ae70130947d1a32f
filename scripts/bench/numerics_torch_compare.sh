#!/usr/bin/env bash
# Side-by-side figures for BENCHMARKS.md "Numerical core: tensors and autodiff":
# runs `naswift bench numerics` and scripts/bench/numerics_torch.py back to back, 3 rounds,
# and prints the best of each figure and the ratios.
# Usage: bash scripts/bench/numerics_torch_compare.sh [python-with-torch]   (default: python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
py=${1:-python3}
out=$(mktemp -d)
# the library targets are compiled with -O even in debug builds (Package.swift)
swift build --product naswift > /dev/null
for r in 1 2 3; do
  .build/debug/naswift bench numerics --json "$out/swift$r.json" > /dev/null
  "$py" scripts/bench/numerics_torch.py --json "$out/ref$r.json" > /dev/null
done
python3 - "$out" <<'PY'
import json, sys, glob
d = sys.argv[1]
sw = [json.load(open(f)) for f in sorted(glob.glob(d + "/swift*.json"))]
rf = [json.load(open(f)) for f in sorted(glob.glob(d + "/ref*.json"))]
best = lambda runs, k, hi=True: (max if hi else min)(r[k] for r in runs if k in r)
s = {k: best(sw, k, k != "gin_step_ms" and k != "max_gradcheck_rel_error") for k in sw[0]}
print(json.dumps(s, indent=2))
print("gemm ours / direct OpenBLAS: %.3f" % (s["gemm_gflops"] / s["openblas_gflops"]))
print("gemm ours / numpy:           %.3f  (numpy %.1f GFLOP/s)" % (s["gemm_gflops"] / best(rf, "numpy_gemm_gflops"), best(rf, "numpy_gemm_gflops")))
if any("torch_conv_images_per_s" in r for r in rf):
    tc, tg = best(rf, "torch_conv_images_per_s"), best(rf, "torch_gin_step_ms", False)
    print("conv block ours / torch:     %.3f  (torch %.0f images/s)" % (s["conv_train_images_per_s"] / tc, tc))
    print("GIN step torch / ours:       %.3f  (torch %.2f ms)" % (tg / s["gin_step_ms"], tg))
PY
