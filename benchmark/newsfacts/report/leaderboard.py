"""The leaderboard as a terminal table and as Markdown.

One row per system and predicted layer: strict and partial F1 with their bootstrap intervals,
then speaker accuracy (quotes), value and date accuracy (numeric facts); "-" where a figure is
undefined (no matched pair), blank where it does not apply to the layer. The terminal table
fits 100 columns; the Markdown table carries the same figures for a README or a model card.

>>> from newsfacts.scoring.leaderboard import Leaderboard, Row
>>> from newsfacts.scoring.results import DatasetInfo
>>> row = Row(name="toy", description="a toy", predictions="toy.jsonl", layers=("entities",),
...           figures={"entities": {"strict": {"f1": 0.5}, "partial": {"f1": 0.75}}},
...           intervals={"entities.strict.f1": (0.25, 0.8)})
>>> board = Leaderboard(DatasetInfo("bundled", "0123456789abcdef", 2), (row,), {"other": "x is not installed"})
>>> print(format_leaderboard(board))
LEADERBOARD  bundled: 2 documents, fingerprint 0123456789ab
  system  layer                strict F1  partial F1
  toy     entities  0.500 [0.250, 0.800]       0.750
<BLANKLINE>
skipped: other: x is not installed
<BLANKLINE>
>>> print(leaderboard_markdown(board).splitlines()[2])
| system | layer | strict F1 | partial F1 | speaker | value | date |
"""

from __future__ import annotations

from ..scoring.leaderboard import COLUMNS, Leaderboard, Row
from .tables import table

_EXTRA = ("speaker", "value", "date")
_LAYER_NAMES = {"entities": "entities", "quotes": "quotes", "numeric_facts": "numeric"}


def _cell(row: Row, layer: str, title: str, with_ci: bool) -> str:
    """The figure of column ``title`` for one layer: '' when the layer has no such column."""
    for name, path, has_ci in COLUMNS[layer]:
        if name == title:
            value = row.figure(layer, path)
            if value is None:
                return "-"
            ci = row.interval(layer, path) if (has_ci and with_ci) else None
            return f"{value:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")
    return ""


def _rows(board: Leaderboard, *, ci_extra: bool) -> tuple[list[str], list[list[str]]]:
    headers = ["system", "layer", "strict F1", "partial F1", *_EXTRA]
    rows = []
    for row in board.rows:
        for layer in row.layers:
            cells = [row.name, _LAYER_NAMES[layer], _cell(row, layer, "strict F1", True),
                     _cell(row, layer, "partial F1", True)]
            cells += [_cell(row, layer, title, ci_extra) for title in _EXTRA]
            rows.append(cells)
    return headers, rows


def _heading(board: Leaderboard) -> str:
    d = board.dataset
    docs = f"{d.documents:,} document{'s' * (d.documents != 1)}"
    return f"{d.source}: {docs}, fingerprint {d.fingerprint[:12]}"


def format_leaderboard(board: Leaderboard) -> str:
    """The leaderboard as the terminal table: one row per system and layer, then skipped systems.

    F1 columns carry their bootstrap intervals; the accuracy columns show the figure alone so
    that the table fits 100 columns (the Markdown and JSON have every interval).

    Parameters
    ----------
    board : Leaderboard

    Returns
    -------
    str
        Lines ending in a newline; nothing is printed.

    Examples
    --------
    See the module docstring.
    """
    headers, rows = _rows(board, ci_extra=False)
    width = max(len(r[1]) for r in [headers, *rows])   # the layer column reads left-aligned too
    for r in [headers, *rows]:
        r[1] = r[1].ljust(width)
    lines = [f"LEADERBOARD  {_heading(board)}", *table(headers, rows), ""]
    lines += [f"skipped: {name}: {reason}" for name, reason in board.skipped.items()]
    return "\n".join(lines) + "\n"


def leaderboard_markdown(board: Leaderboard) -> str:
    """A Markdown section: the heading line, the table with every interval, skipped systems."""
    headers, rows = _rows(board, ci_extra=True)
    confidence = board.options.get("confidence")
    resamples = board.options.get("bootstrap")
    if board.intervals_skipped:
        note = f"No confidence intervals: {board.intervals_skipped}."
    elif resamples:
        note = f"Intervals: {confidence:.0%} percentile bootstrap over documents, {resamples} resamples."
    else:
        note = "No confidence intervals (bootstrap off)."
    lines = [f"Leaderboard on {_heading(board)}.", "",
             "| " + " | ".join(headers) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * (len(headers) - 2)) + "|"]
    lines += ["| " + " | ".join(c or " " for c in r) + " |" for r in rows]
    lines += ["", note]
    if board.skipped:
        lines += [""] + [f"- skipped: `{n}`: {reason}" for n, reason in board.skipped.items()]
    return "\n".join(lines) + "\n"
