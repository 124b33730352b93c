"""A Label Studio export (or a tasks file) becomes gold files ``<doc_id>.json``.

The reverse of :mod:`newsfacts.labelstudio.tasks`, with the same mapping: a region's label
says its layer (an entity label, ``QUOTE``, a numeric kind; ``SPEAKER``, ``CUE`` and
``MEASURED`` are parts of a quote or fact), the region id becomes the item id, per-region
controls fill the attributes, relations attach speakers, cues and measured spans (their label
may be left empty: the pair of regions says what they are; a quote may also point straight at
an entity mention, whose span and cluster then are the speaker's), and the ``clusters`` text
area gives each cluster's label, name and aliases. A cluster id used by a mention or speaker
but missing from the text area gets the label and text of its first mention; a cluster line
nothing uses is dropped. A numeric fact without ``normalized`` gets its value as a decimal.
Items are written in text order.

Every task is checked before anything is written: ``data.doc_id`` names a seed, ``data.text``
is still that seed's canonical text, every region has a known label and offsets that agree with
the text, every relation joins regions that exist, and the result passes the gold rules of
:mod:`newsfacts.dataset.rules` (the rules of ``newsfacts validate``). The first failure is an
:class:`~newsfacts.errors.InputError` naming the file, task, annotation and region.

>>> text = "Ross said hi."
>>> results = [{"id": "e1", "from_name": "entity", "to_name": "text", "type": "labels",
...             "value": {"start": 0, "end": 4, "text": "Ross", "labels": ["PERSON"]}},
...            {"id": "e1", "from_name": "cluster", "to_name": "text", "type": "textarea",
...             "value": {"start": 0, "end": 4, "text": ["ross"]}}]
>>> layers = results_to_layers(results, text, where="task 1")
>>> layers.entities[0].cluster, layers.clusters[0]
('ross', Cluster(id='ross', name='Ross', label='PERSON', aliases=()))
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec

from ..dataset.gold import default_seeds_dir, dump_annotations
from ..dataset.rules import check_layers
from ..dataset.seeds import parse_seed, text_sha256
from ..errors import InputError
from ..jsonio import atomic_write_many, decode_utf8, gc_paused, list_dir, output_path, read_bytes
from ..progress import bar
from ..model import (
    ENTITY_LABELS, NUMERIC_KINDS, TEMPORAL_KINDS, Annotations, Cluster, Entity, NumericFact, Quote, Span,
    valid_id,
)
from . import config as C

_ATTRIBUTES = {C.CLUSTER: "text", C.KIND: "choices", C.BOUND: "choices", C.VALUE: "number",
               C.NORMALIZED: "text", C.UNIT: "text"}
_ENTITY_SET, _NUMERIC_SET = frozenset(ENTITY_LABELS), frozenset(NUMERIC_KINDS)


@dataclass(frozen=True)
class Layers:
    """One annotation's gold layers, items in text order."""

    entities: tuple[Entity, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    quotes: tuple[Quote, ...] = ()
    numeric_facts: tuple[NumericFact, ...] = ()
    regions: dict[str, str] = field(default_factory=dict, compare=False)  # field path -> region id

    def annotations(self, doc_id: str, sha256: str) -> Annotations:
        return Annotations(id=doc_id, text_sha256=sha256, entities=self.entities, clusters=self.clusters,
                           quotes=self.quotes, numeric_facts=self.numeric_facts)


def decimal_string(value: float) -> str:
    """The plain decimal form of a number, as ``normalized`` holds it.

    >>> [decimal_string(v) for v in (260.0, 0.5, 1e21, 2.5e-7)]
    ['260', '0.5', '1000000000000000000000', '0.00000025']
    """
    text = format(Decimal(repr(float(value))), "f")
    return text[:-2] if text.endswith(".0") else text


class _Region:
    """The result items of one region id: its label item and its per-region attributes."""

    def __init__(self, rid: str) -> None:
        self.id = rid
        self.control: str | None = None
        self.label: str | None = None
        self.span: Span | None = None
        self.attrs: dict[str, Any] = {}
        self.linked = False


def _fail(where: str, message: str) -> InputError:
    return InputError(f"{where}: {message}")


def _at(where: str, rid: str) -> str:
    return f"{where}, region {rid!r}"


def _offsets(value: dict[str, Any], text: str, where: str, rid: str) -> Span:
    start, end = value.get("start"), value.get("end")
    actual = text[start:end] if type(start) is int and type(end) is int and 0 <= start < end <= len(text) else None
    if actual is not None and value.get("text", actual) == actual:  # the usual case, checked first
        return Span(start=start, end=end, text=actual)
    where = _at(where, rid)
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise _fail(where, "region without offsets (value.start and value.end must be integers); "
                           "only text regions can be imported")
    shown = value.get("text")
    if isinstance(shown, str) and (end > len(text) or text[start:end] != shown):
        # The editor counts UTF-16 code units: after a character outside the BMP (an emoji), its
        # offsets run ahead of the code points. Accept them when they give the region's text.
        units = text.encode("utf-16-le")
        try:
            alt = units[2 * start:2 * end].decode("utf-16-le") if 0 <= start < end else None
        except UnicodeDecodeError:
            alt = None
        if alt == shown:
            start = len(units[:2 * start].decode("utf-16-le"))
            return Span(start=start, end=start + len(shown), text=shown)
    if not 0 <= start < end <= len(text):
        raise _fail(where, f"offsets [{start}, {end}) outside the text ({len(text)} characters)")
    raise _fail(where, f"offsets disagree with the text: the region says {shown!r}, "
                       f"the text at [{start}, {end}) is {text[start:end]!r}")


def _single_text(value: Any, where: str, rid: str, control: str) -> str | None:
    items = value.get("text") if isinstance(value, dict) else None
    if type(items) is list and len(items) == 1 and type(items[0]) is str:  # the usual case
        text = items[0].strip()
        return text or None
    where = _at(where, rid)
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
        raise _fail(where, f"{control}: expected value.text to be a list of strings")
    items = [t.strip() for t in items if t.strip()]
    if len(items) > 1:
        raise _fail(where, f"{control}: give one value, got {len(items)}: {items!r}")
    return items[0] if items else None


def _cluster_lines(lines: Sequence[str], where: str) -> list[Cluster]:
    clusters = []
    for k, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3 or not all(parts[:3]):
            raise _fail(f"{where}, clusters line {k}", f"{line!r}: expected {C.CLUSTER_LINE!r}")
        clusters.append(Cluster(id=parts[0], label=parts[1], name=parts[2], aliases=tuple(p for p in parts[3:] if p)))
    return clusters


def results_to_layers(results: Any, text: str, *, where: str) -> Layers:
    """The gold layers of one Label Studio result list (see the module docstring).

    ``where`` prefixes every message (``"export.json: task 7 (doc_id 'x'), annotation 12"``).
    The rules engine is not run here (see :func:`check`).
    """
    if not isinstance(results, list):
        raise _fail(where, "result must be a list")
    regions: dict[str, _Region] = {}
    relations: list[tuple[str, str, list[str]]] = []
    cluster_lines: list[str] | None = None
    for k, item in enumerate(results):  # messages are formatted only when something is wrong
        if not isinstance(item, dict):
            raise _fail(f"{where}, result[{k}]", "expected an object")
        if item.get("type") == "relation":
            src, dst = item.get("from_id"), item.get("to_id")
            labels = item.get("labels") or []
            if not isinstance(src, str) or not isinstance(dst, str) or not isinstance(labels, list):
                raise _fail(f"{where}, result[{k}]", "a relation needs from_id, to_id (strings) and labels (a list)")
            relations.append((src, dst, labels))
            continue
        control, rid, value = item.get("from_name"), item.get("id"), item.get("value")
        if not isinstance(value, dict):
            raise _fail(f"{where}, result[{k}]", "expected value to be an object")
        if control == C.CLUSTERS:
            cluster_lines = [t for t in (value.get("text") or []) if isinstance(t, str)]
            continue
        if not isinstance(rid, str) or not rid:
            raise _fail(f"{where}, result[{k}]", "a region needs an id")
        region = regions.get(rid)
        if region is None:
            region = regions[rid] = _Region(rid)
        if control in C.LABELS:
            labels = value.get("labels")
            if not isinstance(labels, list) or len(labels) != 1:
                raise _fail(_at(where, rid), f"expected exactly one label, got {labels!r}")
            if labels[0] not in C.LABELS[control]:
                raise _fail(_at(where, rid), f"unknown label {labels[0]!r} for control {control!r}: "
                                             f"expected one of {', '.join(C.LABELS[control])}")
            if region.label is not None:
                raise _fail(_at(where, rid), f"two labels ({region.label}, {labels[0]}) on one region")
            region.control, region.label = control, labels[0]
            region.span = _offsets(value, text, where, rid)
        elif control in _ATTRIBUTES:
            key = _ATTRIBUTES[control]
            if key == "text":
                region.attrs[control] = _single_text(value, where, rid, control)
            elif key == "choices":
                choices = value.get("choices")
                if not isinstance(choices, list) or len(choices) != 1 or not isinstance(choices[0], str):
                    raise _fail(_at(where, rid), f"{control}: expected one choice, got {choices!r}")
                region.attrs[control] = choices[0]
            else:
                number = value.get("number")
                if isinstance(number, bool) or not isinstance(number, (int, float)):
                    raise _fail(_at(where, rid), f"{control}: expected a number, got {number!r}")
                region.attrs[control] = float(number)
        else:
            raise _fail(_at(where, rid), f"unknown control {control!r} (from_name)")
    for region in regions.values():
        if region.label is None:
            raise _fail(f"{where}, region {region.id!r}", "region without a label (only "
                        f"{', '.join(sorted(region.attrs))} given)")
    return _assemble(regions, relations, cluster_lines, where)


def _role(region: _Region) -> str:
    if region.control == C.ENTITY:
        return "entity"
    if region.control == C.NUMERIC:
        return "measured" if region.label == C.MEASURED else "fact"
    return {C.QUOTE: "quote", C.SPEAKER: "speaker", C.CUE: "cue"}[region.label]


_PAIRS = {("quote", "speaker"): "speaker", ("quote", "entity"): "speaker", ("quote", "cue"): "cue",
          ("fact", "measured"): "measured"}


def _assemble(regions: dict[str, _Region], relations: list[tuple[str, str, list[str]]],
              cluster_lines: list[str] | None, where: str) -> Layers:
    links: dict[tuple[str, str], _Region] = {}  # (quote/fact id, relation) -> target region
    for src, dst, labels in relations:
        at = f"{where}, relation {src!r} -> {dst!r}"
        for end in (src, dst):
            if end not in regions:
                raise _fail(at, f"points to a missing region {end!r}")
        a, b = regions[src], regions[dst]
        pair = (_role(a), _role(b))
        if pair not in _PAIRS:
            a, b, pair = b, a, pair[::-1]
        kind = _PAIRS.get(pair)
        if kind is None:
            raise _fail(at, f"joins a {_role(regions[src])} and a "
                            f"{_role(regions[dst])}: relations join a quote to its speaker or cue, "
                            "a numeric fact to what it measures")
        if labels and labels != [kind]:
            raise _fail(at, f"labelled {labels!r} but joins a {pair[0]} "
                            f"to a {pair[1]}: expected {kind!r}")
        if (a.id, kind) in links and links[(a.id, kind)] is not b:
            raise _fail(at, f"region {a.id!r} has two {kind} relations ({links[(a.id, kind)].id!r}, {b.id!r})")
        links[(a.id, kind)] = b
        b.linked = True

    entities, quotes, facts = [], [], []
    for r in regions.values():
        role, span = _role(r), r.span
        assert span is not None
        if role in ("speaker", "cue", "measured"):
            if not r.linked:
                raise _fail(f"{where}, region {r.id!r}", f"a {r.label} region that no relation links to "
                            f"a {'numeric fact' if role == 'measured' else 'quote'}")
            continue
        if role == "entity":
            entities.append(Entity(id=r.id, start=span.start, end=span.end, text=span.text, label=r.label,
                                   cluster=r.attrs.get(C.CLUSTER)))
        elif role == "quote":
            speaker = links.get((r.id, "speaker"))
            speaker_cluster = None if speaker is None else speaker.attrs.get(C.CLUSTER)
            cue = links.get((r.id, "cue"))
            quotes.append(Quote(id=r.id, start=span.start, end=span.end, text=span.text, kind=r.attrs.get(C.KIND),
                                speaker=None if speaker is None else speaker.span, speaker_cluster=speaker_cluster,
                                cue=None if cue is None else cue.span))
        else:
            value, normalized = r.attrs.get(C.VALUE), r.attrs.get(C.NORMALIZED)
            if normalized is None and value is not None and r.label not in TEMPORAL_KINDS:
                normalized = decimal_string(value)
            measured = links.get((r.id, "measured"))
            facts.append(NumericFact(id=r.id, start=span.start, end=span.end, text=span.text, kind=r.label,
                                     value=value, normalized=normalized, bound=r.attrs.get(C.BOUND),
                                     unit=r.attrs.get(C.UNIT), measured=None if measured is None else measured.span))
    order = lambda item: (item.start, item.end)  # noqa: E731
    entities.sort(key=order)
    quotes.sort(key=order)
    facts.sort(key=order)

    listed = _cluster_lines(cluster_lines or [], where)
    used: dict[str, Entity | None] = {}
    for e in entities:
        if e.cluster is not None:
            used.setdefault(e.cluster, e)
    for q in quotes:
        if q.speaker_cluster is not None:
            used.setdefault(q.speaker_cluster, None)
    clusters = [c for c in listed if c.id in used]
    have = {c.id for c in listed}
    for cid, first in used.items():
        if cid not in have:
            if first is None:
                raise _fail(where, f"speaker cluster {cid!r} has no line in the clusters text area and no entity "
                                   f"mention to take its label from: add a line {cid} | LABEL | name")
            clusters.append(Cluster(id=cid, name=first.text, label=first.label))
            have.add(cid)
    paths = {f"entities[{i}]": e.id for i, e in enumerate(entities)}
    paths.update((f"quotes[{i}]", q.id) for i, q in enumerate(quotes))
    paths.update((f"numeric_facts[{i}]", n.id) for i, n in enumerate(facts))
    return Layers(tuple(entities), tuple(clusters), tuple(quotes), tuple(facts), paths)


def check(layers: Layers, text: str, *, where: str) -> None:
    """Run the gold rules; the first violation becomes an InputError naming the region."""
    problems = check_layers(text, layers.entities, layers.clusters, layers.quotes, layers.numeric_facts, file="")
    if problems:
        p = problems[0]
        path = p.field or ""
        item = path.split(".")[0]
        region = layers.regions.get(item)
        at = f"{where}, region {region!r} ({path})" if region else f"{where} ({path})"
        more = f" (and {len(problems) - 1} more problem{'s' * (len(problems) > 2)})" if len(problems) > 1 else ""
        raise _fail(at, p.message + more)


# --------------------------------------------------------------------------- files


_loads = msgspec.json.Decoder().decode


def read_tasks(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read a Label Studio JSON export, a tasks file (JSON list) or JSON Lines (one task a line)."""
    import jsonlines

    data = read_bytes(path)
    text = decode_utf8(data, path)
    if str(path).endswith(".jsonl"):
        tasks = []
        try:
            with jsonlines.Reader(text.splitlines(), loads=_loads) as reader:
                for task in reader.iter(skip_empty=True):
                    tasks.append(task)
        except jsonlines.InvalidLineError as exc:
            raise InputError(f"malformed JSON: {exc.__cause__ or exc}", file=path, line=exc.lineno) from None
    else:
        try:
            tasks = _loads(text)
        except (msgspec.DecodeError, RecursionError):
            try:  # msgspec says where in bytes; the json module says the line
                json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(f"malformed JSON: {exc.msg}", file=path, line=exc.lineno) from None
            except RecursionError:
                pass
            raise InputError("malformed JSON (nested too deeply?)", file=path) from None
        if isinstance(tasks, dict):
            tasks = [tasks]
    if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
        raise InputError("expected a list of Label Studio tasks (objects with 'data')", file=path)
    return tasks


@dataclass
class Task:
    """One task of an export, with what names it in messages."""

    index: int
    raw: dict[str, Any]
    doc_id: str
    text: str
    where: str

    def annotations(self) -> list[dict[str, Any]]:
        """The submitted annotations (cancelled or skipped ones left out), oldest first."""
        anns = [a for a in self.raw.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
        return sorted(anns, key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""),
                                           a.get("id") if isinstance(a.get("id"), int) else 0))

    def annotation_where(self, ann: dict[str, Any], k: int) -> str:
        return f"{self.where}, annotation {ann.get('id', k + 1)}"


class SeedTexts:
    """The canonical text of each seed, parsed on first use from ``seeds`` (default: the bundled seeds)."""

    def __init__(self, seeds: str | os.PathLike[str] | None = None) -> None:
        self.dir = Path(seeds) if seeds is not None else default_seeds_dir()
        self._known = {p.stem for p in list_dir(self.dir) if p.suffix == ".txt"}
        self._texts: dict[str, str] = {}

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._known

    def text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = parse_seed(self.dir / f"{doc_id}.txt").text
        return self._texts[doc_id]


@dataclass(frozen=True)
class _Header:
    """What names a task, checked without its seed: position, raw task, doc_id, name in messages."""

    index: int
    raw: dict[str, Any]
    doc_id: str
    name: str


def _headers(path: str | os.PathLike[str], seeds: SeedTexts) -> list[_Header]:
    """The tasks of a file with a doc_id each that names a seed, no doc_id twice (cheap checks)."""
    out, seen = [], {}
    for i, raw in enumerate(read_tasks(path)):
        name = f"task {raw['id']}" if isinstance(raw.get("id"), int) else f"task #{i + 1}"
        data = raw.get("data")
        if not isinstance(data, dict):
            raise InputError(f"{name}: no 'data' object", file=path)
        doc_id = data.get("doc_id")
        if not isinstance(doc_id, str) or not doc_id:
            raise InputError(f"{name}: task without data.doc_id; tasks made by 'newsfacts labelstudio tasks' "
                             "carry one", file=path)
        where = f"{name} (doc_id {doc_id!r})"
        for key in ("annotations", "predictions"):
            items = raw.get(key)
            if items is not None and not (isinstance(items, list) and all(isinstance(a, dict) for a in items)):
                raise InputError(f"{where}: '{key}' is not a list of objects", file=path)
        if not valid_id(doc_id) or doc_id not in seeds:
            raise InputError(f"{where}: unknown doc_id: no seed {doc_id}.txt in {seeds.dir}", file=path)
        if doc_id in seen:
            raise InputError(f"{where}: doc_id repeats {seen[doc_id]}", file=path)
        seen[doc_id] = name
        out.append(_Header(i, raw, doc_id, where))
    if not out:
        raise InputError("no task in this file: expected a Label Studio JSON export", file=path)
    return out


def _checked(path: str | os.PathLike[str], header: _Header, seeds: SeedTexts) -> Task:
    """The task, its text checked against the canonical text of its seed."""
    text = seeds.text(header.doc_id)
    data = header.raw["data"]
    if data.get("text") != text or ("text_sha256" in data and data["text_sha256"] != text_sha256(text)):
        raise InputError(f"{header.name}: the task's text no longer matches the canonical text of seed "
                         f"{header.doc_id}.txt; the offsets cannot be trusted (re-create the task from the seed)",
                         file=path)
    return Task(header.index, header.raw, header.doc_id, text, f"{path}: {header.name}")


def tasks_of(path: str | os.PathLike[str], seeds: SeedTexts) -> list[Task]:
    """The tasks of a file, each checked against its seed: doc_id known, text unchanged, no duplicates."""
    return [_checked(path, h, seeds) for h in _headers(path, seeds)]


def annotator(ann: dict[str, Any]) -> Any:
    """Who made an annotation: ``completed_by`` (an email or a user id), as exports give it."""
    who = ann.get("completed_by")
    return who.get("email", who.get("id")) if isinstance(who, dict) else who


def annotation_layers(task: Task, ann: dict[str, Any], k: int, *, validate: bool = True) -> Layers:
    """One annotation of a task as layers, rules checked."""
    where = task.annotation_where(ann, k)
    layers = results_to_layers(ann.get("result"), task.text, where=where)
    if validate:
        check(layers, task.text, where=where)
    return layers


@dataclass
class ImportResult:
    """What an import wrote and what it left out."""

    written: list[Path] = field(default_factory=list)
    not_annotated: list[str] = field(default_factory=list)
    disagreements: list[dict[str, Any]] = field(default_factory=list)


def import_tasks(path: str | os.PathLike[str], out: str | os.PathLike[str], *,
                 seeds: str | os.PathLike[str] | None = None, adjudicate: str | None = None,
                 progress: bool = False) -> ImportResult:
    """Convert an export or tasks file into ``<out>/<doc_id>.json`` gold files.

    Parameters
    ----------
    path : path
        A Label Studio JSON export (or snapshot), or a tasks file written by :func:`write_tasks`.
    out : path
        An existing directory; each annotated task becomes ``<doc_id>.json`` there.
    seeds : path, optional
        The seed folder the tasks' texts are checked against (default: the bundled seeds).
    adjudicate : str, optional
        A policy of :mod:`newsfacts.labelstudio.adjudicate` for tasks with several annotations;
        without it such a task is an error.
    progress : bool, default False
        A progress bar on stderr over the tasks, shown only when stderr is a terminal.

    Returns
    -------
    ImportResult
        The files written, the documents with no submitted annotation, the disagreements.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from newsfacts.labelstudio.tasks import iter_tasks, write_tasks
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> n = write_tasks(folder / "tasks.json", iter_tasks())
    >>> result = import_tasks(folder / "tasks.json", folder)
    >>> len(result.written) == n and (folder / "000_d42d46c449c189f0.json").exists()
    True
    """
    out_dir = Path(out)
    if not out_dir.is_dir():
        raise InputError("no such directory (give an existing folder for the gold files)", file=out)
    with gc_paused():
        return _import(path, out_dir, SeedTexts(seeds), adjudicate, progress)


def _convert(path: str | os.PathLike[str], header: _Header, seeds: SeedTexts,
             adjudicate: str | None) -> tuple[str, str | None, list[dict[str, Any]]]:
    """One task: (doc_id, the gold file's text or None when not annotated, disagreements)."""
    from . import adjudicate as adj

    task = _checked(path, header, seeds)
    anns = task.annotations()
    if not anns:
        return task.doc_id, None, []
    found: list[dict[str, Any]] = []
    if len(anns) == 1:
        layers = annotation_layers(task, anns[0], 0)
    elif adjudicate is None:
        raise InputError(f"{header.name}: {len(anns)} annotations; choose one in Label Studio or import with "
                         f"--adjudicate {adj.POLICIES[0]}", file=path)
    else:
        layers, found = adj.adjudicate(task, anns, policy=adjudicate)
    return task.doc_id, dump_annotations(layers.annotations(task.doc_id, text_sha256(task.text))), found


def _import(path: str | os.PathLike[str], out_dir: Path, texts: SeedTexts, adjudicate: str | None,
            progress: bool = False) -> ImportResult:
    headers = _headers(path, texts)
    targets = {h.doc_id: output_path(out_dir / f"{h.doc_id}.json", inputs=[path]) for h in headers}
    done = [_convert(path, h, texts, adjudicate) for h in bar(headers, desc="import", unit="task", enabled=progress)]
    result = ImportResult()
    for doc_id, text, found in done:
        result.disagreements.extend(found)
        if text is None:
            result.not_annotated.append(doc_id)
        else:
            result.written.append(targets[doc_id])
    # every task converted and checked: now write
    atomic_write_many([(targets[doc_id], text) for doc_id, text, _ in done if text is not None], inputs=[path])
    return result


def iter_layers(tasks: Iterable[Task]) -> Iterable[tuple[Task, list[tuple[dict[str, Any], Layers]]]]:
    """Each task with each of its submitted annotations converted (and rule-checked)."""
    for task in tasks:
        anns = task.annotations()
        yield task, [(a, annotation_layers(task, a, k)) for k, a in enumerate(anns)]
