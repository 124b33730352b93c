"""The number and date rules: one engine for number words, scale words, currencies, units,
bounds, the measured noun phrase and dates normalized against the publication date.

``rules-numbers`` runs :func:`extract` over whole texts; ``spacy`` runs :func:`interpret` over
the numeric spans its NER found, so both read values, bounds and dates the same way.
"""

from .dates import Anchor
from .rules import Fact, extract, interpret, to_record

__all__ = ["Anchor", "Fact", "extract", "interpret", "to_record"]
