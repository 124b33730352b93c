"""The system interface: documents in, one :class:`~newsfacts.model.DocPrediction` per document out.

A system is an object with

* ``name``: the registry name (``"spacy"``, ``"rules-numbers"``, ...), also the leaderboard row;
* ``layers``: the layers it predicts, a frozenset of :data:`newsfacts.model.LAYERS` names; a
  layer it does not predict is written absent from its predictions file, so the scorer reports
  it "not scored" rather than all-missed;
* ``predict(documents)``: an iterator of ``DocPrediction``, one per document, in input order.
  It is batched: it receives every document at once, so a statistical pipeline can stream them
  through ``nlp.pipe``. Items carry real offsets into ``document.text`` and ``text`` equal to
  the slice (see :func:`span`), so the scorer needs no alignment.

Systems raise :class:`MissingDependency` from their constructor when an optional library or
model is not installed; the registry turns that into a one-line reason, never a crash.

>>> from newsfacts.model import Document
>>> class Shouting(System):
...     name, layers = "shouting", frozenset({"entities"})
...     def predict(self, documents):
...         for doc in documents:
...             yield DocPrediction(id=doc.id, entities=tuple(
...                 Entity(id=f"e{k}", start=s, end=e, text=doc.text[s:e], label="ORG")
...                 for k, (s, e) in enumerate(upper_words(doc.text), 1)))
>>> import re
>>> def upper_words(text): return [m.span() for m in re.finditer(r"\\b[A-Z]{2,}\\b", text)]
>>> doc = Document(id="d1", title="", url="", source="", author="", published_at="", text="NASA and ESA met.")
>>> [e.text for e in next(Shouting().predict([doc])).entities]
['NASA', 'ESA']
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator

from ..errors import NewsFactsError
from ..model import LAYERS, DocPrediction, Document, Entity, NumericFact, Quote, Span

__all__ = ["DocPrediction", "Document", "Entity", "MissingDependency", "NumericFact", "Quote", "Span", "System",
           "span"]


class MissingDependency(NewsFactsError):
    """An optional library or model a system needs is not installed; the message is one line
    that says what to install."""


class System(abc.ABC):
    """Base class of every system (see the module docstring for the contract)."""

    name: str = ""
    layers: frozenset[str] = frozenset()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        unknown = set(cls.layers) - set(LAYERS)
        if unknown:
            raise TypeError(f"{cls.__name__}.layers: unknown layers {sorted(unknown)}")

    @abc.abstractmethod
    def predict(self, documents: Iterable[Document]) -> Iterator[DocPrediction]:
        """One prediction per document, in input order; batched over all of ``documents``."""

    def describe(self) -> str:
        """A one-line description for listings (the class docstring's first line by default)."""
        return (type(self).__doc__ or self.name).strip().splitlines()[0]


def span(text: str, start: int, end: int) -> Span:
    """The span ``[start, end)`` of ``text``, its text taken from the slice (so it always agrees).

    >>> span("Ross said", 0, 4)
    Span(start=0, end=4, text='Ross')
    """
    return Span(start=start, end=end, text=text[start:end])
