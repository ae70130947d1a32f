#!/usr/bin/env python3
"""numpy side of `naswift bench linalg`: median wall time (ms) of Cholesky, eigh and thin SVD.

Same matrices as the Swift side in shape and kind (SPD A A^T + n I for cholesky/eigh, a random
square matrix for SVD); prints one JSON object {"cholesky_100_ms": ..., ...} to stdout.
Usage: python3 scripts/bench/linalg_numpy.py [--sizes 100,500] [--repeats 7]
"""
import argparse
import json
import time

import numpy as np


def median_ms(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return float(np.median(times))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="100,500")
    p.add_argument("--repeats", type=int, default=7)
    args = p.parse_args()
    rng = np.random.default_rng(0)
    out = {"numpy_version": np.__version__}
    for n in [int(s) for s in args.sizes.split(",")]:
        a = rng.standard_normal((n, n))
        spd = a @ a.T + n * np.eye(n)
        out[f"cholesky_{n}_ms"] = median_ms(lambda: np.linalg.cholesky(spd), args.repeats)
        out[f"eigh_{n}_ms"] = median_ms(lambda: np.linalg.eigh(spd), args.repeats)
        out[f"svd_{n}_ms"] = median_ms(lambda: np.linalg.svd(a, full_matrices=False), args.repeats)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
