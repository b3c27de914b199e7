"""NumPy side of the linalg shape sweep (sweep.mjs): times every case of a manifest on one BLAS/LAPACK thread.

Usage (sweep.mjs does this once per run): python3 numpy_sweep.py MANIFEST
  MANIFEST  JSON written by sweep.mjs: {"dir": ..., "maxTime": s, "minSamples": n, "clock": "wall"|"cpu",
            "cases": [{"op", "shape", "b": shape or null}]}; case i's inputs are raw little-endian float64 files
            DIR/a{i}.f64 (and DIR/b{i}.f64), its comparable result is written to DIR/r{i}.f64.
Prints one JSON line: {"numpy": version, "medians": [ms per case]}. Timing: repeated calls until maxTime seconds and
at least minSamples samples, median reported; clock "cpu" is time.process_time() (for a loaded machine). Thread
count comes from the parent's environment (OPENBLAS_NUM_THREADS=1 etc.).
"""

import json
import os
import sys
import time

import numpy as np


def comparable(op, a, b):
    """The call to time and the function giving the values compared with tapegrad's (unique up to signs)."""
    la = np.linalg
    calls = {
        "pinv": (lambda: la.pinv(a), lambda r: r),
        "svd": (lambda: la.svd(a, full_matrices=False), lambda r: r[1]),
        "svdvals": (lambda: la.svd(a, compute_uv=False), lambda r: r),
        "eigh": (lambda: la.eigh(a), lambda r: r[0]),
        "eigvalsh": (lambda: la.eigvalsh(a), lambda r: r),
        "inv": (lambda: la.inv(a), lambda r: r),
        "det": (lambda: la.det(a), lambda r: r),
        "slogdet": (lambda: la.slogdet(a), lambda r: r[1]),
        "solve": (lambda: la.solve(a, b), lambda r: r),
        "cholesky": (lambda: la.cholesky(a), lambda r: r),
        "qr": (lambda: la.qr(a), lambda r: np.abs(r[1])),
        "lstsq": (lambda: la.lstsq(a, b, rcond=None), lambda r: r[0]),
        "matmul": (lambda: a @ b, lambda r: r),
    }
    if op not in calls:
        raise SystemExit(f"numpy_sweep: unknown op {op}")
    return calls[op]


def load(path, shape):
    return np.fromfile(path, dtype="<f8").reshape(shape)


def main() -> None:
    manifest = json.load(open(sys.argv[1]))
    folder, clock = manifest["dir"], time.process_time if manifest["clock"] == "cpu" else time.perf_counter
    medians = []
    for i, case in enumerate(manifest["cases"]):
        a = load(os.path.join(folder, f"a{i}.f64"), tuple(case["shape"]))
        b = load(os.path.join(folder, f"b{i}.f64"), tuple(case["b"])) if case.get("b") else None
        fn, values = comparable(case["op"], a, b)
        np.ascontiguousarray(values(fn()), dtype="<f8").tofile(os.path.join(folder, f"r{i}.f64"))
        samples = []
        start = time.perf_counter()
        while len(samples) < manifest["minSamples"] or time.perf_counter() - start < manifest["maxTime"]:
            t0 = clock()
            fn()
            samples.append((clock() - t0) * 1e3)
            if len(samples) >= 10000:
                break
        samples.sort()
        mid = len(samples) // 2
        medians.append(samples[mid] if len(samples) % 2 else (samples[mid - 1] + samples[mid]) / 2)
    print(json.dumps({"numpy": np.__version__, "medians": medians}))


main()
