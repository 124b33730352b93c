"""The leaderboard: several systems scored on one dataset, and its JSON.

A :class:`Leaderboard` is built from the :class:`~newsfacts.scoring.results.Results` of each
system (``newsfacts baselines`` runs them; any caller may score its own files and build one).
Its JSON is::

    {"dataset": {"source", "fingerprint", "documents"},
     "systems": [{"name", "description", "predictions",
                  "entities": <layer results>, "quotes": ..., "numeric_facts": ...,
                  "confidence_intervals": {<headline path>: [low, high]}, "warnings": [...]}],
     "skipped": {<name>: <one-line reason>}}

where ``<layer results>`` is exactly the layer's object of the results JSON, and a layer the
system does not predict is absent. :data:`COLUMNS` names the figures the terminal and Markdown
tables show (:mod:`newsfacts.report.leaderboard` renders them); nothing here prints.

>>> row = Row(name="s", description="", predictions="s.jsonl", layers=("entities",),
...           figures={"entities": {"strict": {"f1": 0.5}, "partial": {"f1": 0.75}}}, intervals={})
>>> row.figure("entities", "strict.f1"), row.figure("quotes", "content.exact.f1")
(0.5, None)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from ..model import LAYERS
from .results import DatasetInfo, Results

# Per layer: (column title, figure path inside the layer, has a confidence interval).
# Strict = exact boundaries and label; partial = overlap credit (for quotes: token overlap of
# the content); then the attribute accuracies over matched pairs.
COLUMNS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "entities": (("strict F1", "strict.f1", True), ("partial F1", "partial.f1", True)),
    "quotes": (("strict F1", "content.exact.f1", True), ("partial F1", "content.tokens.f1", True),
               ("speaker", "speaker.accuracy", True)),
    "numeric_facts": (("strict F1", "span.strict.f1", True), ("partial F1", "span.partial.f1", True),
                      ("value", "value.accuracy", True), ("date", "normalized.accuracy", True)),
}


@dataclass(frozen=True)
class Row:
    """One system's scores: the figures of the layers it predicts and their intervals."""

    name: str
    description: str
    predictions: str | None                        # None: predictions were not kept
    layers: tuple[str, ...]                        # in LAYERS order
    figures: dict[str, dict[str, Any]]             # layer -> the results JSON's layer object
    intervals: dict[str, tuple[float, float]]      # "<layer>.<path>" -> (low, high)
    warnings: tuple[str, ...] = ()

    @classmethod
    def from_results(cls, results: Results, description: str = "") -> Row:
        layers = tuple(layer for layer in LAYERS if layer in results.layers)
        return cls(name=results.system, description=description, predictions=results.predictions, layers=layers,
                   figures={layer: results.figures[layer] for layer in layers},
                   intervals=dict(results.confidence_intervals), warnings=tuple(results.warnings))

    def figure(self, layer: str, path: str) -> float | None:
        """A figure of a predicted layer by dotted path; None when not predicted or undefined."""
        node: Any = self.figures.get(layer)
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node if isinstance(node, (int, float)) else None

    def interval(self, layer: str, path: str) -> tuple[float, float] | None:
        ci = self.intervals.get(f"{layer}.{path}")
        if ci is None or any(v != v for v in ci):  # NaN: undefined in every resample
            return None
        return ci

    def to_builtins(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "description": self.description, "predictions": self.predictions}
        out.update(self.figures)
        out["confidence_intervals"] = {p: list(ci) for p, ci in self.intervals.items()}
        out["warnings"] = list(self.warnings)
        return out


@dataclass(frozen=True)
class Leaderboard:
    """Systems scored on one dataset; ``skipped`` maps systems that could not run to why."""

    dataset: DatasetInfo
    rows: tuple[Row, ...]
    skipped: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    intervals_skipped: str | None = None     # why there are no intervals (too few documents)

    @classmethod
    def from_results(cls, results: Sequence[Results], *, descriptions: dict[str, str] | None = None,
                     skipped: dict[str, str] | None = None) -> Leaderboard:
        """One row per Results, all scored against the same dataset (checked by fingerprint)."""
        if not results:
            raise ValueError("a leaderboard needs at least one scored system")
        first = results[0].dataset
        for r in results[1:]:
            if r.dataset.fingerprint != first.fingerprint:
                raise ValueError(f"{r.system} was scored on another dataset than {results[0].system}")
        descriptions = descriptions or {}
        rows = tuple(Row.from_results(r, descriptions.get(r.system, "")) for r in results)
        return cls(dataset=first, rows=rows, skipped=dict(skipped or {}), options=dict(results[0].options),
                   intervals_skipped=results[0].intervals_skipped)

    def to_builtins(self) -> dict[str, Any]:
        return {"dataset": {"source": self.dataset.source, "fingerprint": self.dataset.fingerprint,
                            "documents": self.dataset.documents},
                "systems": [row.to_builtins() for row in self.rows],
                "skipped": dict(self.skipped),
                "options": dict(self.options),
                "intervals_skipped": self.intervals_skipped}

    def to_json(self) -> str:
        """The leaderboard JSON, indented; undefined figures (NaN) become null."""
        return msgspec.json.format(msgspec.json.encode(self.to_builtins()), indent=2).decode("utf-8") + "\n"
