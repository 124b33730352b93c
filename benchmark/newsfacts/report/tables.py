"""Terminal renderings of scoring results: the score table, the ``--errors`` listing, the compare table.

Everything here reads a :class:`~newsfacts.scoring.results.Results` (or
:class:`~newsfacts.scoring.results.Comparison`) and returns text; no figure is computed here, and
nothing prints: the CLI does.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import __version__
from ..model import LAYERS
from ..scoring.metrics import ATTRIBUTES, SCHEMAS
from ..scoring.results import SCORER, Comparison, ErrorLine, Results, plural

#: Every line of a table, and every wrapped line of text, fits this many columns.
WIDTH = 100
_SELF_EXPLAINED = frozenset({"missed", "spurious", "unaligned"})  # the gold/predicted item says it all
_LAYER_TITLES = {"entities": "ENTITIES", "quotes": "QUOTES", "numeric_facts": "NUMERIC FACTS"}
_COUNTS = ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual")


def _wrap(text: str, indent: int = 0) -> list[str]:
    """A line of text wrapped to :data:`WIDTH` columns (continuation lines indented two more)."""
    return textwrap.wrap(text, WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + 2),
                         break_on_hyphens=False, break_long_words=False) or [""]


def _num(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.4f}"
    return f"{int(value):,}"


def _ratio(value: Any) -> str:
    return "-" if value is None else f"{value:.4f}"


def _ci(results: Results, path: str) -> str:
    if path not in results.confidence_intervals:
        return ""
    low, high = results.confidence_intervals[path]
    return "-" if np.isnan(low) else f"[{low:.4f}, {high:.4f}]"


def _ci_header(results: Results, figure: str = "f1") -> str:
    level = results.options.get("confidence")
    return f"{figure} {level:.0%} CI".strip() if isinstance(level, float) else f"{figure} CI".strip()


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: int = 2) -> list[str]:
    """Aligned columns: the first left-aligned, the others right-aligned; a column that is blank
    in every row is left out (the intervals when there are none).

    >>> print("\\n".join(table(["schema", "f1", "CI"], [["strict", "0.5000", ""], ["type", "1.0000", ""]])))
      schema      f1
      strict  0.5000
      type    1.0000
    """
    keep = [k for k in range(len(headers)) if k == 0 or any(str(r[k]) for r in rows)]
    headers, rows = [headers[k] for k in keep], [[r[k] for k in keep] for r in rows]
    widths = [max(len(str(r[k])) for r in [headers, *rows]) for k in range(len(headers))]
    lines = []
    for r in [headers, *rows]:
        cells = [str(c).ljust(widths[0]) if k == 0 else str(c).rjust(widths[k]) for k, c in enumerate(r)]
        lines.append(" " * indent + "  ".join(cells).rstrip())
    return lines


def _schema_tables(results: Results, node: dict[str, Any], prefix: str, schemas: Sequence[str], title: str,
                   extra: Sequence[list[str]] = ()) -> list[str]:
    """Two tables: precision, recall, F1 (and its interval) per schema; then the counts."""
    figures = [[schema, _ratio(node[schema]["precision"]), _ratio(node[schema]["recall"]),
                _ratio(node[schema]["f1"]), _ci(results, f"{prefix}.{schema}.f1")] for schema in schemas]
    counts = [[schema, *(_num(node[schema][c]) for c in _COUNTS)] for schema in schemas]
    return [*table([title, "precision", "recall", "f1", _ci_header(results)], [*figures, *extra]), "",
            *table([title, *_COUNTS], counts)]


def _per_label_rows(per_label: dict[str, Any]) -> list[list[str]]:
    rows = []
    for label, s in per_label.items():
        rows.append([label, _num(s["strict"]["possible"]), _num(s["strict"]["actual"]),
                     _ratio(s["strict"]["precision"]), _ratio(s["strict"]["recall"]), _ratio(s["strict"]["f1"]),
                     *(_ratio(s[schema]["f1"]) for schema in SCHEMAS[1:])])
    return rows


_PER_LABEL_HEADERS = ["possible", "actual", "strict P", "strict R", "strict F1", "exact F1", "partial F1", "type F1"]


def _attribute_table(results: Results, node: dict[str, Any], layer: str) -> list[str]:
    """Accuracy over pairs where gold or prediction has a value ("not predicted" when no
    prediction carries the attribute), its interval, coverage and the pair counts."""
    rows = []
    for name in ATTRIBUTES[layer]:
        a = node[name]
        accuracy = "not predicted" if not a["predicted"] else _ratio(a["accuracy"])
        rows.append([name, accuracy, _ci(results, f"{layer}.{name}.accuracy"), _ratio(a["coverage"]),
                     _num(a["total"]), _num(a["pairs"])])
    return table(["attribute", "accuracy", _ci_header(results, ""), "coverage", "with a value", "pairs"], rows)


def _layer_lines(results: Results, layer: str) -> list[str]:
    f = results.figures[layer]
    title = _LAYER_TITLES[layer]
    if not f.get("scored", True):
        return [f"{title}: not scored (no prediction has a \"{layer}\" key)"]
    lines = [title]
    if layer == "entities":
        macro = f["macro"]["strict"]
        lines += _schema_tables(results, f, "entities", SCHEMAS, "schema",
                                [["macro strict", _ratio(macro["precision"]), _ratio(macro["recall"]),
                                  _ratio(macro["f1"]), _ci(results, "entities.macro.strict.f1")]])
        if f["per_label"]:
            lines += ["", *table(["label", *_PER_LABEL_HEADERS], _per_label_rows(f["per_label"]))]
    elif layer == "quotes":
        c = f["content"]
        t = c["tokens"]
        lines += _schema_tables(results, c, "quotes.content", ("exact", "partial"), "content",
                                [["tokens", _ratio(t["precision"]), _ratio(t["recall"]), _ratio(t["f1"]),
                                  _ci(results, "quotes.content.tokens.f1")]])
        lines += _wrap(f"tokens (whole words): {_num(t['gold'])} gold, {_num(t['predicted'])} predicted, "
                       f"{_num(t['overlap'])} shared by matched pairs", 2)
        e2e = f["speaker"]["end_to_end"]
        lines += ["", *_attribute_table(results, f, "quotes")]
        ci = _ci(results, "quotes.speaker.end_to_end.f1")
        lines += _wrap(f"speaker end to end  P {_ratio(e2e['precision'])}  R {_ratio(e2e['recall'])}  "
                       f"F1 {_ratio(e2e['f1'])}" + (f"  {_ci_header(results, 'F1')} {ci}" if ci else ""), 2)
        lines.append("    (right attributions over predicted quotes, and over gold quotes)")
    else:
        lines += _schema_tables(results, f["span"], "numeric_facts.span", SCHEMAS, "span")
        if f["per_kind"]:
            lines += ["", *table(["kind", *_PER_LABEL_HEADERS], _per_label_rows(f["per_kind"]))]
        lines += ["", *_attribute_table(results, f, "numeric_facts")]
    unaligned = f.get("unaligned", 0)
    lines.append(f"  unaligned predictions: {_num(unaligned)} (also counted as spurious)")
    return lines


def format_table(results: Results) -> str:
    """The terminal report of one run, as ``newsfacts score`` prints it.

    Parameters
    ----------
    results : Results
        What :func:`newsfacts.score` returned.

    Returns
    -------
    str
        Per layer: P/R/F1 (and intervals) per schema, the counts, the per-label table, the
        attributes; then the alignment counts. Every line fits :data:`WIDTH` columns (a path
        or a system name longer than that is the only exception).

    Examples
    --------
    >>> from newsfacts import score
    >>> from newsfacts.model import Document, Entity
    >>> doc = Document(id="d", title="", url="", source="", author="", published_at="", text="Ross met Cook.",
    ...                entities=(Entity(id="e", start=0, end=4, text="Ross", label="PERSON"),))
    >>> text = format_table(score([{"id": "d", "entities": [{"text": "Ross", "label": "PERSON"}]}], [doc],
    ...                           bootstrap=0))
    >>> print(text.splitlines()[6])
      strict           1.0000  1.0000  1.0000
    >>> max(len(line) for line in text.splitlines()) <= WIDTH
    True
    """
    ds = results.dataset
    o = results.options
    head = [f"{SCORER} {__version__}  system: {results.system}", f"predictions: {results.predictions}",
            *_wrap(f"dataset: {ds.source} ({plural(ds.documents, 'document')}, fingerprint {ds.fingerprint[:16]})")]
    if results.intervals_skipped:
        head += _wrap(f"confidence intervals: none, {results.intervals_skipped}")
    elif o.get("bootstrap"):
        head += _wrap(f"confidence intervals: percentile bootstrap over documents, {o['bootstrap']:,} resamples, "
                      f"seed {o['seed']}, {o['confidence']:.0%}")
    out = head
    for layer in LAYERS:
        out += ["", *_layer_lines(results, layer)]
    a = results.alignment
    out += ["", *_wrap("ALIGNMENT  " + ", ".join(f"{k} {v:,}" for k, v in a.items()))]
    return "\n".join(out) + "\n"


def format_errors(errors: Sequence[ErrorLine]) -> str:
    """The ``--errors`` listing: one block per error, grouped by document, in text order."""
    if not errors:
        return "no errors\n"
    out = []
    for e in errors:
        where = f"{e.doc_id}" + (f" (line {e.line})" if e.line else "")
        parts = [f"{where}  {e.layer}  {e.kind}"]
        if e.gold:
            parts.append(f"gold {e.gold}")
        if e.pred:
            parts.append(f"predicted {e.pred}")
        out.append("  ".join(parts))
        if e.detail and e.kind not in _SELF_EXPLAINED:
            out.append(f"    {e.detail}")
        if e.context:
            out.append(f"    {e.context}")
    return "\n".join(out) + "\n"



def errors_listing(results: Results) -> str:
    """The ``--errors`` listing; when errors were not collected it says so, never "no errors"."""
    if results.errors is None:
        return ("errors were not collected: score with with_errors=True "
                "(newsfacts score --errors) to list them\n")
    return format_errors(results.errors)

def format_comparison(self: Comparison) -> str:
    """The ``newsfacts compare`` table: each headline figure for A and B, the difference, its CI and p."""
    ds = self.a.dataset
    head = [*_wrap(f"{SCORER} {__version__}  compare  A: {self.a.system}  B: {self.b.system}"),
            *_wrap(f"dataset: {ds.source} ({plural(ds.documents, 'document')}, fingerprint {ds.fingerprint[:16]})")]
    if self.skipped:
        head += _wrap(f"no p-values and no intervals: {self.skipped}")
    else:
        head += _wrap(f"paired bootstrap over documents: {self.resamples:,} resamples, seed {self.seed}; "
                      "p: two-sided, H0 no difference")
    rows = [[p, _ratio(_nan_none(r.a)), _ratio(_nan_none(r.b)), _signed(r.delta),
             "" if self.skipped else "-" if np.isnan(r.ci[0]) else f"[{r.ci[0]:+.4f}, {r.ci[1]:+.4f}]",
             "" if self.skipped else "-" if np.isnan(r.p_value) else f"{r.p_value:.4f}"]
            for p, r in self.paired.items()]
    lines = [*head, "", *table(["figure", "A", "B", "B - A", _ci_header(self.a, "") + " of B - A", "p"], rows)]
    return "\n".join(lines) + "\n"


def _nan_none(v: float) -> float | None:
    return None if np.isnan(v) else v


def _signed(v: float) -> str:
    return "-" if np.isnan(v) else f"{v:+.4f}"
