"""The example notebook runs headless from top to bottom, and every plot function draws
what its result holds and returns the Axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

import eibal  # noqa: E402
import eibal.plot as ep  # noqa: E402
from conftest import BRUNEL, ROOT  # noqa: E402


def test_quickstart_notebook_runs():
    notebook = nbformat.read(ROOT / "examples" / "quickstart.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("theory against simulation" in h for h in html), "the compare table is shown"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, "raster and rates, compare table and phase diagram are drawn"


@pytest.fixture(scope="module")
def comparison():
    return eibal.load(BRUNEL).compare(duration="300 ms", seed=1, progress=False)


def test_raster_draws_the_spikes_of_its_window(comparison):
    ax = ep.raster(comparison)
    run = comparison.simulation
    t0 = max(run.t_end - ep.RASTER_WINDOW, run.warmup)
    expected = 0
    for pop in ("E", "I"):
        t, n = run.spikes(pop)
        expected += np.count_nonzero((t >= t0) & (n < ep.RASTER_NEURONS))
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == expected > 0
    plt.close("all")


def test_every_plot_returns_its_axes(comparison):
    fig, axes = plt.subplots(2, 3)
    for f, ax in zip((ep.raster, ep.rate_trace, ep.currents, ep.avalanches, ep.compare_table), axes.ravel()):
        assert f(comparison, ax=ax) is ax
    spectrum = eibal.load("models/gallery/edge_of_chaos.ei").spectrum()
    ax = ep.spectrum(spectrum)
    assert len(ax.collections[0].get_offsets()) == len(spectrum.eigenvalues)
    diagram = eibal.load(BRUNEL).boundary(x=("g", 3, 8), y=("eta", 0.5, 4), resolution=(9, 7), progress=False)
    ax = ep.phase_diagram(diagram)
    assert len(ax.lines) == len(diagram.curves)
    sweep = eibal.load(BRUNEL).sweep({"g": [4, 5, 6]}, progress=False)
    ax = ep.rate_curve(sweep)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), sweep.to_pandas()["rate_E"])
    with pytest.raises(TypeError):
        ep.phase_diagram(sweep)
    plt.close("all")


def test_html_tables(comparison):
    assert "<table>" in comparison._repr_html_() and "agrees" in comparison._repr_html_()
    assert "rate_hz" in comparison.simulation._repr_html_()
    assert "<table>" in eibal.load(BRUNEL)._repr_html_()
