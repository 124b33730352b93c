"""The gold rules engine: every rule about gold annotations, written once.

Each rule is a check in :func:`iter_problems`, a generator of :class:`~newsfacts.errors.Problem`
records (file, field, message) in document order. Three callers share it:

* ``newsfacts validate`` (:func:`newsfacts.dataset.gold.read_gold`) collects *every* problem
  of every rule, so an annotator sees them all at once (:mod:`newsfacts.dataset.gold` adds
  the line from the file's text);
* the scorer's gold check (:func:`check_document`, for gold read from a built folder, a
  ``.jsonl`` file or the Hub) stops at the *first* problem of the rules scoring relies on and
  raises it as an :class:`~newsfacts.errors.InputError`;
* the Hub build (:func:`newsfacts.dataset.hub.build`) runs the same check on every row it writes.

Rules come in two levels. **Structural** rules are what scoring and the Hub format rely on;
they run everywhere. **Guideline** rules are the annotation guidelines' finer points; only
``validate`` (``full=True``) runs them, so a dataset built elsewhere scores even if it follows
other boundary conventions. A rule's message is the same at both levels.

Structural rules:

* item ids are unique within a document, across all layers;
* every span (mention, quote content, speaker, cue, measured) is non-empty, half-open, inside
  the text, and its ``text`` equals the slice of the canonical text; speakers, cues and
  measured spans are spans or null (a string is the prediction form);
* entity labels, quote kinds and numeric kinds come from the closed sets of
  :mod:`newsfacts.model`, and so does a bound when given;
* cluster references (an entity's ``cluster``, a quote's ``speaker_cluster``) resolve;
* a ``value``, when given, is a finite number.

Guideline rules (``validate`` only):

* ids use letters, digits, ``_``, ``.`` and ``-`` (not ``.`` or ``..``);
* spans have no leading or trailing whitespace, and names (entities, speakers, cues) do not
  start or end with punctuation that belongs to the sentence;
* every entity has a cluster, with the entity's label, and every bound is set; cluster names
  and aliases are non-empty and distinct; every cluster is used by a mention or a speaker;
* entity spans do not overlap each other, nor do numeric-fact spans;
* a quote's speaker and speaker_cluster are both set or both null, the speaker and cue lie
  outside the quote's content, and a speaker that is exactly an entity mention has that
  mention's cluster;
* DATE/TIME facts have no ``value`` and a valid ISO 8601 ``normalized`` (date, week,
  date-time, time, duration or interval) or null when the text cannot be resolved; other kinds
  have a ``value`` and a plain decimal ``normalized`` equal to it; a unit is non-empty; the
  measured span does not overlap the fact.

**Speed.** The scorer checks every gold document it reads (500,000 gold spans for a 10,000
document benchmark). At the structural level the per-item rules run only for a layer whose
*screen* fails: one tight condition per entity (:func:`_entities_pass`) and one set for the
ids, which hold exactly when the layer's structural rules find nothing (a property test checks
the equivalence). A clean document therefore costs one loop; a bad one gets the rule's message.

>>> from newsfacts.model import Entity, Cluster
>>> text = "Ross met Ross."
>>> ents = (Entity(id="e1", start=0, end=4, text="Ross", label="PERSON", cluster="ross"),
...         Entity(id="e2", start=9, end=14, text="Ross.", label="PERSON", cluster="rosss"))
>>> clusters = (Cluster(id="ross", name="Wilbur Ross", label="PERSON"),)
>>> for p in check_layers(text, ents, clusters, (), (), file="a.json"): print(p)
a.json: field entities[1].end: span text 'Ross.' ends with a character outside the word; check the boundary
a.json: field entities[1].cluster: unknown cluster 'rosss'
>>> [str(p) for p in iter_problems(text, ents, clusters, (), (), file="a.json", full=False)]
["a.json: field entities[1].cluster: unknown cluster 'rosss'"]
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Generator, Iterator, Sequence
from datetime import date

from ..errors import InputError, Problem
from ..model import (
    BOUNDS, ENTITY_LABELS, ID_RULE, NUMERIC_KINDS, QUOTE_KINDS, TEMPORAL_KINDS, Annotations,
    Cluster, Document, Entity, NumericFact, Quote, Span, valid_id,
)

_DECIMAL = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")
_TZ = r"(Z|[+-]\d{2}(:?\d{2})?)?"
_TIME = rf"\d{{2}}(:\d{{2}}(:\d{{2}}(\.\d+)?)?)?{_TZ}"
_DATE_FORMS = (
    re.compile(r"^(?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$"),
    re.compile(r"^(?P<y>\d{4})-W(?P<w>\d{2})(-(?P<wd>[1-7]))?$"),
    re.compile(rf"^(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})T(?P<t>{_TIME})$"),
    re.compile(rf"^T(?P<t>{_TIME})$"),
)
_DURATION = re.compile(r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
                       r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$")
# Characters a mention may not start or end with: quotation marks and sentence punctuation
# belong to the sentence, not the name (the guidelines' boundary rules).
_EDGE_PUNCT = set(" \t\n,;:!?\"'\u2018\u2019\u201c\u201d()[]{}")
_END_PUNCT = _EDGE_PUNCT | {"."}


def is_iso8601(value: str) -> bool:
    """True for the ISO 8601 forms NewsFacts uses for DATE and TIME facts.

    >>> [is_iso8601(v) for v in ("2019-11-03", "2019-11", "2019", "2019-W45", "2019-02-30", "Nov 2019")]
    [True, True, True, True, False, False]
    >>> [is_iso8601(v) for v in ("2019-11-04T00:42:59+00:00", "T14:30", "P3Y", "2019-05/2019-10")]
    [True, True, True, True]
    """
    if "/" in value:
        parts = value.split("/")
        return len(parts) == 2 and all(is_iso8601(p) for p in parts)
    if _DURATION.match(value):
        return True
    for form in _DATE_FORMS:
        m = form.match(value)
        if not m:
            continue
        groups = m.groupdict()
        try:
            if groups.get("m"):
                date(int(groups["y"]), int(groups["m"]), int(groups.get("d") or 1))
            if groups.get("w") and not 1 <= int(groups["w"]) <= 53:
                return False
            if groups.get("t"):
                hh, _, rest = groups["t"].partition(":")
                mm = rest[:2] if rest else "00"
                if int(hh) > 23 or int(mm) > 59:
                    return False
        except ValueError:
            return False
        return True
    return False


class _Checker:
    """Shared state of one document's checks; ``field`` paths follow the JSON layout."""

    __slots__ = ("text", "file", "prefix", "full")

    def __init__(self, text: str, file: str | None, prefix: str, full: bool) -> None:
        self.text = text
        self.file = file
        self.prefix = prefix
        self.full = full

    def problem(self, field: str, message: str) -> Problem:
        return Problem(self.file, self.prefix + field, message)

    def span(self, field: str, span: Span | Entity | Quote | NumericFact, *, name_like: bool) -> tuple[bool, Problem | None]:
        """Offsets in range and half-open, text equal to the slice (structural); then the
        boundary rules (guideline). Returns (usable, the problem found or None)."""
        start, end = span.start, span.end
        if not isinstance(start, int) or not isinstance(end, int):
            return False, self.problem(f"{field}.start", "offsets must be integers")
        if start < 0:
            return False, self.problem(f"{field}.start", f"negative offset {start}")
        if end > len(self.text):
            return False, self.problem(f"{field}.end", f"offset {end} is past the end of the text "
                                                       f"({len(self.text)} characters)")
        if start >= end:
            return False, self.problem(f"{field}.end", f"empty or inverted span [{start}, {end}): "
                                                       "spans are half-open, start < end")
        actual = self.text[start:end]
        if actual != span.text:
            return False, self.problem(f"{field}.text", f"{span.text!r} disagrees with the document text "
                                                        f"at [{start}, {end}): {actual!r}")
        if not self.full:
            return True, None
        if actual[0].isspace() or actual[-1].isspace():
            return True, self.problem(f"{field}.start" if actual[0].isspace() else f"{field}.end",
                                      f"span text {actual!r} has leading or trailing whitespace")
        if name_like and actual[0] in _EDGE_PUNCT:
            return True, self.problem(f"{field}.start", f"span text {actual!r} starts with a character "
                                                         "outside the word; check the boundary")
        if name_like and actual[-1] in _END_PUNCT and not _abbreviation(actual):
            return True, self.problem(f"{field}.end", f"span text {actual!r} ends with a character "
                                                       "outside the word; check the boundary")
        return True, None

    def ident(self, field: str, value: object, seen: dict[str, str] | None) -> Problem | None:
        """Ids: well-formed (guideline) and unique across the document (structural).
        ``seen`` is None when the id screen passed at the structural level."""
        if self.full and not valid_id(value):
            return self.problem(field, f"id {value!r}: use {ID_RULE}")
        if seen is None:
            return None
        if value in seen:
            return self.problem(field, f"duplicate id {value!r} (also {seen[value]})")  # type: ignore[index]
        seen[value] = self.prefix + field  # type: ignore[index]
        return None

    def closed(self, field: str, value: object, allowed: frozenset[str], names: Sequence[str], what: str, *,
               required: bool = True) -> Problem | None:
        """A value from a closed set; a missing value is structural when ``required``, else a guideline."""
        if value is None:
            if required or self.full:
                return self.problem(field, f"missing {what}: one of {', '.join(names)}")
            return None
        if value not in allowed:
            return self.problem(field, f"unknown {what} {value!r}: expected one of {', '.join(names)}")
        return None

    def optional_span(self, field: str, value: object, *, name_like: bool) -> tuple[Span | None, Problem | None]:
        """A speaker, cue or measured span: a span or null in gold; (the usable span, a problem)."""
        if value is None:
            return None, None
        if not isinstance(value, Span):
            return None, self.problem(field, "gold must give a span {start, end, text} or null, not a string")
        usable, problem = self.span(field, value, name_like=name_like)
        return (value if usable else None), problem


_ENTITY_SET = frozenset(ENTITY_LABELS)
_QUOTE_SET = frozenset(QUOTE_KINDS)
_NUMERIC_SET = frozenset(NUMERIC_KINDS)
_BOUND_SET = frozenset(BOUNDS)
_ID_OF = operator.attrgetter("id")


def _abbreviation(text: str) -> bool:
    """'U.S.' or 'Inc.' may end with a period; 'Ross.' may not."""
    last = text.split()[-1]
    return bool(re.match(r"^([A-Za-z]\.)+$", last)) or last in {"Inc.", "Corp.", "Co.", "Ltd.", "Jr.", "Sr.", "Bros."}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _flat(chk: _Checker, layer: str, items: Sequence[Entity | NumericFact], usable: set[int]) -> Iterator[Problem]:
    order = sorted((items[i].start, items[i].end, i) for i in usable)
    for (s1, e1, i), (s2, e2, j) in zip(order, order[1:]):
        if s2 < e1:
            yield chk.problem(f"{layer}[{max(i, j)}]", f"span [{s2}, {e2}) overlaps {layer}[{min(i, j)}] "
                                                       f"[{s1}, {e1}); {layer} are flat")


def _ids_unique(layers: Sequence[Sequence[Entity | Cluster | Quote | NumericFact]]) -> bool:
    """The id screen: no id repeats across the layers (one C loop per layer: 500,000 ids in 30 ms)."""
    ids: set[str] = set()
    for items in layers:
        ids.update(map(_ID_OF, items))
    return len(ids) == sum(map(len, layers))


def _entities_pass(entities: Sequence[Entity], text: str, clusters: set[str] | dict[str, str]) -> bool:
    """The entity screen: True exactly when no entity breaks a structural rule other than the
    ids' (the loop the 500,000 gold spans of a large benchmark go through, so one condition
    per entity and nothing else)."""
    n = len(text)
    try:
        for e in entities:
            start, end = e.start, e.end
            if not (0 <= start < end <= n and text[start:end] == e.text and e.label in _ENTITY_SET
                    and (e.cluster is None or e.cluster in clusters)):
                return False
    except TypeError:  # records built in memory are not type-checked: a float offset, a list label
        return False
    return True


def _item(chk: _Checker, f: str, item: Entity | Quote | NumericFact, seen: dict[str, str] | None, key: str, label: object,
          allowed: frozenset[str], names: Sequence[str], what: str, *, name_like: bool) -> Generator[Problem, None, bool]:
    """The rules every item of a layer shares: its id, its span, its label or kind; returns
    whether the span is usable for the checks across items."""
    if p := chk.ident(f"{f}.id", item.id, seen):
        yield p
    usable, p = chk.span(f, item, name_like=name_like)
    if p:
        yield p
    if p := chk.closed(f"{f}.{key}", label, allowed, names, what):
        yield p
    return usable


def iter_problems(text: str, entities: Sequence[Entity], clusters: Sequence[Cluster],
                  quotes: Sequence[Quote], numeric_facts: Sequence[NumericFact], *, file: str | None,
                  prefix: str = "", full: bool = True) -> Iterator[Problem]:
    """Every rule of the module docstring over one document's layers, problems in document order.

    Parameters
    ----------
    text : str
        The canonical text the offsets refer to.
    entities, clusters, quotes, numeric_facts : sequence of records
        The gold layers (:mod:`newsfacts.model` records).
    file : str
        The file the problems name.
    prefix : str, default ""
        Put before every field (``"rows[3]."``) when the layers sit inside a larger record.
    full : bool, default True
        Run the guideline rules too (``validate``); False runs the structural rules only (the
        scorer and the Hub build), taking the fast path for clean layers.

    Yields
    ------
    Problem
        One per violation, in the order clusters, entities, quotes, numeric facts, then the
        checks across items (overlaps, unused clusters).

    Examples
    --------
    >>> from newsfacts.model import Entity
    >>> e = Entity(id="e1", start=0, end=2, text="UK", label="GPE")
    >>> next(iter_problems("US", (e,), (), (), (), file="gold.jsonl", full=False)).message
    "'UK' disagrees with the document text at [0, 2): 'US'"
    """
    chk = _Checker(text, file, prefix, full)
    cluster_label: dict[str, str] = {}
    for c in clusters:
        cluster_label.setdefault(c.id, c.label)
    ids_ok = not full and _ids_unique((clusters, entities, quotes, numeric_facts))
    seen: dict[str, str] | None = None if ids_ok else {}
    used: set[str] = set()

    for i, c in enumerate(clusters):
        f = f"clusters[{i}]"
        if p := chk.ident(f"{f}.id", c.id, seen):
            yield p
        if p := chk.closed(f"{f}.label", c.label, _ENTITY_SET, ENTITY_LABELS, "label"):
            yield p
        if full:
            if not c.name.strip():
                yield chk.problem(f"{f}.name", "empty cluster name")
            seen_alias = {c.name.strip().casefold()}
            for k, alias in enumerate(c.aliases):
                key = alias.strip().casefold()
                if not key:
                    yield chk.problem(f"{f}.aliases[{k}]", "empty alias")
                elif key in seen_alias:
                    yield chk.problem(f"{f}.aliases[{k}]", f"alias {alias!r} repeats the name or another alias")
                seen_alias.add(key)

    usable: set[int] = set()
    if full or not ids_ok or not _entities_pass(entities, text, cluster_label):
        for i, e in enumerate(entities):
            f = f"entities[{i}]"
            if (yield from _item(chk, f, e, seen, "label", e.label, _ENTITY_SET, ENTITY_LABELS, "label", name_like=True)):
                usable.add(i)
            if e.cluster is None:
                if full:
                    yield chk.problem(f"{f}.cluster", "missing cluster: every gold mention belongs to a cluster")
            elif e.cluster not in cluster_label:
                yield chk.problem(f"{f}.cluster", f"unknown cluster {e.cluster!r}")
            elif full:
                used.add(e.cluster)
                if cluster_label[e.cluster] != e.label and e.label in _ENTITY_SET:  # else: unknown label, above
                    yield chk.problem(f"{f}.label", f"label {e.label} differs from its cluster {e.cluster!r} "
                                                    f"({cluster_label[e.cluster]})")
    if full:
        yield from _flat(chk, "entities", entities, usable)
    mention_cluster = {(entities[i].start, entities[i].end): entities[i].cluster for i in usable}

    for i, q in enumerate(quotes):
        f = f"quotes[{i}]"
        content_ok = yield from _item(chk, f, q, seen, "kind", q.kind, _QUOTE_SET, QUOTE_KINDS, "quote kind", name_like=False)
        speaker, p = chk.optional_span(f"{f}.speaker", q.speaker, name_like=True)
        if p:
            yield p
        cue, p = chk.optional_span(f"{f}.cue", q.cue, name_like=True)
        if p:
            yield p
        if full and (q.speaker is None) != (q.speaker_cluster is None):
            yield chk.problem(f"{f}.speaker_cluster", "speaker and speaker_cluster must both be set or both be null")
        if q.speaker_cluster is not None:
            if q.speaker_cluster not in cluster_label:
                yield chk.problem(f"{f}.speaker_cluster", f"unknown cluster {q.speaker_cluster!r}")
            else:
                used.add(q.speaker_cluster)
        if not full:
            continue
        if speaker is not None:
            mc = mention_cluster.get((speaker.start, speaker.end))
            if mc is not None and q.speaker_cluster is not None and mc != q.speaker_cluster:
                yield chk.problem(f"{f}.speaker_cluster", f"the speaker span is an entity mention of cluster "
                                                          f"{mc!r}, not {q.speaker_cluster!r}")
        for name, part in (("speaker", speaker), ("cue", cue)):
            if content_ok and part is not None and _overlaps((part.start, part.end), (q.start, q.end)):
                yield chk.problem(f"{f}.{name}", f"{name} [{part.start}, {part.end}) overlaps the quote content "
                                                 f"[{q.start}, {q.end})")

    usable = set()
    for i, n in enumerate(numeric_facts):
        f = f"numeric_facts[{i}]"
        if (yield from _item(chk, f, n, seen, "kind", n.kind, _NUMERIC_SET, NUMERIC_KINDS, "numeric kind", name_like=False)):
            usable.add(i)
        if p := chk.closed(f"{f}.bound", n.bound, _BOUND_SET, BOUNDS, "bound", required=False):
            yield p
        value = n.value
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or not math.isfinite(value)):
            yield chk.problem(f"{f}.value", f"value {value!r} is not a finite number")
        elif full and n.kind in TEMPORAL_KINDS:
            if value is not None:
                yield chk.problem(f"{f}.value", f"{n.kind} facts carry their value in 'normalized'; "
                                                "value must be null")
            if n.normalized is not None and not is_iso8601(n.normalized):
                yield chk.problem(f"{f}.normalized", f"{n.normalized!r} is not ISO 8601 (e.g. 2019-11-03, "
                                                     "2019-11, 2019-W45, 2019-11-04T14:30, P3Y, 2019-05/2019-10)")
        elif full and n.kind is not None:
            if value is None:
                yield chk.problem(f"{f}.value", f"{n.kind} facts need a finite number, not null")
            elif n.normalized is None or not _DECIMAL.match(n.normalized):
                yield chk.problem(f"{f}.normalized", f"expected a plain decimal string such as '260' or '0.5', "
                                                     f"got {n.normalized!r}")
            elif float(n.normalized) != value:
                yield chk.problem(f"{f}.normalized", f"{n.normalized!r} differs from value {value!r}")
        if full and n.unit is not None and not n.unit.strip():
            yield chk.problem(f"{f}.unit", "empty unit: use null for a plain count")
        measured, p = chk.optional_span(f"{f}.measured", n.measured, name_like=False)
        if p:
            yield p
        if full and measured is not None and i in usable and _overlaps((measured.start, measured.end),
                                                                       (n.start, n.end)):
            yield chk.problem(f"{f}.measured", "the measured span overlaps the number itself")
    if full:
        yield from _flat(chk, "numeric_facts", numeric_facts, usable)
        for i, c in enumerate(clusters):
            if c.id not in used:
                yield chk.problem(f"clusters[{i}]", f"cluster {c.id!r} has no mention and is no quote's speaker")


def check_layers(text: str, entities: Sequence[Entity], clusters: Sequence[Cluster],
                 quotes: Sequence[Quote], numeric_facts: Sequence[NumericFact], *, file: str,
                 prefix: str = "") -> list[Problem]:
    """Every problem of every rule (structural and guideline) over one document's layers.

    Parameters
    ----------
    text : str
        The canonical text.
    entities, clusters, quotes, numeric_facts : sequence of records
        The gold layers.
    file : str
        The file the problems name.
    prefix : str, default ""
        Put before every field.

    Returns
    -------
    list of Problem
        Empty when the layers follow every rule.

    Examples
    --------
    >>> from newsfacts.model import Cluster, Entity
    >>> e = Entity(id="e1", start=0, end=2, text="US", label="GPE", cluster="us")
    >>> check_layers("US", (e,), (Cluster(id="us", name="United States", label="GPE"),), (), (), file="f")
    []
    """
    return list(iter_problems(text, entities, clusters, quotes, numeric_facts, file=file, prefix=prefix))


def document_id_problem(doc_id: object) -> str | None:
    """The rule for document ids (they become file names: ``../etc/x`` must never get that far).

    Returns the message, or None for a well-formed id. Every source of documents (seed files,
    gold folders, ``.jsonl`` files, Hub datasets) applies it.

    >>> document_id_problem("000_d42d46c449c189f0") is None
    True
    >>> document_id_problem("../etc/x")
    "document id '../etc/x': use letters, digits, '_', '.' and '-' only, and not '.' or '..'"
    """
    return None if valid_id(doc_id) else f"document id {doc_id!r}: use {ID_RULE}"


def validate_annotations(ann: Annotations, *, text: str, text_sha256: str, doc_id: str,
                         file: str) -> list[Problem]:
    """All rules for one gold file against the canonical text of its seed."""
    problems: list[Problem] = []
    if ann.id != doc_id:
        problems.append(Problem(file, "id", f"id {ann.id!r} differs from the seed id {doc_id!r}"))
    if ann.text_sha256 != text_sha256:
        problems.append(Problem(file, "text_sha256", "does not match the canonical text of the seed: "
                                "seed parsing or the seed changed, so the offsets may be misaligned"))
        return problems  # offsets refer to another text: every span check would be noise
    problems.extend(check_layers(text, ann.entities, ann.clusters, ann.quotes, ann.numeric_facts, file=file))
    return problems


def validate_document(doc: Document, *, file: str, prefix: str = "") -> list[Problem]:
    """All layer rules for one document record (a dataset row or a JSON Lines record)."""
    problems = []
    if message := document_id_problem(doc.id):
        problems.append(Problem(file, prefix + "id", message))
    problems.extend(check_layers(doc.text, doc.entities, doc.clusters, doc.quotes, doc.numeric_facts,
                                 file=file, prefix=prefix))
    return problems


def check_document(doc: Document, *, file: str | None, line: int | None = None, where: str | None = None) -> None:
    """The structural rules over one document record; raises the first problem found.

    The scorer's gold check (every document of a built folder, a ``.jsonl`` file or a Hub
    dataset) and the Hub build's check of its rows. Clean documents take the fast path
    described in the module docstring.

    Parameters
    ----------
    doc : Document
        The record to check.
    file : str or None
        The file the error names (None for documents held in memory).
    line : int, optional
        The line of ``file`` that holds the record (a ``.jsonl`` gold file).
    where : str, optional
        Put before the message when no line says which record it is (``"document 'a' (row 3)"``).

    Raises
    ------
    InputError
        The first violation, naming file, line and field.

    Examples
    --------
    >>> from newsfacts.model import Entity
    >>> d = Document(id="d", title="", url="", source="", author="", published_at="", text="The US.",
    ...              entities=(Entity(id="e1", start=4, end=6, text="UK", label="GPE"),))
    >>> check_document(d, file="gold.jsonl", line=3)
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: gold.jsonl:3: field entities[0].text: 'UK' disagrees with the document text at [4, 6): 'US'
    """
    for p in iter_problems(doc.text, doc.entities, doc.clusters, doc.quotes, doc.numeric_facts,
                           file=file, full=False):
        raise InputError(f"{where}: {p.message}" if where else p.message, file=file, line=line, field=p.field)
