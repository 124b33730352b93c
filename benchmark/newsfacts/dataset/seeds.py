"""Seed parsing: a seed article file becomes a :class:`Seed` with canonical text.

The seed format (one file per article, UTF-8, ``<id>.txt``)::

    # <headline>

    Published at: **<ISO 8601 date-time>**

    Author: **<name>**

    Original: [<site name>](<url>)

    <dek: the first paragraph>
    <body paragraph>
    <body paragraph>
    ...

Blank lines between header lines are optional; the three header fields may come in any order
but each exactly once, after the headline and before the first paragraph. After the header,
every line that is not blank is one paragraph (the seeds put one paragraph per line). The
first paragraph is the dek, the rest are the body; a seed needs a dek and at least one body
paragraph. The canonical text is headline, dek and body paragraphs, each normalized as in
:mod:`newsfacts.dataset.canonical` and joined with blank lines.

>>> seed = parse_seed_text(
...     "# Title here\\nPublished at: **2019-11-04T00:42:59+00:00**\\nAuthor: **A. Writer**\\n"
...     "Original: [ZDNet](https://example.org/a)\\n\\n   The  dek.\\nBody one.\\n", "s1")
>>> seed.text
'Title here\\n\\nThe dek.\\n\\nBody one.'
>>> seed.source, seed.published_at
('ZDNet', '2019-11-04T00:42:59+00:00')
>>> seed.offsets.to_raw(12, 15)  # "The" in the raw file, after the indentation
(124, 127)
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .canonical import PARAGRAPH_SEPARATOR, OffsetMap, is_blank, join_paragraphs, normalize_paragraph, normalize_with_map
from ..errors import InputError
from ..jsonio import decode_utf8, list_dir, read_bytes
from ..model import ID_RULE, valid_id

_TITLE = re.compile(r"^\s*#\s+(?P<value>\S.*?)\s*$")
_HEADERS: dict[str, re.Pattern[str]] = {
    "published_at": re.compile(r"^\s*Published at:\s*\*\*(?P<value>.*?)\*\*\s*$"),
    "author": re.compile(r"^\s*Author:\s*\*\*(?P<value>.*?)\*\*\s*$"),
    "original": re.compile(r"^\s*Original:\s*\[(?P<value>.*?)\]\((?P<url>[^()\s]*)\)\s*$"),
}
_HEADER_LABEL = {"published_at": "Published at", "author": "Author", "original": "Original"}
_HEADER_START = re.compile(r"^\s*(Published at|Author|Original):")


@dataclass(frozen=True)
class Seed:
    """A parsed seed: metadata, canonical text and the map back to the raw file."""

    id: str
    title: str
    url: str
    source: str
    author: str
    published_at: str
    text: str
    path: str
    # (headline, its raw offset, [(raw offset, line) of the body]): what Seed.offsets maps.
    _mapped: tuple[str, int, list[tuple[int, str]]] = field(default=("", 0, []), repr=False, compare=False)

    @functools.cached_property
    def offsets(self) -> OffsetMap:
        """Canonical offsets back to the raw file (built on first use; see :class:`OffsetMap`)."""
        title, title_at, body = self._mapped
        paragraphs = [normalize_with_map(title, title_at)]
        paragraphs.extend(m for m in (normalize_with_map(line, offset) for offset, line in body) if m[0])
        text, offsets = join_paragraphs(paragraphs)
        assert text == self.text  # the two normalizations are one function of the raw text
        return offsets

    @property
    def text_sha256(self) -> str:
        """SHA-256 of the canonical text (UTF-8), as stored in the gold file."""
        return text_sha256(self.text)


def text_sha256(text: str) -> str:
    """SHA-256 hex digest of ``text`` encoded as UTF-8.

    >>> text_sha256("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lines(raw: str) -> list[tuple[int, str]]:
    """``(raw_offset, line)`` for every line, line breaks (any Unicode kind) excluded."""
    out = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        out.append((pos, body))
        pos += len(line)
    return out


def parse_seed_text(raw: str, seed_id: str, path: str | os.PathLike[str] = "<string>") -> Seed:
    """Parse the text of one seed file into its metadata and canonical text.

    Parameters
    ----------
    raw : str
        The file's text: ``# <headline>``, the header fields ``Published at:``, ``Author:`` and
        ``Original:``, then one paragraph per line (the first is the dek).
    seed_id : str
        The document id (the file stem): letters, digits, ``_``, ``.`` and ``-``.
    path : str or path-like, default "<string>"
        Named in error messages.

    Returns
    -------
    Seed
        ``id``, the header fields, the canonical ``text`` and ``offsets`` back to ``raw``.

    Raises
    ------
    InputError
        A malformed header, a missing field, an unparseable date or no body, naming ``path``,
        the line and the field.

    Examples
    --------
    >>> raw = '''# Ross says deal near
    ...
    ... Published at: **2019-11-04T00:42:59+00:00**
    ...
    ... Author: **A. Writer**
    ...
    ... Original: [ZDNet](https://www.zdnet.com/article/x/)
    ...
    ...     The US   received 260 requests.
    ... "It is close," Ross said.
    ... '''
    >>> seed = parse_seed_text(raw, "small")
    >>> seed.text
    'Ross says deal near\\n\\nThe US received 260 requests.\\n\\n"It is close," Ross said.'
    >>> seed.source, seed.published_at
    ('ZDNet', '2019-11-04T00:42:59+00:00')
    >>> parse_seed_text(raw.replace("Author", "Writer"), "small", "seeds/small.txt")
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: seeds/small.txt:5: field author: missing header field 'Author:' (expected before line 5)
    """
    where = str(path)
    if not valid_id(seed_id):
        raise InputError(f"seed id {seed_id!r} (the file name without .txt): use {ID_RULE}", file=where, field="id")
    lines = _lines(raw)
    n = 0
    while n < len(lines) and is_blank(lines[n][1]):
        n += 1
    if n == len(lines):
        raise InputError("empty seed: expected '# <headline>'", file=where, line=1, field="title")
    title_match = _TITLE.match(lines[n][1])
    if not title_match:
        raise InputError("expected the headline as '# <headline>'", file=where, line=n + 1, field="title")
    title_line = n
    n += 1

    values: dict[str, re.Match[str]] = {}
    value_line: dict[str, int] = {}
    while n < len(lines):
        line = lines[n][1]
        if is_blank(line):
            n += 1
            continue
        if not _HEADER_START.match(line):
            break
        for key, pattern in _HEADERS.items():
            m = pattern.match(line)
            if m:
                if key in values:
                    raise InputError(f"duplicate header field '{_HEADER_LABEL[key]}:'", file=where,
                                     line=n + 1, field=key)
                values[key] = m
                value_line[key] = n + 1
                break
        else:
            label = _HEADER_START.match(line).group(1)
            key = next(k for k, v in _HEADER_LABEL.items() if v == label)
            example = {"published_at": "Published at: **2019-11-04T00:42:59+00:00**",
                       "author": "Author: **Name**", "original": "Original: [Site](https://...)"}[key]
            raise InputError(f"malformed header line, expected {example!r}", file=where, line=n + 1,
                             field=key)
        n += 1
    for key in _HEADERS:
        if key not in values:
            raise InputError(f"missing header field '{_HEADER_LABEL[key]}:' (expected before line {n + 1})",
                             file=where, line=min(n + 1, len(lines)), field=key)

    published_at = values["published_at"].group("value").strip()
    try:
        datetime.fromisoformat(published_at)
    except ValueError:
        raise InputError(f"unparseable date {published_at!r}: expected ISO 8601 such as "
                         "2019-11-04T00:42:59+00:00", file=where,
                         line=value_line["published_at"], field="published_at") from None
    author = values["author"].group("value").strip()
    if not author:
        raise InputError("empty author", file=where, line=value_line["author"], field="author")
    source = values["original"].group("value").strip()
    url = values["original"].group("url").strip()
    if not source or not re.match(r"^https?://\S+$", url):
        raise InputError("expected 'Original: [Site](https://...)' with a site name and an http(s) URL",
                         file=where, line=value_line["original"], field="original")

    paragraphs = [normalize_paragraph(title_match.group("value"))]
    paragraphs.extend(p for p in map(normalize_paragraph, (line for _, line in lines[n:])) if p)
    if len(paragraphs) < 2:
        raise InputError("no dek or body paragraphs after the header", file=where, line=len(lines) or 1,
                         field="text")
    if len(paragraphs) < 3:
        raise InputError("empty body: the dek is the only paragraph after the header", file=where,
                         line=len(lines), field="text")
    # The offset map back to the raw file costs more than the parse itself; it is built from
    # the same lines when first asked for (Seed.offsets).
    body = [(offset, line) for offset, line in lines[n:]]
    title_at = lines[title_line][0] + title_match.start("value")
    return Seed(id=seed_id, title=paragraphs[0], url=url, source=source, author=author,
                published_at=published_at, text=PARAGRAPH_SEPARATOR.join(paragraphs), path=where,
                _mapped=(title_match.group("value"), title_at, body))


def parse_seed(path: str | os.PathLike[str]) -> Seed:
    """Parse one seed file; its id is the file stem (see :func:`parse_seed_text`).

    Raises
    ------
    InputError
        The file is missing, unreadable, not UTF-8 or malformed.
    """
    p = Path(path)
    raw = decode_utf8(read_bytes(p), p)
    return parse_seed_text(raw, p.stem, p)


def seed_paths(source: str | os.PathLike[str]) -> list[Path]:
    """The ``*.txt`` files of a seeds directory (sorted), or the one file given."""
    p = Path(source)
    if p.is_dir():
        return sorted(q for q in list_dir(p) if q.suffix == ".txt" and q.is_file())
    if p.is_file():
        return [p]
    raise InputError("no such seed file or directory", file=p)


def parse_seeds(sources: Iterable[str | os.PathLike[str]]) -> list[Seed]:
    """Parse every seed under ``sources`` (directories or files), in id order.

    Raises InputError for the first malformed seed or for two seeds with the same id.
    """
    seeds: dict[str, Seed] = {}
    for source in sources:
        for path in seed_paths(source):
            seed = parse_seed(path)
            if seed.id in seeds:
                raise InputError(f"duplicate seed id {seed.id!r}, also in {seeds[seed.id].path}",
                                 file=path, line=1, field="id")
            seeds[seed.id] = seed
    return [seeds[k] for k in sorted(seeds)]
