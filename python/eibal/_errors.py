"""The exceptions of eibal.

Bad input (a model file that does not check, an unknown param, a range with LO above HI)
raises :class:`ModelError`, a ``ValueError``; a computation that fails on good input (no fixed
point found, a network that exploded) raises :class:`SimulationError`, a ``RuntimeError``.
Ctrl-C raises ``KeyboardInterrupt``. The command line uses exit code 2 for the first kind and
1 for the second.
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence


class ModelError(ValueError):
    """The input is wrong: the model file, a param value or an argument.

    ``str(error)`` is the message the command line prints (for a model file:
    ``file:line:col: error: ...`` with the line, a caret, help and note).
    ``error.diagnostics`` lists each problem as a dict with the keys ``file``, ``line``,
    ``column``, ``end_line``, ``end_column``, ``message``, ``help`` and ``note`` (values may
    be None; empty for a problem outside any model file).
    """

    diagnostics: List[Dict[str, Any]]

    def __init__(self, message: str, diagnostics: Sequence[Dict[str, Any]] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)


class SimulationError(RuntimeError):
    """The input was fine but the computation failed (at run time)."""

    diagnostics: List[Dict[str, Any]]

    def __init__(self, message: str, diagnostics: Sequence[Dict[str, Any]] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)
