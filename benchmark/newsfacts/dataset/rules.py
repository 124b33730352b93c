"""Validation rules for gold annotations: every rule, every violation, with the field it is in.

The functions here are pure: they take records and return :class:`~newsfacts.errors.Problem`
lists (file and field; :mod:`newsfacts.dataset.gold` adds the line from the file's text). They do not
stop at the first violation, so ``newsfacts validate`` can show all of them at once.

Rules (the annotation guidelines explain the choices; DESIGN.md fixes the shapes):

* ids use letters, digits, ``_``, ``.`` and ``-`` (not ``.`` or ``..``) and are unique within a document, across all layers;
* every span is non-empty, half-open, inside the text, has no leading or trailing whitespace,
  and its ``text`` equals the slice of the canonical text;
* entity labels, quote kinds, numeric kinds and bounds come from the closed sets of
  :mod:`newsfacts.model`; entity spans do not overlap each other, nor do numeric-fact spans;
* every entity has a cluster that exists and has the entity's label; every cluster is used by
  at least one entity mention or quote speaker;
* a quote's speaker and speaker_cluster are both set or both null, the speaker and cue are spans
  outside the quote's content, and a speaker that is exactly an entity mention has that
  mention's cluster;
* DATE/TIME facts have no ``value`` and a valid ISO 8601 ``normalized`` (date, week, date-time,
  time, duration or interval) or null when the text cannot be resolved; other kinds have a
  finite ``value`` and a plain decimal ``normalized`` equal to it; the measured span does not
  overlap the fact.

>>> from newsfacts.model import Entity, Cluster
>>> text = "Ross met Ross."
>>> ents = (Entity(id="e1", start=0, end=4, text="Ross", label="PERSON", cluster="ross"),
...         Entity(id="e2", start=9, end=14, text="Ross.", label="PERSON", cluster="rosss"))
>>> clusters = (Cluster(id="ross", name="Wilbur Ross", label="PERSON"),)
>>> for p in check_layers(text, ents, clusters, (), (), file="a.json"): print(p)
a.json: field entities[1].end: span text 'Ross.' ends with a character outside the word; check the boundary
a.json: field entities[1].cluster: unknown cluster 'rosss'
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date

from ..errors import Problem
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
    """Collects problems for one document; ``field`` paths follow the JSON layout."""

    def __init__(self, text: str, file: str, prefix: str = "") -> None:
        self.text = text
        self.file = file
        self.prefix = prefix
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.prefix + field, message))

    def span(self, field: str, span: Span | Entity | Quote | NumericFact, *, name_like: bool) -> bool:
        """Offsets in range and half-open, text equal to the slice; True when usable."""
        start, end = span.start, span.end
        if not isinstance(start, int) or not isinstance(end, int):
            self.add(f"{field}.start", "offsets must be integers")
            return False
        if start < 0:
            self.add(f"{field}.start", f"negative offset {start}")
            return False
        if end > len(self.text):
            self.add(f"{field}.end", f"offset {end} is past the end of the text ({len(self.text)} characters)")
            return False
        if start >= end:
            self.add(f"{field}.end", f"empty or inverted span [{start}, {end}): spans are half-open, start < end")
            return False
        actual = self.text[start:end]
        if actual != span.text:
            self.add(f"{field}.text", f"{span.text!r} does not match the text at [{start}, {end}): {actual!r}")
            return False
        if actual[0].isspace() or actual[-1].isspace():
            self.add(f"{field}.start" if actual[0].isspace() else f"{field}.end",
                     f"span text {actual!r} has leading or trailing whitespace")
        elif name_like and actual[0] in _EDGE_PUNCT:
            self.add(f"{field}.start", f"span text {actual!r} starts with a character outside the word; "
                                       "check the boundary")
        elif name_like and actual[-1] in _END_PUNCT and not _abbreviation(actual):
            self.add(f"{field}.end", f"span text {actual!r} ends with a character outside the word; "
                                     "check the boundary")
        return True

    def ident(self, field: str, value: object, seen: dict[str, str]) -> None:
        if not valid_id(value):
            self.add(field, f"id {value!r}: use {ID_RULE}")
        elif value in seen:
            self.add(field, f"duplicate id {value!r} (also {seen[value]})")
        else:
            seen[value] = self.prefix + field

    def closed(self, field: str, value: object, allowed: Sequence[str], what: str) -> None:
        if value is None:
            self.add(field, f"missing {what}: one of {', '.join(allowed)}")
        elif value not in allowed:
            self.add(field, f"unknown {what} {value!r}: expected one of {', '.join(allowed)}")

    def optional_span(self, field: str, value: object, *, name_like: bool) -> Span | None:
        if value is None:
            return None
        if not isinstance(value, Span):
            self.add(field, "gold must give a span {start, end, text} or null, not a string")
            return None
        return value if self.span(field, value, name_like=name_like) else None


def _abbreviation(text: str) -> bool:
    """'U.S.' or 'Inc.' may end with a period; 'Ross.' may not."""
    last = text.split()[-1]
    return bool(re.match(r"^([A-Za-z]\.)+$", last)) or last in {"Inc.", "Corp.", "Co.", "Ltd.", "Jr.", "Sr.", "Bros."}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _no_overlaps(chk: _Checker, layer: str, items: Sequence[Entity | NumericFact], usable: set[int]) -> None:
    order = sorted((items[i].start, items[i].end, i) for i in usable)
    for (s1, e1, i), (s2, e2, j) in zip(order, order[1:]):
        if s2 < e1:
            chk.add(f"{layer}[{max(i, j)}]", f"span [{s2}, {e2}) overlaps {layer}[{min(i, j)}] "
                                             f"[{s1}, {e1}); {layer} are flat")


def check_layers(text: str, entities: Sequence[Entity], clusters: Sequence[Cluster],
                 quotes: Sequence[Quote], numeric_facts: Sequence[NumericFact], *, file: str,
                 prefix: str = "") -> list[Problem]:
    """Every rule of the module docstring over one document's layers."""
    chk = _Checker(text, file, prefix)
    ids: dict[str, str] = {}

    cluster_label: dict[str, str] = {}
    for i, c in enumerate(clusters):
        f = f"clusters[{i}]"
        chk.ident(f"{f}.id", c.id, ids)
        chk.closed(f"{f}.label", c.label, ENTITY_LABELS, "label")
        if not c.name.strip():
            chk.add(f"{f}.name", "empty cluster name")
        seen_alias = {c.name.strip().casefold()}
        for k, alias in enumerate(c.aliases):
            key = alias.strip().casefold()
            if not key:
                chk.add(f"{f}.aliases[{k}]", "empty alias")
            elif key in seen_alias:
                chk.add(f"{f}.aliases[{k}]", f"alias {alias!r} repeats the name or another alias")
            seen_alias.add(key)
        cluster_label.setdefault(c.id, c.label)
    used: set[str] = set()

    usable: set[int] = set()
    for i, e in enumerate(entities):
        f = f"entities[{i}]"
        chk.ident(f"{f}.id", e.id, ids)
        if chk.span(f, e, name_like=True):
            usable.add(i)
        chk.closed(f"{f}.label", e.label, ENTITY_LABELS, "label")
        if e.cluster is None:
            chk.add(f"{f}.cluster", "missing cluster: every gold mention belongs to a cluster")
        elif e.cluster not in cluster_label:
            chk.add(f"{f}.cluster", f"unknown cluster {e.cluster!r}")
        else:
            used.add(e.cluster)
            if cluster_label[e.cluster] != e.label:
                chk.add(f"{f}.label", f"label {e.label} differs from its cluster {e.cluster!r} "
                                      f"({cluster_label[e.cluster]})")
    _no_overlaps(chk, "entities", entities, usable)
    mention_cluster = {(entities[i].start, entities[i].end): entities[i].cluster for i in usable}

    for i, q in enumerate(quotes):
        f = f"quotes[{i}]"
        chk.ident(f"{f}.id", q.id, ids)
        content_ok = chk.span(f, q, name_like=False)
        chk.closed(f"{f}.kind", q.kind, QUOTE_KINDS, "quote kind")
        speaker = chk.optional_span(f"{f}.speaker", q.speaker, name_like=True)
        cue = chk.optional_span(f"{f}.cue", q.cue, name_like=True)
        if (q.speaker is None) != (q.speaker_cluster is None):
            chk.add(f"{f}.speaker_cluster", "speaker and speaker_cluster must both be set or both be null")
        if q.speaker_cluster is not None:
            if q.speaker_cluster not in cluster_label:
                chk.add(f"{f}.speaker_cluster", f"unknown cluster {q.speaker_cluster!r}")
            else:
                used.add(q.speaker_cluster)
        if speaker is not None:
            mc = mention_cluster.get((speaker.start, speaker.end))
            if mc is not None and q.speaker_cluster is not None and mc != q.speaker_cluster:
                chk.add(f"{f}.speaker_cluster", f"the speaker span is an entity mention of cluster {mc!r}, "
                                                f"not {q.speaker_cluster!r}")
        for name, part in (("speaker", speaker), ("cue", cue)):
            if content_ok and part is not None and _overlaps((part.start, part.end), (q.start, q.end)):
                chk.add(f"{f}.{name}", f"{name} [{part.start}, {part.end}) overlaps the quote content "
                                       f"[{q.start}, {q.end})")

    usable = set()
    for i, n in enumerate(numeric_facts):
        f = f"numeric_facts[{i}]"
        chk.ident(f"{f}.id", n.id, ids)
        if chk.span(f, n, name_like=False):
            usable.add(i)
        chk.closed(f"{f}.kind", n.kind, NUMERIC_KINDS, "numeric kind")
        chk.closed(f"{f}.bound", n.bound, BOUNDS, "bound")
        if n.kind in TEMPORAL_KINDS:
            if n.value is not None:
                chk.add(f"{f}.value", f"{n.kind} facts carry their value in 'normalized'; value must be null")
            if n.normalized is not None and not is_iso8601(n.normalized):
                chk.add(f"{f}.normalized", f"{n.normalized!r} is not ISO 8601 (e.g. 2019-11-03, 2019-11, "
                                           "2019-W45, 2019-11-04T14:30, P3Y, 2019-05/2019-10)")
        elif n.kind is not None:
            if n.value is None or not isinstance(n.value, (int, float)) or not math.isfinite(n.value):
                chk.add(f"{f}.value", f"{n.kind} facts need a finite number, got {n.value!r}")
            elif n.normalized is None or not _DECIMAL.match(n.normalized):
                chk.add(f"{f}.normalized", f"expected a plain decimal string such as '260' or '0.5', "
                                           f"got {n.normalized!r}")
            elif float(n.normalized) != n.value:
                chk.add(f"{f}.normalized", f"{n.normalized!r} differs from value {n.value!r}")
        if n.unit is not None and not n.unit.strip():
            chk.add(f"{f}.unit", "empty unit: use null for a plain count")
        measured = chk.optional_span(f"{f}.measured", n.measured, name_like=False)
        if measured is not None and i in usable and _overlaps((measured.start, measured.end), (n.start, n.end)):
            chk.add(f"{f}.measured", "the measured span overlaps the number itself")
    _no_overlaps(chk, "numeric_facts", numeric_facts, usable)

    for i, c in enumerate(clusters):
        if c.id not in used:
            chk.add(f"clusters[{i}]", f"cluster {c.id!r} has no mention and is no quote's speaker")
    return chk.problems


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
    if not valid_id(doc.id):
        problems.append(Problem(file, prefix + "id", f"document id {doc.id!r}: use {ID_RULE}"))
    problems.extend(check_layers(doc.text, doc.entities, doc.clusters, doc.quotes, doc.numeric_facts,
                                 file=file, prefix=prefix))
    return problems
