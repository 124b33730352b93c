"""Peers: off-the-shelf libraries scored on the numeric layer, as they come.

* ``quantulum3`` (numbers and units): run **without its classifier**. quantulum3 switches its
  scikit-learn unit classifier on whenever scikit-learn imports, and the classifier it ships was
  pickled with another scikit-learn version; we set ``quantulum3.classifier.USE_CLF = False``
  so it uses its rule-based disambiguation, the same on every machine. It gives no bounds ("over
  100" -> 100, exact) and no measured noun phrase; "3 years" becomes a DATE duration.
* ``dateparser`` (dates): ``search_dates`` with ``languages=["en"]`` (without it, it misses "last
  month" and runs about twenty times slower), resolved against ``published_at`` with past dates
  preferred; the granularity dateparser reports (day, week, month, year) picks the ISO form. It
  fills a missing day from the base date, which is why the granularity matters.

Both only find spans and values; everything else is left empty, so the leaderboard shows what
a library gives out of the box.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from datetime import datetime

from ..model import NumericFact
from .base import DocPrediction, Document, MissingDependency, System
from .numeric.rules import decimal

_DURATIONS = {"year": "P{}Y", "month": "P{}M", "week": "P{}W", "day": "P{}D", "hour": "PT{}H", "minute": "PT{}M",
              "second": "PT{}S"}


def _import(name: str):
    import importlib

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # quantulum3 warns at import when its classifier extra is absent
            return importlib.import_module(name)
    except ImportError:
        raise MissingDependency(f"{name} is not installed: pip install {name.split('.')[0]}") from None


class Quantulum(System):
    """quantulum3 quantities (classifier off)."""

    name = "quantulum3"
    layers = frozenset({"numeric_facts"})

    def __init__(self) -> None:
        classifier = _import("quantulum3.classifier")
        classifier.USE_CLF = False   # never the pickled scikit-learn classifier (see the module docstring)
        self.parser = _import("quantulum3.parser")

    def predict(self, documents: Iterable[Document]) -> Iterator[DocPrediction]:
        for doc in documents:
            facts = []
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = self.parser.parse(doc.text)
            for q in found:
                start, end = q.span
                fact = self._fact(doc.text, start, end, q, len(facts) + 1)
                if fact is not None:
                    facts.append(fact)
            yield DocPrediction(id=doc.id, numeric_facts=tuple(facts))

    @staticmethod
    def _fact(text: str, start: int, end: int, q, index: int) -> NumericFact | None:
        if not (0 <= start < end <= len(text)):
            return None
        unit, entity = q.unit.name, q.unit.entity.name
        value, normalized = float(q.value), decimal(float(q.value))
        base = dict(id=f"n{index}", start=start, end=end, text=text[start:end], bound="exact")
        if entity == "currency":
            return NumericFact(**base, kind="MONEY", value=value, normalized=normalized,
                               unit=getattr(q.unit, "currency_code", None))
        if unit == "percentage":
            return NumericFact(**base, kind="PERCENT", value=value, normalized=normalized, unit="percent")
        if entity == "time" and unit in _DURATIONS:
            kind = "TIME" if _DURATIONS[unit].startswith("PT") else "DATE"
            return NumericFact(**base, kind=kind, normalized=_DURATIONS[unit].format(decimal(value)))
        if entity == "dimensionless":
            return NumericFact(**base, kind="CARDINAL", value=value, normalized=normalized)
        symbol = q.unit.symbols[0] if getattr(q.unit, "symbols", None) else unit
        return NumericFact(**base, kind="QUANTITY", value=value, normalized=normalized, unit=symbol)


_LEADING = re.compile(r"^(?:(?:in|on|at|since|from|by|until|of|for|during|after|before)\s+)+", re.I)
_TRAILING = re.compile(r"(?:[\s,;:.]+(?:and|or|the|a|an|but)?)+$", re.I)


def iso(value: datetime, period: str | None) -> str:
    """The ISO 8601 form of a dateparser result at its granularity.

    >>> iso(datetime(2019, 5, 4), "month"), iso(datetime(2019, 11, 11), "week"), iso(datetime(2019, 11, 3), "day")
    ('2019-05', '2019-W46', '2019-11-03')
    """
    if period == "year":
        return f"{value.year:04d}"
    if period == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if period == "week":
        y, w, _ = value.isocalendar()
        return f"{y:04d}-W{w:02d}"
    return value.date().isoformat()


class DateParser(System):
    """dateparser's date search, English only."""

    name = "dateparser"
    layers = frozenset({"numeric_facts"})

    def __init__(self) -> None:
        self.search = _import("dateparser.search")
        self.date = _import("dateparser.date")

    def predict(self, documents: Iterable[Document]) -> Iterator[DocPrediction]:
        for doc in documents:
            yield DocPrediction(id=doc.id, numeric_facts=tuple(self._facts(doc)))

    def _facts(self, doc: Document) -> list[NumericFact]:
        try:
            base = datetime.fromisoformat(doc.published_at).replace(tzinfo=None)
        except ValueError:
            base = None
        settings = {"PREFER_DATES_FROM": "past", **({"RELATIVE_BASE": base} if base else {})}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = self.search.search_dates(doc.text, languages=["en"], settings=settings) or []
            ddp = self.date.DateDataParser(languages=["en"], settings=settings)
            facts: list[NumericFact] = []
            cursor = 0
            for matched, _ in found:
                # dateparser returns strings, not offsets: find each as whole words, in order
                hit = re.compile(r"(?<!\w)" + re.escape(matched) + r"(?!\w)").search(doc.text, cursor)
                if hit is None:
                    continue
                at, cursor = hit.start(), hit.end()
                lead = _LEADING.match(matched)
                core = matched[lead.end() if lead else 0:]
                start = at + (lead.end() if lead else 0)
                core = _TRAILING.sub("", core)
                if not core.strip() or core.isdigit() and len(core) < 4:
                    continue
                data = ddp.get_date_data(core)
                normalized = iso(data.date_obj, data.period) if data.date_obj else None
                facts.append(NumericFact(id=f"n{len(facts) + 1}", start=start, end=start + len(core), text=core,
                                         kind="DATE", normalized=normalized, bound="exact"))
        return facts
