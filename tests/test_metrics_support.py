"""Helpers shared by the metrics tests: readable documents and predictions built from strings.

Offsets are found in the text (``at("Ross", k=1)`` is the second "Ross"), so a test reads as
the sentence it scores and its hand derivation can be checked against the text.
"""

from __future__ import annotations

from newsfacts.config import DEFAULTS
from newsfacts.scoring.metrics import ScoreOptions, figures, score_document
from newsfacts.model import Cluster, Document, Entity, NumericFact, Quote, Span
from newsfacts.scoring.predictions import DocPrediction, Unaligned


class Text:
    """A canonical text and builders of records whose offsets are looked up in it."""

    def __init__(self, text: str, doc_id: str = "d") -> None:
        self.text = text
        self.id = doc_id
        self._n = 0

    def at(self, s: str, k: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(k + 1):
            i = self.text.index(s, i + 1)
        return i, i + len(s)

    def _id(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{self._n}"

    def span(self, s: str, k: int = 0) -> Span:
        a, b = self.at(s, k)
        return Span(start=a, end=b, text=s)

    def ent(self, s: str, label: str, k: int = 0, cluster: str | None = None) -> Entity:
        a, b = self.at(s, k)
        return Entity(id=self._id("e"), start=a, end=b, text=s, label=label, cluster=cluster)

    def quote(self, s: str, kind: str | None, k: int = 0, **attrs) -> Quote:
        a, b = self.at(s, k)
        return Quote(id=self._id("q"), start=a, end=b, text=s, kind=kind, **attrs)

    def fact(self, s: str, kind: str | None, k: int = 0, **attrs) -> NumericFact:
        a, b = self.at(s, k)
        return NumericFact(id=self._id("n"), start=a, end=b, text=s, kind=kind, **attrs)

    def gold(self, entities=(), quotes=(), numeric_facts=(), clusters=()) -> Document:
        return Document(id=self.id, title="", url="", source="", author="", published_at="", text=self.text,
                        entities=tuple(entities), clusters=tuple(clusters), quotes=tuple(quotes),
                        numeric_facts=tuple(numeric_facts))

    def pred(self, entities=(), quotes=(), numeric_facts=(), unaligned=()) -> DocPrediction:
        return DocPrediction(id=self.id, entities=tuple(entities), quotes=tuple(quotes),
                             numeric_facts=tuple(numeric_facts), unaligned=tuple(unaligned), line=1)


def unaligned(layer: str, text: str, label: str | None) -> Unaligned:
    return Unaligned(layer=layer, text=text, label=label, line=1, index=0)


def options(*layers: str, rtol: float | None = None) -> ScoreOptions:
    config = DEFAULTS if rtol is None else DEFAULTS.replace(rtol=rtol)
    return ScoreOptions(layers=frozenset(layers), config=config)


def score(gold: Document, pred: DocPrediction, opts: ScoreOptions) -> dict:
    return figures(score_document(gold, pred, opts).counts, opts)


def counts_of(block: dict) -> dict:
    """The five SemEval counts of a schema block."""
    return {k: block[k] for k in ("correct", "incorrect", "partial", "missed", "spurious")}


def cluster(cid: str, name: str, label: str, *aliases: str) -> Cluster:
    return Cluster(id=cid, name=name, label=label, aliases=tuple(aliases))
