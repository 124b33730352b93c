"""What the HTML report reads: a results JSON with its items, a leaderboard JSON, or predictions.

The report shows the scorer's figures and items and computes none of its own, so it reads them
in the shapes the scorer and ``newsfacts baselines`` write:

* a **results JSON** (``newsfacts score PRED.jsonl --json OUT --items``, or
  :meth:`newsfacts.scoring.results.Results.to_builtins` in memory): figures, confidence
  intervals, per-document figures and ``items``, every scored item of every document
  (:class:`~newsfacts.scoring.metrics.ScoredItem`). Without ``items`` the per-document view
  cannot be drawn: :func:`read` says to score again with ``--items`` or to give the predictions;
* a **leaderboard JSON** (``newsfacts baselines --json``): ``{"dataset": {"source",
  "fingerprint"}, "systems": [{"name", "entities", "quotes", "numeric_facts"}]}``, each layer a
  results JSON layer node, a layer the system does not predict absent; a system may carry its
  ``confidence_intervals`` (``{path: [low, high]}``, or the results JSON's node) for the charts'
  whiskers, and the leaderboard a ``skipped`` object (system: why it did not run);
* a **predictions file** (JSON Lines): scored first, by the scoring API, with ``with_items``.

Records are typed (msgspec), so a malformed file ends in one :class:`~newsfacts.errors.InputError`
naming the file, the line and the field.

>>> run = results_from({"scorer": {"name": "newsfacts", "version": "0"}, "dataset": {"source": "s",
...     "fingerprint": "f"}, "system": "sys", "entities": {"scored": False}, "quotes": {"scored": False},
...     "numeric_facts": {"scored": False}, "documents": [], "items": {}})
>>> run.system, run.items
('sys', {})
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal, Union

import msgspec

from ..errors import InputError
from ..jsonio import decode, read_bytes
from ..model import Span
from ..scoring.results import Results

Layer = Literal["entities", "quotes", "numeric_facts"]
Outcome = Literal["exact", "exact_mislabelled", "overlap", "overlap_mislabelled", "missed", "spurious"]


class Side(msgspec.Struct, frozen=True):
    """A gold or predicted item as the results JSON writes it (any layer; an unaligned
    prediction has no ``start``/``end``)."""

    text: str = ""
    start: int | None = None
    end: int | None = None
    label: str | None = None
    kind: str | None = None
    speaker: Span | str | None = None
    cue: Span | str | None = None
    value: float | None = None
    normalized: str | None = None
    bound: str | None = None
    unit: str | None = None
    measured: Span | str | None = None

    @property
    def placed(self) -> bool:
        """True when the item has a place in the text (not an unaligned prediction)."""
        return self.start is not None and self.end is not None and self.start < self.end

    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` of a placed item; ``(-1, -1)`` for one not in the text."""
        return (self.start, self.end) if self.start is not None and self.end is not None else (-1, -1)


class Item(msgspec.Struct, frozen=True):
    """One scored item: a matched pair, a missed gold item or a spurious prediction."""

    layer: Layer
    outcome: Outcome
    gold: Side | None
    predicted: Side | None
    checks: dict[str, float] = {}


class DatasetRef(msgspec.Struct, frozen=True):
    source: str
    fingerprint: str
    documents: int | None = None


class Intervals(msgspec.Struct, frozen=True):
    figures: dict[str, tuple[float | None, float | None]] = {}
    confidence: float | None = None
    resamples: int | None = None


class DocFigures(msgspec.Struct, frozen=True):
    id: str
    line: int | None = None
    figures: dict[str, float | None] = {}


class RunResults(msgspec.Struct):
    """The results JSON of one system (the fields the report uses)."""

    scorer: dict[str, Any]
    dataset: DatasetRef
    system: str
    entities: dict[str, Any]
    quotes: dict[str, Any]
    numeric_facts: dict[str, Any]
    predictions: str = ""
    confidence_intervals: Intervals = Intervals()
    documents: list[DocFigures] = []
    options: dict[str, Any] = {}
    warnings: list[str] = []
    items: dict[str, list[Item]] | None = None

    def layer(self, name: str) -> dict[str, Any]:
        return getattr(self, name)


Bounds = tuple[float | None, float | None]


class SystemEntry(msgspec.Struct):
    """One leaderboard row: a system's layer figures (absent: not predicted)."""

    name: str
    entities: dict[str, Any] | None = None
    quotes: dict[str, Any] | None = None
    numeric_facts: dict[str, Any] | None = None
    # {path: [low, high]}, or the results JSON's node ({"figures": {path: [low, high]}, ...})
    confidence_intervals: dict[str, Bounds | dict[str, Bounds] | float | int | str | None] | None = None
    description: str = ""

    def layer(self, name: str) -> dict[str, Any]:
        node = getattr(self, name)
        return {"scored": False} if node is None else node

    def intervals(self) -> dict[str, Bounds]:
        """The system's intervals by figure path, whichever of the two shapes it carries."""
        node: dict[str, Any] = dict(self.confidence_intervals or {})
        if isinstance(node.get("figures"), dict):
            node = node["figures"]
        return {path: ci for path, ci in node.items() if isinstance(ci, (tuple, list)) and len(ci) == 2}


class Leaderboard(msgspec.Struct):
    dataset: DatasetRef
    systems: list[SystemEntry]
    skipped: dict[str, str] = {}  # systems that could not run here, and why


class _Kind(msgspec.Struct):
    """Enough of a JSON file to tell what it is (values are not decoded)."""

    systems: msgspec.Raw = msgspec.Raw()  # empty: the key is absent
    scorer: msgspec.Raw = msgspec.Raw()
    id: msgspec.Raw = msgspec.Raw()


def results_from(results: Results | dict[str, Any]) -> RunResults:
    """Scoring results (a :class:`~newsfacts.scoring.results.Results`, or its ``to_builtins()``)
    in the report's typed shape."""
    if isinstance(results, dict):
        return msgspec.convert(results, type=RunResults)
    run = msgspec.convert(results.to_builtins(with_items=False), type=RunResults)
    if results.items is not None:  # through JSON bytes, in C (no dict per item), a document at a time
        encode, decode_items = msgspec.json.Encoder().encode, msgspec.json.Decoder(list[Item]).decode
        run.items = {doc_id: decode_items(encode(items)) for doc_id, items in results.items.items()}
    return run


# The counts the page draws for a scored layer (its outcome counts), by path in the layer node.
_COUNTS = ("correct", "missed", "spurious")
REQUIRED: dict[str, tuple[str, ...]] = {
    "entities": (*(f"strict.{c}" for c in _COUNTS), "exact.correct", "partial.partial"),
    "quotes": tuple(f"content.partial.{c}" for c in (*_COUNTS, "partial")),
    "numeric_facts": (*(f"span.strict.{c}" for c in _COUNTS), "span.exact.correct", "span.partial.partial"),
}


def check_layer(node: Any, layer: str, *, file: object, field: str, counts: bool) -> None:
    """Raise InputError unless ``node`` is a layer node as the scorer writes it: objects whose
    leaves are numbers or null (``scored`` a boolean), with the counts the page draws when
    ``counts`` (a results JSON; a leaderboard's figures are drawn as '–' where absent).

    >>> check_layer({"strict": {"f1": "high"}}, "entities", file="r.json", field="entities", counts=False)
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: r.json: field entities.strict.f1: expected a number or null, got 'high'
    """
    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(sub, f"{where}.{key}")
        elif value is not None and not isinstance(value, (int, float)):
            raise InputError(f"expected a number or null, got {value!r}", file=file, field=where)

    walk(node, field)
    if counts and node.get("scored", True):
        for path in REQUIRED[layer]:
            value: Any = node
            for part in path.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if value is None:
                raise InputError("missing: the results JSON lacks a count the report draws",
                                 file=file, field=f"{field}.{path}")


def read(path: str | os.PathLike[str]) -> Union[RunResults, Leaderboard, Path]:
    """Read a report input: a :class:`RunResults` (with items), a :class:`Leaderboard`, or the
    path of a predictions file (JSON Lines) to score first.

    Raises InputError for a file that is none of these, that is malformed (file, line, field),
    or a results JSON without items.
    """
    data = read_bytes(path)
    try:
        kind = msgspec.json.decode(data.lstrip(b"\xef\xbb\xbf"), type=_Kind)
    except (msgspec.DecodeError, msgspec.ValidationError):
        # Not one JSON object: JSON Lines (predictions) when it has several lines, else malformed.
        if data.strip().count(b"\n"):
            return Path(path)
        decode(data, _Kind, file=path)  # raises the precise error
        raise
    if len(kind.systems):
        board = decode(data, Leaderboard, file=path)
        if not board.systems:
            raise InputError("no system in this leaderboard", file=path, field="systems")
        for k, system in enumerate(board.systems):
            for layer in ("entities", "quotes", "numeric_facts"):
                check_layer(system.layer(layer), layer, file=path, field=f"systems[{k}].{layer}", counts=False)
        return board
    if len(kind.scorer):
        results = decode(data, RunResults, file=path)
        for layer in ("entities", "quotes", "numeric_facts"):
            check_layer(results.layer(layer), layer, file=path, field=layer, counts=True)
        if results.items is None:
            raise InputError("this results JSON has no items, which the report shows: write it with "
                             "'newsfacts score PRED.jsonl --json OUT --items', or give the report the "
                             "predictions file itself", file=path)
        return results
    if len(kind.id):  # a predictions file of one line
        return Path(path)
    raise InputError("neither a results JSON (no \"scorer\" key), a leaderboard JSON (no \"systems\" key) "
                     "nor a predictions file (no \"id\" key)", file=path)
