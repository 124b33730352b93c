"""Terminal renderings of scoring results: the score table, the ``--errors`` listing, the compare table.

Everything here reads a :class:`~newsfacts.scoring.results.Results` (or
:class:`~newsfacts.scoring.results.Comparison`) and returns text; no figure is computed here, and
nothing prints: the CLI does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import __version__
from ..model import LAYERS
from ..scoring.metrics import SCHEMAS
from ..scoring.results import SCORER, Comparison, ErrorLine, Results

_SELF_EXPLAINED = frozenset({"missed", "spurious", "unaligned"})  # the gold/predicted item says it all
_LAYER_TITLES = {"entities": "ENTITIES", "quotes": "QUOTES", "numeric_facts": "NUMERIC FACTS"}
_COUNTS = ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual")

def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


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


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: int = 2) -> list[str]:
    """Aligned columns: the first left-aligned, the others right-aligned.

    >>> print("\\n".join(table(["schema", "f1"], [["strict", "0.5000"], ["type", "1.0000"]])))
      schema      f1
      strict  0.5000
      type    1.0000
    """
    widths = [max(len(str(r[k])) for r in [headers, *rows]) for k in range(len(headers))]
    lines = []
    for r in [headers, *rows]:
        cells = [str(c).ljust(widths[0]) if k == 0 else str(c).rjust(widths[k]) for k, c in enumerate(r)]
        lines.append(" " * indent + "  ".join(cells).rstrip())
    return lines


def _schema_rows(results: Results, node: dict[str, Any], prefix: str,
                 schemas: Sequence[str]) -> list[list[str]]:
    rows = []
    for schema in schemas:
        s = node[schema]
        rows.append([schema, _ratio(s["precision"]), _ratio(s["recall"]), _ratio(s["f1"]),
                     _ci(results, f"{prefix}.{schema}.f1"), *(_num(s[c]) for c in _COUNTS)])
    return rows


_SCHEMA_HEADERS = ["precision", "recall", "f1", "f1 95% CI", *_COUNTS]


def _drop_empty_column(headers: list[str], rows: list[list[str]], name: str) -> tuple[list[str], list[list[str]]]:
    """Leave out a column that is blank in every row (the intervals when there is no bootstrap)."""
    k = headers.index(name)
    if any(r[k] for r in rows):
        return headers, rows
    return headers[:k] + headers[k + 1:], [r[:k] + r[k + 1:] for r in rows]


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    for name in ("f1 95% CI", "95% CI"):
        if name in headers:
            headers, rows = _drop_empty_column(headers, rows, name)
    return table(headers, rows)


def _per_label_rows(per_label: dict[str, Any]) -> list[list[str]]:
    rows = []
    for label, s in per_label.items():
        rows.append([label, _num(s["strict"]["possible"]), _num(s["strict"]["actual"]),
                     _ratio(s["strict"]["precision"]), _ratio(s["strict"]["recall"]), _ratio(s["strict"]["f1"]),
                     *(_ratio(s[schema]["f1"]) for schema in SCHEMAS[1:])])
    return rows


_PER_LABEL_HEADERS = ["possible", "actual", "strict P", "strict R", "strict F1", "exact F1", "partial F1", "type F1"]


def _accuracy_rows(results: Results, node: dict[str, Any], prefix: str, names: Sequence[str]) -> list[list[str]]:
    return [[name, _ratio(node[name]["accuracy"]), _ci(results, f"{prefix}.{name}.accuracy"),
             _num(node[name]["total"])] for name in names]


def _layer_lines(results: Results, layer: str) -> list[str]:
    f = results.figures[layer]
    title = _LAYER_TITLES[layer]
    if not f.get("scored", True):
        return [f"{title}: not scored (no line of the predictions has a \"{layer}\" key)"]
    lines = [title]
    if layer == "entities":
        rows = _schema_rows(results, f, "entities", SCHEMAS)
        macro = f["macro"]
        rows.append(["macro strict", _ratio(macro["strict"]["precision"]), _ratio(macro["strict"]["recall"]),
                     _ratio(macro["strict"]["f1"]), _ci(results, "entities.macro.strict.f1")] + [""] * 7)
        lines += _table(["schema", *_SCHEMA_HEADERS], rows)
        if f["per_label"]:
            lines += ["", *table(["label", *_PER_LABEL_HEADERS], _per_label_rows(f["per_label"]))]
    elif layer == "quotes":
        c = f["content"]
        rows = _schema_rows(results, c, "quotes.content", ("exact", "partial"))
        t = c["tokens"]
        rows.append(["tokens", _ratio(t["precision"]), _ratio(t["recall"]), _ratio(t["f1"]),
                     _ci(results, "quotes.content.tokens.f1"), "", "", "", "", "", _num(t["gold"]),
                     _num(t["predicted"])])
        lines += _table(["content", *_SCHEMA_HEADERS], rows)
        e2e = f["speaker"]["end_to_end"]
        lines += ["", *_table(["attribute", "accuracy", "95% CI", "matched pairs"],
                             _accuracy_rows(results, f, "quotes", ("speaker", "cue", "kind")))]
        lines.append(f"  speaker end to end (correct attributions over predicted / gold quotes): "
                     f"P {_ratio(e2e['precision'])}  R {_ratio(e2e['recall'])}  F1 {_ratio(e2e['f1'])}"
                     + (f"  95% CI {_ci(results, 'quotes.speaker.end_to_end.f1')}"
                        if "quotes.speaker.end_to_end.f1" in results.confidence_intervals else ""))
    else:
        lines += _table(["span", *_SCHEMA_HEADERS], _schema_rows(results, f["span"], "numeric_facts.span", SCHEMAS))
        if f["per_kind"]:
            lines += ["", *table(["kind", *_PER_LABEL_HEADERS], _per_label_rows(f["per_kind"]))]
        lines += ["", *_table(["attribute", "accuracy", "95% CI", "pairs"],
                             _accuracy_rows(results, f, "numeric_facts",
                                            ("value", "normalized", "bound", "unit", "measured")))]
    unaligned = f.get("unaligned", 0)
    lines.append(f"  unaligned predictions: {_num(unaligned)} (also counted as spurious)")
    return lines


def format_table(results: Results) -> str:
    """The terminal report of one run."""
    ds = results.dataset
    o = results.options
    head = [f"{SCORER} {__version__}  system: {results.system}  predictions: {results.predictions}",
            f"dataset: {ds.source} ({_plural(ds.documents, 'document')}, fingerprint {ds.fingerprint[:16]})"]
    if o.get("bootstrap"):
        head.append(f"confidence intervals: percentile bootstrap over documents, {o['bootstrap']:,} resamples, "
                    f"seed {o['seed']}, {o['confidence']:.0%}")
    out = head
    for layer in LAYERS:
        out += ["", *_layer_lines(results, layer)]
    a = results.alignment
    out += ["", "ALIGNMENT  " + ", ".join(f"{k} {v:,}" for k, v in a.items())]
    return "\n".join(out) + "\n"


def select_errors(errors: Sequence[ErrorLine], *, layers: Sequence[str] | None = None,
                  kinds: Sequence[str] | None = None) -> list[ErrorLine]:
    """The errors of the given layers and kinds (None: all).

    >>> e = ErrorLine("d", "entities", "missed", "[0, 2) GPE 'US'", None, "", "", 0, 1)
    >>> len(select_errors([e], layers=["quotes"])), len(select_errors([e], kinds=["missed", "partial"]))
    (0, 1)
    """
    return [e for e in errors if (not layers or e.layer in layers) and (not kinds or e.kind in kinds)]


def format_errors(errors: Sequence[ErrorLine], limit: int | None = None, more_hint: str = "") -> str:
    """The ``--errors`` listing: one block per error, grouped by document, in text order; at most
    ``limit`` errors, then a line saying how many more there are (and ``more_hint``)."""
    if not errors:
        return "no errors\n"
    out = []
    for e in errors[:limit]:
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
    if limit is not None and len(errors) > limit:
        out.append(f"... {_plural(len(errors) - limit, 'more error')} not listed" + (f" ({more_hint})" if more_hint else ""))
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
    head = [f"{SCORER} {__version__}  compare  A: {self.a.system}  B: {self.b.system}",
            f"dataset: {ds.source} ({_plural(ds.documents, 'document')}, fingerprint {ds.fingerprint[:16]})",
            f"paired bootstrap over documents: {self.resamples:,} resamples, seed {self.seed}; "
            "p: two-sided, H0 no difference", ""]
    rows = [[p, _ratio(_nan_none(r.a)), _ratio(_nan_none(r.b)), _signed(r.delta),
             "-" if np.isnan(r.ci[0]) else f"[{r.ci[0]:+.4f}, {r.ci[1]:+.4f}]",
             "-" if np.isnan(r.p_value) else f"{r.p_value:.4f}"] for p, r in self.paired.items()]
    lines = head + table(["figure", "A", "B", "B - A", "95% CI of B - A", "p"], rows)
    return "\n".join(lines) + "\n"



def _nan_none(v: float) -> float | None:
    return None if np.isnan(v) else v


def _signed(v: float) -> str:
    return "-" if np.isnan(v) else f"{v:+.4f}"
