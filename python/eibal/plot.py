"""matplotlib versions of the command line's figures.

Every function takes a result and an optional Axes and returns the Axes it drew on (a new
figure when ``ax`` is None), so figures compose with the rest of a notebook::

    import matplotlib.pyplot as plt
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    eibal.plot.raster(run, ax=a)
    eibal.plot.phase_diagram(diagram, ax=b)

Colours follow the CLI: excitatory populations in reds, inhibitory ones in blues (Okabe-Ito).
matplotlib is an optional dependency (``pip install "eibal[plot]"``).
"""

from __future__ import annotations

from typing import Any, Dict, Optional

import numpy as np

from ._results import Boundary, Comparison, SimResult, Spectrum, Sweep

__all__ = ["raster", "rate_trace", "rate_curve", "phase_diagram", "spectrum", "currents", "avalanches",
           "compare_table"]

EXCITATORY = ["#d55e00", "#e69f00", "#cc79a7", "#96281b"]
INHIBITORY = ["#0072b2", "#56b4e9", "#283c8c", "#009e73"]
MIXED = ["#009e73", "#5a5a5a", "#f0c800"]
SERIES = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
#: Fill and label colours of phase-diagram states (as the CLI's phase diagram).
STATE_FILL = {"AI": "#d6efd6", "stable": "#d6efd6", "SR": "#fce2c4", "SI fast": "#cce2f4",
              "oscillatory": "#cce2f4", "SI slow": "#e6d6f0", "chaos": "#f6d0d0",
              "unstable (stationary)": "#f4ecbe", "quiescent": "#f5f5f5"}
STATE_TEXT = {"AI": "#00783c", "stable": "#00783c", "SR": "#d55e00", "SI fast": "#005aaa",
              "oscillatory": "#005aaa", "SI slow": "#783ca0", "quiescent": "#6e6e6e"}
#: The raster shows the last RASTER_WINDOW seconds after the warm-up and RASTER_NEURONS
#: neurons per population, as the CLI's raster.
RASTER_WINDOW = 0.5
RASTER_NEURONS = 50


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(7, 4.5)).add_subplot()


def _run(result) -> SimResult:
    if isinstance(result, Comparison):
        return result.simulation
    if isinstance(result, SimResult):
        return result
    raise TypeError(f"expected a SimResult or Comparison, got {type(result).__name__}")


def population_colours(run: SimResult) -> Dict[str, str]:
    """The colour of each population: the k-th excitatory one EXCITATORY[k], and so on."""
    seen: Dict[str, int] = {}
    out = {}
    for p in run.population_info():
        palette = {"excitatory": EXCITATORY, "inhibitory": INHIBITORY}.get(p["sign"], MIXED)
        k = seen.get(p["sign"], 0)
        seen[p["sign"]] = k + 1
        out[p["name"]] = palette[k % len(palette)]
    return out


def raster(result, ax=None):
    """Spike raster: the first 50 neurons of each spiking population, one row each, over the
    last 0.5 s of the analysed window (after the warm-up)."""
    run = _run(result)
    ax = _axes(ax)
    colours = population_colours(run)
    t1 = run.t_end
    t0 = min(max(t1 - RASTER_WINDOW, run.warmup), t1)
    row = 0
    ticks = []
    for p in run.population_info():
        if not p["spiking"]:
            continue
        rows = min(RASTER_NEURONS, p["size"])
        t, n = run.spikes(p["name"])
        keep = (t >= t0) & (n < rows)
        ax.scatter(t[keep] * 1e3, n[keep] + row, s=2, marker="|", linewidths=0.8, color=colours[p["name"]],
                   label=p["name"])
        ticks.append((row + rows / 2, p["name"]))
        row += rows
    ax.set_xlim(t0 * 1e3, t1 * 1e3)
    ax.set_ylim(-0.5, max(row, 1) - 0.5)
    ax.set_yticks([y for y, _ in ticks], [name for _, name in ticks])
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron")
    ax.set_title(f"{run['model']}: spikes")
    return ax


def rate_trace(result, ax=None, bin: float = 1e-3):
    """Population rates over the whole run, in bins of ``bin`` seconds; the warm-up shaded."""
    run = _run(result)
    ax = _axes(ax)
    colours = population_colours(run)
    for p in run.population_info():
        t, rate = run.rates(p["name"], bin)
        ax.plot(t * 1e3, rate, lw=0.8, color=colours[p["name"]], label=p["name"])
    ax.axvspan(0, run.warmup * 1e3, color="0.9", zorder=0, label="warm-up")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("population rate (Hz)")
    ax.set_title(f"{run['model']}: population rates")
    ax.legend(loc="upper right", frameon=False)
    return ax


def rate_curve(result: Sweep, ax=None):
    """Rates against the first swept param: the theory at every point (lines; dotted where the
    predicted state is unstable) and the simulations (mean +- SE over seeds). With two axes,
    one curve per value of the second."""
    if not isinstance(result, Sweep):
        raise TypeError(f"expected a Sweep, got {type(result).__name__}")
    ax = _axes(ax)
    d = result.to_dict()
    first, factor = d["axes"][0], result._factors[0]
    second = d["axes"][1] if len(d["axes"]) > 1 else None
    pops = [p["name"] for p in d["populations"]]
    unit = d["populations"][0]["unit"] if pops else "Hz"
    keys = sorted({tuple(t["values"][1:]) for t in d["theory"]})
    k = 0
    for key in keys:
        points = [t for t in d["theory"] if tuple(t["values"][1:]) == key]
        x = np.array([t["values"][0] * factor for t in points])
        for i, name in enumerate(pops):
            y = np.array([(t["rates"] or [np.nan] * len(pops))[i] if t["rates"] else np.nan for t in points],
                         dtype=float)
            stable = np.array([t["stable"] is not False for t in points])
            colour = SERIES[k % len(SERIES)]
            label = name if second is None else f"{name}, {second['param']} = {key[0] * result._factors[1]:g}"
            ax.plot(x, np.where(stable, y, np.nan), color=colour, lw=1.6, label=f"{label} (theory)")
            ax.plot(x, y, color=colour, lw=1.0, ls=":")
            sims = [s for s in d["simulations"] if tuple(s["values"][1:]) == key and s["rate_hz"][i]]
            if sims:
                ax.errorbar([s["values"][0] * factor for s in sims], [s["rate_hz"][i]["mean"] for s in sims],
                            yerr=[s["rate_hz"][i]["se"] or 0 for s in sims], fmt="o", color=colour, ms=4,
                            capsize=2, label=f"{label} (simulation)")
            k += 1
    for c in d["critical"]:
        ax.axvline(c["value"] * factor, color="0.5", lw=0.8, ls="--")
    ax.set_xlabel(f"{first['param']} ({first['unit']})" if first["unit"] else first["param"])
    ax.set_ylabel("rate (Hz)" if unit == "Hz" else "mean activity")
    ax.set_title(f"{d['model']}: rates along {first['param']}")
    ax.legend(frameon=False, fontsize="small")
    return ax


def phase_diagram(result: Boundary, ax=None):
    """The phase diagram: survey points coloured by their predicted state, the traced
    boundaries as lines, and each region's label at its centre (as the CLI's figure)."""
    if not isinstance(result, Boundary):
        raise TypeError(f"expected a Boundary, got {type(result).__name__}")
    from matplotlib.colors import ListedColormap

    ax = _axes(ax)
    d = result.to_dict()
    states = sorted(set(result.states.ravel()))
    index = {s: i for i, s in enumerate(states)}
    codes = np.vectorize(index.get)(result.states).astype(float)
    cmap = ListedColormap([STATE_FILL.get(s, "#e1e1e1") for s in states])
    ax.pcolormesh(result.x, result.y, codes.T, cmap=cmap, vmin=-0.5, vmax=len(states) - 0.5, shading="nearest")
    for c in result.curves:
        ax.plot(c["x"], c["y"], color="black", lw=1.5)
    for r in d["regions"]:
        if r["points"] >= 2:
            ax.text(r["x"], r["y"], r["label"], ha="center", va="center",
                    fontsize=9, color=STATE_TEXT.get(r["state"], "black"), weight="bold")
    ax.set_xlabel(_label(d["x"]))
    ax.set_ylabel(_label(d["y"]))
    ax.set_title(f"{d['model']}: phase diagram")
    return ax


def _label(axis: Dict[str, Any]) -> str:
    return f"{axis['param']} ({axis['unit']})" if axis["unit"] else axis["param"]


def spectrum(result: Spectrum, ax=None):
    """Eigenvalues of the sampled connectivity in the complex plane, with the predicted bulk
    radius (circle) and outliers (crosses)."""
    if not isinstance(result, Spectrum):
        raise TypeError(f"expected a Spectrum, got {type(result).__name__}")
    ax = _axes(ax)
    d = result.to_dict()
    z = result.eigenvalues
    ax.scatter(z.real, z.imag, s=3, color="#0072b2", label=f"sampled ({len(z)} eigenvalues)")
    r = d["predicted"]["bulk_radius"]
    phi = np.linspace(0, 2 * np.pi, 400)
    ax.plot(r * np.cos(phi), r * np.sin(phi), color="#d55e00", lw=1.5, label=f"predicted bulk radius {r:.3g}")
    o = result.predicted_outliers
    if len(o):
        ax.scatter(o.real, o.imag, marker="x", s=60, color="black", label="predicted outliers")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("Re")
    ax.set_ylabel("Im")
    ax.set_title(f"{d['model']}: spectrum ({d['method']}, N = {d['n']})")
    ax.legend(frameon=False, fontsize="small", loc="upper right")
    return ax


def currents(result, ax=None):
    """Excitatory, inhibitory and net input of one sampled neuron over the last 100 ms (the
    balance of two large opposing inputs), each with its mean as a dashed line."""
    run = _run(result)
    ax = _axes(ax)
    c = run.sampled_currents()
    if c is None:
        raise ValueError("this run has no sampled inputs (no LIF population)")
    for key, name, colour in (("exc", "excitatory", EXCITATORY[0]), ("inh", "inhibitory", INHIBITORY[0]),
                              ("net", "net", "black")):
        t, y = c[f"t_{key}"] * 1e3, c[key]
        mean = float(np.mean(y)) if len(y) else np.nan
        ax.plot(t, y, color=colour, lw=1.0, label=f"{name} (mean {mean:.3g})")
        ax.axhline(mean, color=colour, lw=0.8, ls="--")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel(c["y_label"])
    ax.set_title(f"{run['model']}: inputs of one neuron")
    ax.legend(frameon=False, fontsize="small")
    return ax


def avalanches(result, ax=None, which: str = "size"):
    """The avalanche ``size`` (or ``duration``) distribution on log-log axes, its discrete
    power-law fit (Clauset et al. 2009) and the critical-branching exponent (3/2 for sizes, 2
    for durations) drawn through the fit at x_min."""
    run = _run(result)
    ax = _axes(ax)
    a = run.avalanches()
    if a is None:
        raise ValueError("this run has no avalanche")
    d = a[which]
    ax.loglog(d["x"], d["probability"], "o", color="black", ms=4, label=f"simulation ({d['count']} avalanches)")
    fit = d["fit"]
    if fit is not None:
        x = np.geomspace(fit["x_min"], max(d["x"].max() * 1.5, fit["x_min"] * 2), 40)
        y = fit["scale"] * x ** -fit["alpha"]
        ax.loglog(x, y, color="#d55e00", lw=2,
                  label=f"fit: exponent {fit['alpha']:.2f} +- {fit['alpha_se']:.2f} (x >= {fit['x_min']})")
        c = d["critical_exponent"]
        ax.loglog(x, y[0] * (x / x[0]) ** -c, color="#0072b2", lw=2, ls="--",
                  label=f"critical branching: exponent {c:g}")
    ax.set_xlabel(d["x_label"])
    ax.set_ylabel("probability")
    ax.set_title(f"{run['model']}: avalanche {which}s")
    ax.legend(frameon=False, fontsize="small")
    return ax


def compare_table(result: Comparison, ax=None):
    """The comparison table (theory, simulation, difference, standard error, allowed
    difference, verdict) drawn as a matplotlib table; disagreements in red."""
    if not isinstance(result, Comparison):
        raise TypeError(f"expected a Comparison, got {type(result).__name__}")
    ax = _axes(ax)
    rows = result.rows()

    def cell(v):
        return "" if v is None else (f"{v:.4g}" if isinstance(v, float) else str(v))

    header = ["population", "quantity", "theory", "simulation", "difference", "SE", "allowed", "verdict"]
    text = [[r["population"], r["quantity"]] + [cell(r[k]) for k in
            ("theory", "simulation", "difference", "uncertainty", "tolerance")] + [r["verdict"]] for r in rows]
    table = ax.table(cellText=text, colLabels=header, loc="center", cellLoc="right")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.auto_set_column_width(list(range(len(header))))
    table.scale(1, 1.3)
    for (row, col), c in table.get_celld().items():
        if col < 2 or col == 7:
            c.set_text_props(ha="left")
    for i, r in enumerate(rows, start=1):
        if r["verdict"] == "disagrees":
            table[i, 7].get_text().set_color("#c00000")
    ax.axis("off")
    d = result.to_dict()
    ax.set_title(f"{d['model']}: theory against simulation\n{d['state']['simulated']}", fontsize=10)
    return ax
