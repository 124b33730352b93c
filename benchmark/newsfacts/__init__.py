"""NewsFacts: news articles with gold entities, quotes and numeric facts, and an exact scorer.

The public API is ``__all__``, importable from here; the command line (``newsfacts``) is a
thin shell over it. Submodules load on first use, so ``import newsfacts`` stays cheap (scoring
does not import ``datasets``).

* the dataset: :func:`load_documents` (the bundled benchmark, validated), :func:`read_gold`
  (every problem, for a report), :func:`load_gold` (any dataset source, for scoring),
  :func:`build` and :func:`read_folder` (the Hugging Face Hub format), :func:`compute_stats`;
* scoring: :func:`score`, :func:`compare`, their :class:`Results` and :class:`Comparison`, the
  configuration record :class:`ScoreConfig`, :class:`ScoringWarning`;
* the records (:class:`Document`, :class:`Entity`, ...), the closed label sets, JSON codecs;
* errors: :class:`InputError` (also a ``ValueError``), :class:`GoldInvalid`, :class:`Problem`.

Examples
--------
>>> import newsfacts
>>> docs = newsfacts.load_documents()           # the bundled benchmark, validated
>>> all(d.text[e.start:e.end] == e.text for d in docs for e in d.entities)
True
>>> set(newsfacts.ENTITY_LABELS) >= {e.label for d in docs for e in d.entities}
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute) that defines it
_API: dict[str, tuple[str, str]] = {
    # dataset
    "load_documents": ("newsfacts.dataset.gold", "load_documents"),
    "read_gold": ("newsfacts.dataset.gold", "read_gold"),
    "GoldReport": ("newsfacts.dataset.gold", "GoldReport"),
    "GoldInvalid": ("newsfacts.dataset.gold", "GoldInvalid"),
    "load_gold": ("newsfacts.dataset.sources", "load_gold"),
    "GoldSource": ("newsfacts.dataset.sources", "GoldSource"),
    "build": ("newsfacts.dataset.hub", "build"),
    "BuildResult": ("newsfacts.dataset.hub", "BuildResult"),
    "read_folder": ("newsfacts.dataset.hub", "read_folder"),
    "compute_stats": ("newsfacts.dataset.stats", "compute"),
    "Stats": ("newsfacts.dataset.stats", "Stats"),
    # scoring
    "score": ("newsfacts.scoring.api", "score"),
    "compare": ("newsfacts.scoring.api", "compare"),
    "Results": ("newsfacts.scoring.results", "Results"),
    "Comparison": ("newsfacts.scoring.results", "Comparison"),
    "ScoringWarning": ("newsfacts.scoring.results", "ScoringWarning"),
    "ScoreConfig": ("newsfacts.config", "ScoreConfig"),
    # records, label sets, JSON
    "Document": ("newsfacts.model", "Document"),
    "Entity": ("newsfacts.model", "Entity"),
    "Cluster": ("newsfacts.model", "Cluster"),
    "Quote": ("newsfacts.model", "Quote"),
    "NumericFact": ("newsfacts.model", "NumericFact"),
    "Span": ("newsfacts.model", "Span"),
    "Annotations": ("newsfacts.model", "Annotations"),
    "DocPrediction": ("newsfacts.model", "DocPrediction"),
    "Unaligned": ("newsfacts.model", "Unaligned"),
    "ENTITY_LABELS": ("newsfacts.model", "ENTITY_LABELS"),
    "QUOTE_KINDS": ("newsfacts.model", "QUOTE_KINDS"),
    "NUMERIC_KINDS": ("newsfacts.model", "NUMERIC_KINDS"),
    "BOUNDS": ("newsfacts.model", "BOUNDS"),
    "LAYERS": ("newsfacts.model", "LAYERS"),
    "to_json": ("newsfacts.model", "to_json"),
    "from_json": ("newsfacts.model", "from_json"),
    # errors
    "NewsFactsError": ("newsfacts.errors", "NewsFactsError"),
    "InputError": ("newsfacts.errors", "InputError"),
    "Problem": ("newsfacts.errors", "Problem"),
}

__all__ = ["__version__", *_API]

if TYPE_CHECKING:
    from .dataset.gold import GoldInvalid, GoldReport, load_documents, read_gold
    from .dataset.hub import BuildResult, build, read_folder
    from .dataset.sources import GoldSource, load_gold
    from .dataset.stats import Stats
    from .dataset.stats import compute as compute_stats
    from .errors import InputError, NewsFactsError, Problem
    from .model import (
        BOUNDS, ENTITY_LABELS, LAYERS, NUMERIC_KINDS, QUOTE_KINDS, Annotations, Cluster, DocPrediction, Document,
        Entity, NumericFact, Quote, Span, Unaligned, from_json, to_json,
    )
    from .scoring.api import compare, score
    from .config import ScoreConfig
    from .scoring.results import Comparison, Results, ScoringWarning


def __getattr__(name: str) -> Any:
    if name in _API:
        module, attr = _API[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'newsfacts' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
