"""The arrays of a simulation: dtypes and shapes, and the same data as the files the command
line writes with ``--out`` for the same model and seed (the engine's file recorders are an
independent path from the in-memory recording that Python reads)."""

from __future__ import annotations

import csv

import numpy as np
import pytest

import eibal
from conftest import BRUNEL, cli

SEED = 5
DURATION = "200 ms"


@pytest.fixture(scope="module")
def run():
    return eibal.load(BRUNEL).simulate(duration=DURATION, seed=SEED, progress=False)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("brunel")
    cli("simulate", BRUNEL, "--duration", "200ms", "--seed", str(SEED), "--out", str(folder), "--quiet")
    return folder


def read_spike_file(path):
    """spikes.bin: 32-byte header (magic EIBSPK01, version, header length, dt f64, neuron
    count u64), then (step u32, neuron u32) records (crates/sim/src/record.rs)."""
    raw = path.read_bytes()
    assert raw[:8] == b"EIBSPK01"
    dt = np.frombuffer(raw[16:24], dtype="<f8")[0]
    records = np.frombuffer(raw[32:], dtype="<u4").reshape(-1, 2)
    return dt, records[:, 0], records[:, 1]


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], np.array(rows[1:], dtype=float)


def test_spikes_are_numpy_arrays_of_the_documented_types(run):
    for pop in ("E", "I", 0, 1):
        t, n = run.spikes(pop)
        assert t.dtype == np.float64 and n.dtype == np.int64
        assert t.shape == n.shape and t.ndim == 1
        assert np.all(np.diff(t) >= 0), "spikes are in time order"
    _, n = run.spikes("I")
    assert n.min() >= 0 and n.max() < 2500, "neuron indices are local to the population"


def test_spikes_equal_the_spike_file_of_the_cli(run, out):
    dt, steps, neurons = read_spike_file(out / "spikes.bin")
    first = {"E": 0, "I": 10000}
    for pop, size in (("E", 10000), ("I", 2500)):
        t, n = run.spikes(pop)
        mine = (neurons >= first[pop]) & (neurons < first[pop] + size)
        np.testing.assert_array_equal(t, steps[mine] * dt)
        np.testing.assert_array_equal(n, neurons[mine].astype(np.int64) - first[pop])


def test_mean_rate_from_spikes_equals_the_statistics(run):
    """The rate after the warm-up counted here in numpy equals the statistics' rate_hz
    (computed in Rust from per-neuron counts)."""
    stats = {p["name"]: p for p in run.statistics["populations"]}
    for pop, size in (("E", 10000), ("I", 2500)):
        t, _ = run.spikes(pop)
        # Spikes stamped after the warm-up step (the analysed window ends at t_end).
        count = np.count_nonzero(t > run.warmup + 1e-12)
        rate = count / (size * (run.t_end - run.warmup))
        assert rate == pytest.approx(stats[pop]["rate_hz"], rel=1e-12)


def test_rates_equal_the_rates_file_of_the_cli(run, out):
    header, table = read_csv(out / "rates.csv")
    assert header == ["t_s", "E", "I"]
    for k, pop in enumerate(("E", "I")):
        t, rate = run.rates(pop)
        assert t.dtype == np.float64 and rate.shape == t.shape == (len(table),)
        # The file has 6 decimals.
        np.testing.assert_allclose(t, table[:, 0], atol=5e-7)
        np.testing.assert_allclose(rate, table[:, k + 1], atol=5e-7)
    t, rate = run.rates("E", bin="5 ms")
    assert len(t) == 40 and t[1] == pytest.approx(5e-3)


def test_voltage_equals_the_voltage_file_of_the_cli(run, out):
    header, table = read_csv(out / "voltage_E.csv")
    v = run.voltage("E")
    assert v["v"].dtype == np.float64 and v["v"].shape == (len(table), 10)
    assert list(v["neuron"]) == list(range(10))
    assert header[1:] == [f"n{i}" for i in range(10)]
    np.testing.assert_array_equal(v["t"], table[:, 0])
    np.testing.assert_array_equal(v["v"], table[:, 1:])


def test_unrecorded_traces_raise_with_the_fix(run):
    with pytest.raises(ValueError, match=r"add `currents\(E, 10\)`"):
        run.currents("E")
    with pytest.raises(ValueError, match="the populations are E, I"):
        run.spikes("X")


def test_currents_of_a_model_that_records_them(tmp_path):
    source = (open(BRUNEL).read().replace("voltage(E, 10)", "currents(I, 3)"))
    model_file = tmp_path / "brunel_currents.ei"
    model_file.write_text(source)
    run = eibal.load(str(model_file)).simulate(duration="50 ms", seed=1, progress=False)
    c = run.currents("I")
    assert c["exc"].shape == c["inh"].shape == c["ext"].shape == (len(c["t"]), 3)
    folder = tmp_path / "out"
    cli("simulate", str(model_file), "--duration", "50ms", "--seed", "1", "--out", str(folder), "--quiet")
    header, table = read_csv(folder / "currents_I.csv")
    assert header[1:4] == ["exc_10000", "inh_10000", "ext_10000"]
    np.testing.assert_array_equal(c["exc"], table[:, 1::3])
    np.testing.assert_array_equal(c["inh"], table[:, 2::3])
    np.testing.assert_array_equal(c["ext"], table[:, 3::3])
    assert np.all(c["exc"] >= 0) and np.all(c["inh"] <= 0), "Dale's law in the recorded inputs"


def test_spectrum_and_boundary_arrays():
    s = eibal.load("models/gallery/edge_of_chaos.ei").spectrum()
    assert s.eigenvalues.dtype == np.complex128 and s.eigenvalues.ndim == 1
    # A real matrix: eigenvalues come in conjugate pairs.
    np.testing.assert_allclose(np.sort_complex(s.eigenvalues), np.sort_complex(s.eigenvalues.conj()), atol=1e-9)
