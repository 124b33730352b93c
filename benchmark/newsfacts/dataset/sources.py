"""Gold sources: where the scorer (and ``newsfacts stats``) gets the gold documents from.

``load_gold(src)`` accepts:

* ``None``: the bundled benchmark, ``seeds/`` + ``annotations/`` of the checkout (fully validated
  by :func:`newsfacts.dataset.gold.load_documents`);
* a directory: a Hub-format folder built by ``newsfacts build``, read with
  :func:`newsfacts.dataset.hub.read_folder` (pyarrow, straight from the Parquet files: never the
  ``datasets`` cache, so a rebuilt folder is never served stale);
* a ``.jsonl`` file: one document record per line (the dataset row, see docs/dataset.md), indexed by id on a
  first pass and decoded one document at a time when the scorer asks for it (memory stays
  bounded for 100,000 documents);
* anything else of the form ``owner/name``: a Hugging Face Hub dataset id, loaded with
  ``datasets.load_dataset(id, split="test")`` (offline, only from the local cache).

Gold that does not come from the bundled files is checked for what scoring relies on: document
ids unique and well-formed (:func:`newsfacts.dataset.rules.document_id_problem`), in every source, and each
document by the structural rules of the gold rules engine (:func:`newsfacts.dataset.rules.check_document`:
item ids unique, spans inside the text and equal to their slice, closed label sets, finite
values, cluster references that resolve). The guideline rules are ``newsfacts validate``'s job.
A violation is an InputError naming the file, the line (``.jsonl``) or document, and the field.

**Fingerprint.** ``sha256`` of the lines ``sha256(to_json(doc))`` (hex), one per document in id
order, joined with ``"\\n"``; ``to_json`` is :func:`newsfacts.model.to_json`, compact JSON in field
order. The same documents give the same fingerprint from every source and in any file order,
and it can be computed one document at a time:

>>> import hashlib
>>> from newsfacts.model import Document, to_json
>>> docs = [Document(id=i, title="", url="", source="", author="", published_at="", text="x") for i in "ba"]
>>> gold = ListGold(docs, "example")
>>> per_doc = [hashlib.sha256(to_json(d).encode()).hexdigest() for d in sorted(docs, key=lambda d: d.id)]
>>> gold.fingerprint == hashlib.sha256("\\n".join(per_doc).encode()).hexdigest()
True
>>> gold.ids
('a', 'b')
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec

from ..errors import InputError
from ..jsonio import BOM, decode, open_binary
from ..model import Document
from .rules import check_document, document_id_problem

_HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")


# model.to_json's encoder (msgspec's defaults): its bytes are to_json(doc) in UTF-8, without the
# round trip through str.
_ENCODER = msgspec.json.Encoder()


def doc_digest(doc: Document) -> str:
    """``sha256(to_json(doc))`` in hex: one document's share of the fingerprint."""
    return hashlib.sha256(_ENCODER.encode(doc)).hexdigest()


def combine_digests(digests: Sequence[str]) -> str:
    """The fingerprint from per-document digests already in id order."""
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


class GoldSource:
    """Gold documents by id: ``ids`` (sorted), ``get(id)``, iteration in id order, ``fingerprint``.

    ``source`` is the display string of where the gold came from; ``kind`` one of ``bundled``,
    ``folder``, ``jsonl``, ``hub``. Use as a context manager (or call :meth:`close`) to release
    an open file.
    """

    source: str
    kind: str
    ids: tuple[str, ...]

    def __init__(self) -> None:
        self._digests: dict[str, str] = {}
        self.id_set = frozenset(self.ids)

    def _load(self, doc_id: str) -> Document:
        raise NotImplementedError

    def get(self, doc_id: str) -> Document:
        """The document ``doc_id`` (checked); KeyError when the dataset has no such document."""
        if doc_id not in self.id_set:
            raise KeyError(doc_id)
        doc = self._load(doc_id)
        if doc_id not in self._digests:
            self._digests[doc_id] = doc_digest(doc)
        return doc

    def __iter__(self) -> Iterator[Document]:
        for doc_id in self.ids:
            yield self.get(doc_id)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def documents(self) -> list[Document]:
        """Every document in id order (materialised; the scorer streams with :meth:`get`)."""
        return list(self)

    def digests_of(self, ids: Sequence[str]) -> dict[str, str]:
        """Per-document digests of documents already fetched (a worker process sends them back)."""
        return {i: self._digests[i] for i in ids if i in self._digests}

    def merge_digests(self, digests: dict[str, str]) -> None:
        """Digests computed elsewhere (by a worker process) for documents of this source."""
        self._digests.update((i, d) for i, d in digests.items() if i in self.id_set)

    @property
    def fingerprint(self) -> str:
        """See the module docstring; documents already fetched are not read again."""
        for doc_id in self.ids:
            if doc_id not in self._digests:
                self.get(doc_id)
        return combine_digests([self._digests[i] for i in self.ids])

    def close(self) -> None:
        pass

    def __enter__(self) -> GoldSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ListGold(GoldSource):
    """Gold held in memory: the bundled benchmark, a Hub folder, a Hub dataset."""

    def __init__(self, documents: Sequence[Document], source: str, kind: str = "memory", *,
                 check_file: str | None = None) -> None:
        self.source = source
        self.kind = kind
        by_id: dict[str, Document] = {}
        for k, doc in enumerate(documents):
            if check_file is not None:
                if message := document_id_problem(doc.id):
                    raise InputError(f"row {k + 1}: {message}", file=check_file, field=f"rows[{k}].id")
                check_document(doc, file=check_file, line=None, where=f"document {doc.id!r} (row {k + 1})")
            if doc.id in by_id:
                raise InputError(f"duplicate document id {doc.id!r}", file=check_file or source,
                                 field=f"rows[{k}].id")
            by_id[doc.id] = doc
        if not by_id:
            raise InputError("the dataset has no documents", file=check_file or source)
        self._docs = by_id
        self.ids = tuple(sorted(by_id))
        super().__init__()

    def _load(self, doc_id: str) -> Document:
        return self._docs[doc_id]


class _IdOnly(msgspec.Struct):
    id: str


class JsonlGold(GoldSource):
    """A ``.jsonl`` file of document records, indexed on open, one document decoded per ``get``."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.source = str(path)
        self.kind = "jsonl"
        self._index: dict[str, tuple[int, int, int]] = {}  # id -> (line, byte offset, length)
        decoder = msgspec.json.Decoder(_IdOnly)
        # Held for get(), closed by close(). A 64 KB buffer: document lines are longer than the
        # default 8 KB, and reading them piecewise made this pass twice as slow.
        self._file = io.BufferedReader(open_binary(self.path).detach(), buffer_size=1 << 16)
        offset = 0
        for lineno, raw in enumerate(self._file, start=1):
            if offset == 0 and raw.startswith(BOM):  # a byte-order mark some editors write
                offset, raw = len(BOM), raw[len(BOM):]
            length = len(raw)
            if raw.strip():
                # Lines written by model.to_json start with the id: read it without parsing
                # the line (every line is fully decoded and checked when the scorer gets it).
                end = raw.find(b'"', 7) if raw.startswith(b'{"id":"') else -1
                if end > 0 and b"\\" not in raw[7:end]:
                    doc_id = raw[7:end].decode("utf-8", "replace")
                else:
                    try:
                        doc_id = decoder.decode(raw).id
                    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, RecursionError):
                        # (RecursionError: skipping a value nested too deeply.) Decoded as a whole
                        # document, the line names its bad field.
                        self.close()
                        decode(raw, Document, file=path, line=lineno)
                        raise InputError("not a document record", file=path, line=lineno) from None
                if message := document_id_problem(doc_id):
                    self.close()
                    raise InputError(message, file=path, line=lineno, field="id")
                if doc_id in self._index:
                    self.close()
                    raise InputError(f"duplicate document id {doc_id!r} (also on line {self._index[doc_id][0]})",
                                     file=path, line=lineno, field="id")
                self._index[doc_id] = (lineno, offset, length)
            offset += length
        if not self._index:
            self.close()
            raise InputError("no documents: expected one document record per line", file=path)
        self.ids = tuple(sorted(self._index))
        self._decoder = msgspec.json.Decoder(Document)
        super().__init__()

    def _load(self, doc_id: str) -> Document:
        line, offset, length = self._index[doc_id]
        raw = os.pread(self._file.fileno(), length, offset)
        try:
            doc = self._decoder.decode(raw)
        except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
            # (msgspec raises UnicodeDecodeError or DecodeError for invalid UTF-8, by version.)
            decode(raw, Document, file=self.path, line=line)  # raises, naming the line and field
            raise  # pragma: no cover
        check_document(doc, file=self.source, line=line)
        return doc

    def close(self) -> None:
        f = getattr(self, "_file", None)
        if f is not None:
            f.close()

    def __del__(self) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------


def load_gold(src: str | os.PathLike[str] | None = None) -> GoldSource:
    """The gold documents of ``src``, checked, for scoring and statistics.

    Parameters
    ----------
    src : str, path-like or None
        ``None`` for the bundled benchmark; a folder written by ``newsfacts build``; a ``.jsonl``
        file of document records; or a Hugging Face Hub dataset id ``owner/name`` (offline, only
        from the local cache), which ``hf:owner/name`` names explicitly; ``owner/name`` is read as
        a local path when a folder ``owner`` exists here. See the module docstring.

    Returns
    -------
    GoldSource
        Documents by id (``ids``, ``get(id)``, iteration in id order) and the ``fingerprint``;
        use it as a context manager to close a ``.jsonl`` file.

    Raises
    ------
    InputError
        No such source, an unusable file, a repeated or malformed document id, or a document
        that breaks a structural gold rule (:func:`newsfacts.dataset.rules.check_document`),
        naming the file, the line or row, and the field.

    Examples
    --------
    >>> with load_gold() as gold:                   # the bundled benchmark
    ...     gold.kind, len(gold) == len(gold.ids), len(gold.fingerprint)
    ('bundled', True, 64)
    >>> load_gold("no/such-dataset.jsonl")
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: no/such-dataset.jsonl: no such file
    """
    if src is None:
        from .gold import load_documents

        return ListGold(load_documents(), "bundled", "bundled")
    path = Path(src)
    if path.is_dir():
        from .hub import read_folder

        return ListGold(read_folder(path), str(src), "folder", check_file=str(src))
    if path.exists() or str(src).endswith(".jsonl"):
        if path.exists() and not str(src).endswith(".jsonl"):
            raise InputError("expected a Hub-format folder, a .jsonl file of document records or a Hub dataset id",
                             file=src)
        return JsonlGold(path)
    text = str(src)
    if text.startswith("hf:") and _HUB_ID.match(text[3:]):  # explicitly the Hub, whatever is on disk
        return _hub_dataset(text[3:])
    if _HUB_ID.match(text):
        owner = text.split("/", 1)[0]
        if Path(owner).is_dir():  # "out/newsfacts" before it was built: a typo, not a Hub id
            raise InputError(f"no such folder or .jsonl file (the folder {owner!r} exists here, so this is read "
                             f"as a local path; write hf:{text} for the Hub dataset of that name)", file=src)
        return _hub_dataset(text)
    raise InputError("no such folder or .jsonl file, and not a Hub dataset id (owner/name)", file=src)


def _hub_dataset(repo_id: str) -> GoldSource:
    """``datasets.load_dataset(repo_id, split="test")``; offline it works only from the local cache."""
    import datasets

    from ..model import from_builtins

    try:
        ds = datasets.load_dataset(repo_id, split="test")
    except Exception as exc:  # datasets raises many types (ConnectionError, DatasetNotFoundError, ...)
        offline = os.environ.get("HF_HUB_OFFLINE") in ("1", "true", "TRUE", "yes") or \
            os.environ.get("HF_DATASETS_OFFLINE") in ("1", "true", "TRUE", "yes")
        hint = (" (offline: HF_HUB_OFFLINE is set, so only datasets already in the local cache can be loaded)"
                if offline else "")
        raise InputError(f"cannot load Hub dataset {repo_id!r}: {type(exc).__name__}: {exc}{hint}; "
                         "no local folder or .jsonl file has that name either") from None
    docs = []
    for k, row in enumerate(ds):
        try:
            docs.append(from_builtins(row, Document))
        except msgspec.ValidationError as exc:
            raise InputError(f"row {k + 1}: {exc}", file=f"hf:{repo_id}") from None
    return ListGold(docs, f"hf:{repo_id}", "hub", check_file=f"hf:{repo_id}")
