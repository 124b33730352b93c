"""NewsFacts: news articles with gold entities, quotes and numeric facts, and an exact scorer.

The public API (``__all__``) is importable from here; the command line (``newsfacts``) is a
thin shell over it. Submodules load on first use, so ``import newsfacts`` stays cheap.

>>> import newsfacts
>>> docs = newsfacts.load_documents()           # the bundled benchmark, validated
>>> all(d.text[e.start:e.end] == e.text for d in docs for e in d.entities)
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it
_API = {
    "score": "newsfacts.scoring.api",
    "compare": "newsfacts.scoring.api",
    "Results": "newsfacts.scoring.results",
    "Comparison": "newsfacts.scoring.results",
    "ScoringWarning": "newsfacts.scoring.results",
    "ScoreConfig": "newsfacts.config",
    "load_documents": "newsfacts.dataset.gold",
    "read_gold": "newsfacts.dataset.gold",
    "load_gold": "newsfacts.dataset.sources",
    "build": "newsfacts.dataset.hub",
    "Document": "newsfacts.model",
    "Entity": "newsfacts.model",
    "Cluster": "newsfacts.model",
    "Quote": "newsfacts.model",
    "NumericFact": "newsfacts.model",
    "Span": "newsfacts.model",
    "Annotations": "newsfacts.model",
    "DocPrediction": "newsfacts.model",
    "InputError": "newsfacts.errors",
}

__all__ = ["__version__", *_API]

if TYPE_CHECKING:
    from .dataset.gold import load_documents, read_gold
    from .dataset.hub import build
    from .dataset.sources import load_gold
    from .errors import InputError
    from .model import Annotations, Cluster, DocPrediction, Document, Entity, NumericFact, Quote, Span
    from .scoring.api import compare, score
    from .config import ScoreConfig
    from .scoring.results import Comparison, Results, ScoringWarning


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'newsfacts' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
