"""Progress bars for long calls: a tqdm bar per stage of a computation.

The native code calls ``start(what, total)``, ``update(done, total)`` and ``close()`` from the
calling thread every 50 ms; the computation itself never waits for Python.
"""

from __future__ import annotations

from typing import Any, Optional


class Bar:
    """One tqdm bar per stage (``tqdm.auto``: a widget in Jupyter, text in a terminal)."""

    def __init__(self) -> None:
        from tqdm.auto import tqdm

        self._tqdm = tqdm
        self._bar: Optional[Any] = None

    def start(self, what: str, total: int) -> None:
        self.close()
        self._bar = self._tqdm(total=total or None, desc=what, leave=False)

    def update(self, done: int, total: int) -> None:
        bar = self._bar
        if bar is None:
            return
        if total and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def bar(progress: bool) -> Optional[Bar]:
    """A bar when ``progress`` is true and tqdm is installed, else None."""
    if not progress:
        return None
    try:
        return Bar()
    except ImportError:
        return None
