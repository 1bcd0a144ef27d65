"""Every result's ``to_dict()`` equals the command line's ``--json`` for the same call: same
keys, same numbers (exact equality of the parsed documents). Simulations use the same model
and seed; only the wall-clock keys ``build_s`` and ``run_s`` differ between two runs."""

from __future__ import annotations

import eibal
from conftest import BRUNEL, cli_json, without

EDGE = "models/gallery/edge_of_chaos.ei"
WALL_CLOCK = ["build_s", "run_s"]


def test_theory_equals_cli():
    assert eibal.load(BRUNEL).theory().to_dict() == cli_json("theory", BRUNEL)


def test_theory_with_params_equals_cli_set():
    model = eibal.load(BRUNEL, g=6, J="0.2 mV")
    expected = cli_json("theory", BRUNEL, "--set", "g=6", "--set", "J=0.2 mV")
    assert model.theory().to_dict() == expected
    # A number is in the param's display unit (mV for J): the same model.
    assert eibal.load(BRUNEL, g=6, J=0.2).theory().to_dict() == expected
    assert eibal.load(BRUNEL).with_params(g=6).with_params(J=0.2).theory().to_dict() == expected


def test_theory_options_equal_cli():
    got = eibal.load(BRUNEL).theory(scale_k=4, search=False).to_dict()
    assert got == cli_json("theory", BRUNEL, "--scale-k", "4", "--no-search")


def test_stability_equals_cli():
    assert eibal.load(BRUNEL).stability().to_dict() == cli_json("stability", BRUNEL)
    assert eibal.load(BRUNEL).stability(low_pass=True).to_dict() == cli_json("stability", BRUNEL, "--low-pass")


def test_critical_equals_cli():
    got = eibal.load(EDGE).critical("g", 0.5, 2, criterion="radius").to_dict()
    assert got == cli_json("critical", EDGE, "--param", "g", "--range", "0.5:2", "--criterion", "radius")


def test_spectrum_equals_cli():
    got = eibal.load(EDGE).spectrum(seed=3)
    assert got.to_dict() == cli_json("spectrum", EDGE, "--seed", "3")
    assert got.eigenvalues.dtype.name == "complex128"
    assert got.to_dict()["sampled"]["eigenvalues"] == len(got.eigenvalues)


def test_boundary_equals_cli(tmp_path):
    got = eibal.load(BRUNEL).boundary(x=("g", 3, 8), y=("eta", 0.5, 4), resolution=(11, 8), progress=False)
    expected = cli_json("boundary", BRUNEL, "--x", "g", "3:8", "--y", "eta", "0.5:4", "--resolution", "11x8",
                        "--out", str(tmp_path))
    assert got.to_dict() == expected
    assert got.states.shape == (11, 8)
    for curve in got.curves:
        assert curve["x"].dtype.name == "float64" and curve["x"].shape == curve["y"].shape


def test_simulate_equals_cli():
    run = eibal.load(BRUNEL).simulate(duration="300 ms", seed=7, progress=False)
    expected = cli_json("simulate", BRUNEL, "--duration", "300ms", "--seed", "7")
    assert without(run.statistics, WALL_CLOCK) == without(expected, WALL_CLOCK)
    assert run.statistics["outcome"] == "completed"


def test_compare_equals_cli():
    got = eibal.load(BRUNEL).compare(duration=0.3, seed=2, progress=False)
    assert got.to_dict() == cli_json("compare", BRUNEL, "--duration", "0.3", "--seed", "2")
    assert len(got.to_pandas()) == 12  # 2 populations x 6 quantities


def test_sweep_equals_cli():
    model = eibal.load(BRUNEL)
    got = model.sweep({"g": "3:8:1"}, simulate_every=5, duration="100 ms", progress=False)
    expected = cli_json("sweep", BRUNEL, "--param", "g", "3:8:1", "--simulate-every", "5", "--duration", "100ms")
    assert got.to_dict() == expected
    # The same axis as a list of values (lo + i step, exact in binary for these).
    assert model.sweep({"g": [3, 4, 5, 6, 7, 8]}, simulate_every=5, duration="100 ms",
                       progress=False).to_dict() == expected
    table = got.to_pandas()
    assert list(table["g"]) == [3, 4, 5, 6, 7, 8]


def test_export_equals_cli():
    from conftest import cli

    assert eibal.load(BRUNEL).export(to="nest") == cli("export", "--to", "nest", BRUNEL).stdout
    assert eibal.load(BRUNEL, g=6).export(to="brian2") == cli("export", "--to", "brian2", "--set", "g=6", BRUNEL).stdout


def test_later_values_of_a_param_win():
    """A param set twice takes the later value, and the axes of a sweep or phase diagram
    replace a value the model was made with (one override per param reaches the checker)."""
    assert eibal.load(BRUNEL, g=5).with_params(g=6).theory().to_dict() == cli_json("theory", BRUNEL, "--set", "g=6")
    plane = dict(x=("g", 3, 8), y=("eta", 0.5, 4), resolution=(5, 4), trace=False, progress=False)
    assert eibal.load(BRUNEL, g=4, eta=3).boundary(**plane).to_dict() == eibal.load(BRUNEL).boundary(**plane).to_dict()
    axes = {"g": [4, 6]}
    assert eibal.load(BRUNEL, g=7).sweep(axes, progress=False).to_dict() == eibal.load(BRUNEL).sweep(
        axes, progress=False).to_dict()
