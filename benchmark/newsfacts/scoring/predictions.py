"""System predictions: read ``PRED.jsonl``, check every line, map labels, align, hand on.

The file is JSON Lines, one object per document (docs/scoring.md, "The predictions file")::

    {"id": "000_d42d46c449c189f0",
     "entities": [{"start": 4, "end": 6, "text": "US", "label": "GPE"}, {"text": "Wilbur Ross", "label": "PERSON"}],
     "quotes": [{"text": "forthcoming very shortly", "speaker": "Wilbur Ross", "kind": "direct"}],
     "numeric_facts": [{"text": "260", "kind": "CARDINAL", "value": 260, "bound": "exact", "measured": "requests"}]}

Rules (docs/scoring.md has the long form):

* An item gives ``start`` and ``end`` (and optionally ``text``, which must then equal the slice of
  the document text), or only ``text``, which :mod:`newsfacts.scoring.align` places in the text; a string
  it cannot place becomes an :class:`Unaligned` item (spurious, and counted as unaligned).
  A line's offset-free entities (and numeric facts) are placed together, longest string first,
  never over another item of the layer (entity and numeric spans are flat), so their order in
  the list matters only among equal strings (:mod:`newsfacts.scoring.align` has the rule).
* Entity ``label`` and numeric ``kind`` go through the label map (:mod:`newsfacts.scoring.labelmap`):
  the label decides the layer, so ``{"label": "CARDINAL"}`` under ``entities`` is scored as a
  numeric fact (as spaCy writes it), a kind that maps to an entity label is scored as an entity,
  and a label mapped to null is dropped. A layer counts as predicted when its key appears in at
  least one line or an item was moved into it; the other layers are "not scored".
* A quote's ``speaker`` and ``cue`` and a numeric fact's ``measured`` are a span object, an
  offset-free ``{"text": ...}`` or a plain string (both kept as strings: the metrics compare them
  with names), or null. A quote's offset-free ``text`` may keep its enclosing quotation marks
  (:meth:`~newsfacts.scoring.align.Aligner.place_quote`).
* Optional fields: ``id`` (default: the item's field path, ``entities[3]``), an entity's
  ``cluster`` and a quote's ``speaker_cluster`` (accepted so gold records can be fed back; not
  scored), quote ``kind``, every numeric attribute, an item's ``score`` (a pipeline's
  confidence) and a line's ``model`` (neither scored). Other unknown fields are errors (a typo
  such as ``"lable"`` would otherwise silently score as a missing label), unless the reader is
  told to ignore them (``allow_unknown_fields``, ``--allow-unknown-fields``).
* In memory, :class:`Records` turns dicts shaped like the lines, or
  :class:`~newsfacts.model.DocPrediction` records, into the same lines; errors name the N-th
  record as line N of ``predictions``.
* Bad input -- malformed JSON, a line that is not an object, invalid UTF-8, a missing or
  non-string ``id``, an id not in the dataset, a second line for the same id, negative or
  non-integer offsets, ``start`` after ``end``, an empty span or an empty offset-free ``text``,
  ``end`` past the text, ``text`` that disagrees with the offsets, an unknown label, kind or
  bound, a number out of range (JSON has no NaN or Infinity; ``1e999`` is out of range), a
  missing file, an empty file, or a file where no line has a layer key -- raises one
  :class:`~newsfacts.errors.InputError` naming the file, the line and the field.
* A document of the dataset without a line is scored as predicted empty (a warning says how
  many).

A UTF-8 byte-order mark at the start of the file is ignored. The file is read in one pass and
never held whole (:class:`PredictionReader` decodes one line at a time), so memory stays
bounded however many documents there are, and the error reported is always the one on the
earliest bad line.
"""

from __future__ import annotations

import functools
import io
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec
from msgspec import UNSET

from .align import Aligner, Placement, strip_quotation_marks
from ..config import DEFAULTS
from ..errors import InputError
from ..jsonio import BOM, decode, open_binary
from .labelmap import LabelMap
from ..model import BOUNDS, LAYERS, QUOTE_KINDS, DocPrediction, Document, Entity, NumericFact, Quote, Span, Unaligned

if TYPE_CHECKING:
    from ..dataset.sources import GoldSource


# ---------------------------------------------------------------------------------------------
# The input shapes: msgspec checks types, ranges and unknown fields in C and names the field.

Offset = Annotated[int, msgspec.Meta(ge=0)]


# gc=False: decoded input holds only strings, numbers, lists and these structs, never a
# reference back, so it cannot be part of a cycle; untracked, the 600,000 items of a large
# file cost the garbage collector nothing.
class _In(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    pass


class SpanIn(_In):
    start: Offset | None = None
    end: Offset | None = None
    text: str | None = None


# ``score``: the confidence pipelines commonly attach to an item; accepted, not scored.
class EntityIn(_In, kw_only=True):
    id: str | None = None
    start: Offset | None = None
    end: Offset | None = None
    text: str | None = None
    label: str
    cluster: str | None = None
    score: float | None = None


class QuoteIn(_In):
    id: str | None = None
    start: Offset | None = None
    end: Offset | None = None
    text: str | None = None
    kind: str | None = None
    speaker: SpanIn | str | None = None
    speaker_cluster: str | None = None
    cue: SpanIn | str | None = None
    score: float | None = None


class NumericFactIn(_In):
    id: str | None = None
    start: Offset | None = None
    end: Offset | None = None
    text: str | None = None
    kind: str | None = None
    value: float | None = None
    normalized: str | None = None
    bound: str | None = None
    unit: str | None = None
    measured: SpanIn | str | None = None
    score: float | None = None


class LineIn(_In):
    """One line of the predictions file, type-checked."""

    id: str
    model: str | None = None  # the model that wrote the line: accepted, not scored
    # UNSET (falsy) when the key is absent: an absent key means "layer not predicted",
    # an empty list "predicted, nothing found".
    entities: list[EntityIn] | msgspec.UnsetType = msgspec.UNSET
    quotes: list[QuoteIn] | msgspec.UnsetType = msgspec.UNSET
    numeric_facts: list[NumericFactIn] | msgspec.UnsetType = msgspec.UNSET


# The same shapes that ignore unknown fields (``--allow-unknown-fields``).
class _LenientSpanIn(SpanIn, forbid_unknown_fields=False):
    pass


class _LenientEntityIn(EntityIn, forbid_unknown_fields=False):
    pass


class _LenientQuoteIn(QuoteIn, forbid_unknown_fields=False):
    speaker: _LenientSpanIn | str | None = None
    cue: _LenientSpanIn | str | None = None


class _LenientNumericFactIn(NumericFactIn, forbid_unknown_fields=False):
    measured: _LenientSpanIn | str | None = None


class _LenientLineIn(LineIn, forbid_unknown_fields=False):
    entities: list[_LenientEntityIn] | msgspec.UnsetType = msgspec.UNSET
    quotes: list[_LenientQuoteIn] | msgspec.UnsetType = msgspec.UNSET
    numeric_facts: list[_LenientNumericFactIn] | msgspec.UnsetType = msgspec.UNSET


def line_shape(allow_unknown_fields: bool = False) -> type[LineIn]:
    """The shape lines are decoded into: unknown fields refused, or ignored."""
    return _LenientLineIn if allow_unknown_fields else LineIn


class Records:
    """Predictions held in memory: a list of JSON lines made from dicts or DocPrediction records.

    Messages name the N-th record (1-based) as line N of ``name``.
    """

    def __init__(self, records: Iterable[object], name: str = "predictions") -> None:
        self.name = name
        self.lines: list[bytes] = []
        for k, record in enumerate(records, 1):
            if isinstance(record, DocPrediction):
                record = _prediction_dict(record)
            elif not isinstance(record, Mapping):
                raise InputError(f"expected a dict or a DocPrediction, got {type(record).__name__}"[:200],
                                 file=name, line=k)
            try:
                self.lines.append(_ENCODER.encode(record))
            except (TypeError, ValueError, OverflowError) as exc:  # not JSON: a set, a numpy scalar, ...
                raise InputError(f"not JSON-serializable: {exc}"[:300], file=name, line=k) from None
        if not self.lines:
            raise InputError("no predictions: expected one record per document", file=name)

    def __str__(self) -> str:
        return self.name


_ENCODER = msgspec.json.Encoder()


def _prediction_dict(p: DocPrediction) -> dict[str, object]:
    """A DocPrediction as a predictions line: a layer's key is there when the record has items in
    it (the same "not predicted" rule as a file's keys); unaligned items become offset-free ones."""
    line: dict[str, object] = {"id": p.id}
    for layer in LAYERS:
        items: list[object] = [msgspec.to_builtins(x) for x in getattr(p, layer)]
        for u in p.unaligned:
            if u.layer == layer:
                key = "label" if layer == "entities" else "kind"
                items.append({"text": u.text, key: u.label} if u.label is not None or layer == "entities"
                             else {"text": u.text})
        if items:
            line[layer] = items
    return line


@dataclass
class ReadStats:
    """What reading the predictions did, for the report: how items were placed, dropped, moved."""

    placed: Counter[str] = field(default_factory=Counter)  # "offsets", "exact", "normalized", "fuzzy", "unaligned"
    dropped: int = 0                                         # items whose label the map sends to null
    moved: Counter[str] = field(default_factory=Counter)   # "entities->numeric_facts": n, ...

    def merge(self, other: ReadStats) -> None:
        self.placed.update(other.placed)
        self.dropped += other.dropped
        self.moved.update(other.moved)


# ---------------------------------------------------------------------------------------------


class PredictionReader:
    """Reads a predictions file in one pass, one line at a time, in file order.

    Iterating yields ``(gold document, DocPrediction, layers the line predicts)`` for each line
    of the whole file or of one ``chunk`` (a byte range of whole lines, so that several
    processes can share one file). Checks happen in line order, so the error raised is the one
    on the earliest bad line. After the pass, ``ids`` maps each document id to its line,
    ``seen_layers`` holds the layers some line predicts and ``stats`` what reading did;
    :meth:`finish` then checks the file as a whole.
    """

    def __init__(self, path: str | os.PathLike[str] | Records, gold: GoldSource, *,
                 label_map: LabelMap | None = None, threshold: float = DEFAULTS.fuzzy_threshold,
                 chunk: Chunk | None = None, allow_unknown_fields: bool = False) -> None:
        self.records = path if isinstance(path, Records) else None
        self.path = Path(path.name) if isinstance(path, Records) else Path(path)
        self.gold = gold
        self.label_map = label_map or LabelMap.builtin()
        self.threshold = threshold
        self.shape = line_shape(allow_unknown_fields)
        self.chunk = chunk or Chunk(0, None, 1)
        self.ids: dict[str, int] = {}  # document id -> line number, in file order
        self.line = self.chunk.first_line  # the line being read
        self.seen_layers: set[str] = set()  # layers predicted by at least one line read so far
        self.stats = ReadStats()

    def _raw_lines(self) -> Iterator[tuple[int, bytes]]:
        """(line number, bytes) of each line of the chunk (or of each in-memory record)."""
        if self.records is not None:
            yield from enumerate(self.records.lines, 1)
            return
        stop = self.chunk.stop
        # A 64 KB buffer: lines longer than the default 8 KB are read piecewise, twice as slowly.
        with io.BufferedReader(open_binary(self.path).detach(), buffer_size=1 << 16) as f:
            f.seek(self.chunk.start)
            lineno, pos = self.chunk.first_line, self.chunk.start
            for raw in f:
                if stop is not None and pos >= stop:
                    break
                if pos == 0 and raw.startswith(BOM):  # a byte-order mark some editors write
                    pos, raw = len(BOM), raw[len(BOM):]
                pos += len(raw)
                yield lineno, raw
                lineno += 1

    def __iter__(self) -> Iterator[tuple[Document, DocPrediction, frozenset[str]]]:
        decoder = msgspec.json.Decoder(self.shape)
        ids, gold_ids, seen = self.ids, self.gold.id_set, self.seen_layers
        for lineno, raw in self._raw_lines():
            self.line = lineno
            if raw.strip():
                line = self._decode(decoder, raw, lineno)
                if line.id in ids:
                    raise InputError(f"duplicate document id {line.id!r} (also on line {ids[line.id]})",
                                     file=self.path, line=lineno, field="id")
                if line.id not in gold_ids:
                    raise InputError(f"unknown document id {line.id!r}: not in the dataset {self.gold.source}",
                                     file=self.path, line=lineno, field="id")
                ids[line.id] = lineno
                doc = self.gold.get(line.id)
                pred = _LineReader(doc.text, self.path, lineno, self.label_map, self.threshold,
                                   self.stats).read(line)
                layers = _line_layers(line, pred)
                seen.update(layers)
                yield doc, pred, layers

    def _decode(self, decoder: msgspec.json.Decoder, raw: bytes, lineno: int) -> LineIn:
        try:
            return decoder.decode(raw)
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):  # (ValidationError is a DecodeError)
            decode(raw, self.shape, file=self.path, line=lineno)  # raises, naming the line and the field
            raise  # pragma: no cover -- decode() raised for the same bytes

    def finish(self) -> None:
        """Whole-file checks after the pass (see :func:`check_whole`)."""
        check_whole(self.path, self.ids, self.seen_layers)

    @property
    def layers(self) -> frozenset[str]:
        """The predicted layers (after the pass): those some line predicts."""
        return frozenset(self.seen_layers)


def _line_layers(line: LineIn, pred: DocPrediction) -> frozenset[str]:
    """The layers a line predicts: those whose keys it has, and any the label map moved an item into."""
    present = (line.entities is not UNSET or bool(pred.entities), line.quotes is not UNSET,
               line.numeric_facts is not UNSET or bool(pred.numeric_facts))
    if pred.unaligned:  # a moved item that could not be aligned predicts its layer too
        present = tuple(on or any(u.layer == layer for u in pred.unaligned) for layer, on in zip(LAYERS, present))
    return _LAYER_SETS[present]


def check_whole(path: Path, ids: dict[str, int], layers: set[str] | frozenset[str]) -> None:
    """An empty file, or a file where no line has a layer key, is an error."""
    if not ids:
        raise InputError("empty file: expected one JSON object per line, one line per document", file=path)
    if not layers:
        raise InputError(f"no line has any of the keys {', '.join(LAYERS)}: nothing to score",
                         file=path, line=min(ids.values()))


@dataclass(frozen=True, slots=True)
class Chunk:
    """A byte range of whole lines of the predictions file (``stop`` None: to the end)."""

    start: int
    stop: int | None
    first_line: int


def chunks(path: str | os.PathLike[str], parts: int) -> list[Chunk]:
    """Split the file into up to ``parts`` ranges of whole lines of about equal size.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "p.jsonl"
    >>> _ = p.write_bytes(b'{"id":"a"}\\n{"id":"b"}\\n{"id":"c"}\\n')
    >>> chunks(p, 2)
    [Chunk(start=0, stop=22, first_line=1), Chunk(start=22, stop=None, first_line=3)]
    """
    path = Path(path)
    with open_binary(path) as f:
        size = os.fstat(f.fileno()).st_size
        starts, lines = [0], [1]
        for k in range(1, parts):
            target = max(size * k // parts, starts[-1])
            f.seek(target)
            f.readline()  # to the start of the next line
            at = f.tell()
            if at >= size or at <= starts[-1]:
                break
            f.seek(starts[-1])
            lines.append(lines[-1] + f.read(at - starts[-1]).count(b"\n"))
            starts.append(at)
    return [Chunk(start, starts[k + 1] if k + 1 < len(starts) else None, lines[k])
            for k, start in enumerate(starts)]


# (entities?, quotes?, numeric_facts?) -> the frozenset of those layers
_LAYER_SETS: dict[tuple[bool, ...], frozenset[str]] = {
    (a, b, c): frozenset(layer for layer, on in zip(LAYERS, (a, b, c)) if on)
    for a in (False, True) for b in (False, True) for c in (False, True)
}
_ID_CACHE: dict[str, list[str]] = {}


def _ids(layer: str, n: int) -> list[str]:
    """Generated item ids ``entities[0]``, ``entities[1]``, ...: the item's field path."""
    have = _ID_CACHE.setdefault(layer, [])
    if len(have) < n:
        have.extend(f"{layer}[{i}]" for i in range(len(have), n))
    return have


class _LineReader:
    """Turns one type-checked line into a DocPrediction against one document text.

    Items are checked in list order (entities, numeric facts, quotes), so the first bad field
    is the one reported. Offset-free entities and numeric facts are aligned after the whole
    line is read, each layer at once (:meth:`~newsfacts.scoring.align.Aligner.place_all`: around the
    items given by offsets, longest string first); quotes are aligned one by one in list order.
    """

    __slots__ = ("text", "file", "line", "label_map", "threshold", "stats", "_aligner", "entities",
                 "quotes", "numeric_facts", "unaligned", "pending")

    def __init__(self, text: str, file: Path, line: int, label_map: LabelMap, threshold: float,
                 stats: ReadStats) -> None:
        self.text = text
        self.file = file
        self.line = line
        self.label_map = label_map
        self.threshold = threshold
        self.stats = stats
        self._aligner: Aligner | None = None
        self.entities: list[Entity] = []
        self.quotes: list[Quote] = []
        self.numeric_facts: list[NumericFact] = []
        self.unaligned: list[Unaligned] = []
        # Offset-free entities and numeric facts, in list order: (layer, text, what to do with its placement)
        self.pending: list[tuple[str, str, Callable[[tuple[int, int, str] | None], None]]] = []

    def error(self, message: str, field: str) -> InputError:
        return InputError(message, file=self.file, line=self.line, field=field)

    @property
    def aligner(self) -> Aligner:
        if self._aligner is None:
            self._aligner = Aligner(self.text, self.threshold)
        return self._aligner

    def read(self, line: LineIn) -> DocPrediction:
        line_entities = line.entities or ()
        # Fast path for the common item (an entity with valid offsets and a known entity label):
        # the 600,000 items of a large file go through this loop, so it is inlined and the
        # label map's cache is probed directly. Everything else takes item(), which raises the
        # errors and sets offset-free items aside for alignment.
        text, n, resolved, entities = self.text, len(self.text), self.label_map.resolved, self.entities
        ids = _ids("entities", len(line_entities))
        fast = 0
        for i, e in enumerate(line_entities):
            start, end, target = e.start, e.end, resolved.get(e.label)
            if target is not None and target.layer == "entities" and start is not None and end is not None \
                    and 0 <= start < end <= n:
                actual = text[start:end]
                if e.text is None or e.text == actual:
                    entities.append(Entity(id=e.id or ids[i], start=start, end=end, text=actual, label=target.label,
                                           cluster=e.cluster))
                    fast += 1
                    continue
            self.item("entities", i, e, e.label)
        if fast:
            self.stats.placed["offsets"] += fast
        for i, n in enumerate(line.numeric_facts or ()):
            self.item("numeric_facts", i, n, n.kind)
        if self.pending:
            self.align_pending()
        for i, q in enumerate(line.quotes or ()):
            self.quote(i, q)
        return DocPrediction(id=line.id, entities=tuple(self.entities), quotes=tuple(self.quotes),
                             numeric_facts=tuple(self.numeric_facts), unaligned=tuple(self.unaligned),
                             line=self.line)

    # -- spans ------------------------------------------------------------------------------

    def offsets(self, item: SpanIn | EntityIn | QuoteIn | NumericFactIn, field: str,
                layer: str) -> tuple[int, int, str] | None:
        """Checked offsets of an item and the text they cover; None for an offset-free item
        (whose text is then known not to be empty)."""
        start, end, text = item.start, item.end, item.text
        if start is not None and end is not None:
            if start >= end:
                if start > end:
                    raise self.error(f"start {start} is after end {end}", f"{field}.start")
                raise self.error(f"empty span [{start}, {end}): spans are half-open, start < end", f"{field}.end")
            if end > len(self.text):
                raise self.error(f"end {end} is past the end of the document text ({len(self.text)} characters)",
                                 f"{field}.end")
            actual = self.text[start:end]
            if text is not None and text != actual:
                raise self.error(f"text {text!r} disagrees with the document text at [{start}, {end}): {actual!r}",
                                 f"{field}.text")
            if layer:  # an item, not a speaker/cue/measured part
                self.stats.placed["offsets"] += 1
            return start, end, actual
        if start is not None or end is not None:
            missing = "end" if end is None else "start"
            raise self.error(f"{missing} is missing: give both start and end, or only text", f"{field}.{missing}")
        if text is None:
            raise self.error("an item needs start and end, or text", field)
        # An empty string cannot be placed, just as an empty span cannot be given.
        if not (strip_quotation_marks(text) if layer == "quotes" else text).strip():
            raise self.error("empty text" + (": only quotation marks" if text.strip() else ""), f"{field}.text")
        return None

    def placed(self, placement: Placement | None) -> tuple[int, int, str] | None:
        """Count an alignment; the span and its text, or None for an unaligned string."""
        if placement is None:
            self.stats.placed["unaligned"] += 1
            return None
        self.stats.placed[placement.method] += 1
        return placement.start, placement.end, self.text[placement.start:placement.end]

    def align_pending(self) -> None:
        """Align the line's offset-free entities and numeric facts, each layer at once, around
        the items its offsets placed; then record them in list order."""
        spans: list[tuple[int, int, str] | None] = [None] * len(self.pending)
        for layer, placed in (("entities", self.entities), ("numeric_facts", self.numeric_facts)):
            which = [k for k, (on, _, _) in enumerate(self.pending) if on == layer]
            if not which:
                continue
            for item in placed:
                self.aligner.block(item.start, item.end, layer=layer)
            for k, placement in zip(which, self.aligner.place_all([self.pending[k][1] for k in which], layer=layer)):
                spans[k] = self.placed(placement)
        for (_, _, record), span in zip(self.pending, spans):
            record(span)
        self.pending.clear()

    def part(self, value: SpanIn | str | None, field: str) -> Span | str | None:
        """A speaker, cue or measured part: a checked Span, or a string (offset-free)."""
        if value is None or isinstance(value, str):
            return value
        if value.start is None and value.end is None:
            if value.text is None:
                raise self.error("needs start and end, or text", field)
            return value.text
        start, end, text = self.offsets(value, field, "")  # type: ignore[misc]  # offsets given: never None
        return Span(start=start, end=end, text=text)

    # -- layers -----------------------------------------------------------------------------

    def item(self, source: str, i: int, item: EntityIn | NumericFactIn, label: str | None) -> None:
        """An entity or numeric fact; the label map decides which of the two it is scored as."""
        field = f"{source}[{i}]"
        layer = source
        if label is not None:
            target = self.label_map.target(label, file=self.file, line=self.line,
                                           field=f"{field}.{'label' if source == 'entities' else 'kind'}")
            if target is None:
                self.stats.dropped += 1
                return
            layer, label = target.layer, target.label
            if layer != source:
                self.stats.moved[f"{source}->{layer}"] += 1
        numeric = isinstance(item, NumericFactIn)
        if numeric and item.bound is not None and item.bound not in BOUNDS:
            raise self.error(f"unknown bound {item.bound!r}: expected one of {', '.join(BOUNDS)}", f"{field}.bound")
        measured = self.part(item.measured, f"{field}.measured") if numeric else None
        record = functools.partial(self.record, layer, field, i, item, label, measured)
        span = self.offsets(item, field, layer)
        if span is None:
            self.pending.append((layer, item.text, record))  # type: ignore[arg-type]  # offset-free: text is set
        else:
            record(span)

    def record(self, layer: str, field: str, i: int, item: EntityIn | NumericFactIn, label: str | None,
               measured: Span | str | None, span: tuple[int, int, str] | None) -> None:
        """Keep a checked entity or numeric fact at ``span`` (None: unaligned)."""
        if span is None:
            text = item.text or ""
            self.unaligned.append(Unaligned(layer, text, label, self.line, i,
                                            self.aligner.why_unplaced(text, layer=layer)))
            return
        start, end, text = span
        if layer == "entities":
            self.entities.append(Entity(id=item.id or field, start=start, end=end, text=text, label=label,
                                        cluster=getattr(item, "cluster", None)))
        elif isinstance(item, NumericFactIn):
            self.numeric_facts.append(NumericFact(
                id=item.id or field, start=start, end=end, text=text, kind=label, value=item.value,
                normalized=item.normalized, bound=item.bound, unit=item.unit, measured=measured))
        else:
            self.numeric_facts.append(NumericFact(id=item.id or field, start=start, end=end, text=text, kind=label))

    def quote(self, i: int, q: QuoteIn) -> None:
        field = f"quotes[{i}]"
        kind = q.kind
        if kind is not None:
            kind = kind.strip().lower()
            if kind not in QUOTE_KINDS:
                raise self.error(f"unknown quote kind {q.kind!r}: expected one of {', '.join(QUOTE_KINDS)}",
                                 f"{field}.kind")
        speaker = self.part(q.speaker, f"{field}.speaker")
        cue = self.part(q.cue, f"{field}.cue")
        span = self.offsets(q, field, "quotes")
        if span is None:  # quotes may nest: placed one by one, in list order
            span = self.placed(self.aligner.place_quote(q.text))  # type: ignore[arg-type]  # offset-free: text is set
            if span is None:
                self.unaligned.append(Unaligned("quotes", q.text or "", kind, self.line, i,
                                                self.aligner.why_unplaced(strip_quotation_marks(q.text or ""),
                                                                          layer="quotes")))
                return
        start, end, text = span
        self.quotes.append(Quote(id=q.id or field, start=start, end=end, text=text, kind=kind, speaker=speaker,
                                 speaker_cluster=q.speaker_cluster, cue=cue))
