"""The NewsFacts data model: the records every other module reads and writes.

One record type per concept. The field order is part of the format: it is the JSON key order
and the order of the Hub features (docs/dataset.md). Records are ``msgspec.Struct`` classes: typed,
immutable, slot-based records that decode and type-check JSON in C, which is what lets the
scorer read a million predicted spans in well under a second.

The types here are the *shapes*. The *rules* (closed label sets, offsets in range, span text
equal to the text slice, references that resolve, ...) live in :mod:`newsfacts.dataset.rules` for
gold and in :mod:`newsfacts.scoring.predictions` for system output, so that a validator can report
every violation at once instead of stopping at the first field a decoder rejects.

Fields that only gold must fill (``Entity.cluster``, ``Quote.kind``, ``NumericFact.bound``, ...)
are optional here because aligned predictions use the same records; validation enforces them
for gold.

>>> e = Entity(id="e1", start=0, end=2, text="US", label="GPE", cluster="us")
>>> to_json(e)
'{"id":"e1","start":0,"end":2,"text":"US","label":"GPE","cluster":"us"}'
>>> from_json(to_json(e), Entity) == e
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec

ENTITY_LABELS: tuple[str, ...] = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE",
)
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")
NUMERIC_KINDS: tuple[str, ...] = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "DATE", "TIME")
# DATE and TIME carry an ISO 8601 ``normalized`` and no ``value``; the others a number.
TEMPORAL_KINDS: frozenset[str] = frozenset({"DATE", "TIME"})
BOUNDS: tuple[str, ...] = ("exact", "approx", "more_than", "less_than", "at_least", "at_most")
LAYERS: tuple[str, ...] = ("entities", "quotes", "numeric_facts")

# Document ids become file names; item ids follow the same rule.
ID_RULE = "letters, digits, '_', '.' and '-' only, and not '.' or '..'"
_ID_RE = re.compile(r"(?!\.\.?$)[A-Za-z0-9_.-]+")


def valid_id(value: object) -> bool:
    """True for an id that is safe as a file name (see ``ID_RULE``).

    >>> [valid_id(v) for v in ("000_d42d46c449c189f0", "e1", "a b", "..", "", 5)]
    [True, True, False, False, False, False]
    """
    return isinstance(value, str) and _ID_RE.fullmatch(value) is not None


class Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every record: immutable, keyword-only, unknown JSON keys rejected."""


class Span(Record):
    """A half-open ``[start, end)`` code-point span of the canonical text, with its text."""

    start: int
    end: int
    text: str


class Entity(Record):
    """A named-entity mention; ``cluster`` is the id of its discourse entity (gold: required)."""

    id: str
    start: int
    end: int
    text: str
    label: str
    cluster: str | None = None


class Cluster(Record):
    """One discourse entity: canonical name, label and the other names it goes by."""

    id: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()


class Quote(Record):
    """A quotation: the span is its content, without the enclosing quotation marks.

    ``speaker`` and ``cue`` are spans in gold; a prediction may give them as plain strings.
    """

    id: str
    start: int
    end: int
    text: str
    kind: str | None = None
    speaker: Span | str | None = None
    speaker_cluster: str | None = None
    cue: Span | str | None = None


class NumericFact(Record):
    """A number or date: normalized value, bound, unit and what it measures."""

    id: str
    start: int
    end: int
    text: str
    kind: str | None = None
    value: float | None = None
    normalized: str | None = None
    bound: str | None = None
    unit: str | None = None
    measured: Span | str | None = None


class Annotations(Record):
    """The gold stand-off file ``annotations/<id>.json``.

    ``text_sha256`` pins the canonical text the offsets refer to, so that a change in seed
    parsing that moves offsets is caught instead of silently misaligning the gold.
    """

    id: str
    text_sha256: str
    entities: tuple[Entity, ...]
    clusters: tuple[Cluster, ...]
    quotes: tuple[Quote, ...]
    numeric_facts: tuple[NumericFact, ...]


class Document(Record):
    """One dataset row: seed metadata, canonical text and the three gold layers."""

    id: str
    title: str
    url: str
    source: str
    author: str
    published_at: str
    text: str
    entities: tuple[Entity, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    quotes: tuple[Quote, ...] = ()
    numeric_facts: tuple[NumericFact, ...] = ()


# ---------------------------------------------------------------------------------------------
# Predictions: what a system hands the scorer, after validation and alignment.


@dataclass(frozen=True, slots=True)
class Unaligned:
    """A predicted item whose text could not be placed in the document: spurious, and counted as unaligned."""

    layer: str              # "entities" | "quotes" | "numeric_facts"
    text: str               # the item's text as the system gave it
    label: str | None       # mapped entity label, numeric kind or quote kind, when given
    line: int               # line of the predictions file
    index: int              # position in that line's list for the layer
    reason: str = "not found in the text"  # or: every occurrence is already taken by another predicted item


@dataclass(frozen=True, slots=True)
class DocPrediction:
    """One document's predictions after validation, label mapping and alignment.

    What a system hands the scorer in memory (the JSON Lines file holds the same fields), and what
    the predictions reader produces from that file.
    """

    id: str
    entities: tuple[Entity, ...] = ()           # offsets valid for the gold text; label in model.ENTITY_LABELS
    quotes: tuple[Quote, ...] = ()              # kind in QUOTE_KINDS or None; speaker/cue: Span (valid offsets) | str | None
    numeric_facts: tuple[NumericFact, ...] = () # kind in NUMERIC_KINDS or None; measured: Span | str | None
    unaligned: tuple[Unaligned, ...] = ()
    line: int | None = None                     # None: the file had no line for this document (scored as predicted empty)


T = TypeVar("T")

_encoder = msgspec.json.Encoder()


def to_json(record: Any) -> str:
    """Compact JSON of a record (or list of records), keys in field order."""
    return _encoder.encode(record).decode("utf-8")


def to_builtins(record: Any) -> Any:
    """Plain dicts/lists of a record, keys in field order (what Parquet and templates take)."""
    return msgspec.to_builtins(record)


def from_json(data: str | bytes, type_: type[T]) -> T:
    """Decode JSON into a record, type-checked; raises ``msgspec.ValidationError``/``DecodeError``.

    Callers that read files turn these into :class:`newsfacts.errors.InputError` with the file,
    line and field (see :func:`newsfacts.jsonio.decode`).
    """
    return msgspec.json.decode(data, type=type_)


def from_builtins(obj: Any, type_: type[T]) -> T:
    """Convert plain dicts/lists (e.g. a Parquet row) into a record, type-checked."""
    return msgspec.convert(obj, type=type_)
