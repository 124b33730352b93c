"""The scoring API: ``score()`` and ``compare()`` (the ``newsfacts score``/``compare`` commands call them).

One direction, one document at a time::

    sources.load_gold ──► predictions.PredictionReader (check, label map, align) ──► metrics.score_document
        ──► counter rows (documents in id order) ──► metrics.figures / significance ──► report.Results

>>> import json, pathlib, tempfile
>>> from newsfacts.model import Document, Entity, to_json
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> doc = Document(id="d1", title="", url="", source="", author="", published_at="", text="Ross met Huawei.",
...                entities=(Entity(id="e1", start=0, end=4, text="Ross", label="PERSON"),
...                          Entity(id="e2", start=9, end=15, text="Huawei", label="ORG")))
>>> _ = (folder / "gold.jsonl").write_text(to_json(doc) + "\\n")
>>> line = {"id": "d1", "entities": [{"text": "Ross", "label": "PERSON"}]}
>>> _ = (folder / "pred.jsonl").write_text(json.dumps(line) + "\\n")
>>> results = score(folder / "pred.jsonl", folder / "gold.jsonl", bootstrap=0)
>>> results.figure("entities.strict.recall"), results.figure("entities.strict.precision")
(0.5, 1.0)
>>> results.figures["quotes"]
{'scored': False}

Every document of the dataset is scored: a document without a line counts as predicted empty
(a warning says how many). A layer that no line predicts is "not scored". Rows are kept in
document id order, so figures, intervals and p-values do not depend on the order of the lines.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..config import DEFAULTS, ScoreConfig
from ..dataset.sources import GoldSource, ListGold, load_gold
from ..errors import InputError
from ..progress import bar
from ..model import DocPrediction, Document
from .labelmap import LabelMap
from .metrics import COUNTERS, HEADLINE, NO_LABEL, ScoredItem, ScoreOptions, figures, headline_values, score_document
from .predictions import Chunk, PredictionReader, ReadStats, Records, check_whole, chunks
from .results import Comparison, DatasetInfo, ErrorLine, Results, ScoringWarning, plural


@dataclass
class _Run:
    """What one pass over the predictions collected, before the figures are computed."""

    rows: np.ndarray                       # [documents, COUNTERS], documents in id order
    lines: list[int | None]
    layers: frozenset[str]
    alignment: dict[str, int]
    dropped: int
    moved: dict[str, int]
    missing: list[str]
    errors: list[ErrorLine] | None = field(default=None)
    items: dict[str, list[ScoredItem]] | None = field(default=None)


_PATH = (str, os.PathLike)


def _check_types(value: object, field: str, types: tuple[type, ...], expected: str) -> None:
    if not isinstance(value, types):
        raise InputError(f"expected {expected}, got {type(value).__name__} {value!r}"[:200], field=field)


_CONFIG_FIELDS = frozenset(f.name for f in dataclasses.fields(ScoreConfig))


def make_config(config: ScoreConfig | None, options: dict[str, object]) -> ScoreConfig:
    """``config`` (default: :data:`~newsfacts.config.DEFAULTS`) with ``options`` (fields of
    :class:`~newsfacts.config.ScoreConfig`) replaced, checked; InputError names a bad one."""
    _check_types(config, "config", (ScoreConfig, type(None)), "a ScoreConfig or None")
    unknown = sorted(set(options) - _CONFIG_FIELDS)
    if unknown:
        raise InputError(f"unknown option {unknown[0]!r}: expected one of {', '.join(sorted(_CONFIG_FIELDS))}",
                         field=unknown[0])
    return (config or DEFAULTS).replace(**options) if options else (config or DEFAULTS)


def _predictions(predictions: object, name: str) -> Path | Records:
    """A path stays a path (read in one pass, possibly by several processes); an iterable of
    dicts or DocPrediction records becomes :class:`Records`."""
    if isinstance(predictions, _PATH):
        return Path(predictions)
    if isinstance(predictions, Records):
        return predictions
    if isinstance(predictions, (bytes, Mapping, DocPrediction)) or not isinstance(predictions, Iterable):
        raise InputError(f"expected a file path, or an iterable of dicts or DocPrediction records (one per "
                         f"document), got {type(predictions).__name__}"[:200], field=name)
    return Records(predictions, name)


def _gold(dataset: object) -> tuple[GoldSource, bool]:
    """The gold source and whether this call opened it (and so must close it)."""
    if isinstance(dataset, GoldSource):
        return dataset, False
    if dataset is None or isinstance(dataset, _PATH):
        return load_gold(dataset), True
    if isinstance(dataset, (bytes, Mapping, Document)) or not isinstance(dataset, Iterable):
        raise InputError(f"expected None, a folder, a .jsonl file, a Hub dataset id, a GoldSource or an iterable "
                         f"of Document records, got {type(dataset).__name__}"[:200], field="--dataset")
    documents = list(dataset)
    for k, doc in enumerate(documents):
        if not isinstance(doc, Document):
            raise InputError(f"expected Document records, got {type(doc).__name__}"[:200], field=f"dataset[{k}]")
    return ListGold(documents, "in-memory documents", "memory", check_file="documents"), True


def _check_label_map(label_map: object) -> None:
    _check_types(label_map, "--label-map", (*_PATH, LabelMap, type(None)),
                 "a path to a JSON label map, a LabelMap or None (a dict: write it to a file, or build a LabelMap)")


def _label_map(label_map: LabelMap | str | os.PathLike[str] | None) -> LabelMap:
    return label_map if isinstance(label_map, LabelMap) else LabelMap.load(label_map)


@dataclass
class _Part:
    """One chunk of the predictions file, read and counted (picklable: it crosses a pipe)."""

    ids: list[str]                     # documents in file order
    lines: list[int]
    layers: list[frozenset[str]]       # the layers each line was counted for
    rows: np.ndarray                   # [len(ids), COUNTERS]
    errors: list[ErrorLine] | None
    stats: ReadStats
    seen_layers: set[str]             # layers some line of the chunk predicts
    digests: dict[str, str]            # gold digests of these documents (for the fingerprint)
    # The chunk's first InputError (message, file, line, field) and the predictions line being read
    # when it was raised (a gold error names the gold file's line, not ours).
    failure: tuple[int, tuple[str, str | None, int | None, str | None]] | None
    items: dict[str, list[ScoredItem]] | None = None  # with_items: each document's scored items


@dataclass
class _Setup:
    """What every chunk of one run shares."""

    predictions: Path | Records
    gold: GoldSource
    label_map: LabelMap
    config: ScoreConfig
    with_errors: bool
    with_items: bool = False
    progress: bool = False
    _options: dict[frozenset[str], ScoreOptions] = field(default_factory=dict, repr=False)

    def count(self, doc: Document, pred: DocPrediction, layers: frozenset[str],
              items: dict[str, list[ScoredItem]] | None = None) -> tuple[np.ndarray, list[ErrorLine]]:
        """The counters of one document for ``layers`` (the others stay zero), and its errors;
        its scored items are added to ``items[doc.id]`` when ``items`` is given."""
        options = self._options.get(layers)
        if options is None:
            options = self._options[layers] = ScoreOptions(layers=layers, config=self.config)
        result = score_document(doc, pred, options, with_errors=self.with_errors, with_items=items is not None)
        if items is not None:
            items.setdefault(doc.id, []).extend(result.items)
        return result.counts, [ErrorLine.of(doc.id, doc.text, item, pred.line) for item in result.errors]


def _score_chunk(setup: _Setup, chunk: Chunk) -> _Part:
    """Read and count one chunk of the predictions file.

    Each line is counted for the layers it predicts; ``layers`` of the part records them, so
    that a layer predicted by other lines can be added later (gold items all missed).
    """
    reader = PredictionReader(setup.predictions, setup.gold, label_map=setup.label_map,
                              threshold=setup.config.fuzzy_threshold, chunk=chunk,
                              allow_unknown_fields=setup.config.allow_unknown_fields)
    ids: list[str] = []
    lines: list[int] = []
    layers: list[frozenset[str]] = []
    rows: list[np.ndarray] = []
    errors: list[ErrorLine] | None = [] if setup.with_errors else None
    items: dict[str, list[ScoredItem]] | None = {} if setup.with_items else None
    failure = None
    # One bar, in this process: the first chunk is always scored here (forked children take the rest).
    shown = bar(reader, desc="scoring", unit="doc", enabled=setup.progress and chunk.start == 0)
    try:
        for doc, pred, line_layers in shown:
            counts, doc_errors = setup.count(doc, pred, line_layers, items)
            ids.append(doc.id)
            lines.append(pred.line)  # type: ignore[arg-type]  # a line of the file: never None here
            layers.append(line_layers)
            rows.append(counts)
            if errors is not None:
                errors.extend(doc_errors)
    except InputError as exc:  # kept, so that the earliest bad line of all chunks is the one reported
        failure = (reader.line, (exc.message, exc.file, exc.line, exc.field))
    matrix = np.array(rows) if rows else np.zeros((0, len(COUNTERS)))
    return _Part(ids, lines, layers, matrix, errors, reader.stats, set(reader.seen_layers),
                 setup.gold.digests_of(ids), failure, items)


def _forked(chunks: list[Chunk], work: Callable[[Chunk], _Part]) -> list[_Part]:
    """``work`` on each chunk: the first here, the others in forked child processes.

    A child sends its pickled result back through a pipe. Children are always reaped; an
    unexpected exception in a child becomes a RuntimeError here with the child's traceback.
    """
    import pickle
    import signal
    import traceback

    children: list[tuple[int, int]] = []
    try:
        for chunk in chunks[1:]:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute, send, exit without running the parent's cleanup
                os.close(r)
                status = 0
                try:
                    payload = pickle.dumps((True, work(chunk)), protocol=5)
                except BaseException:  # noqa: BLE001 -- reported to the parent, which raises
                    payload, status = pickle.dumps((False, traceback.format_exc())), 1
                with os.fdopen(w, "wb") as out:
                    out.write(payload)
                os._exit(status)
            os.close(w)
            children.append((pid, r))
        parts = [work(chunks[0])]
        while children:
            pid, r = children[0]
            with os.fdopen(r, "rb") as f:
                data = f.read()
            os.waitpid(pid, 0)
            children.pop(0)
            ok, value = pickle.loads(data) if data else (False, "the worker process died")
            if not ok:
                raise RuntimeError(f"a scoring worker failed:\n{value}")
            parts.append(value)
        return parts
    finally:
        for pid, r in children:
            os.close(r)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def auto_jobs(predictions: Path | Records) -> int:
    """Processes worth using: one per 8 MB of predictions, at most the CPUs available (and 8)."""
    if not hasattr(os, "fork") or isinstance(predictions, Records):
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
        size = predictions.stat().st_size
    except (AttributeError, OSError):
        return 1
    return max(1, min(cpus, 8, 1 + size // (8 << 20)))


def _run(setup: _Setup) -> _Run:
    """Read, align and count every document; the InputError raised is the earliest bad line's."""
    predictions, gold, with_errors, jobs = setup.predictions, setup.gold, setup.with_errors, setup.config.jobs
    n_jobs = auto_jobs(predictions) if jobs is None else max(1, jobs)
    if isinstance(predictions, Records):  # in memory: one process
        parts_of = [Chunk(0, None, 1)]
    else:
        parts_of = chunks(predictions, n_jobs if hasattr(os, "fork") else 1)
    work = functools.partial(_score_chunk, setup)
    parts = _forked(parts_of, work) if len(parts_of) > 1 else [work(parts_of[0])]

    position = {doc_id: k for k, doc_id in enumerate(gold.ids)}
    rows = np.zeros((len(gold.ids), len(COUNTERS)))
    lines: list[int | None] = [None] * len(gold.ids)
    seen: dict[str, int] = {}
    failures = [p.failure for p in parts if p.failure is not None]
    for part in parts:
        for doc_id, line in zip(part.ids, part.lines):
            if doc_id in seen:  # a duplicate across chunks (within a chunk the reader finds it)
                failures.append((line, (f"duplicate document id {doc_id!r} (also on line {seen[doc_id]})",
                                        str(predictions), line, "id")))
                break
            seen[doc_id] = line
    if failures:
        message, file, line, field_ = min(failures, key=lambda f: f[0])[1]
        raise InputError(message, file=file, line=line, field=field_)
    layers = frozenset(set().union(*(p.seen_layers for p in parts)))
    check_whole(Path(str(predictions)), seen, layers)

    stats = ReadStats()
    errors: list[ErrorLine] | None = [] if with_errors else None
    items: dict[str, list[ScoredItem]] | None = {} if setup.with_items else None
    incomplete: list[tuple[str, frozenset[str]]] = []  # documents counted for fewer layers than predicted
    for part in parts:
        index = [position[doc_id] for doc_id in part.ids]
        rows[index] = part.rows
        for k, line, doc_layers in zip(index, part.lines, part.layers):
            lines[k] = line
            if doc_layers != layers:
                incomplete.append((gold.ids[k], layers - doc_layers))
        gold.merge_digests(part.digests)
        stats.merge(part.stats)
        if errors is not None and part.errors:
            errors.extend(part.errors)
        if items is not None and part.items:
            items.update(part.items)
    # A line without a layer's key predicts nothing in it; so does a document without a line.
    # Counters of different layers are disjoint, so these counts add to the document's row.
    missing = [doc_id for doc_id in gold.ids if doc_id not in seen]
    for doc_id, doc_layers in [*incomplete, *((doc_id, layers) for doc_id in missing)]:
        counts, doc_errors = setup.count(gold.get(doc_id), DocPrediction(id=doc_id, line=seen.get(doc_id)),
                                         doc_layers, items)
        rows[position[doc_id]] += counts
        if errors is not None:
            errors.extend(doc_errors)
    if errors is not None:
        errors.sort(key=lambda e: (e.doc_id, e.position, e.layer, e.kind))
    alignment = {k: stats.placed.get(k, 0) for k in ("offsets", "exact", "normalized", "fuzzy", "unaligned")}
    if items is not None:  # documents in id order, as the rows
        items = {doc_id: items.get(doc_id, []) for doc_id in gold.ids}
    return _Run(rows, lines, layers, alignment, stats.dropped, dict(stats.moved), missing, errors, items)


def score(predictions: str | os.PathLike[str] | Iterable[Mapping[str, Any] | DocPrediction],
          dataset: str | os.PathLike[str] | GoldSource | Iterable[Document] | None = None, *,
          system: str | None = None, label_map: LabelMap | str | os.PathLike[str] | None = None,
          config: ScoreConfig | None = None, with_errors: bool = False, with_items: bool = False,
          progress: bool = False, **options: Any) -> Results:
    """Score a system's predictions against gold documents.

    Every document of the gold is scored: one without predictions counts as predicted empty (a
    warning says how many); a layer that no prediction has a key for is "not scored".

    Parameters
    ----------
    predictions : path, or iterable of dict or DocPrediction
        A JSON Lines file (one object per document, docs/scoring.md "The predictions file"), or
        the same objects in memory: dicts shaped like the lines, or
        :class:`~newsfacts.model.DocPrediction` records (a record's layer counts as predicted
        when some record has an item in it). In-memory input is scored in this process; its
        errors name the N-th record as line N of ``predictions``.
    dataset : None, path, Hub id, GoldSource or iterable of Document, default None
        The gold: None for the bundled benchmark, anything
        :func:`~newsfacts.dataset.sources.load_gold` takes (a Hub-format folder, a ``.jsonl``
        of document records, a Hub dataset id), a loaded GoldSource, or
        :class:`~newsfacts.model.Document` records (checked like a ``.jsonl``).
    system : str, optional
        The system's name in the report (default: the file's stem, or ``"predictions"``).
    label_map : LabelMap, path or None, default None
        Maps predicted labels to NewsFacts labels (``--label-map``); None: the built-in map.
    config : ScoreConfig, optional
        The scoring options (:class:`~newsfacts.config.ScoreConfig`); default its defaults.
    with_errors : bool, default False
        Collect every error for :meth:`Results.errors_listing` (``--errors``).
    with_items : bool, default False
        Record every scored item of every document (``results.items``: matched pairs, missed and
        spurious items, each with the outcome it was counted under; ``--items``), in the pass that
        counts them: what the HTML report shows.
    progress : bool, default False
        A progress bar on stderr while the documents are scored, shown only when stderr is a
        terminal (the command line turns it on unless ``--quiet``); results do not depend on it.
    **options
        Fields of :class:`~newsfacts.config.ScoreConfig` (``rtol``, ``fuzzy_threshold``,
        ``bootstrap``, ``seed``, ``confidence``, ``jobs``, ``min_documents``,
        ``allow_unknown_fields``), replacing those of ``config``.

    Returns
    -------
    Results
        Every figure (:meth:`Results.figure`), the per-document rows, the confidence intervals,
        the warnings and, with ``with_errors``, the error listing; :meth:`Results.to_json` is the
        results JSON.

    Raises
    ------
    InputError
        Bad input (a malformed line, an unknown document id or label, offsets out of range, ...)
        naming the file, the line and the field; and bad arguments, before any work, whether
        their type or their value is wrong (never a bare TypeError or ValueError), named by the
        command-line option where there is one.

    Warns
    -----
    ScoringWarning
        Each of ``Results.warnings`` (documents without predictions, too few documents for
        intervals, unaligned items, ...), through Python's :mod:`warnings` as well.

    Examples
    --------
    >>> from newsfacts.model import Document, Entity
    >>> doc = Document(id="d1", title="", url="", source="", author="", published_at="", text="Ross met Huawei.",
    ...                entities=(Entity(id="e1", start=0, end=4, text="Ross", label="PERSON"),
    ...                          Entity(id="e2", start=9, end=15, text="Huawei", label="ORG")))
    >>> results = score([{"id": "d1", "entities": [{"text": "Ross", "label": "PERSON"}]}], [doc], bootstrap=0)
    >>> results.figure("entities.strict.recall"), results.figure("entities.strict.precision")
    (0.5, 1.0)
    >>> results.figures["quotes"]
    {'scored': False}
    >>> score([{"id": "d1", "entities": []}], [doc], seed=-1)
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: field --seed: must be at least 0, got -1
    """
    cfg = make_config(config, options)
    _check_types(system, "--system", (str, type(None)), "a string or None")
    _check_types(with_errors, "with_errors", (bool,), "True or False")
    _check_types(with_items, "with_items", (bool,), "True or False")
    _check_label_map(label_map)
    pred = _predictions(predictions, "predictions")  # (in memory: read whole, after the cheap checks)
    lm = _label_map(label_map)
    gold, own = _gold(dataset)
    try:
        run = _run(_Setup(pred, gold, lm, cfg, with_errors, with_items, progress))
        dataset_info = DatasetInfo(gold.source, gold.fingerprint, len(gold.ids))
        doc_ids = list(gold.ids)
    finally:
        if own:
            gold.close()
    results = _results(run, pred, dataset_info, doc_ids, system, lm, cfg)
    for message in results.warnings:
        warnings.warn(message, ScoringWarning, stacklevel=2)
    return results


def _results(run: _Run, predictions: Path | Records, dataset: DatasetInfo, doc_ids: list[str], system: str | None,
             lm: LabelMap, config: ScoreConfig) -> Results:
    options = ScoreOptions(layers=run.layers, config=config)
    totals = figures(run.rows.sum(axis=0), options)
    intervals: dict[str, tuple[float, float]] = {}
    too_few = config.enough_documents(len(doc_ids)) if config.bootstrap else None
    if config.bootstrap and too_few is None:
        from .significance import bootstrap_ci

        intervals = bootstrap_ci(run.rows, options, n=config.bootstrap, seed=config.seed,
                                 confidence=config.confidence, paths=label_f1_paths(totals))
    messages = []
    if run.missing:
        shown = ", ".join(run.missing[:3]) + (", ..." if len(run.missing) > 3 else "")
        messages.append(f"{len(run.missing):,} of {plural(len(doc_ids), 'document')} "
                        f"{'has' if len(run.missing) == 1 else 'have'} no line in {predictions} ({shown}): "
                        "scored as predicted empty")
    if too_few is not None:
        messages.append(f"no confidence intervals: {too_few}")
    if run.dropped:
        messages.append(f"{plural(run.dropped, 'predicted item')} dropped: the label map sends their label to null")
    for move, n in sorted(run.moved.items()):
        source, target = move.split("->")
        messages.append(f"{plural(n, 'item')} under \"{source}\" scored as {target} (the label decides the layer)")
    if run.alignment["unaligned"]:
        messages.append(f"{plural(run.alignment['unaligned'], 'offset-free item')} could not be aligned to the text: "
                        "counted as spurious and as unaligned (--errors says why)")
    return Results(
        system=system or (predictions.stem if isinstance(predictions, Path) else predictions.name),
        predictions=str(predictions) if isinstance(predictions, Path) else f"{predictions.name} (in memory)",
        dataset=dataset,
        layers=run.layers,
        figures=totals,
        doc_ids=doc_ids,
        doc_lines=run.lines,
        per_document=run.rows,
        per_document_headline=_headline_rows(run.rows, options),
        confidence_intervals=intervals,
        options={**config.to_builtins(), "label_map": lm.describe()},
        alignment={**run.alignment, "dropped": run.dropped},
        warnings=messages,
        errors=run.errors,
        intervals_skipped=too_few,
        items=run.items,
    )


def label_f1_paths(layer_figures: dict[str, Any]) -> list[str]:
    """The strict F1 of each label present (entities) and kind (numeric facts): the per-label
    figures that get a confidence interval (the HTML report charts them).

    >>> label_f1_paths({"entities": {"per_label": {"ORG": {}, "(none)": {}}}, "numeric_facts": {"scored": False}})
    ['entities.per_label.ORG.strict.f1']
    """
    return [f"{layer}.{key}.{label}.strict.f1"
            for layer, key in (("entities", "per_label"), ("numeric_facts", "per_kind"))
            for label in layer_figures[layer].get(key, {}) if label != NO_LABEL]


def _headline_rows(rows: np.ndarray, options: ScoreOptions, block: int = 4096) -> np.ndarray:
    """Per-document headline figures, a block of rows at a time: computing every figure of
    100,000 rows at once would hold hundreds of per-label columns of that length."""
    if not len(rows):
        return np.zeros((0, len(HEADLINE)))
    return np.concatenate([headline_values(rows[i:i + block], options) for i in range(0, len(rows), block)])


def compare(a: str | os.PathLike[str] | Iterable[Mapping[str, Any] | DocPrediction],
            b: str | os.PathLike[str] | Iterable[Mapping[str, Any] | DocPrediction],
            dataset: str | os.PathLike[str] | GoldSource | Iterable[Document] | None = None, *,
            systems: tuple[str | None, str | None] = (None, None),
            label_map: LabelMap | str | os.PathLike[str] | None = None, config: ScoreConfig | None = None,
            **options: Any) -> Comparison:
    """Score two systems on the same gold and test each headline figure with a paired bootstrap.

    Both systems are resampled with the same document indices; the two-sided p-value is
    ``(1 + #{|delta* - delta| >= |delta|}) / (1 + resamples)`` with ``delta = b - a``. Only layers
    both systems predict are compared. With fewer documents than ``min_documents`` the figures
    and their differences are reported without p-values or intervals, and
    :attr:`Comparison.skipped` says why.

    Parameters
    ----------
    a, b : path, or iterable of dict or DocPrediction
        The two systems' predictions, as for :func:`score`.
    dataset : None, path, Hub id, GoldSource or iterable of Document, default None
        The gold, as for :func:`score`.
    systems : (str or None, str or None), default (None, None)
        The two systems' names (default: the file stems; ``A:``/``B:`` prefixes when equal).
    label_map : LabelMap, path or None, default None
        As for :func:`score`; the same map for both systems.
    config : ScoreConfig, optional
        The scoring options; ``bootstrap`` must be at least 1 here.
    **options
        Fields of :class:`~newsfacts.config.ScoreConfig`, replacing those of ``config``.

    Returns
    -------
    Comparison
        ``a`` and ``b`` (their :class:`Results`), ``paired`` (per headline figure: both values,
        the difference, its p-value and interval), :meth:`Comparison.to_json`.

    Raises
    ------
    InputError
        As for :func:`score`; also when the two systems predict no layer in common.

    Examples
    --------
    >>> from newsfacts.model import Document, Entity
    >>> docs = [Document(id=f"d{k}", title="", url="", source="", author="", published_at="", text="Ross met Huawei.",
    ...                  entities=(Entity(id="e1", start=0, end=4, text="Ross", label="PERSON"),))
    ...         for k in range(12)]
    >>> a = [{"id": d.id, "entities": []} for d in docs]
    >>> b = [{"id": d.id, "entities": [{"text": "Ross", "label": "PERSON"}]} for d in docs]
    >>> result = compare(a, b, docs, systems=("none", "ross"), bootstrap=200).paired["entities.strict.f1"]
    >>> result.a, result.b, result.p_value < 0.01
    (0.0, 1.0, True)
    """
    cfg = make_config(config, options)
    if cfg.bootstrap < 1:
        raise InputError(f"must be at least 1 for a paired test, got {cfg.bootstrap}", field="--bootstrap")
    if not (isinstance(systems, (tuple, list)) and len(systems) == 2
            and all(isinstance(name, (str, type(None))) for name in systems)):
        raise InputError(f"expected two names (a string or None each), got {systems!r}"[:200], field="systems")
    from .significance import paired_bootstrap

    _check_label_map(label_map)
    pa, pb = _predictions(a, "a"), _predictions(b, "b")
    lm = _label_map(label_map)
    gold, own = _gold(dataset)
    try:
        with warnings.catch_warnings():  # the comparison's own warnings are raised once, below
            warnings.simplefilter("ignore", ScoringWarning)
            ra, rb = (score(pred, gold, system=name, label_map=lm, config=cfg)
                      for pred, name in ((pa, systems[0]), (pb, systems[1])))
    finally:
        if own:
            gold.close()
    if ra.system == rb.system:
        ra.system, rb.system = f"A:{ra.system}", f"B:{rb.system}"
    both = ScoreOptions(layers=ra.layers & rb.layers, config=cfg)
    if not both.layers:
        raise InputError(f"the two systems predict no layer in common ({', '.join(sorted(ra.layers))} vs "
                         f"{', '.join(sorted(rb.layers))}): nothing to compare", file=str(pb))
    skipped = cfg.enough_documents(len(ra.doc_ids))
    paired = paired_bootstrap(ra.per_document, rb.per_document, both, n=0 if skipped else cfg.bootstrap,
                              seed=cfg.seed, confidence=cfg.confidence)
    comparison = Comparison(ra, rb, paired, cfg.bootstrap, cfg.seed, skipped=skipped)
    for message in comparison.warnings:
        warnings.warn(message, ScoringWarning, stacklevel=2)
    return comparison
