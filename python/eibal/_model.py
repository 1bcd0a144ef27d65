"""``Model``: a checked ``.ei`` model and one method per workflow."""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Sequence, Tuple, Union

from . import _eibal, _html
from ._progress import bar
from ._results import Boundary, Comparison, Critical, SimResult, Spectrum, Stability, Sweep, Theory

Value = Union[float, int, str]
"""A param value: a number in the param's display unit (as ``eibal show`` prints it: mV, ms,
Hz) or a string that is an expression of the ``.ei`` language with units (``"0.2 mV"``,
``"2 * D"``), evaluated exactly as ``--set NAME=VALUE``."""


def load(path: Union[str, "os.PathLike[str]"], **params: Value) -> "Model":
    """Reads and checks the model file ``path`` with ``params`` set.

    >>> m = eibal.load("models/brunel2000.ei", g=6, J="0.2 mV")

    Raises :class:`eibal.ModelError` (a ValueError) with the file:line:col diagnostics if the
    file or a value is wrong.
    """
    return Model(_eibal.load(os.fspath(path), list(params.items())))


def loads(text: str, name: str = "model", **params: Value) -> "Model":
    """Checks the model source ``text`` (``name`` is its file name in messages and the model's
    name unless it has a ``model NAME`` statement) with ``params`` set."""
    return Model(_eibal.loads(text, name, list(params.items())))


class Model:
    """A checked model at given param values. Make one with :func:`eibal.load` or
    :func:`eibal.loads`; :meth:`with_params` gives a new one at other values.

    Every workflow is a method returning a result whose ``to_dict()`` equals the command
    line's ``--json`` for the same call. Durations are seconds or strings with units
    (``"1 s"``, ``"500 ms"``).
    """

    def __init__(self, native: Any) -> None:
        self._native = native

    @property
    def name(self) -> str:
        """The model's name (its ``model`` statement, else the file name)."""
        return self._native.name

    @property
    def file(self) -> str:
        return self._native.file

    @property
    def params(self) -> Dict[str, float]:
        """The params and their values in display units (``{"g": 5.0, "J": 0.1, ...}``)."""
        return {name: value for name, value, _, _ in self._native.params()}

    @property
    def populations(self) -> Dict[str, int]:
        """Population names and sizes."""
        return {name: size for name, size, _, _ in self._native.populations()}

    def with_params(self, **params: Value) -> "Model":
        """A new model with ``params`` set (on top of those this one was made with)."""
        return Model(self._native.with_params(list(params.items())))

    def to_dict(self) -> Dict[str, Any]:
        """The compiled model (SI units), as serialised by the native code."""
        import json

        return json.loads(self._native.model_json())

    def theory(self, scale_k: float = 1.0, search: bool = True) -> Theory:
        """Stationary mean-field theory: rates, CV, inputs, balance and the balanced limit
        (``eibal theory``). ``scale_k`` multiplies in-degrees by F and divides weights by
        sqrt(F); ``search=False`` reports only the fixed point reached from rest."""
        return Theory(self._native.theory(float(scale_k), bool(search)))

    def stability(self, low_pass: bool = False) -> Stability:
        """Linear stability of every fixed point (``eibal stability``); ``low_pass`` uses the
        first-order approximation H(0) / (1 + lambda tau_m) of the LIF transfer function."""
        return Stability(self._native.stability(bool(low_pass)))

    def critical(self, param: str, lo: Value, hi: Value, criterion: str = "growth",
                 tol: float = 1e-3, low_pass: bool = False) -> Critical:
        """The value of ``param`` in [lo, hi] where a stability indicator crosses its threshold
        (``eibal critical``): ``growth`` (largest growth rate crosses 0), ``radius``
        (gain-scaled bulk radius crosses 1) or ``branching`` (branching ratio crosses 1).
        ``tol`` is in SI units of the param, as the result's ``value``."""
        return Critical(self._native.critical(param, lo, hi, criterion, float(tol), bool(low_pass)))

    def spectrum(self, n_max: int = 3000, gain: bool = False, seed: Optional[int] = None,
                 krylov: int = 120, restarts: int = 10) -> Spectrum:
        """Eigenvalues of the sampled connectivity matrix (the simulator's synapses for this
        seed) against the random-matrix prediction (``eibal spectrum``). Dense up to
        ``n_max`` neurons, else restarted Arnoldi; ``gain`` scales rows by the gains."""
        document, eigenvalues, outliers = self._native.spectrum(n_max, gain, seed, krylov, restarts)
        return Spectrum(document, eigenvalues, outliers)

    def boundary(self, x: Tuple[str, Value, Value], y: Tuple[str, Value, Value],
                 resolution: Union[int, Tuple[int, int]] = 21, low_pass: bool = False,
                 trace: bool = True, simulate: int = 0, sim_duration: Union[float, str] = "300 ms",
                 progress: bool = True) -> Boundary:
        """The phase diagram in the plane of two params (``eibal boundary``), e.g.
        ``x=("g", 3, 8), y=("eta", 0.5, 4), resolution=(51, 36)``. ``simulate=K`` checks the
        labels by simulating up to K points per region."""
        nx, ny = (resolution, resolution) if isinstance(resolution, int) else resolution
        document, labels, curves = self._native.boundary(
            tuple(x), tuple(y), nx, ny, low_pass, trace, simulate, sim_duration, bar(progress))
        return Boundary(document, labels, curves)

    def simulate(self, duration: Union[float, str, None] = None, seed: Optional[int] = None,
                 threads: Optional[int] = None, progress: bool = True) -> SimResult:
        """The spiking simulation and its statistics (``eibal simulate``). ``duration`` and
        ``seed`` default to the model's ``simulate`` block; ``threads`` (None or 0: every
        core) never changes the result. Ctrl-C stops the run and raises KeyboardInterrupt."""
        return SimResult(self._native.simulate(duration, seed, threads, bar(progress)))

    def compare(self, duration: Union[float, str, None] = None, seed: Optional[int] = None,
                threads: Optional[int] = None, progress: bool = True) -> Comparison:
        """Theory against simulation with uncertainties and verdicts (``eibal compare``)."""
        document, native = self._native.compare(duration, seed, threads, bar(progress))
        return Comparison(document, native)

    def sweep(self, axes: Optional[Dict[str, Union[str, Sequence[Value]]]] = None,
              simulate_every: Optional[int] = None, sim_at: Optional[Sequence[Value]] = None,
              seeds: int = 1, duration: Union[float, str, None] = None, low_pass: bool = False,
              progress: bool = True) -> Sweep:
        """Theory along one or two params, simulations at chosen points, critical values
        (``eibal sweep``). ``axes`` maps a param to its values (numbers in display units or
        strings with units) or to a range ``"LO:HI:STEP"`` as ``--param``; without axes, the
        model's own ``sweep`` statement. ``simulate_every=K`` simulates every K-th value of
        the first axis, ``sim_at`` at given values; ``seeds`` runs per simulated point."""
        pairs = list((axes or {}).items())
        document, factors = self._native.sweep(pairs, simulate_every, sim_at, seeds, duration,
                                               low_pass, bar(progress))
        return Sweep(document, factors)

    def export(self, to: str = "nest") -> str:
        """The model as a NEST or Brian2 script (``to="nest"`` or ``"brian2"``)."""
        return self._native.export(to)

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        return f"<eibal.Model {self.name} ({params})>"

    def _repr_html_(self) -> str:
        rows = [[name, value, unit, default] for name, value, unit, default in self._native.params()]
        pops = ", ".join(f"{n} ({s})" for n, s in self.populations.items())
        return _html.table(f"model {self.name}: {pops}", ["param", "value", "unit", "in the file"], rows)
