"""eibal: balanced excitatory/inhibitory spiking networks from one ``.ei`` model file.

Mean-field theory, spiking simulation, their comparison and export to NEST and Brian2, from
Python::

    import eibal
    m = eibal.load("models/brunel2000.ei", g=5, eta=2)
    m.theory().rates            # predicted rates (Hz)
    run = m.simulate("1 s")     # spiking network; run.spikes("E") -> (times_s, neuron)
    m.compare().to_pandas()     # theory against simulation, with verdicts

Every result's ``to_dict()`` equals the command line's ``--json`` for the same call; bad
input raises :class:`ModelError`, failed computations :class:`SimulationError`; Ctrl-C stops
long calls. Plots: :mod:`eibal.plot`.
"""

from ._eibal import __version__
from ._errors import ModelError, SimulationError
from ._model import Model, Value, load, loads
from ._results import Boundary, Comparison, Critical, Result, SimResult, Spectrum, Stability, Sweep, Theory

__all__ = [
    "load", "loads", "Model", "Value", "ModelError", "SimulationError", "Result", "Theory", "Stability",
    "Critical", "Spectrum", "Boundary", "SimResult", "Comparison", "Sweep", "__version__",
]
