"""Ctrl-C: a SIGINT during a long simulation or sweep raises KeyboardInterrupt in the caller
within a fraction of a second, and the interpreter goes on working (no crash, no hang).

Each case runs in a subprocess that announces when the call starts; the test sends SIGINT
after a delay and measures, on the machine-wide monotonic clock, how long the call took to
stop. The calls would run for minutes if not interrupted."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT

#: Longest accepted time from SIGINT to KeyboardInterrupt (s). The engine checks the cancel
#: flag every few milliseconds of wall time and the caller polls signals every 50 ms.
LATENCY = 1.0

CHILD = """
import sys, time, eibal
model = eibal.load("models/brunel2000.ei")
print("start", flush=True)
try:
    {call}
except KeyboardInterrupt:
    stopped = time.monotonic()
    after = model.theory().rates[0]
    print("interrupted", stopped, after, flush=True)
    sys.exit(0)
print("finished", flush=True)
sys.exit(3)
"""


def interrupt(call: str, delay: float):
    # A shell without job control starts background commands with SIGINT ignored, and the
    # child would inherit that (Python then installs no KeyboardInterrupt handler): give the
    # child the default disposition, as an interactive session has.
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(call=call)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert child.stdout.readline().strip() == "start"
        time.sleep(delay)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, f"exit {child.returncode}: {out} {err}"
    word, stopped, rate = out.split()
    assert word == "interrupted"
    assert float(rate) == pytest.approx(37.95, abs=0.01), "the interpreter still works"
    return float(stopped) - sent


@pytest.mark.parametrize("delay", [0.2, 2.5])
def test_sigint_stops_a_simulation(delay):
    # 0.2 s: still building the network; 2.5 s: in the step loop.
    latency = interrupt('model.simulate(duration="200 s", progress=True)', delay)
    assert latency < LATENCY + (2.0 if delay < 1 else 0.0)


def test_sigint_stops_a_sweep():
    latency = interrupt('model.sweep({"g": [4, 5, 6, 7]}, simulate_every=1, duration="60 s", progress=False)', 2.5)
    assert latency < LATENCY
