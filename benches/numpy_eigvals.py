"""Peer timing for benches/spectrum.rs: numpy.linalg.eigvals on N x N Gaussian matrices.

Median of 3 runs after one warm-up call, with the thread count numpy's BLAS uses by default.
Run: /root/.venvs/anchors/bin/python benches/numpy_eigvals.py [--large]   (--large adds N = 4000)
"""
import sys
import statistics
import time

import numpy as np

rng = np.random.default_rng(1)
print("numpy", np.__version__)
sizes = (1000, 2000, 4000) if "--large" in sys.argv else (1000, 2000)
for n in sizes:
    m = rng.normal(0.0, 1.0 / np.sqrt(n), size=(n, n))
    np.linalg.eigvals(m)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        np.linalg.eigvals(m)
        times.append(time.perf_counter() - t0)
    print(f"N={n}: median {statistics.median(times) * 1e3:.1f} ms")
