"""Running systems: one system over a dataset into a predictions file, and every system into a
leaderboard.

* :func:`run` -- ``newsfacts run SYSTEM --out PRED.jsonl``: any dataset source the scorer
  accepts (``None``: the bundled benchmark, a Hub-format folder, a ``.jsonl`` of documents, a
  Hub id); the file is written atomically (all or nothing), one line per document, with only
  the layers the system predicts (an absent layer is "not predicted" to the scorer).
* :func:`baselines` -- ``newsfacts baselines``: every registered system that can run here
  writes its predictions under ``out_dir`` and is scored with :func:`newsfacts.scoring.api.score`;
  the ones whose dependency is missing are listed as skipped with a one-line reason.

Progress bars (tqdm, on stderr) show only on a terminal and can be turned off with
``progress=False`` (``--quiet``).

>>> import tempfile, pathlib
>>> from newsfacts.model import Document, to_json
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> doc = Document(id="d1", title="", url="", source="", author="", published_at="2019-11-04",
...                text="Over 100 firms joined last month.")
>>> _ = (folder / "docs.jsonl").write_text(to_json(doc) + "\\n")
>>> summary = run("rules-numbers", folder / "pred.jsonl", dataset=folder / "docs.jsonl", progress=False)
>>> summary.documents, summary.items
(1, {'numeric_facts': 2})
>>> print((folder / "pred.jsonl").read_text()[:60])
{"id":"d1","numeric_facts":[{"id":"n1","start":0,"end":8,"te
"""

from __future__ import annotations

import inspect
import os
import tempfile
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import ScoreConfig
from ..dataset.sources import GoldSource, load_gold
from ..errors import InputError
from ..jsonio import atomic_write, output_path
from ..model import LAYERS, DocPrediction, Document, to_json
from ..scoring.leaderboard import Leaderboard, Row
from ..scoring.results import ScoringWarning
from . import registry
from .base import MissingDependency, System
from ..progress import bar


@dataclass(frozen=True)
class RunSummary:
    """What :func:`run` did: system, documents, items written per layer, seconds, output path."""

    system: str
    documents: int
    items: dict[str, int]
    seconds: float
    path: Path
    description: str = ""


def prediction_line(pred: DocPrediction, layers: Iterable[str]) -> str:
    """One JSON line of a predictions file: ``id`` and the predicted layers only.

    >>> from newsfacts.model import Entity
    >>> prediction_line(DocPrediction(id="d1", entities=(Entity(id="e1", start=0, end=2, text="US", label="GPE"),)),
    ...                 {"entities"})
    '{"id":"d1","entities":[{"id":"e1","start":0,"end":2,"text":"US","label":"GPE","cluster":null}]}'
    """
    parts = [f'"id":{to_json(pred.id)}']
    parts += [f'"{layer}":{to_json(getattr(pred, layer))}' for layer in LAYERS if layer in layers]
    return "{" + ",".join(parts) + "}"


def build(name: str, **options: Any) -> System:
    """The system ``name`` with the options its constructor takes (others are ignored, so
    ``model=`` reaches the spaCy-based systems only)."""
    cls = registry.entry(name)
    if cls.missing():
        raise MissingDependency(f"system {name!r} skipped: {cls.missing()}")
    accepted = inspect.signature(cls.load()).parameters
    return registry.get(name, **{k: v for k, v in options.items() if k in accepted and v is not None})


def predict(system: System, documents: Sequence[Document], *, progress: bool = True) -> Iterator[DocPrediction]:
    """The system's predictions, one per document in order, checked to belong to the documents."""
    docs = bar(documents, desc=system.name, total=len(documents), enabled=progress)
    for doc, pred in zip(documents, system.predict(docs), strict=True):
        if pred.id != doc.id:
            raise RuntimeError(f"system {system.name!r} returned {pred.id!r} for document {doc.id!r}")
        yield pred


def _write(system: System, documents: Sequence[Document], out: str | os.PathLike[str], *, progress: bool,
           inputs: Sequence[object] = ()) -> RunSummary:
    started = time.perf_counter()
    counts = {layer: 0 for layer in LAYERS if layer in system.layers}
    lines = []
    for pred in predict(system, documents, progress=progress):
        lines.append(prediction_line(pred, system.layers))
        for layer in counts:
            counts[layer] += len(getattr(pred, layer))
    atomic_write(out, "".join(line + "\n" for line in lines), inputs=inputs)
    return RunSummary(system.name, len(documents), counts, time.perf_counter() - started, Path(out),
                      system.describe())


def run(name: str, out: str | os.PathLike[str], *, dataset: str | os.PathLike[str] | GoldSource | None = None,
        model: str | None = None, progress: bool = True) -> RunSummary:
    """Run system ``name`` over ``dataset`` and write its predictions to ``out`` (atomically).

    Parameters
    ----------
    name : str
        A registered system (:func:`newsfacts.systems.registry.names`).
    out : path
        The predictions file (JSON Lines), written all or nothing.
    dataset : path, Hub id, GoldSource or None
        Anything the scorer accepts; None is the bundled benchmark.
    model : str, optional
        The spaCy pipeline of a spaCy-based system (ignored by the others).
    progress : bool
        A progress bar on stderr when it is a terminal.

    Returns
    -------
    RunSummary

    Raises
    ------
    InputError
        An unknown system, a bad dataset or an output path that cannot be written (checked
        before the run).
    MissingDependency
        The system cannot run here (one-line reason).

    Examples
    --------
    See the module docstring.
    """
    output_path(out, inputs=[dataset])
    system = build(name, model=model)
    own = not isinstance(dataset, GoldSource)
    gold = load_gold(dataset) if own else dataset  # type: ignore[arg-type]
    try:
        return _write(system, list(gold), out, progress=progress, inputs=[dataset])
    finally:
        if own:
            gold.close()


@dataclass
class BaselineRun:
    """A leaderboard and the runs behind it."""

    leaderboard: Leaderboard
    runs: list[RunSummary] = field(default_factory=list)


def baselines(dataset: str | os.PathLike[str] | None = None, out_dir: str | os.PathLike[str] | None = None, *,
              systems: Sequence[str] | None = None, model: str | None = None, config: ScoreConfig | None = None,
              label_map: str | os.PathLike[str] | None = None, progress: bool = True,
              **options: Any) -> BaselineRun:
    """Run every available system (or ``systems``) over ``dataset``, score each, build the leaderboard.

    Parameters
    ----------
    dataset : path, Hub id or None
        Anything the scorer accepts; None is the bundled benchmark.
    out_dir : path, optional
        Predictions go to ``out_dir/<system>.jsonl``; without it they are written to a temporary
        folder, scored and removed (``predictions`` is then null in the leaderboard).
    systems : list of str, optional
        Only these systems (default: every registered one); unknown names fail before any work.
    model : str, optional
        The spaCy pipeline of the spaCy-based systems.
    config : ScoreConfig, optional
        How to score (bootstrap, seed, confidence, ...), as for :func:`newsfacts.scoring.api.score`.
    label_map : path, optional
        A label map applied to every system's predictions, as for ``score``.
    **options
        Fields of :class:`~newsfacts.config.ScoreConfig` replacing those of ``config``
        (``bootstrap=0``, ``seed=1``, ...).
    progress : bool
        Progress bars on stderr when it is a terminal.

    Returns
    -------
    BaselineRun
        ``leaderboard`` (systems that could not run are in its ``skipped``) and the ``runs``.

    Raises
    ------
    MissingDependency
        When no system at all can run.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from newsfacts.model import Document, NumericFact, to_json
    >>> gold = NumericFact(id="n1", start=0, end=8, text="Over 100", kind="CARDINAL", value=100.0,
    ...                    normalized="100", bound="more_than")
    >>> doc = Document(id="d1", title="", url="", source="", author="", published_at="2021-03-10",
    ...                text="Over 100 firms joined.", numeric_facts=(gold,))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "docs.jsonl"
    >>> _ = path.write_text(to_json(doc) + "\\n")
    >>> result = baselines(path, systems=["rules-numbers"], progress=False)
    >>> row = result.leaderboard.rows[0]
    >>> row.name, row.layers, row.figure("numeric_facts", "span.strict.f1"), row.predictions
    ('rules-numbers', ('numeric_facts',), 1.0, None)
    """
    from ..scoring.api import make_config, score

    cfg = make_config(config, options)   # bad options fail before any work
    names = list(systems) if systems is not None else registry.names()
    for n in names:
        registry.entry(n)  # unknown names fail before any work
    if out_dir is not None:
        try:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise InputError("exists and is not a directory; give a folder for the predictions", file=out_dir) from None
        except OSError as exc:
            raise InputError(f"cannot create this folder: {exc.strerror}", file=out_dir) from None
    with load_gold(dataset) as gold, tempfile.TemporaryDirectory(prefix="newsfacts-baselines-") as tmp:
        folder = Path(out_dir) if out_dir is not None else Path(tmp)
        documents = list(gold)
        results, runs, skipped = [], [], {}
        for name in bar(names, desc="baselines", enabled=progress, unit="system"):
            reason = registry.entry(name).missing()
            if reason is None:
                try:
                    system = build(name, model=model)
                except MissingDependency as exc:   # finer than an import: a model that is not installed
                    reason = str(exc)
            if reason is not None:
                skipped[name] = reason
                continue
            summary = _write(system, documents, folder / f"{name}.jsonl", progress=progress, inputs=[dataset])
            runs.append(summary)
            with warnings.catch_warnings():   # kept in each row's warnings; the caller shows them
                warnings.simplefilter("ignore", ScoringWarning)
                results.append(score(summary.path, gold, system=name, label_map=label_map, config=cfg))
        if not results:
            raise MissingDependency("no system can run here: " +
                                    "; ".join(f"{n}: {r}" for n, r in skipped.items()))
        board = Leaderboard.from_results(results, descriptions={r.system: r.description for r in runs},
                                         skipped=skipped)
        if out_dir is None:
            board = replace(board, rows=tuple(replace(row, predictions=None) for row in board.rows))
    return BaselineRun(board, runs)


__all__ = ["BaselineRun", "RunSummary", "baselines", "build", "predict", "prediction_line", "run", "Row"]
