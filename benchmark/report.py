"""Reports: the typed results of a scoring run, and their three renderings.

* :meth:`Results.to_table` -- the terminal table: entities per schema with P/R/F1, counts and
  confidence intervals, per label, quotes, numeric facts, alignment, "not scored" layers;
* :meth:`Results.to_json` -- the results JSON (DESIGN.md): ``scorer``, ``dataset``, ``system``,
  ``entities``, ``quotes``, ``numeric_facts`` (every figure of :func:`benchmark.metrics.figures`),
  then ``confidence_intervals``, ``documents`` (per-document headline figures), ``alignment``,
  ``options``, ``warnings`` and, with ``--errors``, ``errors``;
* :meth:`Results.errors_listing` -- every false positive, false negative, partial match and
  attribute error with its context (40 characters either side, the spans in brackets).

:class:`Comparison` is the same for ``newsfacts compare``. Nothing here prints: the CLI does.

>>> context("The US government has received 260 requests.", [(4, 6)], width=10)
'The [US] governmen…'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import msgspec
import numpy as np

from . import __version__
from .metrics import HEADLINE, SCHEMAS, ErrorItem
from .model import LAYERS, Entity, NumericFact, Quote

if TYPE_CHECKING:
    from .significance import PairedResult

SCORER = "newsfacts"
CONTEXT = 40  # characters of context either side of an error's spans

_SELF_EXPLAINED = frozenset({"missed", "spurious", "unaligned"})  # the gold/predicted item says it all
_LAYER_TITLES = {"entities": "ENTITIES", "quotes": "QUOTES", "numeric_facts": "NUMERIC FACTS"}
_COUNTS = ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual")


def _label(item: object) -> str | None:
    return getattr(item, "label", None) or getattr(item, "kind", None)


def context(text: str, spans: Sequence[tuple[int, int]], width: int = CONTEXT) -> str:
    """``width`` characters either side of ``spans``, each span in brackets, on one line."""
    spans = sorted({s for s in spans if s[0] < s[1]})
    if not spans:
        return ""
    lo = max(0, min(s for s, _ in spans) - width)
    hi = min(len(text), max(e for _, e in spans) + width)
    marks: dict[int, str] = {}
    for s, e in spans:
        marks[s] = marks.get(s, "") + "["
        marks[e] = "]" + marks.get(e, "")
    out = ["…" if lo > 0 else ""]
    for i in range(lo, hi + 1):
        out.append(marks.get(i, ""))
        if i < hi:
            out.append(text[i])
    out.append("…" if hi < len(text) else "")
    return " ".join("".join(out).split())


@dataclass(frozen=True, slots=True)
class ErrorLine:
    """One entry of the ``--errors`` listing, with its context already cut from the text."""

    doc_id: str
    layer: str
    kind: str        # missed | spurious | unaligned | partial | incorrect | speaker | cue | value | ...
    gold: str | None  # "[120, 131) PERSON 'Wilbur Ross'"
    pred: str | None
    detail: str
    context: str
    position: int     # where in the text (for sorting); -1 for unaligned items
    line: int | None  # line of the predictions file

    @classmethod
    def of(cls, doc_id: str, text: str, item: ErrorItem, line: int | None) -> ErrorLine:
        spans = [(x.start, x.end) for x in (item.gold, item.pred) if isinstance(x, (Entity, Quote, NumericFact))]
        return cls(doc_id, item.layer, item.kind, _describe(item.gold), _describe(item.pred), item.detail,
                   context(text, spans), min((s for s, _ in spans), default=-1),
                   getattr(item.pred, "line", None) or line)

    def to_builtins(self) -> dict[str, Any]:
        return {"document": self.doc_id, "line": self.line, "layer": self.layer, "kind": self.kind,
                "gold": self.gold, "predicted": self.pred, "detail": self.detail, "context": self.context}


def _describe(item: object) -> str | None:
    if item is None:
        return None
    label = _label(item) or "-"
    if isinstance(item, (Entity, Quote, NumericFact)):
        return f"[{item.start}, {item.end}) {label} {item.text!r}"
    return f"{label} {getattr(item, 'text', '')!r} (not found in the text)"


@dataclass(frozen=True)
class DatasetInfo:
    """Where the gold came from, and its fingerprint (:mod:`benchmark.sources`)."""

    source: str
    fingerprint: str
    documents: int


@dataclass
class Results:
    """Everything one scoring run found; ``score()`` returns it.

    ``figures`` is :func:`benchmark.metrics.figures` of the summed counters; ``per_document``
    the counter rows (documents in id order, ``doc_ids``), ``per_document_headline`` their
    headline figures; ``confidence_intervals`` maps headline paths to ``(low, high)``.
    """

    system: str
    predictions: str
    dataset: DatasetInfo
    layers: frozenset[str]
    figures: dict[str, Any]
    doc_ids: list[str]
    doc_lines: list[int | None]
    per_document: np.ndarray
    per_document_headline: np.ndarray
    confidence_intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    alignment: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[ErrorLine] | None = None

    def figure(self, path: str) -> Any:
        """A figure by dotted path: ``results.figure("entities.strict.f1")``."""
        node: Any = self.figures
        for part in path.split("."):
            node = node[part]
        return node

    # -- JSON -------------------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """Per-document figures: id, line (null: no line, scored as predicted empty), headline figures."""
        columns = [k for k, p in enumerate(HEADLINE) if p.split(".", 1)[0] in self.layers]
        paths = [HEADLINE[k] for k in columns]
        # One tolist() of the needed columns: indexing numpy scalars one by one would take most of the time.
        values = self.per_document_headline[:, columns].tolist()
        return [{"id": doc_id, "line": line,
                 "figures": {p: (None if math.isnan(v) else v) for p, v in zip(paths, row)}}
                for doc_id, line, row in zip(self.doc_ids, self.doc_lines, values)]

    def to_builtins(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scorer": {"name": SCORER, "version": __version__},
            "dataset": {"source": self.dataset.source, "fingerprint": self.dataset.fingerprint,
                        "documents": self.dataset.documents},
            "system": self.system,
            "predictions": self.predictions,
        }
        out.update({layer: self.figures[layer] for layer in LAYERS})
        out["confidence_intervals"] = {
            "method": "percentile bootstrap over documents",
            "resamples": self.options.get("bootstrap", 0),
            "seed": self.options.get("seed"),
            "confidence": self.options.get("confidence"),
            "figures": {p: list(ci) for p, ci in self.confidence_intervals.items()},
        }
        out["alignment"] = dict(self.alignment)
        out["options"] = dict(self.options)
        out["warnings"] = list(self.warnings)
        out["documents"] = self.documents()
        if self.errors is not None:
            out["errors"] = [e.to_builtins() for e in self.errors]
        return out

    def to_json(self) -> str:
        """The results JSON, indented, UTF-8; NaN (undefined figures) becomes null."""
        return msgspec.json.format(msgspec.json.encode(self.to_builtins()), indent=2).decode("utf-8") + "\n"

    # -- terminal ---------------------------------------------------------------------------

    def to_table(self) -> str:
        return format_table(self)

    def errors_listing(self) -> str:
        """The ``--errors`` listing; when errors were not collected it says so, never "no errors"."""
        if self.errors is None:
            return ("errors were not collected: score with with_errors=True "
                    "(newsfacts score --errors) to list them\n")
        return format_errors(self.errors)


# ---------------------------------------------------------------------------------------------
# Table formatting


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


# ---------------------------------------------------------------------------------------------


@dataclass
class Comparison:
    """Two systems on the same documents, with a paired bootstrap per headline figure."""

    a: Results
    b: Results
    paired: dict[str, PairedResult]
    resamples: int
    seed: int

    def to_builtins(self) -> dict[str, Any]:
        return {
            "scorer": {"name": SCORER, "version": __version__},
            "dataset": {"source": self.a.dataset.source, "fingerprint": self.a.dataset.fingerprint,
                        "documents": self.a.dataset.documents},
            "systems": {"a": self.a.system, "b": self.b.system},
            "test": {"method": "paired bootstrap over documents", "resamples": self.resamples, "seed": self.seed,
                     "p_value": "two-sided: (1 + #{|delta* - delta| >= |delta|}) / (1 + resamples)"},
            "figures": {p: {"a": r.a, "b": r.b, "delta": r.delta, "p_value": r.p_value, "delta_ci": list(r.ci)}
                        for p, r in self.paired.items()},
            "a": {k: v for k, v in self.a.to_builtins().items() if k not in ("documents", "errors")},
            "b": {k: v for k, v in self.b.to_builtins().items() if k not in ("documents", "errors")},
        }

    def to_json(self) -> str:
        return msgspec.json.format(msgspec.json.encode(self.to_builtins()), indent=2).decode("utf-8") + "\n"

    def to_table(self) -> str:
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
