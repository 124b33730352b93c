"""The Hugging Face Hub format: build a dataset folder from Documents, and read one back.

A built folder holds exactly::

    README.md                            dataset card (YAML configs + dataset_info, then text)
    data/test-00000-of-00001.parquet     one row per document, sorted by id

``datasets.load_dataset(DIR, split="test")`` gives back :data:`FEATURES` and rows equal to
``model.to_builtins(doc)`` (with lists where the records hold tuples); :func:`read_folder` gives back the Documents without ``datasets``
and without its cache. The columns are derived from :class:`newsfacts.model.Document` itself
(:data:`DOCUMENT`), so the Arrow schema, the ``datasets`` features and the card's field table
cannot drift from the records: strings stay strings (OntoNotes label names, not ClassLabel
ids), offsets are int32, ``value`` is float64, spans are nullable structs, lists are
``datasets.List``.

A rebuild is byte-identical for the same pyarrow (and ``datasets``) version, which the card
records: rows are sorted, the Parquet writer options are fixed (the ``created_by`` string is
pyarrow's version) and the card holds no date, host or absolute path.

>>> [c.name for c in COLUMNS][:7]
['id', 'title', 'url', 'source', 'author', 'published_at', 'text']
>>> describe(column("quotes"))
'list of {id: string, start: int32, end: int32, text: string, kind: string, speaker: {start: int32, end: int32, text: string}, speaker_cluster: string, cue: {start: int32, end: int32, text: string}}'
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import msgspec
import msgspec.inspect as mi
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError, display_path
from ..jsonio import atomic_directory, decode_utf8, gc_paused, read_bytes, split_validation_error
from ..model import Document
from ..progress import bar
from .rules import check_document

if TYPE_CHECKING:
    import datasets

SPLIT = "test"
CARD_NAME = "README.md"
DATA_DIR = "data"
DATA_FILE = f"{DATA_DIR}/{SPLIT}-00000-of-00001.parquet"
DATA_PATTERN = f"{DATA_DIR}/{SPLIT}-*"
ROW_GROUP_SIZE = 1000  # small row groups keep the Hub viewer and streaming readers light

# Fixed writer options: every one of them changes the bytes, so none is left to a default that
# another pyarrow release could change. Statistics only for ``id`` (the sort key); min/max of
# whole article texts would only bloat the footer.
PARQUET_OPTIONS: dict[str, Any] = {
    "version": "2.6",
    "data_page_version": "1.0",
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": ["id"],
    "store_schema": True,
    "write_page_index": False,
    "write_page_checksum": False,
    "sorting_columns": [pq.SortingColumn(0)],  # rows are sorted by id
}


# --------------------------------------------------------------------------------------------
# Columns, derived from the data model


@dataclass(frozen=True, slots=True)
class Column:
    """One column (or nested field) of the Hub format.

    ``dtype`` is ``string``, ``int32``, ``float64``, ``list`` (one child: the item) or
    ``struct`` (children: the fields, built into ``record``). ``nullable`` follows the model:
    a field whose type admits None.
    """

    name: str
    dtype: str
    nullable: bool = False
    children: tuple[Column, ...] = ()
    record: type | None = None


def _column(name: str, t: mi.Type, nullable: bool = False) -> Column:
    if isinstance(t, mi.UnionType):
        types = [u for u in t.types if not isinstance(u, mi.NoneType)]
        if any(isinstance(u, mi.StructType) for u in types):
            # "span or string": a prediction may name a speaker by a string; the dataset holds
            # gold, where speakers, cues and measured spans are spans.
            types = [u for u in types if isinstance(u, mi.StructType)]
        if len(types) != 1:
            raise TypeError(f"field {name}: no Hub type for {t}")
        return _column(name, types[0], nullable or len(types) < len(t.types))
    if isinstance(t, mi.StrType):
        return Column(name, "string", nullable)
    if isinstance(t, mi.IntType):
        return Column(name, "int32", nullable)  # offsets: int32 holds texts up to 2 GiB characters
    if isinstance(t, mi.FloatType):
        return Column(name, "float64", nullable)
    if isinstance(t, mi.VarTupleType):
        return Column(name, "list", nullable, (_column("item", t.item_type),))
    if isinstance(t, mi.StructType):
        return Column(name, "struct", nullable, tuple(_column(f.name, f.type) for f in t.fields), t.cls)
    raise TypeError(f"field {name}: no Hub type for {t}")


DOCUMENT: Column = _column("document", mi.type_info(Document))
COLUMNS: tuple[Column, ...] = DOCUMENT.children


def column(name: str) -> Column:
    """The top-level column called ``name``."""
    for c in COLUMNS:
        if c.name == name:
            return c
    raise KeyError(name)


def describe(col: Column) -> str:
    """A column's type in words, as the card's field table shows it."""
    if col.dtype == "list":
        return f"list of {describe(col.children[0])}"
    if col.dtype == "struct":
        return "{" + ", ".join(f"{c.name}: {describe(c)}" for c in col.children) + "}"
    return col.dtype


def _arrow_type(col: Column) -> pa.DataType:
    if col.dtype == "list":
        return pa.list_(_arrow_type(col.children[0]))
    if col.dtype == "struct":
        return pa.struct([pa.field(c.name, _arrow_type(c)) for c in col.children])
    return {"string": pa.string(), "int32": pa.int32(), "float64": pa.float64()}[col.dtype]


# The Arrow schema of FEATURES without importing ``datasets`` (readers check files against it;
# Arrow fields are all nullable, as in ``datasets``). Nullability per the model is checked on
# the values by :func:`read_parquet`.
ARROW_SCHEMA: pa.Schema = pa.schema([pa.field(c.name, _arrow_type(c)) for c in COLUMNS])


@functools.cache
def features() -> datasets.Features:
    """The ``datasets.Features`` of a NewsFacts row (imports ``datasets`` on first call)."""
    from datasets import Features, List, Value

    def feature(col: Column) -> Any:
        if col.dtype == "list":
            return List(feature(col.children[0]))
        if col.dtype == "struct":
            return {c.name: feature(c) for c in col.children}
        return Value(col.dtype)

    return Features({c.name: feature(c) for c in COLUMNS})


def __getattr__(name: str) -> Any:
    # PEP 562: ``hub.FEATURES`` builds the datasets Features on first use, so that modules that
    # only read folders (the scorer) never pay for importing ``datasets``.
    if name == "FEATURES":
        return features()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------------
# Build


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What :func:`build` wrote."""

    path: Path
    rows: int
    parquet_sha256: str
    parquet_bytes: int
    card_sha256: str

    def summary(self) -> str:
        """The lines ``newsfacts build`` prints."""
        return (f"built {display_path(self.path)}: {self.rows:,} row{'s' * (self.rows != 1)}\n"
                f"  {DATA_FILE}  {self.parquet_bytes:,} bytes  sha256 {self.parquet_sha256}\n"
                f"  {CARD_NAME}  sha256 {self.card_sha256}")


def build(documents: Sequence[Document], out: str | os.PathLike[str], *,
          agreement: dict | None = None, progress: bool = False) -> BuildResult:
    """Write the Hub-format folder ``out`` for ``documents``, all or nothing.

    Every document is checked by the structural gold rules first
    (:func:`newsfacts.dataset.rules.check_document`). A rebuild of the same documents with the
    same pyarrow version is byte-identical.

    Parameters
    ----------
    documents : sequence of Document
        At least one; ids unique. Usually :func:`newsfacts.dataset.gold.load_documents`.
    out : str or path-like
        The folder: missing, empty, or a previous NewsFacts build (recognised by the card's
        marker and by holding nothing but ``README.md`` and ``data/``), which is replaced as a
        whole.
    agreement : dict, optional
        What ``newsfacts labelstudio agreement --json`` writes: the card then states the
        inter-annotator agreement figures.

    Returns
    -------
    BuildResult
        The folder, the row count and the sha256 and size of the files.

    Raises
    ------
    InputError
        ``out`` is something else (refused, untouched), no documents, a repeated id, a document
        that breaks a structural rule, or a write that fails; ``out`` is then left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from newsfacts.dataset.gold import load_documents
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "newsfacts"
    >>> docs = load_documents()
    >>> result = build(docs, out)
    >>> result.rows == len(docs), sorted(p.name for p in out.iterdir())
    (True, ['README.md', 'data'])
    >>> build(docs, out).parquet_sha256 == result.parquet_sha256    # rebuilt in place: same bytes
    True
    """
    from .card import render_card
    from .stats import compute

    target = Path(os.path.abspath(out))
    _check_target(target)
    if not documents:
        raise InputError("no documents to build: a Hub dataset needs at least one row", file=target)
    docs = sorted(documents, key=lambda d: d.id)
    for a, b in zip(docs, docs[1:]):
        if a.id == b.id:
            raise InputError(f"two documents have the id {a.id!r}", field="id")
    schema = features().arrow_schema  # ARROW_SCHEMA plus the "huggingface" metadata datasets reads
    try:
        with atomic_directory(target) as tmp:
            (tmp / DATA_DIR).mkdir()
            parquet_path = tmp / DATA_FILE
            with pq.ParquetWriter(parquet_path, schema, **PARQUET_OPTIONS) as writer, gc_paused():
                for i in bar(range(0, len(docs), ROW_GROUP_SIZE), desc="build", unit="row group",
                             enabled=progress):
                    writer.write_table(_table(docs[i:i + ROW_GROUP_SIZE], schema), row_group_size=ROW_GROUP_SIZE)
            data = parquet_path.read_bytes()
            card = render_card(compute(docs), features=features(),
                               field_types=[(c.name, describe(c)) for c in COLUMNS], split=SPLIT,
                               data_file=DATA_FILE, data_pattern=DATA_PATTERN, num_bytes=arrow_size(parquet_path),
                               download_size=len(data), marker=MARKER, agreement=agreement)
            card_bytes = card.encode("utf-8")
            (tmp / CARD_NAME).write_bytes(card_bytes)
    except OSError as exc:  # unwritable parent, full disk, ...
        raise InputError(f"cannot write the dataset folder: {exc.strerror or exc}", file=target) from None
    return BuildResult(path=target, rows=len(docs), parquet_sha256=hashlib.sha256(data).hexdigest(),
                       parquet_bytes=len(data), card_sha256=hashlib.sha256(card_bytes).hexdigest())


def arrow_size(path: str | os.PathLike[str]) -> int:
    """The in-memory Arrow size of a Parquet file's rows, summed per row group.

    This is the ``num_bytes`` that ``datasets`` records for a split (it loads row group by row
    group and adds up ``Table.nbytes``); the card states the same figure.
    """
    pf = pq.ParquetFile(path)
    return sum(pf.read_row_group(i).nbytes for i in range(pf.num_row_groups))


def _table(docs: Sequence[Document], schema: pa.Schema) -> pa.Table:
    for doc in docs:  # the structural gold rules: e.g. a speaker given as a string has no column
        check_document(doc, file=None, where=f"document {doc.id!r}")
    try:
        return pa.Table.from_pylist(msgspec.to_builtins(docs), schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:  # e.g. an offset beyond int32
        raise InputError(f"documents {docs[0].id!r}..{docs[-1].id!r} do not fit the Hub features: {exc}") from None


# The card carries this line; together with "nothing but README.md and data/" it is how a
# folder is recognised as a previous build that may be replaced (``--out .`` must never wipe a
# checkout).
MARKER = "<!-- newsfacts-build: generated by `newsfacts build`; rebuilding replaces this folder as a whole -->"


def is_build_folder(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` is a directory that a NewsFacts build wrote (safe to replace)."""
    folder = Path(path)
    if folder.is_symlink() or not folder.is_dir():
        return False
    names = {p.name for p in folder.iterdir()}
    if not names <= {CARD_NAME, DATA_DIR} or CARD_NAME not in names:
        return False
    card = folder / CARD_NAME
    data = folder / DATA_DIR
    if card.is_symlink() or not card.is_file() or MARKER.encode() not in card.read_bytes()[:64 * 1024]:
        return False
    if DATA_DIR in names:
        if data.is_symlink() or not data.is_dir():
            return False
        if any(p.is_symlink() or not p.is_file() or p.suffix != ".parquet" for p in data.iterdir()):
            return False
    return True


def _check_target(target: Path) -> None:
    existing = next((p for p in target.parents if p.exists()), target)  # "/" has no parents
    if not existing.is_dir():
        raise InputError(f"cannot create the folder: {display_path(existing)} is not a directory", file=target)
    if target.is_symlink():
        raise InputError("is a symbolic link; give the directory itself as --out", file=target)
    if target.exists() and not target.is_dir():
        raise InputError("exists and is not a directory; refusing to replace it", file=target)
    cwd = Path.cwd().resolve()
    if target.exists() and (cwd == target.resolve() or target.resolve() in cwd.parents):
        raise InputError("is the current directory or one of its parents; refusing to replace it", file=target)
    if target.is_dir() and any(target.iterdir()) and not is_build_folder(target):
        raise InputError("is a non-empty directory that is not a NewsFacts build (expected only README.md "
                         "with the build marker and data/*.parquet); refusing to replace it", file=target)


# --------------------------------------------------------------------------------------------
# Read back


def read_folder(path: str | os.PathLike[str]) -> list[Document]:
    """The Documents of a Hub-format folder: the Parquet files its card's ``configs`` name.

    Reads with pyarrow directly (no ``datasets``, no cache, so a rebuilt folder is never served
    stale), checks every file's schema against :data:`ARROW_SCHEMA` and every value against the
    model's nullability. The gold rules are checked by the caller that needs them
    (:func:`newsfacts.dataset.sources.load_gold`).

    Parameters
    ----------
    path : str or path-like
        A folder written by :func:`build` or ``newsfacts build`` (or any folder with a card whose
        ``configs`` name Parquet files of the NewsFacts features).

    Returns
    -------
    list of Document
        The rows, in file order.

    Raises
    ------
    InputError
        Not a folder, no card, a card without ``configs``, a file that is not Parquet or has
        other features, a forbidden null, or a repeated id, naming the file and the field.

    Examples
    --------
    >>> import tempfile
    >>> from newsfacts.dataset.gold import load_documents
    >>> out = build(load_documents(), tempfile.mkdtemp() + "/newsfacts").path
    >>> read_folder(out) == load_documents()
    True
    >>> read_folder(out / "data")
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: ...: not a Hub-format dataset folder: no README.md dataset card (make one with 'newsfacts build --out DIR')
    """
    folder = Path(path)
    if not folder.is_dir():
        raise InputError("not a directory; expected a Hub-format dataset folder (README.md and data/)",
                         file=folder)
    documents: list[Document] = []
    seen: dict[str, Path] = {}
    for file in data_files(folder):
        for doc in read_parquet(file):
            if doc.id in seen:
                raise InputError(f"duplicate document id {doc.id!r} (also in {display_path(seen[doc.id])})",
                                 file=file, field="id")
            seen[doc.id] = file
            documents.append(doc)
    return documents


def data_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The Parquet files of the ``test`` split, from the card's ``configs`` (sorted, as datasets does)."""
    import yaml

    folder = Path(folder)
    card = folder / CARD_NAME
    if not card.exists():
        raise InputError(f"not a Hub-format dataset folder: no {CARD_NAME} dataset card "
                         "(make one with 'newsfacts build --out DIR')", file=folder)
    text = decode_utf8(read_bytes(card), card)
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise InputError("no YAML front matter: a Hub dataset card starts with a '---' line", file=card, line=1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise InputError("the YAML front matter has no closing '---' line", file=card, line=1)
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"malformed YAML: {getattr(exc, 'problem', None) or exc}", file=card,
                         line=mark.line + 2 if mark else None) from None
    configs = meta.get("configs") if isinstance(meta, dict) else None
    if not isinstance(configs, list) or not configs:
        raise InputError("no 'configs' list naming the data files", file=card, field="configs")
    k, config = next(((i, c) for i, c in enumerate(configs)
                      if isinstance(c, dict) and c.get("config_name") == "default"), (0, configs[0]))
    entries = config.get("data_files") if isinstance(config, dict) else None
    field = f"configs[{k}].data_files"
    if not isinstance(entries, list):
        raise InputError("expected a list of {split, path} entries", file=card, field=field)
    j, entry = next(((j, e) for j, e in enumerate(entries) if isinstance(e, dict) and e.get("split") == SPLIT),
                    (None, None))
    if entry is None:
        raise InputError(f"no entry for the {SPLIT!r} split", file=card, field=field)
    field = f"{field}[{j}].path"
    patterns = entry.get("path")
    patterns = [patterns] if isinstance(patterns, str) else patterns
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
        raise InputError("expected a file pattern or a list of them", file=card, field=field)
    files: set[Path] = set()
    for pattern in patterns:
        try:
            matched = [p for p in folder.glob(pattern) if p.is_file()]
        except (ValueError, NotImplementedError) as exc:  # absolute or otherwise unusable pattern
            raise InputError(f"unusable file pattern {pattern!r}: {exc}", file=card, field=field) from None
        if not matched:
            raise InputError(f"no file matches {pattern!r}", file=card, field=field)
        inside = folder.resolve()
        for p in matched:
            if inside not in p.resolve().parents:
                raise InputError(f"pattern {pattern!r} reaches {display_path(p)}, outside the folder",
                                 file=card, field=field)
            if p.suffix != ".parquet":
                raise InputError(f"{display_path(p)} is not a .parquet file; only Parquet data files are read",
                                 file=card, field=field)
        files.update(matched)
    return sorted(files)


def read_parquet(file: str | os.PathLike[str]) -> list[Document]:
    """The Documents of one NewsFacts Parquet file, after checking its schema and nulls."""
    try:
        pf = pq.ParquetFile(file)
        schema = pf.schema_arrow
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"not a readable Parquet file: {exc}", file=file) from None
    problem = schema_problem(schema)
    if problem is not None:
        raise InputError(f"{problem[1]} (the NewsFacts features)", file=file, field=problem[0])
    documents: list[Document] = []
    try:
        table = pf.read()
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"cannot read the Parquet data: {exc}", file=file) from None
    with gc_paused():
        for batch in table.to_batches():  # one per row group
            try:
                documents.extend(_values(DOCUMENT, batch.to_struct_array(), inherited_nulls=0))
            except _NullFound:
                _raise_row_error(batch, len(documents), file)
    return documents


def schema_problem(schema: pa.Schema) -> tuple[str, str] | None:
    """``(field, message)`` for the first way ``schema`` differs from :data:`ARROW_SCHEMA`, else None.

    >>> schema_problem(ARROW_SCHEMA) is None
    True
    >>> schema_problem(ARROW_SCHEMA.remove(ARROW_SCHEMA.get_field_index("quotes")))
    ('quotes', 'missing column')
    """
    return _struct_problem(DOCUMENT, [schema.field(i) for i in range(len(schema))], "")


def _struct_problem(col: Column, fields: list[pa.Field], prefix: str) -> tuple[str, str] | None:
    expected = [c.name for c in col.children]
    actual = [f.name for f in fields]
    what = "column" if not prefix else "field"
    for name in expected:
        if name not in actual:
            return prefix + name, f"missing {what}"
    for name in actual:
        if name not in expected:
            return prefix + name, f"unknown {what}"
    if actual != expected:
        return prefix.rstrip(".") or "columns", f"{what}s in the order {actual}, expected {expected}"
    for child, f in zip(col.children, fields):
        problem = _type_problem(child, f.type, prefix + child.name)
        if problem is not None:
            return problem
    return None


def _type_problem(col: Column, actual: pa.DataType, path: str) -> tuple[str, str] | None:
    if col.dtype == "list":
        if not pa.types.is_list(actual):
            return path, f"expected a list, found {actual}"
        return _type_problem(col.children[0], actual.value_type, path + "[]")
    if col.dtype == "struct":
        if not pa.types.is_struct(actual):
            return path, f"expected a struct, found {actual}"
        return _struct_problem(col, [actual.field(i) for i in range(actual.num_fields)], path + ".")
    expected = _arrow_type(col)
    if actual != expected:
        return path, f"expected {expected}, found {actual}"
    return None


class _NullFound(Exception):
    """A null where the model does not allow one; the slow path then names the row and field."""


def _values(col: Column, arr: pa.Array, inherited_nulls: int) -> list[Any]:
    """The Python values of ``arr``, built column-wise into records.

    Column-wise conversion is about 4x faster than ``to_pylist`` + ``msgspec.convert`` (10,000
    documents: see docs/dataset.md); the types were checked against the schema already, so only
    nulls remain to check. ``inherited_nulls`` counts the nulls a parent struct pushed down.
    """
    if not col.nullable and arr.null_count > inherited_nulls:
        raise _NullFound
    if col.dtype == "list":
        offsets = arr.offsets.to_numpy()
        bounds = (offsets - offsets[0]).tolist()
        items = _values(col.children[0], arr.flatten(), inherited_nulls=0)
        return [tuple(items[a:b]) for a, b in zip(bounds, bounds[1:])]
    if col.dtype == "struct":
        # flatten() applies the struct's slice and validity to its fields
        fields = [_values(c, f, arr.null_count) for c, f in zip(col.children, arr.flatten())]
        make = _records_builder(col.record, tuple(c.name for c in col.children))
        if not arr.null_count:
            return make(*fields)
        # Build records only where the struct is valid (most cues and measured spans are null).
        where = np.flatnonzero(arr.is_valid().to_numpy(zero_copy_only=False)).tolist()
        out: list[Any] = [None] * len(arr)
        for i, record in zip(where, make(*([f[i] for i in where] for f in fields))):
            out[i] = record
        return out
    if arr.null_count == 0 and col.dtype != "string":
        return arr.to_numpy().tolist()
    return arr.to_pylist()


@functools.cache
def _records_builder(record: Any, names: tuple[str, ...]) -> Callable[..., list[Any]]:
    """``f(col1, col2, ...) -> [record(name1=v1, name2=v2, ...), ...]`` for column lists.

    Records are keyword-only; a generated comprehension with literal keywords (the way
    dataclasses generates ``__init__``) is about 3x faster than ``record(**dict(zip(names, row)))``
    over a million items. ``names`` are the record's own field names, hence identifiers.
    """
    params = ", ".join(f"v{i}" for i in range(len(names)))
    kwargs = ", ".join(f"{n}=v{i}" for i, n in enumerate(names))
    source = f"lambda {params}: [record({kwargs}) for {params}, in zip({params})]"
    return eval(source, {"record": record})  # noqa: S307


def _raise_row_error(batch: pa.RecordBatch, first_row: int, file: str | os.PathLike[str]) -> NoReturn:
    """Find the first row msgspec rejects and raise an InputError naming it and the field."""
    for i, row in enumerate(batch.to_pylist()):
        try:
            msgspec.convert(row, Document)
        except msgspec.ValidationError as exc:
            message, field = split_validation_error(exc)
            raise InputError(f"row {first_row + i + 1} (id {row.get('id')!r}): {message}",
                             file=file, field=field) from None
    raise InputError("a null where the NewsFacts features do not allow one", file=file)

