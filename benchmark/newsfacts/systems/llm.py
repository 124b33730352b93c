"""The LLM path: prompts out, raw model responses back in as prediction lines.

NewsFacts never calls a model: ``newsfacts prompt`` writes one prompt per document, any client
produces ``{"id": ..., "response": "..."}`` lines, and ``newsfacts score --format llm`` reads
them back through :func:`read_responses`.

* :func:`build_prompt` -- instructions, the three layers condensed from the annotation
  guidelines, the JSON answer schema (strings, no offsets: the scorer aligns them) and one
  worked example (a short made-up article, not from the benchmark), then the document.
* :func:`parse_response` -- the answer object from raw model text, as forgiving as a careful
  reader: JSON inside prose, in a code fence, followed by trailing text, with single (or curly
  double) quotes, Python literals (``None``, ``True``), trailing commas or unquoted keys; a
  truncated answer keeps every complete item; a bare list of items is sorted into layers by
  shape, and items grouped by label (``{"PERSON": ["Ross"]}``) are ungrouped. Items that
  cannot be used (a missing ``text``, an unknown label) are dropped and counted, so one bad item
  never costs the document. :class:`Parsed` says what happened: ``status`` is ``ok`` (a JSON
  object, maybe in prose or a fence, every item usable), ``repaired`` (syntax fixed, a bare list
  sorted, or items dropped), ``truncated`` (cut off; the complete items kept) or ``failed``
  (nothing usable: scored as predicted empty), and ``dropped`` counts the items lost.
* :func:`write_prompts` -- ``newsfacts prompt``: the prompts of a dataset as JSON Lines
  ``{"id", "prompt"}``, written atomically.
* :func:`score_responses` -- ``newsfacts score --format llm``: responses read, scored in
  memory with :func:`newsfacts.scoring.api.score`, and the parse report returned beside the results
  (:func:`results_json` writes both, the report as the ``parse`` section).
* :func:`read_responses` -- a responses file to prediction lines (every layer key present, so
  every layer is scored) and the per-document parse report the results carry. A malformed
  *file* (a line that is not a JSON object, a missing ``id`` or non-string ``response``, an id
  twice) is an :class:`~newsfacts.errors.InputError` naming file, line and field.

Examples
--------
>>> parsed = parse_response('Sure! ```json\\n{"entities": [{"text": "Ross", "label": "PERSON"}]}\\n``` Hope it helps.')
>>> parsed.status, parsed.layers["entities"]
('ok', [{'text': 'Ross', 'label': 'PERSON'}])
>>> cut = parse_response('{"quotes": [{"text": "We won", "kind": "direct", "speaker": "Ito"}, {"text": "and we')
>>> cut.status, cut.dropped, [q["text"] for q in cut.layers["quotes"]]
('truncated', 1, ['We won'])
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from ..dataset.sources import GoldSource, load_gold
from ..errors import InputError
from ..jsonio import atomic_write, decode, open_binary, output_path
from ..model import BOUNDS, ENTITY_LABELS, LAYERS, NUMERIC_KINDS, QUOTE_KINDS, Document
from ..scoring.api import score
from ..scoring.predictions import Records
from ..scoring.results import Results

# ---------------------------------------------------------------------------- the prompt
INSTRUCTIONS = """\
You extract facts from one news article for the NewsFacts benchmark. Read the article and answer
with ONE JSON object with the keys "entities", "quotes" and "numeric_facts" (each a list, empty
when there is nothing), and nothing else. Copy every "text" exactly as it appears in the article
(same characters, same case); do not give character offsets. Annotate the headline like the body."""

DEFINITIONS = """\
ENTITIES: every mention of a proper name, once per occurrence, in text order. Labels: PERSON,
NORP (nationalities, religious or political groups, also as adjectives: "Chinese"), FAC
(buildings, airports, roads, bridges), ORG (companies, agencies, institutions, media), GPE
(countries, cities, states), LOC (other places: regions, continents, seas, planets), PRODUCT,
EVENT, WORK_OF_ART, LAW (named laws and named official lists), LANGUAGE. The span is the name
only: no "the", no possessive "'s", no titles ("Apple CEO Tim Cook" -> "Apple" ORG, "Tim Cook"
PERSON). Names inside a title are mentions of their own. Pronouns, common nouns and numbers are
not entities.

QUOTES: what a source said or wrote, with a cue (say, tell, note, add, argue, warn, according
to, ...) or in quotation marks as someone's words. kind: "direct" (all content inside quotation
marks), "indirect" (reported speech in the reporter's words), "mixed" (reported speech that
contains a quoted fragment; the fragment is not a quote of its own). "text" is the content
only: without the enclosing quotation marks, without "that"/"whether" before reported speech,
without a comma before the attribution; a final . ? ! inside the marks stays; a mixed quote
keeps its inner marks. "A," she said, "B." is two quotes. A quotation that continues the
previous speaker with no cue of its own keeps that speaker with cue null. "speaker": the
source's noun phrase as written, titles included, no "the" ("US Commerce Secretary Wilbur Ross",
"he", "company"); null if the text names no source. "cue": the speech verb or phrase without
auxiliaries or adverbs ("said", "pointed out", "according to"); null for continuations and
unattributed quotations. Reported speech inside reported speech is a second quote with its own
speaker and cue. Thoughts, plans, negated reports and scare quotes are not quotes.

NUMERIC FACTS: numbers and dates that state an amount, rank, time or period. kind: CARDINAL,
MONEY, PERCENT, QUANTITY, ORDINAL, DATE, TIME. "text" includes modifiers, scale words, currency
and unit ("over 100", "$5 billion", "about 40 percent", "late August", "the end of this month");
not a preposition before a date. "value": the number with scale words applied ("$5 billion" ->
5000000000, "5%" -> 5), null for DATE and TIME. "normalized": for DATE/TIME the ISO 8601 value
resolved against the publication date ("last month", "Sunday" in the past -> the most recent one,
"three years" -> "P3Y"), else the plain decimal of the value. "bound": exact, approx (about,
nearly), more_than (over, more than; also a verb before the number: "exceeded", "topped"),
less_than (under, fewer than), at_least, at_most (up to). A range is two facts ("5 to 10
percent" -> "5" at_least and "10 percent" at_most).
"unit": ISO 4217 code for MONEY ("$" is USD), "percent" for PERCENT, the unit symbol for
QUANTITY ("km"), else null. "measured": the noun phrase the number counts, without the number or
a determiner before it ("260 requests for the licences" -> "requests for the licences"), null for
dates or when nothing is named. Vague amounts ("a lot", "several", "dozens"), multipliers
("doubled") and numbers inside names ("Windows 10", "5G") are not facts."""

SCHEMA = """\
{"entities": [{"text": str, "label": str}],
 "quotes": [{"text": str, "kind": "direct"|"indirect"|"mixed", "speaker": str|null, "cue": str|null}],
 "numeric_facts": [{"text": str, "kind": str, "value": number|null, "normalized": str|null,
                    "bound": str, "unit": str|null, "measured": str|null}]}"""

EXAMPLE_PUBLISHED = "2024-05-15T08:00:00+00:00"  # a Wednesday
EXAMPLE_TEXT = """\
Port Elan council says ferry fares 'will not rise' this year

The Port Elan council approved a budget of $12 million on Tuesday.

Mayor Lena Ortiz said the ferry service carried about 40,000 passengers last month. \
"We kept every route open," Ortiz told reporters. "Fares stay where they are.\""""
EXAMPLE_ANSWER: dict[str, list[dict[str, Any]]] = {
    "entities": [
        {"text": "Port Elan", "label": "GPE"},
        {"text": "Port Elan", "label": "GPE"},
        {"text": "Lena Ortiz", "label": "PERSON"},
        {"text": "Ortiz", "label": "PERSON"},
    ],
    "quotes": [
        {"text": "ferry fares 'will not rise' this year", "kind": "mixed", "speaker": "Port Elan council",
         "cue": "says"},
        {"text": "the ferry service carried about 40,000 passengers last month", "kind": "indirect",
         "speaker": "Mayor Lena Ortiz", "cue": "said"},
        {"text": "We kept every route open", "kind": "direct", "speaker": "Ortiz", "cue": "told"},
        {"text": "Fares stay where they are.", "kind": "direct", "speaker": "Ortiz", "cue": None},
    ],
    "numeric_facts": [
        {"text": "this year", "kind": "DATE", "value": None, "normalized": "2024", "bound": "exact",
         "unit": None, "measured": None},
        {"text": "$12 million", "kind": "MONEY", "value": 12000000, "normalized": "12000000",
         "bound": "exact", "unit": "USD", "measured": "budget"},
        {"text": "Tuesday", "kind": "DATE", "value": None, "normalized": "2024-05-14", "bound": "exact",
         "unit": None, "measured": None},
        {"text": "about 40,000", "kind": "CARDINAL", "value": 40000, "normalized": "40000", "bound": "approx",
         "unit": None, "measured": "passengers"},
        {"text": "last month", "kind": "DATE", "value": None, "normalized": "2024-04", "bound": "exact",
         "unit": None, "measured": None},
    ],
}


def _article(published_at: str, text: str) -> str:
    return f"Published at: {published_at}\n\n{text}"


def build_prompt(document: Document) -> str:
    """The full prompt for one document: instructions, definitions, schema, worked example, article.

    Parameters
    ----------
    document : Document
        The article; its ``published_at`` anchors relative dates and its ``text`` is what the
        model reads (the answer's strings must be copied from it).

    Returns
    -------
    str

    Examples
    --------
    >>> from newsfacts.model import Document
    >>> doc = Document(id="d1", title="T", url="", source="", author="", published_at="2019-11-04",
    ...                text="Ross said the deal was close.")
    >>> prompt = build_prompt(doc)
    >>> prompt.endswith("Ross said the deal was close.\\n\\nANSWER (one JSON object):")
    True
    >>> "Lena Ortiz" in prompt and prompt.count("Published at:") == 2
    True
    """
    example = json.dumps(EXAMPLE_ANSWER, ensure_ascii=False)
    return "\n\n".join([
        INSTRUCTIONS,
        DEFINITIONS,
        "ANSWER SCHEMA:\n" + SCHEMA,
        "WORKED EXAMPLE\nARTICLE:\n" + _article(EXAMPLE_PUBLISHED, EXAMPLE_TEXT) + "\n\nANSWER:\n" + example,
        "NOW THIS ARTICLE\nARTICLE:\n" + _article(document.published_at, document.text),
        "ANSWER (one JSON object):",
    ])


def prompt_records(documents: Iterable[Document]) -> Iterator[dict[str, str]]:
    """``{"id", "prompt"}`` per document, in input order (the lines of ``newsfacts prompt``)."""
    for doc in documents:
        yield {"id": doc.id, "prompt": build_prompt(doc)}


# ---------------------------------------------------------------------------- lenient JSON
class _End(Exception):
    """The text ended inside a value (a truncated answer)."""


_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_WORDS = {"true": True, "false": False, "null": None, "True": True, "False": False, "None": None,
          "NaN": None, "nan": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/", "\\": "\\", '"': '"', "'": "'"}
_MAX_DEPTH = 64
# string delimiters: JSON's, Python's, and the curly pair some chat front ends substitute
_OPENERS = {'"': '"', "'": "'", "\u201c": "\u201d"}


class _Lenient:
    """A forgiving JSON reader: single or double quotes, Python literals, trailing commas,
    unquoted keys; at the end of the text, every container returns what it completed."""

    def __init__(self, text: str) -> None:
        self.s, self.n = text, len(text)
        self.dropped = 0
        self.truncated = False

    def ws(self, i: int) -> int:
        while i < self.n and self.s[i] in " \t\r\n":
            i += 1
        if i >= self.n:
            raise _End
        return i

    def value(self, i: int, depth: int = 0) -> tuple[Any, int, bool]:
        """``(value, next index, complete)``."""
        if depth > _MAX_DEPTH:
            raise ValueError("nested too deeply")
        i = self.ws(i)
        ch = self.s[i]
        if ch == "{":
            return self.container(i + 1, depth, "}")
        if ch == "[":
            return self.container(i + 1, depth, "]")
        if ch in _OPENERS:
            return self.string(i)
        m = _NUMBER.match(self.s, i)
        if m:
            if m.end() == self.n:
                raise _End  # a number cut short is not a number
            text = m.group()
            return (float(text) if any(c in text for c in ".eE") else int(text)), m.end(), True
        m = re.compile(r"[A-Za-z_]\w*").match(self.s, i)
        if m and m.group() in _WORDS:
            return _WORDS[m.group()], m.end(), True
        raise ValueError(f"unexpected {self.s[i:i + 12]!r}")

    def string(self, i: int) -> tuple[str, int, bool]:
        quote, out, i = _OPENERS[self.s[i]], [], i + 1
        while i < self.n:
            ch = self.s[i]
            if ch == quote:
                return "".join(out), i + 1, True
            if ch == "\\" and i + 1 < self.n:
                nxt = self.s[i + 1]
                if nxt == "u" and i + 6 <= self.n and re.fullmatch(r"[0-9a-fA-F]{4}", self.s[i + 2:i + 6]):
                    out.append(chr(int(self.s[i + 2:i + 6], 16)))
                    i += 6
                    continue
                out.append(_ESCAPES.get(nxt, nxt))
                i += 2
                continue
            out.append(ch)
            i += 1
        raise _End

    def key(self, i: int) -> tuple[str, int]:
        if self.s[i] in _OPENERS:
            k, i, _ = self.string(i)
            return k, i
        m = re.compile(r"[A-Za-z_]\w*").match(self.s, i)
        if not m:
            raise ValueError(f"expected a key at {self.s[i:i + 12]!r}")
        return m.group(), m.end()

    def container(self, i: int, depth: int, close: str) -> tuple[Any, int, bool]:
        out: Any = {} if close == "}" else []
        try:
            while True:
                i = self.ws(i)
                if self.s[i] == close:
                    return out, i + 1, True
                if self.s[i] == ",":
                    i += 1
                    continue
                if close == "}":
                    k, i = self.key(i)
                    i = self.ws(i)
                    if self.s[i] != ":":
                        raise ValueError(f"expected ':' after key {k!r}")
                    v, i, done = self.value(i + 1, depth + 1)
                    if done or isinstance(v, list):
                        out[k] = v  # a layer list cut short keeps its complete items
                    if not done:
                        return out, i, False
                else:
                    v, i, done = self.value(i, depth + 1)
                    if not done:
                        self.dropped += isinstance(v, dict)
                        return out, i, False
                    out.append(v)
        except _End:
            self.truncated = True
            return out, self.n, False

    def parse(self, i: int) -> tuple[Any, bool]:
        try:
            v, _, done = self.value(i)
        except _End:
            self.truncated = True
            return None, False
        if not done:
            self.truncated = True
        return v, done


# ---------------------------------------------------------------------------- responses
_FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n?(.*?)(?:```|\Z)", re.S)


@dataclass
class Parsed:
    """One response read: the usable items per layer, how it went and what was lost."""

    layers: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {layer: [] for layer in LAYERS})
    status: str = "failed"      # ok | repaired | truncated | failed
    dropped: int = 0            # items lost: cut off by truncation, or unusable
    error: str | None = None    # why nothing could be read (status failed)


def _candidates(text: str) -> Iterator[tuple[str, int]]:
    """Where an answer may start: ``(text, index)``; fenced blocks first, then the first
    brackets of the whole text (prose may hold a stray one before the answer)."""
    for m in _FENCE.finditer(text):
        body = m.group(1)
        k = min((body.find(c) for c in "{[" if c in body), default=-1)
        if k >= 0:
            yield body, k
    starts = [k for k, ch in enumerate(text) if ch in "{["]
    for k in starts[:20]:
        yield text, k


def _shape(item: dict[str, Any]) -> str | None:
    """The layer an item of a bare list belongs to, by its fields."""
    kind = str(item.get("kind", "")).strip()
    if "label" in item or item.get("kind") is None and "speaker" not in item:
        return "entities"
    if kind.lower() in QUOTE_KINDS or "speaker" in item or "cue" in item:
        return "quotes"
    if kind.upper() in NUMERIC_KINDS:
        return "numeric_facts"
    return None


def parse_response(text: str) -> Parsed:
    """Read the answer object out of one raw model response (see the module docstring).

    Parameters
    ----------
    text : str
        The model's raw output.

    Returns
    -------
    Parsed
        ``layers`` holds cleaned items (only the fields the predictions format knows, labels in
        the closed sets, strings for speaker, cue and measured).

    Examples
    --------
    >>> parse_response("{'entities': [{'text': 'Huawei', 'label': 'ORG'},]}").layers["entities"]
    [{'text': 'Huawei', 'label': 'ORG'}]
    >>> p = parse_response("I cannot help with that.")
    >>> p.status, p.error
    ('failed', 'no JSON object or list in the response')
    """
    out = Parsed()
    if not isinstance(text, str) or not text.strip():
        out.error = "empty response"
        return out
    best: tuple[Any, bool, int, bool] | None = None
    error = "no JSON object or list in the response"
    for source, start in _candidates(text):
        value: Any = None
        try:
            value, _ = json.JSONDecoder().raw_decode(source, start)
            strict, truncated, dropped = True, False, 0
        except (json.JSONDecodeError, RecursionError):
            reader = _Lenient(source)
            try:
                value, _ = reader.parse(start)
            except (ValueError, RecursionError) as exc:
                error = f"not JSON: {exc}"
                continue
            strict, truncated, dropped = False, reader.truncated, reader.dropped
        if isinstance(value, dict) and any(k in value for k in LAYERS) or (
                isinstance(value, list) and any(isinstance(v, dict) for v in value)):
            best = (value, strict, dropped, truncated)
            break
        error = "the JSON found has no entities, quotes or numeric_facts"
    if best is None:
        out.error = error
        return out
    value, strict, dropped, truncated = best
    out.dropped = dropped
    if isinstance(value, list):  # a bare list of items: sort them into layers by their fields
        strict = False
        value = _by_shape(value, out)
    for layer in LAYERS:
        items = value.get(layer)
        if items is None:
            continue
        if isinstance(items, dict):  # {"PERSON": ["Ross", ...], ...}: items grouped by label
            strict = False
            key = "label" if layer == "entities" else "kind"
            items = [{"text": t, key: label} if isinstance(t, str) else t
                     for label, texts in items.items() for t in (texts if isinstance(texts, list) else [texts])]
        if not isinstance(items, list):
            out.dropped += 1
            continue
        for item in items:
            clean = _clean(layer, item)
            if clean is None:
                out.dropped += 1
            else:
                out.layers[layer].append(clean)
    out.status = "truncated" if truncated else ("ok" if strict and out.dropped == 0 else "repaired")
    return out


def _by_shape(items: list[Any], out: Parsed) -> dict[str, list[Any]]:
    if len(items) == 1 and isinstance(items[0], dict) and any(k in items[0] for k in LAYERS):
        return items[0]  # [{"entities": [...], ...}]
    layers: dict[str, list[Any]] = {layer: [] for layer in LAYERS}
    for item in items:
        layer = _shape(item) if isinstance(item, dict) else None
        if layer is None:
            out.dropped += 1
        else:
            layers[layer].append(item)
    return layers


def _string(v: Any) -> str | None:
    """A speaker, cue or measured value as a string (a span object gives its text)."""
    if isinstance(v, dict):
        v = v.get("text")
    return v.strip() or None if isinstance(v, str) else None


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, str):
        try:
            v = float(v.replace(",", "").replace("_", ""))
        except ValueError:
            return None
    if isinstance(v, (int, float)) and math.isfinite(v) and abs(v) < 1e300:
        return float(v)
    return None


def _clean(layer: str, item: Any) -> dict[str, Any] | None:
    """An item with only known fields and valid values, or None when it cannot be used."""
    if not isinstance(item, dict):
        return None
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    if layer == "entities":
        label = str(item.get("label", "")).strip().upper()
        if label in ENTITY_LABELS or label in NUMERIC_KINDS:  # a numeric label moves to its layer when scored
            return {"text": text, "label": label}
        return None
    if layer == "quotes":
        kind = str(item.get("kind") or "").strip().lower()
        return {"text": text, "kind": kind if kind in QUOTE_KINDS else None,
                "speaker": _string(item.get("speaker")), "cue": _string(item.get("cue"))}
    kind = str(item.get("kind") or "").strip().upper()
    if kind not in NUMERIC_KINDS:
        return None
    bound = str(item.get("bound") or "").strip().lower()
    normalized = item.get("normalized")
    if isinstance(normalized, (int, float)) and not isinstance(normalized, bool):
        normalized = str(normalized)
    value = _number(item.get("value"))
    return {"text": text, "kind": kind, "value": value,
            "normalized": normalized if isinstance(normalized, str) and normalized.strip() else None,
            "bound": bound if bound in BOUNDS else None, "unit": _string(item.get("unit")),
            "measured": _string(item.get("measured"))}


class _Response(msgspec.Struct):
    id: str
    response: str


def read_responses(path: str | os.PathLike[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A responses file (``{"id", "response"}`` per line) to prediction records and a parse report.

    Returns ``(records, report)``: one predictions-format dict per response, in file order, with
    all three layer keys (every layer is scored); and ``{"responses", "ok", "repaired",
    "truncated", "failed", "items_dropped", "documents": [{"id", "line", "status",
    "items_dropped", "error"}]}``, the k-th document entry for the k-th record.

    Raises InputError (file, line, field) for a line that is not a JSON object with a string
    ``id`` and a string ``response``, for an id given twice, and for a file without lines.
    """
    records: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    with open_binary(path) as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            rec = decode(raw, _Response, file=path, line=number)
            if rec.id in seen:
                raise InputError(f"id {rec.id!r} repeats line {seen[rec.id]}", file=path, line=number, field="id")
            seen[rec.id] = number
            parsed = parse_response(rec.response)
            records.append({"id": rec.id, **parsed.layers})
            documents.append({"id": rec.id, "line": number, "status": parsed.status,
                              "items_dropped": parsed.dropped, "error": parsed.error})
    if not documents:
        raise InputError("no responses (the file is empty)", file=path)
    report: dict[str, Any] = {"responses": len(documents)}
    for status in ("ok", "repaired", "truncated", "failed"):
        report[status] = sum(d["status"] == status for d in documents)
    report["items_dropped"] = sum(d["items_dropped"] for d in documents)
    report["documents"] = documents
    return records, report


# ---------------------------------------------------------------------------- API for the CLI
def write_prompts(out: str | os.PathLike[str], dataset: str | os.PathLike[str] | GoldSource | None = None) -> int:
    """Write one ``{"id", "prompt"}`` line per document of ``dataset`` (None: the bundled
    benchmark) to ``out``, atomically; returns the number of prompts.

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "prompts.jsonl"
    >>> n = write_prompts(out)
    >>> lines = [json.loads(line) for line in out.read_text().splitlines()]
    >>> n == len(lines) >= 1 and sorted(lines[0]) == ["id", "prompt"]
    True
    """
    output_path(out, inputs=[dataset])  # refuse a bad target before any work
    own = not isinstance(dataset, GoldSource)
    gold = load_gold(dataset) if own else dataset
    try:
        lines = [json.dumps(rec, ensure_ascii=False) + "\n" for rec in prompt_records(gold)]  # type: ignore[arg-type]
    finally:
        if own:
            gold.close()  # type: ignore[union-attr]
    atomic_write(out, "".join(lines), inputs=[dataset])
    return len(lines)


def score_responses(responses: str | os.PathLike[str],
                    dataset: str | os.PathLike[str] | GoldSource | None = None, *, system: str | None = None,
                    **options: Any) -> tuple[Results, dict[str, Any]]:
    """Parse a responses file and score what parsed: ``(results, parse report)``.

    ``options`` go to :func:`newsfacts.scoring.api.score` (``label_map``, ``config``,
    ``with_errors``). The parsed records are scored in memory; an error the scorer finds in one
    (an id not in the dataset) names the responses file and that response's line. ``system``
    defaults to the responses file's stem.
    """
    records, report = read_responses(responses)
    lines = [d["line"] for d in report["documents"]]
    name = str(responses)
    try:
        results = score(Records(records, name), dataset, system=system or Path(responses).stem, **options)
    except InputError as exc:
        if exc.file != name or exc.line is None or not 1 <= exc.line <= len(lines):
            raise
        raise InputError(exc.message + " (in the parsed response)", file=responses, line=lines[exc.line - 1],
                         field=exc.field) from None
    return dataclasses.replace(results, predictions=name), report


def results_json(results: Results, report: dict[str, Any]) -> str:
    """The results JSON with the parse report as its ``parse`` section."""
    data = results.to_builtins()
    data["parse"] = report
    return msgspec.json.format(msgspec.json.encode(data), indent=2).decode("utf-8") + "\n"


def format_parse_report(report: dict[str, Any], most: int = 20) -> str:
    """The parse report as lines for the terminal: the counts, then the documents with trouble.

    >>> print(format_parse_report({"responses": 2, "ok": 1, "repaired": 0, "truncated": 0, "failed": 1,
    ...     "items_dropped": 0, "documents": [{"id": "b", "line": 2, "status": "failed", "items_dropped": 0,
    ...     "error": "empty response"}]}), end="")
    LLM RESPONSES  2 read: ok 1, repaired 0, truncated 0, failed 1; items dropped 0
      line 2 (b): failed: empty response
    """
    lines = [f"LLM RESPONSES  {report['responses']} read: " + ", ".join(
        f"{k} {report[k]}" for k in ("ok", "repaired", "truncated", "failed")) + f"; items dropped {report['items_dropped']}"]
    trouble = [d for d in report["documents"] if d["status"] in ("truncated", "failed") or d["items_dropped"]]
    for d in trouble[:most]:
        detail = d["error"] or f"{d['items_dropped']} items dropped"
        lines.append(f"  line {d['line']} ({d['id']}): {d['status']}: {detail}")
    if len(trouble) > most:
        lines.append(f"  ... and {len(trouble) - most} more")
    return "\n".join(lines) + "\n"
