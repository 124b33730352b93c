"""The typed results of a scoring run, and the results JSON.

* :meth:`Results.to_json` -- the results JSON (DESIGN.md): ``scorer``, ``dataset``, ``system``,
  ``entities``, ``quotes``, ``numeric_facts`` (every figure of :func:`newsfacts.scoring.metrics.figures`),
  then ``confidence_intervals``, ``documents`` (per-document headline figures), ``alignment``,
  ``options``, ``warnings``, with ``--errors`` ``errors`` and with ``--items`` ``items`` (every
  scored item of each document, :class:`~newsfacts.scoring.metrics.ScoredItem`);
* :class:`ErrorLine` -- one false positive, false negative, partial match or attribute error
  with its context (40 characters either side, the spans in brackets).

:class:`Comparison` is the same for ``newsfacts compare``. The terminal renderings are in
:mod:`newsfacts.report.tables`. Nothing here prints: the CLI does.

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

from .. import __version__
from .metrics import HEADLINE, ErrorItem, ScoredItem
from ..model import LAYERS, Entity, NumericFact, Quote

if TYPE_CHECKING:
    from .significance import PairedResult

SCORER = "newsfacts"
CONTEXT = 40  # characters of context either side of an error's spans



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


#: Kinds of an ErrorLine: span outcomes, then attribute errors of a matched pair.
ERROR_KINDS: tuple[str, ...] = ("missed", "spurious", "unaligned", "partial", "incorrect", "speaker", "cue",
                                "value", "normalized", "bound", "unit", "measured")


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
    """Where the gold came from, and its fingerprint (:mod:`newsfacts.dataset.sources`)."""

    source: str
    fingerprint: str
    documents: int


@dataclass
class Results:
    """Everything one scoring run found; ``score()`` returns it.

    ``figures`` is :func:`newsfacts.scoring.metrics.figures` of the summed counters; ``per_document``
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
    items: dict[str, list[ScoredItem]] | None = None  # with_items: each document's scored items, id order

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

    def to_builtins(self, *, with_items: bool = True) -> dict[str, Any]:
        """The results JSON as plain objects (``with_items=False``: without ``items``, which can be
        millions of records; :meth:`to_json` encodes those straight from the records)."""
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
        if self.items is not None and with_items:
            out["items"] = msgspec.to_builtins(self.items)
        return out

    def to_json(self) -> str:
        """The results JSON, indented, UTF-8; NaN (undefined figures) becomes null."""
        out = self.to_builtins(with_items=False)
        if self.items is not None:
            out["items"] = self.items  # encoded from the records in C: a large run has millions
        return msgspec.json.format(msgspec.json.encode(out), indent=2).decode("utf-8") + "\n"

    # -- terminal ---------------------------------------------------------------------------


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
