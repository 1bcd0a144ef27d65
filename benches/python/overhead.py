"""What the Python package costs on top of the command line (issue 13, "Speed").

1. ``Model.simulate`` of Brunel's model for 1 s against ``eibal simulate`` of the same file
   and seed: wall time of ``eibal.load`` + ``simulate`` in this process against the wall time
   of the CLI process (which parses the file, simulates and prints JSON). Runs alternate,
   REPEATS of each; the medians and their ratio are printed.
2. Handing spikes to numpy: the median time of ``SimResult.spikes("E")`` over 20 calls on a
   run with at least 500,000 spikes of E, and the time scaled to exactly 500,000.

Run from the repository root with the package installed (scripts/test makes the venv):

    target/venvs/python/bin/python benches/python/overhead.py

The figures go to benches/README.md.
"""

import os
import statistics
import subprocess
import sys
import time

import eibal

REPEATS = int(os.environ.get("REPEATS", "5"))
CLI = os.environ.get("EIBAL_CLI", "target/release/eibal")
MODEL = "models/brunel2000.ei"


def cli_seconds() -> float:
    start = time.perf_counter()
    subprocess.run([CLI, "simulate", MODEL, "--duration", "1s", "--seed", "1", "--quiet", "--json"],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def python_seconds() -> float:
    start = time.perf_counter()
    eibal.load(MODEL).simulate(duration="1 s", seed=1, progress=False)
    return time.perf_counter() - start


def main() -> None:
    cli, py = [], []
    for _ in range(REPEATS):
        cli.append(cli_seconds())
        py.append(python_seconds())
    c, p = statistics.median(cli), statistics.median(py)
    print(f"simulate 1 s of {MODEL}: CLI median {c:.3f} s, Python median {p:.3f} s, "
          f"ratio Python/CLI {p / c:.4f} ({REPEATS} runs each, alternating)")
    print(f"  CLI runs: {', '.join(f'{x:.3f}' for x in cli)}")
    print(f"  Python runs: {', '.join(f'{x:.3f}' for x in py)}")

    run = eibal.load(MODEL).simulate(duration="1.4 s", seed=1, progress=False)
    n = len(run.spikes("E")[0])
    assert n >= 500_000, n
    times = []
    for _ in range(20):
        start = time.perf_counter()
        run.spikes("E")
        times.append(time.perf_counter() - start)
    t = statistics.median(times)
    print(f"spikes('E') of {n} spikes: median {t * 1e3:.2f} ms over 20 calls "
          f"({t * 1e3 * 500_000 / n:.2f} ms per 500,000 spikes)")


if __name__ == "__main__":
    sys.exit(main())
