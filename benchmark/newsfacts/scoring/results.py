"""The typed results of a scoring run, and the results JSON.

* :meth:`Results.to_json` -- the results JSON (docs/scoring.md, "Output"): ``scorer``, ``dataset``, ``system``,
  ``entities``, ``quotes``, ``numeric_facts`` (every figure of :func:`newsfacts.scoring.metrics.figures`),
  then ``confidence_intervals``, ``documents`` (per-document headline figures), ``alignment``,
  ``options``, ``warnings`` and, with ``--errors``, ``errors``;
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
from .metrics import HEADLINE, ErrorItem
from ..model import LAYERS, Entity, NumericFact, Quote

if TYPE_CHECKING:
    from .significance import PairedResult

SCORER = "newsfacts"
CONTEXT = 40  # characters of context either side of an error's spans


class ScoringWarning(UserWarning):
    """A warning of a scoring run (also kept in :attr:`Results.warnings` and the results JSON)."""


def plural(n: int, noun: str) -> str:
    """``n`` and the noun, agreeing in number: ``plural(1, "document")`` is ``"1 document"``.

    >>> plural(1, "item"), plural(0, "item"), plural(12000, "offset-free item")
    ('1 item', '0 items', '12,000 offset-free items')
    """
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


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
    return f"{label} {getattr(item, 'text', '')!r} ({getattr(item, 'reason', 'not found in the text')})"


@dataclass(frozen=True)
class DatasetInfo:
    """Where the gold came from, and its fingerprint (:mod:`newsfacts.dataset.sources`)."""

    source: str
    fingerprint: str
    documents: int


@dataclass
class Results:
    """Everything one scoring run found; :func:`newsfacts.score` returns it.

    ``options`` is the run's :class:`~newsfacts.config.ScoreConfig` as recorded in the results
    JSON; ``intervals_skipped`` says why there are no intervals (too few documents), else None.

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
    intervals_skipped: str | None = None  # why there are no intervals (too few documents), else None

    def figure(self, path: str) -> Any:
        """A figure by its dotted path, as in the results JSON.

        Parameters
        ----------
        path : str
            Keys from the top of :attr:`figures`, joined by dots: ``"entities.strict.f1"``,
            ``"numeric_facts.per_kind.DATE.strict.recall"``, ``"quotes.speaker.accuracy"``.

        Returns
        -------
        float, int, dict or None
            The figure (None: undefined, e.g. an accuracy with no pairs), or the node of figures
            at that path.

        Raises
        ------
        KeyError
            No such figure; the message lists the names that exist where the path went wrong
            (and says so when the layer was not scored).

        Examples
        --------
        >>> r = Results("s", "p.jsonl", DatasetInfo("memory", "", 1), frozenset({"entities"}),
        ...             {"entities": {"strict": {"f1": 0.5}}, "quotes": {"scored": False}}, [], [],
        ...             np.zeros((0, 0)), np.zeros((0, 0)))
        >>> r.figure("entities.strict.f1")
        0.5
        >>> r.figure("entities.strict.F1")
        Traceback (most recent call last):
        ...
        KeyError: "no figure 'entities.strict.F1': 'entities.strict' has f1"
        >>> r.figure("quotes.content.exact.f1")
        Traceback (most recent call last):
        ...
        KeyError: "no figure 'quotes.content.exact.f1': the layer quotes was not scored (no prediction has a 'quotes' key)"
        """
        if not isinstance(path, str):
            raise KeyError(f"a figure's path is a string such as 'entities.strict.f1', got {path!r}")
        node: Any = self.figures
        parts = path.split(".")
        for k, part in enumerate(parts):
            if isinstance(node, dict) and node.get("scored") is False and k == 1:
                raise KeyError(f"no figure {path!r}: the layer {parts[0]} was not scored "
                               f"(no prediction has a {parts[0]!r} key)")
            if not isinstance(node, dict) or part not in node:
                where = ".".join(parts[:k]) or "the figures"
                names = ", ".join(node) if isinstance(node, dict) else f"no names below (it is {node!r})"
                raise KeyError(f"no figure {path!r}: {where!r} has {names}" if k else
                               f"no figure {path!r}: the figures have {names}")
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
            "skipped": self.intervals_skipped,
        }
        out["alignment"] = dict(self.alignment)
        out["options"] = dict(self.options)
        out["warnings"] = list(self.warnings)
        out["documents"] = self.documents()
        if self.errors is not None:
            out["errors"] = [e.to_builtins() for e in self.errors]
        return out

    def to_json(self) -> str:
        """The results JSON (docs/scoring.md, "Output"), indented; NaN (undefined figures) becomes null.

        Returns
        -------
        str
            The JSON text, ending in a newline; write it as UTF-8.

        Examples
        --------
        >>> import json
        >>> r = Results("s", "p.jsonl", DatasetInfo("memory", "f" * 64, 1), frozenset({"entities"}),
        ...             {"entities": {"strict": {"f1": float("nan")}}, "quotes": {"scored": False},
        ...              "numeric_facts": {"scored": False}}, ["d"], [1], np.zeros((1, 0)),
        ...             np.full((1, len(HEADLINE)), np.nan))
        >>> data = json.loads(r.to_json())
        >>> data["entities"], data["quotes"], data["documents"][0]["id"]
        ({'strict': {'f1': None}}, {'scored': False}, 'd')
        """
        return msgspec.json.format(msgspec.json.encode(self.to_builtins()), indent=2).decode("utf-8") + "\n"

    # -- terminal ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------


@dataclass
class Comparison:
    """Two systems on the same documents, with a paired bootstrap per headline figure;
    :func:`newsfacts.compare` returns it.

    ``a`` and ``b`` are the two :class:`Results`; ``paired`` maps each headline figure of a layer
    both systems predict to a :class:`~newsfacts.scoring.significance.PairedResult` (``a``,
    ``b``, ``delta = b - a``, ``p_value``, ``ci``). ``skipped`` says why there are no p-values
    and intervals (fewer documents than ``min_documents``: they are NaN then), else None.
    """

    a: Results
    b: Results
    paired: dict[str, PairedResult]
    resamples: int
    seed: int
    skipped: str | None = None  # why there are no p-values or intervals (too few documents), else None

    @property
    def warnings(self) -> list[str]:
        """The warnings of both runs (each prefixed by its system) and of the comparison, each once."""
        out = [f"({name}, {res.system}) {w}" for name, res in (("A", self.a), ("B", self.b)) for w in res.warnings
               if not (self.skipped and res.intervals_skipped and w.endswith(res.intervals_skipped))]
        if self.skipped:
            out.append(f"no p-values: {self.skipped}")
        return out

    def to_builtins(self) -> dict[str, Any]:
        return {
            "scorer": {"name": SCORER, "version": __version__},
            "dataset": {"source": self.a.dataset.source, "fingerprint": self.a.dataset.fingerprint,
                        "documents": self.a.dataset.documents},
            "systems": {"a": self.a.system, "b": self.b.system},
            "test": {"method": "paired bootstrap over documents", "resamples": self.resamples, "seed": self.seed,
                     "p_value": "two-sided: (1 + #{|delta* - delta| >= |delta|}) / (1 + resamples)",
                     "skipped": self.skipped},
            "figures": {p: {"a": r.a, "b": r.b, "delta": r.delta, "p_value": r.p_value, "delta_ci": list(r.ci)}
                        for p, r in self.paired.items()},
            "a": {k: v for k, v in self.a.to_builtins().items() if k not in ("documents", "errors")},
            "b": {k: v for k, v in self.b.to_builtins().items() if k not in ("documents", "errors")},
        }

    def to_json(self) -> str:
        return msgspec.json.format(msgspec.json.encode(self.to_builtins()), indent=2).decode("utf-8") + "\n"
