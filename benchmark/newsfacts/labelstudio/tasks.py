"""Documents and their gold (or a system's predictions) become Label Studio tasks.

A task is ``{"data": {...}, "annotations": [...]}`` or ``{"data": {...}, "predictions": [...]}``.
``data`` holds the document record's metadata and text plus ``doc_id`` (the key that makes a
push idempotent) and ``text_sha256`` (what the importer checks the seed against). The layers
become one region result list (see :func:`to_results`):

* an entity is a region of the ``entity`` control whose id is the entity id, with a ``cluster``
  text; a quote a ``QUOTE`` region (id: quote id) with a ``kind`` choice; a numeric fact a region
  of its kind (id: fact id) with ``bound``, ``value``, ``normalized`` and ``unit``;
* a quote's speaker is a ``SPEAKER`` region with its ``cluster``, its cue a ``CUE`` region, a
  fact's measured span a ``MEASURED`` region; each is linked from its quote or fact by a relation
  labelled ``speaker``, ``cue`` or ``measured``. Several quotes sharing a speaker (same span and
  cluster) share one region, and so for cues and measured spans; those regions get the ids
  ``speaker-<start>-<end>`` (``cue-...``, ``measured-...``);
* clusters are the lines of the document-level ``clusters`` text area,
  ``id | LABEL | name | alias | ...``, in the gold's order.

>>> from newsfacts.model import Entity, Cluster
>>> results = to_results(entities=(Entity(id="e1", start=0, end=4, text="Ross", label="PERSON",
...                                       cluster="ross"),),
...                      clusters=(Cluster(id="ross", name="Wilbur Ross", label="PERSON", aliases=("Ross",)),))
>>> [(r["id"], r["from_name"]) for r in results]
[('e1', 'entity'), ('e1', 'cluster'), ('clusters', 'clusters')]
>>> results[2]["value"]["text"]
['ross | PERSON | Wilbur Ross | Ross']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import msgspec

from ..dataset.gold import GoldInvalid, default_annotations_dir, default_seeds_dir, read_gold
from ..dataset.seeds import parse_seed, seed_paths, text_sha256
from ..errors import InputError
from ..jsonio import atomic_write, gc_paused
from ..model import (
    TEMPORAL_KINDS, Cluster, Document, Entity, NumericFact, Quote, Span,
)
from . import config as C

SEPARATOR = " | "


def cluster_line(cluster: Cluster) -> str:
    """One line of the ``clusters`` text area.

    >>> cluster_line(Cluster(id="us", name="United States", label="GPE", aliases=("US",)))
    'us | GPE | United States | US'
    """
    fields = (cluster.id, cluster.label, cluster.name, *cluster.aliases)
    for value in fields:
        if "|" in value or "\n" in value:
            raise InputError(f"cluster {cluster.id!r}: {value!r} holds '|' or a line break, "
                             "which a clusters line cannot carry")
    return SEPARATOR.join(fields)


def _region(rid: str, control: str, span: Span | Entity | Quote | NumericFact, label: str) -> dict[str, Any]:
    return {"id": rid, "from_name": control, "to_name": C.TEXT, "type": "labels",
            "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [label]}}


def _attribute(rid: str, control: str, span: Span | Entity | Quote | NumericFact, kind: str,
               value: Any) -> dict[str, Any]:
    key = {"textarea": "text", "choices": "choices", "number": "number"}[kind]
    return {"id": rid, "from_name": control, "to_name": C.TEXT, "type": kind,
            "value": {"start": span.start, "end": span.end, key: value}}


def _relation(source: str, target: str, label: str) -> dict[str, Any]:
    return {"from_id": source, "to_id": target, "type": "relation", "direction": "right", "labels": [label]}


class _SharedRegions:
    """Speaker, cue and measured regions, one per distinct span (and cluster, for speakers)."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.ids: dict[tuple, str] = {}
        self.results: list[dict[str, Any]] = []

    def get(self, role: str, span: Span, cluster: str | None = None) -> str:
        key = (role, span.start, span.end, cluster)
        rid = self.ids.get(key)
        if rid is None:
            rid = base = f"{role}-{span.start}-{span.end}"
            n = 1
            while rid in self.taken:
                n += 1
                rid = f"{base}-{n}"
            self.taken.add(rid)
            self.ids[key] = rid
            label = {"speaker": C.SPEAKER, "cue": C.CUE, "measured": C.MEASURED}[role]
            control = C.NUMERIC if role == "measured" else C.QUOTE_CONTROL
            self.results.append(_region(rid, control, span, label))
            if cluster is not None:
                self.results.append(_attribute(rid, C.CLUSTER, span, "textarea", [cluster]))
        return rid


def to_results(entities: Sequence[Entity] = (), clusters: Sequence[Cluster] = (), quotes: Sequence[Quote] = (),
               numeric_facts: Sequence[NumericFact] = ()) -> list[dict[str, Any]]:
    """The Label Studio result list of one document's layers (gold or aligned predictions).

    Attributes that are None (a prediction without a cluster, kind or bound) give no result item;
    a speaker, cue or measured value given as a plain string (offset-free predictions) has no
    region to point to and is left out.
    """
    out: list[dict[str, Any]] = []
    shared = _SharedRegions({item.id for layer in (entities, quotes, numeric_facts) for item in layer})
    for e in entities:
        out.append(_region(e.id, C.ENTITY, e, e.label))
        if e.cluster is not None:
            out.append(_attribute(e.id, C.CLUSTER, e, "textarea", [e.cluster]))
    relations: list[dict[str, Any]] = []
    for q in quotes:
        out.append(_region(q.id, C.QUOTE_CONTROL, q, C.QUOTE))
        if q.kind is not None:
            out.append(_attribute(q.id, C.KIND, q, "choices", [q.kind]))
        if isinstance(q.speaker, Span):
            relations.append(_relation(q.id, shared.get("speaker", q.speaker, q.speaker_cluster), "speaker"))
        if isinstance(q.cue, Span):
            relations.append(_relation(q.id, shared.get("cue", q.cue), "cue"))
    for n in numeric_facts:
        out.append(_region(n.id, C.NUMERIC, n, n.kind or "CARDINAL"))
        if n.bound is not None:
            out.append(_attribute(n.id, C.BOUND, n, "choices", [n.bound]))
        if n.value is not None and n.kind not in TEMPORAL_KINDS:
            out.append(_attribute(n.id, C.VALUE, n, "number", n.value))
        if n.normalized is not None:
            out.append(_attribute(n.id, C.NORMALIZED, n, "textarea", [n.normalized]))
        if n.unit is not None:
            out.append(_attribute(n.id, C.UNIT, n, "textarea", [n.unit]))
        if isinstance(n.measured, Span):
            relations.append(_relation(n.id, shared.get("measured", n.measured), "measured"))
    out += shared.results
    if clusters:
        out.append({"id": C.CLUSTERS, "from_name": C.CLUSTERS, "to_name": C.TEXT, "type": "textarea",
                    "value": {"text": [cluster_line(c) for c in clusters]}})
    return out + relations


def task_data(doc: Document) -> dict[str, Any]:
    """The ``data`` of a document's task: metadata, text, ``doc_id`` and ``text_sha256``."""
    return {"doc_id": doc.id, "text_sha256": text_sha256(doc.text), "title": doc.title, "url": doc.url,
            "source": doc.source, "author": doc.author, "published_at": doc.published_at, "text": doc.text}


AS_CHOICES = ("annotations", "predictions")


def make_task(doc: Document, *, gold: bool = True, as_: str = "annotations",
              prediction: Any = None, model_version: str | None = None) -> dict[str, Any]:
    """One task: the document, its gold as annotations or pre-annotations, or a system's output.

    Parameters
    ----------
    doc : Document
        The document; its layers are the gold (ignored when ``gold`` is False: a seed without gold).
    gold : bool
        Whether ``doc`` carries gold; a seed without gold becomes a task with no annotations.
    as_ : {"annotations", "predictions"}
        Carry the gold as annotations (to correct them) or as pre-annotations.
    prediction : DocPrediction, optional
        A system's aligned predictions for ``doc``: the task's pre-annotation (the gold, if any,
        stays the annotation).
    model_version : str, optional
        The name shown for the pre-annotation (the system name); default ``"gold"``.

    Examples
    --------
    >>> from newsfacts.model import Document
    >>> doc = Document(id="d1", title="T", url="", source="", author="", published_at="", text="Hi.")
    >>> task = make_task(doc, gold=False)
    >>> task["data"]["doc_id"], task["annotations"]
    ('d1', [])
    """
    if as_ not in AS_CHOICES:
        raise InputError(f"--as must be one of {', '.join(AS_CHOICES)}, got {as_!r}")
    task: dict[str, Any] = {"data": task_data(doc), "annotations": []}
    results = to_results(doc.entities, doc.clusters, doc.quotes, doc.numeric_facts) if gold else None
    if results is not None and (as_ == "annotations" or prediction is not None):
        task["annotations"] = [{"result": results, "ground_truth": False}]
    if prediction is not None:
        task["predictions"] = [{"model_version": model_version or "system",
                                "result": to_results(prediction.entities, (), prediction.quotes,
                                                     prediction.numeric_facts)}]
    elif results is not None and as_ == "predictions":
        task["predictions"] = [{"model_version": model_version or "gold", "result": results}]
    return task


def documents_for_tasks(seeds: str | os.PathLike[str] | None = None,
                        annotations: str | os.PathLike[str] | None = None) -> Iterator[tuple[Document, bool]]:
    """Every seed as a document with its validated gold, or with empty layers when it has no gold file.

    Yields ``(document, has_gold)`` in id order. A gold file that exists but does not validate
    raises :class:`~newsfacts.dataset.gold.GoldInvalid` (a task must not carry broken gold).
    """
    seeds_dir = Path(seeds) if seeds is not None else default_seeds_dir()
    ann_dir = Path(annotations) if annotations is not None else default_annotations_dir()
    report = read_gold([seeds_dir], ann_dir)
    missing = {Path(p.file).stem for p in report.problems if p.message.startswith("missing annotation file")}
    report.problems = [p for p in report.problems if Path(p.file).stem not in missing]
    if not report.ok:
        if len(report.errors) == 1 and not report.problems:
            raise report.errors[0]
        raise GoldInvalid(report)
    docs = {d.id: (d, True) for d in report.documents}
    for path in seed_paths(seeds_dir):
        if path.stem in missing:
            s = parse_seed(path)
            docs[s.id] = (Document(id=s.id, title=s.title, url=s.url, source=s.source, author=s.author,
                                   published_at=s.published_at, text=s.text), False)
    for doc_id in sorted(docs):
        yield docs[doc_id]


def build_tasks(documents: Iterable[tuple[Document, bool]], *, as_: str = "annotations",
                predictions: dict[str, Any] | None = None, model_version: str | None = None
                ) -> Iterator[dict[str, Any]]:
    """Tasks for documents (as :func:`documents_for_tasks` yields them), see :func:`make_task`.

    With ``predictions`` (aligned :class:`~newsfacts.model.DocPrediction` by document id), each
    task carries the system's output as its pre-annotation (and its gold, if any, as its
    annotation); a document the system has no line for carries no pre-annotation.
    """
    for doc, has_gold in documents:
        yield make_task(doc, gold=has_gold, as_=as_, model_version=model_version,
                        prediction=None if predictions is None else predictions.get(doc.id))


def write_tasks(path: str | os.PathLike[str], tasks: Iterable[dict[str, Any]]) -> int:
    """Write tasks atomically, each encoded as it comes; returns how many.

    A JSON list (what Label Studio's import takes) with one task a line, so that a diff of two
    tasks files shows the tasks that changed; JSON Lines for a ``*.jsonl`` path.
    """
    count = 0
    jsonl = str(path).endswith(".jsonl")

    def chunks() -> Iterator[bytes]:
        nonlocal count
        if not jsonl:
            yield b"["
        for task in tasks:
            yield (b"" if jsonl else b",\n" if count else b"\n") + _ENCODE(task) + (b"\n" if jsonl else b"")
            count += 1
        if not jsonl:
            yield b"\n]\n" if count else b"]\n"

    atomic_write(path, chunks())
    return count


_ENCODE = msgspec.json.Encoder().encode


def iter_tasks(*, dataset: str | os.PathLike[str] | None = None, seeds: str | os.PathLike[str] | None = None,
              annotations: str | os.PathLike[str] | None = None, as_: str = "annotations",
              predictions: str | os.PathLike[str] | None = None, system: str | None = None
              ) -> Iterator[dict[str, Any]]:
    """The tasks of a dataset, one at a time: what ``newsfacts labelstudio tasks`` writes and ``push`` sends.

    Every document is read and checked (and the predictions aligned) before the first task is
    made; the tasks are then built as they are consumed, so a writer never holds them all.

    Parameters
    ----------
    dataset : str or path, optional
        A gold source of :func:`newsfacts.dataset.sources.load_gold` (built folder, ``.jsonl``, Hub
        id). Default: the seed and annotation folders (``seeds``, ``annotations``; default the
        bundled ones), where a seed without a gold file becomes a task without annotations.
    as_ : {"annotations", "predictions"}
        How the gold travels: as annotations to correct, or as pre-annotations.
    predictions : path, optional
        A system's predictions (JSON Lines, as ``newsfacts score`` reads them): checked, aligned to
        the texts and added as pre-annotations with ``model_version`` = ``system``.
    system : str, optional
        The name shown for the predictions (default: the file's stem).

    Examples
    --------
    >>> tasks = list(iter_tasks())
    >>> all(t["data"]["doc_id"] and t["data"]["text_sha256"] for t in tasks)
    True
    """
    from ..dataset.sources import ListGold, load_gold

    with gc_paused():
        if dataset is not None:
            with load_gold(dataset) as gold:
                docs = [(d, True) for d in gold]
        else:
            docs = list(documents_for_tasks(seeds, annotations))
        preds = None
        if predictions is not None:
            from ..scoring.predictions import PredictionReader

            reader = PredictionReader(predictions, ListGold([d for d, _ in docs], "the tasks' documents"))
            preds = {doc.id: pred for doc, pred, _ in reader}
            reader.finish()
            system = system or Path(predictions).stem
    return build_tasks(docs, as_=as_, predictions=preds, model_version=system)


def tasks_for(**options: Any) -> list[dict[str, Any]]:
    """Every task of :func:`iter_tasks` (same options) as a list."""
    return list(iter_tasks(**options))
