"""The scoring API: ``score()`` and ``compare()``, and the ``newsfacts score``/``compare`` commands.

One direction, one document at a time (DESIGN.md, "Data flow")::

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

import functools
import math
import numbers
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .align import FUZZY_THRESHOLD
from ..errors import InputError
from .labelmap import LabelMap
from .metrics import COUNTERS, HEADLINE, NO_LABEL, ScoredItem, ScoreOptions, figures, headline_values, score_document
from ..model import Document
from ..model import DocPrediction
from .predictions import Chunk, PredictionReader, ReadStats, check_whole, chunks
from .results import Comparison, DatasetInfo, ErrorLine, Results
from ..dataset.sources import GoldSource, load_gold

DEFAULT_BOOTSTRAP = 1000


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


# The bounds of the scoring options (the command line reports them by option name).
MAX_BOOTSTRAP = 1_000_000
MAX_JOBS = 64


def _integer(value: object, field: str, low: int, high: int | None = None) -> int:
    """``value`` as an int in ``[low, high]``, or InputError (a bool is not an integer here)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InputError(f"must be an integer, got {value!r} ({type(value).__name__})", field=field)
    if value < low or (high is not None and value > high):
        bound = f"between {low:,} and {high:,}" if high is not None else f"at least {low}"
        raise InputError(f"must be {bound}, got {value}", field=field)
    return int(value)


def _real(value: object, field: str, accept: Callable[[float], bool], expected: str) -> float:
    """``value`` as a finite float that ``accept`` takes, or InputError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) \
            or not accept(float(value)):
        raise InputError(f"must be {expected}, got {value!r}", field=field)
    return float(value)


def _check_types(value: object, field: str, types: tuple[type, ...], expected: str) -> None:
    if not isinstance(value, types):
        raise InputError(f"expected {expected}, got {type(value).__name__} {value!r}"[:200], field=field)


_PATH = (str, os.PathLike)


@dataclass(frozen=True)
class _Options:
    """The checked options of one scoring run."""

    rtol: float
    fuzzy_threshold: float
    bootstrap: int
    seed: int
    confidence: float
    jobs: int | None


def _check_arguments(paths: dict[str, object], dataset: object, label_map: object, *, rtol: object,
                     fuzzy_threshold: object, bootstrap: object, seed: object, confidence: object, jobs: object,
                     min_bootstrap: int = 0) -> _Options:
    """Check what score() and compare() were given before any work; InputError names the argument
    by its command-line option where there is one."""
    for name, value in paths.items():
        _check_types(value, name, _PATH, "a file path (str or os.PathLike)")
    _check_types(dataset, "--dataset", (*_PATH, GoldSource, type(None)),
                 "a folder, a .jsonl file, a Hub dataset id, a GoldSource or None")
    _check_types(label_map, "--label-map", (*_PATH, LabelMap, type(None)),
                 "a path to a JSON label map, a LabelMap or None (a dict: write it to a file, or build a LabelMap)")
    return _Options(
        rtol=_real(rtol, "--rtol", lambda x: x >= 0, "a finite number >= 0"),
        fuzzy_threshold=_real(fuzzy_threshold, "--fuzzy-threshold", lambda x: 0 < x <= 1, "a number in (0, 1]"),
        bootstrap=_integer(bootstrap, "--bootstrap", min_bootstrap, MAX_BOOTSTRAP),
        seed=_integer(seed, "--seed", 0),
        confidence=_real(confidence, "confidence", lambda x: 0 < x < 1, "a number between 0 and 1 (exclusive)"),
        jobs=None if jobs is None else _integer(jobs, "--jobs", 1, MAX_JOBS))


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

    predictions: Path
    gold: GoldSource
    label_map: LabelMap
    threshold: float
    rtol: float
    with_errors: bool
    with_items: bool = False
    _options: dict[frozenset[str], ScoreOptions] = field(default_factory=dict, repr=False)

    def count(self, doc: Document, pred: DocPrediction, layers: frozenset[str],
              items: dict[str, list[ScoredItem]] | None = None) -> tuple[np.ndarray, list[ErrorLine]]:
        """The counters of one document for ``layers`` (the others stay zero), and its errors;
        its scored items are added to ``items[doc.id]`` when ``items`` is given."""
        options = self._options.get(layers)
        if options is None:
            options = self._options[layers] = ScoreOptions(rtol=self.rtol, layers=layers)
        result = score_document(doc, pred, options, with_errors=self.with_errors, with_items=items is not None)
        if items is not None:
            items.setdefault(doc.id, []).extend(result.items)
        return result.counts, [ErrorLine.of(doc.id, doc.text, item, pred.line) for item in result.errors]


def _score_chunk(setup: _Setup, chunk: Chunk) -> _Part:
    """Read and count one chunk of the predictions file.

    Each line is counted for the layers it predicts; ``layers`` of the part records them, so
    that a layer predicted by other lines can be added later (gold items all missed).
    """
    reader = PredictionReader(setup.predictions, setup.gold, label_map=setup.label_map, threshold=setup.threshold,
                              chunk=chunk)
    ids: list[str] = []
    lines: list[int] = []
    layers: list[frozenset[str]] = []
    rows: list[np.ndarray] = []
    errors: list[ErrorLine] | None = [] if setup.with_errors else None
    items: dict[str, list[ScoredItem]] | None = {} if setup.with_items else None
    failure = None
    try:
        for doc, pred, line_layers in reader:
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


def auto_jobs(predictions: Path) -> int:
    """Processes worth using: one per 8 MB of predictions, at most the CPUs available (and 8)."""
    if not hasattr(os, "fork"):
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
        size = predictions.stat().st_size
    except (AttributeError, OSError):
        return 1
    return max(1, min(cpus, 8, 1 + size // (8 << 20)))


def _run(setup: _Setup, jobs: int | None) -> _Run:
    """Read, align and count every document; the InputError raised is the earliest bad line's."""
    predictions, gold, with_errors = setup.predictions, setup.gold, setup.with_errors
    n_jobs = auto_jobs(predictions) if jobs is None else max(1, jobs)
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
    check_whole(predictions, seen, layers)

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


def score(predictions: str | os.PathLike[str], dataset: str | os.PathLike[str] | GoldSource | None = None, *,
          system: str | None = None, label_map: LabelMap | str | os.PathLike[str] | None = None,
          rtol: float = 1e-6, fuzzy_threshold: float = FUZZY_THRESHOLD, bootstrap: int = DEFAULT_BOOTSTRAP,
          seed: int = 0, confidence: float = 0.95, with_errors: bool = False, with_items: bool = False,
          jobs: int | None = 1) -> Results:
    """Score a predictions file against a dataset (None: the bundled benchmark).

    ``dataset`` is anything :func:`newsfacts.dataset.sources.load_gold` takes, or a loaded GoldSource.
    ``bootstrap`` resamples (0: no intervals) with ``seed``; ``with_errors`` collects the
    ``--errors`` listing; ``with_items`` every scored item of every document (``results.items``:
    matched pairs, missed and spurious items, each with the outcome it was counted under), which
    the HTML report shows. ``jobs``: processes; more than one splits the file into chunks of
    whole lines, each scored in a forked process (POSIX only); None picks :func:`auto_jobs`.
    Results do not depend on it. The default is 1 because forking a process that runs threads
    (a notebook kernel, a web server) can deadlock the child; ``newsfacts score`` passes its
    ``--jobs``, whose default is None.

    Raises :class:`~newsfacts.errors.InputError` for bad input, and for bad arguments too (never
    a bare TypeError or ValueError, whether the type or the value is wrong), before any work:
    ``predictions`` a path; ``dataset`` None, a path, a Hub id or a GoldSource; ``label_map``
    None, a path or a LabelMap; ``system`` None or a string; ``rtol`` a finite number >= 0;
    ``fuzzy_threshold`` in (0, 1]; ``bootstrap`` an integer 0..1,000,000; ``seed`` an integer
    >= 0; ``confidence`` in (0, 1); ``with_errors`` a bool; ``jobs`` None or an integer 1..64
    (the bounds of ``newsfacts score``; a bool is not an integer). The error's field is the
    command-line option where there is one:

    >>> score("pred.jsonl", seed=-1)
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: field --seed: must be at least 0, got -1
    >>> score("pred.jsonl", jobs="2")
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: field --jobs: must be an integer, got '2' (str)
    """
    opts = _check_arguments({"predictions": predictions}, dataset, label_map, rtol=rtol,
                            fuzzy_threshold=fuzzy_threshold, bootstrap=bootstrap, seed=seed, confidence=confidence,
                            jobs=jobs)
    _check_types(system, "--system", (str, type(None)), "a string or None")
    _check_types(with_errors, "with_errors", (bool,), "True or False")
    _check_types(with_items, "with_items", (bool,), "True or False")
    lm = _label_map(label_map)
    own = not isinstance(dataset, GoldSource)
    gold = load_gold(dataset) if own else dataset  # type: ignore[arg-type]
    try:
        run = _run(_Setup(Path(predictions), gold, lm, opts.fuzzy_threshold, opts.rtol, with_errors, with_items),
                   opts.jobs)
        dataset_info = DatasetInfo(gold.source, gold.fingerprint, len(gold.ids))
        doc_ids = list(gold.ids)
    finally:
        if own:
            gold.close()
    return _results(run, Path(predictions), dataset_info, doc_ids, system, lm, opts)


def _results(run: _Run, predictions: Path, dataset: DatasetInfo, doc_ids: list[str], system: str | None,
             lm: LabelMap, opts: _Options) -> Results:
    rtol, bootstrap, seed, confidence = opts.rtol, opts.bootstrap, opts.seed, opts.confidence
    options = ScoreOptions(rtol=rtol, layers=run.layers)
    totals = figures(run.rows.sum(axis=0), options)
    intervals: dict[str, tuple[float, float]] = {}
    if bootstrap:
        from .significance import bootstrap_ci

        intervals = bootstrap_ci(run.rows, options, n=bootstrap, seed=seed, confidence=confidence,
                                 paths=label_f1_paths(totals))
    warnings = []
    if run.missing:
        shown = ", ".join(run.missing[:3]) + (", ..." if len(run.missing) > 3 else "")
        warnings.append(f"{len(run.missing)} of {len(doc_ids)} documents have no line in {predictions} "
                        f"({shown}): scored as predicted empty")
    if bootstrap and len(doc_ids) < 10:
        warnings.append(f"only {len(doc_ids)} document{'s' * (len(doc_ids) != 1)}: bootstrap intervals over "
                        "documents say little")
    if run.dropped:
        warnings.append(f"{run.dropped} predicted items dropped: the label map sends their label to null")
    for move, n in sorted(run.moved.items()):
        source, target = move.split("->")
        warnings.append(f"{n} item{'s' * (n != 1)} under \"{source}\" scored as {target} (the label decides the layer)")
    if run.alignment["unaligned"]:
        warnings.append(f"{run.alignment['unaligned']} offset-free items could not be aligned to the text: "
                        "counted as spurious and as unaligned")
    return Results(
        system=system or predictions.stem,
        predictions=str(predictions),
        dataset=dataset,
        layers=run.layers,
        figures=totals,
        doc_ids=doc_ids,
        doc_lines=run.lines,
        per_document=run.rows,
        per_document_headline=_headline_rows(run.rows, options),
        confidence_intervals=intervals,
        options={"rtol": rtol, "fuzzy_threshold": opts.fuzzy_threshold, "label_map": lm.describe(),
                 "bootstrap": bootstrap, "seed": seed, "confidence": confidence},
        alignment={**run.alignment, "dropped": run.dropped},
        warnings=warnings,
        errors=run.errors,
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


def compare(a: str | os.PathLike[str], b: str | os.PathLike[str], dataset: str | os.PathLike[str] | None = None, *,
            systems: tuple[str | None, str | None] = (None, None),
            label_map: LabelMap | str | os.PathLike[str] | None = None, rtol: float = 1e-6,
            fuzzy_threshold: float = FUZZY_THRESHOLD, bootstrap: int = DEFAULT_BOOTSTRAP, seed: int = 0,
            confidence: float = 0.95, jobs: int | None = 1) -> Comparison:
    """Score two systems on the same gold and test each headline figure with a paired bootstrap.

    Only layers both systems predict are compared. Arguments as for :func:`score` (checked the
    same way, InputError for a bad one), except that ``bootstrap`` must be at least 1 here;
    ``jobs`` default 1: no fork.
    """
    opts = _check_arguments({"a": a, "b": b}, dataset, label_map, rtol=rtol, fuzzy_threshold=fuzzy_threshold,
                            bootstrap=bootstrap, seed=seed, confidence=confidence, jobs=jobs, min_bootstrap=1)
    if not (isinstance(systems, (tuple, list)) and len(systems) == 2
            and all(isinstance(name, (str, type(None))) for name in systems)):
        raise InputError(f"expected two names (a string or None each), got {systems!r}"[:200], field="systems")
    from .significance import paired_bootstrap

    lm = _label_map(label_map)
    with load_gold(dataset) as gold:
        ra, rb = (score(path, gold, system=name, label_map=lm, rtol=opts.rtol, fuzzy_threshold=opts.fuzzy_threshold,
                        bootstrap=opts.bootstrap, seed=opts.seed, confidence=opts.confidence, jobs=opts.jobs)
                  for path, name in ((a, systems[0]), (b, systems[1])))
    if ra.system == rb.system:
        ra.system, rb.system = f"A:{ra.system}", f"B:{rb.system}"
    both = ScoreOptions(rtol=opts.rtol, layers=ra.layers & rb.layers)
    if not both.layers:
        raise InputError(f"the two systems predict no layer in common ({', '.join(sorted(ra.layers))} vs "
                         f"{', '.join(sorted(rb.layers))}): nothing to compare", file=b)
    paired = paired_bootstrap(ra.per_document, rb.per_document, both, n=opts.bootstrap, seed=opts.seed,
                              confidence=opts.confidence)
    return Comparison(ra, rb, paired, opts.bootstrap, opts.seed)
