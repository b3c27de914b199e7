"""NumPy peer of the benchmark suite (run.mjs): times one NumPy/LAPACK call on the suite's own input, on one thread.

Usage (run.mjs does this per row): python3 numpy_peer.py OP SHAPE INPUT OUTPUT MAX_TIME MIN_SAMPLES
  OP      'pinv' (numpy.linalg.pinv, default rcond: max(m, n)·eps·σ₁, as tapegrad's default rtol)
  SHAPE   comma-separated dims, e.g. 1000,8,8 (a batch is one vectorized call, as tapegrad's)
  INPUT   raw little-endian float64 file written by run.mjs; OUTPUT receives the result the same way
Prints one JSON line: {"median": ms, "samples": n, "numpy": version}. Timing: like benchmark.js, repeated calls until
MAX_TIME seconds and at least MIN_SAMPLES samples; the median is reported. Thread count is set by the parent's
environment (OPENBLAS_NUM_THREADS=1 etc.).
"""

import json
import sys
import time

import numpy as np


def main() -> None:
    op, shape_arg, inp, out, max_time, min_samples = sys.argv[1:7]
    shape = tuple(int(d) for d in shape_arg.split(","))
    a = np.fromfile(inp, dtype="<f8").reshape(shape)
    if op != "pinv":
        raise SystemExit(f"numpy_peer: unknown op {op}")
    fn = np.linalg.pinv
    result = fn(a)
    np.ascontiguousarray(result, dtype="<f8").tofile(out)
    samples = []
    start = time.perf_counter()
    while len(samples) < int(min_samples) or time.perf_counter() - start < float(max_time):
        t0 = time.perf_counter()
        fn(a)
        samples.append((time.perf_counter() - t0) * 1e3)
        if len(samples) >= 10000:
            break
    samples.sort()
    mid = len(samples) // 2
    median = samples[mid] if len(samples) % 2 else (samples[mid - 1] + samples[mid]) / 2
    print(json.dumps({"median": median, "samples": len(samples), "numpy": np.__version__}))


main()
