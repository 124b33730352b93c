"""The bundled gold: ``seeds/*.txt`` plus ``annotations/<id>.json`` become validated Documents.

Also the one reader and writer of annotation files. The writer's layout is fixed (one item
per line, keys in field order, UTF-8) so that a file diff shows exactly the items that changed
and a validation message can name the line of the item at fault.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, NewsFactsError, Problem, display_path
from ..jsonio import atomic_write, decode, decode_utf8, json_path_line, list_dir, read_bytes
from ..model import Annotations, Document, to_json
from ..progress import bar
from .seeds import Seed, parse_seed, seed_paths, text_sha256
from .rules import validate_annotations

ANNOTATION_SUFFIX = ".json"


# A checkout keeps the package at benchmark/newsfacts/ and the data at the top; a wheel carries
# a copy of the data inside the package (the build copies it there, see setup.py).
_CHECKOUT = Path(__file__).resolve().parents[3]
_BUNDLED = Path(__file__).resolve().parents[1] / "_bundled"


def project_root() -> Path:
    """The directory holding the bundled ``seeds/`` and ``annotations/``.

    In order: ``$NEWSFACTS_ROOT``; the checkout the package runs from (an editable install,
    where ``seeds/`` and ``annotations/`` at the top are the source of truth); the copy an
    installed wheel carries inside the package.

    Examples
    --------
    >>> (project_root() / "seeds").is_dir() and (project_root() / "annotations").is_dir()
    True
    """
    env = os.environ.get("NEWSFACTS_ROOT")
    if env:
        return Path(env)
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "seeds").is_dir():
        return _CHECKOUT
    return _BUNDLED


def default_seeds_dir() -> Path:
    return project_root() / "seeds"


def default_annotations_dir() -> Path:
    return project_root() / "annotations"


def dump_annotations(ann: Annotations) -> str:
    """The canonical text of an annotation file: one item per line, trailing newline.

    >>> from newsfacts.model import Annotations
    >>> print(dump_annotations(Annotations(id="a", text_sha256="0"*64, entities=(), clusters=(),
    ...                                    quotes=(), numeric_facts=())), end="")
    {
      "id": "a",
      "text_sha256": "0000000000000000000000000000000000000000000000000000000000000000",
      "entities": [],
      "clusters": [],
      "quotes": [],
      "numeric_facts": []
    }
    """
    lines = ["{", f'  "id": {to_json(ann.id)},', f'  "text_sha256": {to_json(ann.text_sha256)},']
    groups = [("entities", ann.entities), ("clusters", ann.clusters), ("quotes", ann.quotes),
              ("numeric_facts", ann.numeric_facts)]
    for k, (name, items) in enumerate(groups):
        comma = "," if k < len(groups) - 1 else ""
        if not items:
            lines.append(f'  "{name}": []{comma}')
            continue
        lines.append(f'  "{name}": [')
        lines.extend(f"    {to_json(item)}{',' if j < len(items) - 1 else ''}" for j, item in enumerate(items))
        lines.append(f"  ]{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_annotations(path: str | os.PathLike[str], ann: Annotations) -> None:
    """Write an annotation file atomically in the canonical layout (:func:`dump_annotations`).

    Raises
    ------
    InputError
        The file cannot be written; an existing file is then left as it was.
    """
    atomic_write(path, dump_annotations(ann))


def read_annotations(path: str | os.PathLike[str]) -> tuple[Annotations, str]:
    """Read and type-check one annotation file; returns the record and the file's text.

    The rules are not checked here (see :func:`read_gold`); the text lets a caller name the line
    of a field.

    Raises
    ------
    InputError
        Missing, unreadable, not UTF-8, not JSON, or a value of the wrong type (naming the line
        and the field).
    """
    data = read_bytes(path)
    text = decode_utf8(data, path)
    return decode(data, Annotations, file=path), text


def join(seed: Seed, ann: Annotations) -> Document:
    """The dataset row of a seed and its (validated) gold."""
    return Document(id=seed.id, title=seed.title, url=seed.url, source=seed.source, author=seed.author,
                    published_at=seed.published_at, text=seed.text, entities=ann.entities,
                    clusters=ann.clusters, quotes=ann.quotes, numeric_facts=ann.numeric_facts)


@dataclass
class GoldReport:
    """What reading the gold found: usable documents, rule violations and unusable files."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    seeds: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.errors


AnnotationDirs = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def _annotation_dirs(annotations: AnnotationDirs | None) -> list[Path]:
    """One directory or several (like ``seeds``); the bundled ``annotations/`` when None.

    >>> [d.name for d in _annotation_dirs(["a", Path("b")])], [d.name for d in _annotation_dirs("c")]
    (['a', 'b'], ['c'])
    """
    if annotations is None:
        return [default_annotations_dir()]
    if isinstance(annotations, (str, os.PathLike)):
        return [Path(annotations)]
    return [Path(a) for a in annotations]


def read_gold(seeds: Iterable[str | os.PathLike[str]] | None = None,
              annotations: AnnotationDirs | None = None, *, progress: bool = False) -> GoldReport:
    """Parse every seed, read every annotation file, pair them and check every rule.

    What ``newsfacts validate`` runs: it never stops at the first problem. Unusable files go to
    ``errors``, rule violations (every rule of :mod:`newsfacts.dataset.rules`, guideline rules
    included) to ``problems`` with the line of the item in its file, and each seed whose gold is
    clean becomes a Document.

    Parameters
    ----------
    seeds : iterable of str or path-like, optional
        Seed directories or files; default the bundled ``seeds/`` (see :func:`project_root`).
    annotations : str, path-like or an iterable of them, optional
        One annotation directory or several (a document id may have one file among them);
        default the bundled ``annotations/``.

    Returns
    -------
    GoldReport
        ``documents`` (clean, in id order), ``problems``, ``errors``, ``seeds`` (files seen) and
        ``ok``.

    See Also
    --------
    load_documents : the same, but raises unless every check passes.

    Examples
    --------
    >>> report = read_gold()                                  # the bundled benchmark
    >>> report.ok, len(report.documents) == report.seeds
    (True, True)
    >>> import tempfile, pathlib
    >>> empty = pathlib.Path(tempfile.mkdtemp())
    >>> report = read_gold([empty], empty)
    >>> report.ok, [e.message for e in report.errors]
    (False, ['no seed articles (*.txt) found'])
    """
    seed_sources = list(seeds) if seeds is not None else [default_seeds_dir()]
    ann_dirs = _annotation_dirs(annotations)
    report = GoldReport()

    parsed: dict[str, Seed] = {}
    for source in seed_sources:
        try:
            paths = seed_paths(source)
        except InputError as exc:
            report.errors.append(exc)
            continue
        for path in bar(paths, desc="seeds", enabled=progress):
            report.seeds += 1
            try:
                seed = parse_seed(path)
            except InputError as exc:
                report.errors.append(exc)
                continue
            if seed.id in parsed:
                report.errors.append(InputError(f"duplicate seed id {seed.id!r}, also in {parsed[seed.id].path}",
                                                file=path, line=1, field="id"))
                continue
            parsed[seed.id] = seed

    if not report.seeds and not report.errors:
        report.errors.append(InputError("no seed articles (*.txt) found",
                                        file=", ".join(str(s) for s in seed_sources)))
    ann_files: dict[str, Path] = {}
    for ann_dir in ann_dirs:
        try:
            paths = sorted(list_dir(ann_dir))
        except InputError as exc:
            report.errors.append(InputError(f"annotations directory: {exc.message}", file=ann_dir))
            return report
        for path in paths:
            if path.suffix != ANNOTATION_SUFFIX or not path.is_file():
                continue
            if path.stem in ann_files:
                report.errors.append(InputError(f"duplicate annotation file for {path.stem!r}, also "
                                                f"{ann_files[path.stem]}", file=path))
                continue
            ann_files[path.stem] = path
    for stem, path in ann_files.items():
        if stem not in parsed and not any(str(e.file).endswith(f"{stem}.txt") for e in report.errors):
            report.problems.append(Problem(str(path), None, f"orphan annotation file: no seed {stem}.txt"))

    for doc_id in bar(sorted(parsed), desc="gold", enabled=progress):
        seed = parsed.pop(doc_id)  # let each seed's offset map go once its document is joined
        path = ann_files.get(doc_id)
        if path is None:
            report.problems.append(Problem(str(ann_dirs[0] / f"{doc_id}{ANNOTATION_SUFFIX}"), None,
                                           f"missing annotation file for seed {display_path(seed.path)}"))
            continue
        try:
            ann, file_text = read_annotations(path)
        except InputError as exc:
            report.errors.append(exc)
            continue
        problems = validate_annotations(ann, text=seed.text, text_sha256=text_sha256(seed.text),
                                        doc_id=doc_id, file=str(path))
        report.problems.extend(Problem(p.file, p.field, p.message, json_path_line(file_text, p.field))
                               for p in problems)
        if not problems:
            report.documents.append(join(seed, ann))
    return report


class GoldInvalid(NewsFactsError, ValueError):
    """The gold does not validate; carries every problem (``report``) so the CLI can list them.

    A ``ValueError`` like :class:`~newsfacts.errors.InputError`: both are bad input.
    """

    def __init__(self, report: GoldReport) -> None:
        self.report = report
        n = len(report.problems) + len(report.errors)
        super().__init__(f"the gold does not validate ({n} problem{'s' * (n != 1)}); "
                         "run 'newsfacts validate' for the list")


def load_documents(seeds: Iterable[str | os.PathLike[str]] | None = None,
                   annotations: AnnotationDirs | None = None, *, progress: bool = False) -> list[Document]:
    """The validated gold documents, in id order.

    Parameters
    ----------
    seeds, annotations : optional
        As for :func:`read_gold`; by default the bundled benchmark.

    Returns
    -------
    list of Document
        One per seed, sorted by id, each with its gold layers.

    Raises
    ------
    InputError
        One file cannot be used at all (its own message, naming file, line and field).
    GoldInvalid
        Rule violations or several unusable files; ``exc.report`` lists every one.

    Examples
    --------
    >>> docs = load_documents()
    >>> [d.id for d in docs] == sorted(d.id for d in docs)
    True
    >>> all(d.text[e.start:e.end] == e.text for d in docs for e in d.entities)
    True
    """
    report = read_gold(seeds, annotations, progress=progress)
    if len(report.errors) == 1 and not report.problems:
        raise report.errors[0]  # one unusable file: its own message says it best
    if not report.ok:
        raise GoldInvalid(report)
    return report.documents
