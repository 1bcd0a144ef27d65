"""Small HTML tables for Jupyter (``_repr_html_``), without pandas."""

from __future__ import annotations

import html
import math
from typing import Any, Iterable, Sequence


def number(value: Any, digits: int = 4) -> str:
    """A value as table text: numbers to ``digits`` significant digits, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int,)):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return f"{value:.{digits}g}"
    return str(value)


def table(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], notes: Sequence[str] = ()) -> str:
    """An HTML table with a caption, header and rows; ``notes`` as a list below it."""
    esc = html.escape
    out = [f"<table><caption style='text-align:left'><b>{esc(title)}</b></caption><thead><tr>"]
    out += [f"<th>{esc(h)}</th>" for h in header]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{esc(number(v))}</td>" for v in row) + "</tr>")
    out.append("</tbody></table>")
    if notes:
        out.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
    return "".join(out)
