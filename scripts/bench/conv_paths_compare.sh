#!/usr/bin/env bash
# The three convolution paths side by side with PyTorch, in one run, for BENCHMARKS.md
# "Convolution paths": the conv block of `naswift bench numerics` (3x3 conv 16->16 + BN + ReLU,
# 64x16x32x32, forward + backward) on the AVX-512 kernels, the AVX2 + FMA kernels
# (NASWIFT_NO_AVX512=1) and im2col + sgemm (both switched off), against PyTorch as it runs here and
# PyTorch held to AVX2 (ATEN_CPU_CAPABILITY=avx2, ONEDNN_MAX_CPU_ISA=AVX2), which is what an
# AVX2-only CPU (the AMD EPYC machines) gives both sides. Rounds alternate; the best of each is kept.
# With --cena, also seconds per init of the three NB201 cells of `naswift bench cena` on the AVX2
# kernels against AVX2 PyTorch (best of the same number of rounds: a few minutes; one round is
# dominated by first-touch allocations and thread start-up). On a CPU without AVX-512 the AVX-512
# row is left out (naswift would run its AVX2 kernels there).
# Usage: bash scripts/bench/conv_paths_compare.sh PYTHON-WITH-TORCH [rounds=3] [--cena] [--release]
set -euo pipefail
cd "$(dirname "$0")/../.."
py=${1:?usage: conv_paths_compare.sh PYTHON-WITH-TORCH [rounds] [--cena] [--release]}
rounds=${2:-3}
config=debug
for a in "$@"; do [ "$a" = "--release" ] && config=release; done
swift build -c "$config" --product naswift > /dev/null
N=.build/$config/naswift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
avx2_torch=(ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2)
for r in $(seq 1 "$rounds"); do
  "$N" bench numerics --blocks 3 --json "$out/avx512.$r.json" > /dev/null
  NASWIFT_NO_AVX512=1 "$N" bench numerics --blocks 3 --json "$out/avx2.$r.json" > /dev/null
  NASWIFT_NO_AVX512=1 NASWIFT_NO_AVX2=1 "$N" bench numerics --blocks 3 --json "$out/im2col.$r.json" > /dev/null
  "$py" scripts/bench/numerics_torch.py --json "$out/torch.$r.json" > /dev/null
  env "${avx2_torch[@]}" "$py" scripts/bench/numerics_torch.py --json "$out/torchavx2.$r.json" > /dev/null
done
echo "cpu: $("$N" system --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["cpu"], "| avx512:", d["avx512"], "| conv:", d["conv_kernels"])')"
echo "build: $config, rounds: $rounds, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
has512=$("$N" system --json | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["avx512"] == "yes"))')
python3 - "$out" "$has512" <<'PY'
import glob, json, sys
d, has512 = sys.argv[1], sys.argv[2] == "1"
def best(tag, key):
    vals = [json.load(open(f)).get(key) for f in glob.glob(f"{d}/{tag}.*.json")]
    return max(v for v in vals if v is not None)
torch, torch2 = best("torch", "torch_conv_images_per_s"), best("torchavx2", "torch_conv_images_per_s")
print("| path | naswift images/s | PyTorch images/s (same ISA) | ratio |")
print("|---|---:|---:|---:|")
rows = [("avx512", "AVX-512 kernels", torch)] if has512 else []
rows += [("avx2", "AVX2 + FMA kernels", torch2), ("im2col", "im2col + sgemm", torch2)]
for tag, name, ref in rows:
    v = best(tag, "conv_train_images_per_s")
    print(f"| {name} | {v:,.0f} | {ref:,.0f} | {v / ref:.2f} |")
PY
if [[ " $* " == *" --cena "* ]]; then
  NASWIFT_NO_AVX512=1 env "${avx2_torch[@]}" "$N" bench cena --inits 1 --rounds "$rounds" --torch-python "$py"
fi
