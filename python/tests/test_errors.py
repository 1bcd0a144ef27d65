"""Errors map to Python exceptions by the command line's exit code: bad input (exit 2) is
eibal.ModelError (a ValueError) with the CLI's message and its diagnostics as dicts, a runtime
failure (exit 1) is eibal.SimulationError (a RuntimeError)."""

from __future__ import annotations

import pytest

import eibal
from conftest import BRUNEL, cli

BROKEN = """model broken
param g = 5
param J = 0.1 mV
neuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV }
population E : lif, excitatory { size = 100 }
connect E -> E { indegree = 10, weight = J + 2 ms }
"""


def test_model_error_is_a_value_error_with_the_cli_message_and_place(tmp_path):
    path = tmp_path / "broken.ei"
    path.write_text(BROKEN)
    done = cli("check", str(path), check=False)
    assert done.returncode == 2
    with pytest.raises(eibal.ModelError) as caught:
        eibal.load(str(path))
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(error) == done.stderr.rstrip("\n")
    [d] = error.diagnostics
    # `J + 2 ms` starts on line 6 at column 52 (1-based, characters).
    assert (d["line"], d["column"]) == (6, BROKEN.splitlines()[5].index("J + 2 ms") + 1)
    assert d["file"] == str(path)
    assert "add" in d["message"] and "time" in d["message"]
    assert set(d) >= {"file", "line", "column", "message", "help", "note"}


def test_loads_names_the_text_in_messages():
    with pytest.raises(eibal.ModelError) as caught:
        eibal.loads(BROKEN, name="inline.ei")
    assert str(caught.value).startswith("inline.ei:6:")
    assert caught.value.diagnostics[0]["file"] == "inline.ei"


def test_syntax_error_has_line_and_column():
    with pytest.raises(eibal.ModelError) as caught:
        eibal.loads("model m\nparam g = = 5\n")
    d = caught.value.diagnostics[0]
    assert d["line"] == 2 and d["column"] >= 9


def test_bad_param_values():
    with pytest.raises(eibal.ModelError, match="no param `x`"):
        eibal.load(BRUNEL, x=1)
    with pytest.raises(eibal.ModelError) as caught:
        eibal.load(BRUNEL, J="2 ms")
    done = cli("theory", BRUNEL, "--set", "J=2 ms", check=False)
    assert done.returncode == 2 and str(caught.value) == done.stderr.rstrip("\n")
    with pytest.raises(eibal.ModelError, match="not a finite number"):
        eibal.load(BRUNEL, g=float("nan"))
    with pytest.raises(TypeError):
        eibal.load(BRUNEL, g=[6])
    with pytest.raises(TypeError):
        eibal.load(BRUNEL, g=True)


def test_missing_file_is_bad_input():
    with pytest.raises(eibal.ModelError, match="no such file"):
        eibal.load("models/does_not_exist.ei")


def test_bad_arguments_are_model_errors():
    model = eibal.load(BRUNEL)
    with pytest.raises(eibal.ModelError, match="LO below HI"):
        model.boundary(x=("g", 8, 3), y=("eta", 0.5, 4), resolution=5, progress=False)
    with pytest.raises(eibal.ModelError, match="unknown criterion"):
        model.critical("g", 3, 8, criterion="nonsense")
    with pytest.raises(eibal.ModelError, match="positive time"):
        model.simulate(duration="-1 s")
    with pytest.raises(eibal.ModelError, match="must be a time"):
        model.simulate(duration="1 mV")
    with pytest.raises(eibal.ModelError, match="unknown export target"):
        model.export(to="neuron")


def test_runtime_failure_is_a_simulation_error():
    done = cli("critical", BRUNEL, "--param", "g", "--range", "3:8", check=False)
    assert done.returncode == 1
    with pytest.raises(eibal.SimulationError) as caught:
        eibal.load(BRUNEL).critical("g", 3, 8)
    assert isinstance(caught.value, RuntimeError)
    assert "error: " + str(caught.value) == done.stderr.rstrip("\n")
