"""``rules-numbers``: numeric facts by the number and date rules alone, no parser.

Every number, amount and date of the text (see :mod:`newsfacts.systems.numeric.rules` for the
rules), with value, bound, unit, measured noun phrase and dates resolved against the
document's ``published_at``. It imports nothing outside the standard library and runs hundreds
of documents a second on one core.

>>> from newsfacts.model import Document
>>> doc = Document(id="d1", title="", url="", source="", author="",
...                published_at="2019-11-04T00:42:59+00:00",
...                text="Over 100 firms joined last month; about 40 percent left in late August.")
>>> for f in next(RulesNumbers().predict([doc])).numeric_facts:
...     print(f.text, f.kind, f.value, f.normalized, f.bound, f.unit)
Over 100 CARDINAL 100.0 100 more_than None
last month DATE None 2019-10 exact None
about 40 percent PERCENT 40.0 40 approx percent
late August DATE None 2019-08 exact None
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .base import DocPrediction, Document, System
from .numeric import Anchor, extract, to_record


class RulesNumbers(System):
    """Numbers, amounts and dates by regular expressions and word lists (no parser)."""

    name = "rules-numbers"
    layers = frozenset({"numeric_facts"})

    def predict(self, documents: Iterable[Document]) -> Iterator[DocPrediction]:
        for doc in documents:
            facts = extract(doc.text, Anchor.parse(doc.published_at))
            yield DocPrediction(id=doc.id, numeric_facts=tuple(to_record(f, k) for k, f in enumerate(facts, 1)))
