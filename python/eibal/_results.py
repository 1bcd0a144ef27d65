"""The results of eibal's workflows.

Every result keeps the JSON document that the command line prints with ``--json`` for the
same call (made by the same serialiser in the native code), so ``to_dict()`` equals the CLI's
output; numbers are in the units the keys name (``rate_hz``, ``mu_mv``). Bulk data (spikes,
traces, eigenvalues, boundary curves) are numpy arrays built in native code. Tables convert to
pandas with ``to_pandas()`` (pandas is an optional dependency) and show as HTML in Jupyter.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np

from . import _html

Population = Union[str, int]


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError('to_pandas() needs pandas: pip install "eibal[pandas]"') from e
    return pandas


class Result:
    """A workflow's result: ``to_dict()`` is the CLI's ``--json`` document."""

    _title = "result"

    def __init__(self, document: str) -> None:
        self._json = document
        self._dict = json.loads(document)

    def to_dict(self) -> Dict[str, Any]:
        """The document of the command line's ``--json`` for the same call (a fresh copy)."""
        return json.loads(self._json)

    def to_json(self) -> str:
        """The same document as JSON text (as the command line prints it)."""
        return self._json

    def __getitem__(self, key: str) -> Any:
        return self._dict[key]

    def keys(self):
        """The keys of :meth:`to_dict`."""
        return self._dict.keys()

    def __repr__(self) -> str:
        return f"<eibal.{type(self).__name__} of {self._dict.get('model', '?')}>"


class Theory(Result):
    """Stationary mean-field theory (``eibal theory --json``): rates, CV, inputs, balance.

    ``populations`` are the populations at the fixed point reached from rest;
    ``fixed_points`` all fixed points found; ``balanced_limit`` the large-K limit.
    """

    @property
    def populations(self) -> List[Dict[str, Any]]:
        return self._dict["populations"]

    @property
    def fixed_points(self) -> List[Dict[str, Any]]:
        return self._dict["fixed_points"]

    @property
    def rates(self) -> np.ndarray:
        """Rates (Hz; activities for rate and binary units) at the fixed point from rest."""
        key = "rate_hz" if "rate_hz" in (self.populations[0] if self.populations else {}) else "activity"
        return np.array([p.get(key) for p in self.populations], dtype=float)

    def to_pandas(self):
        """One row per population at the fixed point from rest (the CLI's table)."""
        return _pandas().DataFrame(self.populations).set_index("name")

    def _repr_html_(self) -> str:
        pops = self.populations
        keys = [k for k in (pops[0].keys() if pops else []) if k != "name"]
        rows = [[p["name"]] + [p[k] for k in keys] for p in pops]
        return _html.table(f"theory of {self['model']}", ["population"] + keys, rows,
                           self["notes"] + self["warnings"])


class Stability(Result):
    """Linear stability of the fixed points (``eibal stability --json``).

    ``stable`` and ``leading_roots`` (growth rate 1/s, frequency Hz) are those of the fixed
    point reached from rest.
    """

    @property
    def stable(self) -> bool:
        return self._dict["stable"]

    @property
    def leading_roots(self) -> np.ndarray:
        """Leading roots lambda = growth + 2 pi i f of the characteristic equation (1/s),
        complex128, largest growth rate first."""
        return np.array([complex(r["growth_rate_per_s"], 2 * np.pi * r["frequency_hz"])
                         for r in self._dict["leading_roots"]], dtype=np.complex128)

    def to_pandas(self):
        """One row per fixed point: stability, the leading root, ISN, branching and radius."""
        rows = []
        for f in self._dict["fixed_points"]:
            root = f["leading_roots"][0] if f["leading_roots"] else {}
            rows.append({
                "from_rest": f["from_rest"], "rates_hz": f["rates_hz"], "stable": f["stable"],
                "unstable_roots": f["unstable_roots"],
                "growth_rate_per_s": root.get("growth_rate_per_s"), "frequency_hz": root.get("frequency_hz"),
                "isn": (f["isn"] or {}).get("isn"), "branching_ratio": f["branching_ratio"],
                "gain_scaled_radius": f["gain_scaled_radius"],
            })
        return _pandas().DataFrame(rows)

    def _repr_html_(self) -> str:
        rows = []
        for f in self._dict["fixed_points"]:
            root = f["leading_roots"][0] if f["leading_roots"] else {}
            rows.append([", ".join(_html.number(r) for r in f["rates_hz"]), f["stable"], f["unstable_roots"],
                         root.get("growth_rate_per_s"), root.get("frequency_hz"),
                         f["branching_ratio"], f["gain_scaled_radius"]])
        return _html.table(f"stability of {self['model']} ({self['transfer']})",
                           ["rates", "stable", "unstable roots", "growth (1/s)", "frequency (Hz)",
                            "branching ratio", "gain-scaled radius"], rows, self["notes"])


class Critical(Result):
    """The critical value of a param (``eibal critical --json``), SI units of the param."""

    @property
    def value(self) -> float:
        return self._dict["value"]

    def _repr_html_(self) -> str:
        d = self._dict
        return _html.table(f"critical {d['param']} ({d['criterion']})",
                           ["param", "value (SI)", "tolerance", "evaluations", "transfer"],
                           [[d["param"], d["value"], d["tolerance"], d["evaluations"], d["transfer"]]])


class Spectrum(Result):
    """Eigenvalues of the sampled connectivity (``eibal spectrum --json``) and the
    random-matrix prediction. ``eigenvalues`` and ``predicted_outliers`` are complex128."""

    def __init__(self, document: str, eigenvalues: np.ndarray, predicted_outliers: np.ndarray) -> None:
        super().__init__(document)
        self.eigenvalues = eigenvalues
        self.predicted_outliers = predicted_outliers

    def to_pandas(self):
        """The eigenvalues: re, im, modulus."""
        z = self.eigenvalues
        return _pandas().DataFrame({"re": z.real, "im": z.imag, "abs": np.abs(z)})

    def _repr_html_(self) -> str:
        d = self._dict
        rows = [["bulk radius", d["predicted"]["bulk_radius"], d["sampled"]["bulk_radius"]],
                ["outliers", len(d["predicted"]["outliers"]), len(d["sampled"]["outliers"])]]
        return _html.table(f"spectrum of {d['model']} (N = {d['n']}, {d['method']})",
                           ["", "predicted", "sampled"], rows, [d["note"]] if d.get("note") else [])


class Boundary(Result):
    """The phase diagram in the plane of two params (``eibal boundary --json``).

    ``x`` and ``y`` are the survey axes in display units, ``states`` the state name at each
    survey point (shape ``(nx, ny)``), ``curves`` the traced boundaries, each a dict with
    ``kind``, ``indicator`` and float arrays ``x``, ``y``, ``frequency_hz``.
    """

    def __init__(self, document: str, labels: List[str], curves: List[Dict[str, Any]]) -> None:
        super().__init__(document)
        d = self._dict
        self.x = np.linspace(d["x"]["lo"], d["x"]["hi"], d["nx"])
        self.y = np.linspace(d["y"]["lo"], d["y"]["hi"], d["ny"])
        self.states = np.array(labels, dtype=object).reshape(d["nx"], d["ny"])
        self.curves = curves

    def to_pandas(self):
        """The survey grid: one row per point with its state, indicators and rates."""
        rows = []
        for p, state in zip(self._dict["survey"], self.states.ravel()):
            row = {k: v for k, v in p.items() if k != "rates"}
            row["state"] = state
            for i, r in enumerate(p.get("rates") or []):
                row[f"rate_{i}"] = r
            rows.append(row)
        return _pandas().DataFrame(rows)

    def _repr_html_(self) -> str:
        d = self._dict
        rows = [[r["label"], r["points"], r["x"], r["y"], r.get("frequency_hz")] for r in d["regions"]]
        return _html.table(f"phase diagram of {d['model']}: {d['x']['param']} x {d['y']['param']}",
                           ["region", "survey points", d["x"]["param"], d["y"]["param"], "frequency (Hz)"],
                           rows, d["notes"])


class SimResult(Result):
    """A spiking simulation: ``statistics`` is the document of ``eibal simulate --json``;
    the recordings are numpy arrays (:meth:`spikes`, :meth:`rates`, :meth:`voltage`,
    :meth:`currents`).

    ``build_s`` and ``run_s`` are wall-clock times, different in every run; every other
    number is determined by the model and seed.
    """

    def __init__(self, native: Any) -> None:
        super().__init__(native.json())
        self._native = native
        dt, t_end, warmup, duration = native.times()
        self.dt, self.t_end, self.warmup, self.duration = dt, t_end, warmup, duration

    @property
    def statistics(self) -> Dict[str, Any]:
        """The statistics as ``eibal simulate --json`` prints them."""
        return self.to_dict()

    @property
    def populations(self) -> List[str]:
        """Population names, in the model's order."""
        return [p[0] for p in self._native.populations()]

    def population_info(self) -> List[Dict[str, Any]]:
        """Name, first global neuron id, size, neuron kind, whether it spikes, and its sign
        (``excitatory``, ``inhibitory`` or ``mixed``)."""
        keys = ("name", "first", "size", "kind", "spiking", "sign")
        return [dict(zip(keys, p)) for p in self._native.populations()]

    def spikes(self, pop: Population) -> Tuple[np.ndarray, np.ndarray]:
        """``(times_s, neuron)``: float64 spike times (s, from the start of the run) and int64
        neuron indices within population ``pop`` (a name or an index), in time order."""
        return self._native.spikes(pop)

    def rates(self, pop: Population, bin: Union[float, str, None] = None) -> Tuple[np.ndarray, np.ndarray]:
        """``(t_s, rate_hz)``: the population rate in bins of ``bin`` (seconds or ``"2 ms"``;
        default the model's ``rates(...)`` bin, else 1 ms), bins starting at ``t_s``."""
        return self._native.rates(pop, bin)

    def voltage(self, pop: Population) -> Dict[str, np.ndarray]:
        """The recorded ``voltage(pop, n)`` of the model's ``record`` block: ``t`` (s),
        ``neuron`` (indices within the population) and ``v`` (shape ``(len(t), n)``; V in volts,
        SI, as in the CLI's ``voltage_<pop>.csv``; x or S for rate and binary units).
        Raises ValueError if the model does not record it."""
        return self._native.voltage(pop)

    def currents(self, pop: Population) -> Dict[str, np.ndarray]:
        """The recorded ``currents(pop, n)``: ``t``, ``neuron`` and the excitatory,
        inhibitory and external input ``exc``, ``inh``, ``ext`` (each ``(len(t), n)``).
        Raises ValueError if the model does not record it."""
        return self._native.currents(pop)

    def sampled_currents(self) -> Optional[Dict[str, np.ndarray]]:
        """Excitatory, inhibitory and net input of one sampled neuron over the last 100 ms
        (the data of the CLI's currents plot), or None."""
        return self._native.sampled_currents()

    def avalanches(self) -> Optional[Dict[str, Dict[str, Any]]]:
        """Avalanche size and duration distributions (log-binned) with their discrete
        power-law fits, or None when the run has no avalanche."""
        return self._native.avalanches()

    def to_pandas(self):
        """One row per population: rate, CV, Fano factor, correlation, synchrony, balance."""
        rows = []
        for p in self._dict["populations"]:
            rows.append({k: v for k, v in p.items() if not isinstance(v, dict)})
        return _pandas().DataFrame(rows).set_index("name")

    def _repr_html_(self) -> str:
        d = self._dict
        keys = ["size", "rate_hz", "cv", "fano", "correlation", "chi", "spectrum_peak_hz", "balance_index"]
        rows = [[p["name"]] + [p.get(k) for k in keys] for p in d["populations"]]
        return _html.table(f"simulation of {d['model']}: {d['simulated_s']:g} s, seed {d['seed']}, {d['outcome']}",
                           ["population"] + keys, rows, d["notes"])


class Comparison(Result):
    """Theory against simulation (``eibal compare --json``): per population and quantity the
    predicted and simulated values, their difference, the simulated value's standard error,
    the tolerance and a verdict with its reason. ``simulation`` is the run behind it."""

    QUANTITIES = ("rate_hz", "cv", "fano", "balance_index", "input_e_mv", "input_i_mv")

    def __init__(self, document: str, native_simulation: Any) -> None:
        super().__init__(document)
        self.simulation = SimResult(native_simulation)

    def rows(self) -> List[Dict[str, Any]]:
        """The table as a list of dicts (population, quantity and the compared values)."""
        out = []
        for p in self._dict["populations"]:
            for q in self.QUANTITIES:
                if q in p:
                    out.append({"population": p["name"], "quantity": q, **p[q]})
        return out

    def to_pandas(self):
        """The comparison table, one row per population and quantity."""
        return _pandas().DataFrame(self.rows()).set_index(["population", "quantity"])

    def _repr_html_(self) -> str:
        d = self._dict
        header = ["population", "quantity", "theory", "simulation", "difference", "SE", "allowed", "verdict"]
        rows = [[r["population"], r["quantity"], r["theory"], r["simulation"], r["difference"],
                 r["uncertainty"], r["tolerance"], r["verdict"]] for r in self.rows()]
        s = d["state"]
        notes = [f"predicted: {s['predicted']}", f"simulated: {s['simulated']}"] + d["notes"]
        return _html.table(f"theory against simulation: {d['model']}", header, rows, notes)


class Sweep(Result):
    """Theory (every point) and simulations (chosen points) along one or two params
    (``eibal sweep --json``), with the critical values where the predicted stability changes.
    Values in the document are SI; the tables give them in the params' display units."""

    def __init__(self, document: str, factors: List[float]) -> None:
        super().__init__(document)
        self._factors = list(factors)

    def _axis_columns(self, values_si: List[float]) -> Dict[str, float]:
        out = {}
        for axis, factor, v in zip(self._dict["axes"], self._factors, values_si):
            label = f"{axis['param']} ({axis['unit']})" if axis["unit"] else axis["param"]
            out[label] = v * factor
        return out

    def to_pandas(self):
        """The theory points: axis values (display units), rate and CV per population,
        stability, leading growth rate and frequency, and the error where the theory failed."""
        names = [p["name"] for p in self._dict["populations"]]
        rows = []
        for t in self._dict["theory"]:
            row = self._axis_columns(t["values"])
            for i, name in enumerate(names):
                row[f"rate_{name}"] = (t.get("rates") or [None] * len(names))[i]
                row[f"cv_{name}"] = (t.get("cv") or [None] * len(names))[i]
            for k in ("stable", "growth_rate_per_s", "frequency_hz", "error"):
                row[k] = t.get(k)
            rows.append(row)
        return _pandas().DataFrame(rows)

    def simulations_pandas(self):
        """The simulated points: axis values, mean and standard error over seeds of each
        population's rate and CV, and chi."""
        names = [p["name"] for p in self._dict["populations"]]
        rows = []
        for s in self._dict["simulations"]:
            row = self._axis_columns(s["values"])
            for i, name in enumerate(names):
                for q in ("rate_hz", "cv"):
                    e = s[q][i] or {}
                    row[f"{q}_{name}"] = e.get("mean")
                    row[f"{q}_{name}_se"] = e.get("se")
            row["chi"] = (s["chi"] or {}).get("mean")
            row["seeds"] = len(s["seeds"])
            rows.append(row)
        return _pandas().DataFrame(rows)

    def _repr_html_(self) -> str:
        d = self._dict
        axes = ", ".join(f"{a['param']} {a['lo']:g} to {a['hi']:g}" for a in d["axes"])
        factor = self._factors[0] if self._factors else 1.0
        rows = [[c["param"], c["value"] * factor, c["tolerance"] * factor, c["change"]] for c in d["critical"]]
        title = (f"sweep of {d['model']}: {axes} ({len(d['theory'])} points, "
                 f"{len(d['simulations'])} simulated); critical values")
        return _html.table(title, ["param", "critical value", "+-", "change"], rows, d["notes"])
