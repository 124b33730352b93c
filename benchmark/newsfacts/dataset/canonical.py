"""Canonical text: the normalization every offset in NewsFacts refers to.

A paragraph is normalized by, in order:

1. Unicode NFC;
2. every Unicode space other than a line break (tab, U+00A0 no-break space, U+2000..U+200A,
   U+202F, U+205F, U+3000, ...) becomes U+0020;
3. zero-width spaces and byte-order marks (U+200B, U+FEFF) are removed;
4. runs of spaces collapse to one, and leading and trailing spaces (indentation) are removed.

Paragraphs (headline, dek, body paragraphs) are joined with one blank line (``"\\n\\n"``).
Nothing else changes: quotation marks, dashes and letter case are kept as in the seed.

The normalization is deterministic and idempotent, and every canonical character keeps the
raw offsets of the characters it came from (:class:`OffsetMap`).

>>> normalize_paragraph("  The\\u00a0US   government\\t ")
'The US government'
>>> text, starts, ends = normalize_with_map("  e\\u0301t\\u00e9 ", 10)
>>> text == "\\u00e9t\\u00e9", list(zip(starts, ends))  # e + combining acute composes to one code point
(True, [(12, 14), (14, 15), (15, 16)])
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

PARAGRAPH_SEPARATOR = "\n\n"
# Every character for which str.isspace() is true, minus the ones str.splitlines() breaks on
# (tests check this against the running Python's Unicode tables).
SPACES = "\t\x1f \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
REMOVED = "\u200b\ufeff"  # zero-width space, byte-order mark
_TOKEN = re.compile(f"[^{SPACES}]+")
_VISIBLE = re.compile(f"[^{SPACES}{REMOVED}]")
_HAS_REMOVED = re.compile(f"[{REMOVED}]")
# Hangul vowel and trailing jamo are starters that NFC still composes with what precedes them.
_HANGUL_JAMO_VT = range(0x1160, 0x1200)

Mapped = tuple[str, "array[int]", "array[int]"]


def _segments(raw: str) -> list[tuple[int, int]]:
    """Split ``raw`` into NFC-independent pieces: a starter and the marks that follow it."""
    bounds: list[int] = []
    for i, ch in enumerate(raw):
        if i == 0 or (unicodedata.combining(ch) == 0 and ord(ch) not in _HANGUL_JAMO_VT):
            bounds.append(i)
    bounds.append(len(raw))
    return list(zip(bounds[:-1], bounds[1:]))


def _nfc_with_map(raw: str, base: int) -> Mapped:
    """NFC of ``raw`` without zero-width characters, each output character mapped to its raw range."""
    # Drop zero-width characters first: removing them after NFC could leave a mark next to a
    # letter it composes with, and the result would not be NFC (nor idempotent).
    kept = [i for i, ch in enumerate(raw) if ch not in REMOVED]
    text = "".join(raw[i] for i in kept)
    segments = _segments(text)
    parts = [unicodedata.normalize("NFC", text[s:e]) for s, e in segments]
    if "".join(parts) != unicodedata.normalize("NFC", text):
        # A composition across our segment boundaries (very rare): map the paragraph as one piece.
        segments, parts = [(0, len(text))], [unicodedata.normalize("NFC", text)]
    starts, ends = array("q"), array("q")
    for (s, e), part in zip(segments, parts):
        starts.extend([base + kept[s]] * len(part))
        ends.extend([base + kept[e - 1] + 1] * len(part))
    return "".join(parts), starts, ends


def normalize_with_map(raw: str, base: int = 0) -> Mapped:
    """Normalize one paragraph; return the text and, per output character, its raw ``[start, end)``.

    ``base`` is added to the raw offsets (the paragraph's position in the seed file).
    """
    if _HAS_REMOVED.search(raw) or not unicodedata.is_normalized("NFC", raw):
        chars, starts, ends = _nfc_with_map(raw, base)
    else:  # the common case: already NFC, so character i of the text is raw character i
        chars, starts, ends = raw, range(base, base + len(raw)), range(base + 1, base + len(raw) + 1)
    out: list[str] = []
    out_starts, out_ends = array("q"), array("q")
    previous_end = -1
    for m in _TOKEN.finditer(chars):
        a, b = m.span()
        if previous_end >= 0:  # one space stands for the whole run between two tokens
            out.append(" ")
            out_starts.append(starts[previous_end])
            out_ends.append(ends[a - 1])
        out.append(m.group())
        out_starts.extend(starts[a:b])
        out_ends.extend(ends[a:b])
        previous_end = b
    return "".join(out), out_starts, out_ends


def normalize_paragraph(raw: str) -> str:
    """The canonical form of one paragraph (see the module docstring).

    The same text as ``normalize_with_map(raw)[0]``, without building the offset map: reading
    the text of a seed (validation, the build, Label Studio import) never needs the map.
    """
    if _HAS_REMOVED.search(raw) or not unicodedata.is_normalized("NFC", raw):
        raw = _nfc_with_map(raw, 0)[0]
    return " ".join(_TOKEN.findall(raw))


def is_blank(raw: str) -> bool:
    """True if a line has nothing but spaces (or zero-width characters) once normalized."""
    return _VISIBLE.search(raw) is None


@dataclass(frozen=True)
class OffsetMap:
    """Canonical code-point offsets back to raw seed offsets.

    ``starts[i]``/``ends[i]`` are the raw range of canonical character ``i``; paragraph
    separators map to the line breaks between the paragraphs. Stored as compact int arrays
    (a Python list of ints costs about ten times the memory).
    """

    starts: Sequence[int]
    ends: Sequence[int]

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering canonical ``[start, end)``; an empty span maps to a point."""
        if not 0 <= start <= end <= len(self.starts):
            raise ValueError(f"span [{start}, {end}) outside the canonical text of length {len(self.starts)}")
        if start == end:
            point = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return point, point
        return self.starts[start], self.ends[end - 1]


def join_paragraphs(paragraphs: Sequence[Mapped]) -> tuple[str, OffsetMap]:
    """Join normalized paragraphs with blank lines; separators map to the gap between them."""
    texts: list[str] = []
    starts, ends = array("q"), array("q")
    for k, (text, p_starts, p_ends) in enumerate(paragraphs):
        if k:
            gap_start = ends[-1]
            gap_end = p_starts[0] if len(p_starts) else gap_start
            texts.append(PARAGRAPH_SEPARATOR)
            starts.extend([gap_start] * len(PARAGRAPH_SEPARATOR))
            ends.extend([gap_end] * len(PARAGRAPH_SEPARATOR))
        texts.append(text)
        starts.extend(p_starts)
        ends.extend(p_ends)
    return "".join(texts), OffsetMap(starts, ends)
