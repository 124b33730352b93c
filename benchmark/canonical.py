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
>>> text, raw = normalize_with_map("  e\\u0301t\\u00e9 ", 10)
>>> text == "\\u00e9t\\u00e9", raw  # e + combining acute composes to one code point
(True, [(12, 14), (14, 15), (15, 16)])
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

PARAGRAPH_SEPARATOR = "\n\n"
_REMOVED = frozenset("\u200b\ufeff")
# Hangul vowel and trailing jamo are starters that NFC still composes with what precedes them.
_HANGUL_JAMO_VT = range(0x1160, 0x1200)


def _is_space(ch: str) -> bool:
    return ch.isspace() and ch not in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _segments(raw: str) -> list[tuple[int, int]]:
    """Split ``raw`` into NFC-independent pieces: a starter and the marks that follow it."""
    bounds: list[int] = []
    for i, ch in enumerate(raw):
        if i == 0 or (unicodedata.combining(ch) == 0 and ord(ch) not in _HANGUL_JAMO_VT):
            bounds.append(i)
    bounds.append(len(raw))
    return list(zip(bounds[:-1], bounds[1:]))


def normalize_with_map(raw: str, base: int = 0) -> tuple[str, list[tuple[int, int]]]:
    """Normalize one paragraph and map every output character to a raw ``[start, end)`` range.

    ``base`` is added to the raw offsets (the paragraph's position in the seed file).
    """
    # Drop zero-width characters first: removing them after NFC could leave a mark next to a
    # letter it composes with, and the result would not be NFC (nor idempotent).
    kept = [i for i, ch in enumerate(raw) if ch not in _REMOVED]
    text = "".join(raw[i] for i in kept)
    segments = _segments(text)
    nfc_parts = [unicodedata.normalize("NFC", text[s:e]) for s, e in segments]
    if "".join(nfc_parts) != unicodedata.normalize("NFC", text):
        # A composition across our segment boundaries (very rare): map the paragraph as one piece.
        segments, nfc_parts = [(0, len(text))], [unicodedata.normalize("NFC", text)]
    pieces: list[tuple[str, int, int]] = []
    for (s, e), part in zip(segments, nfc_parts):
        raw_start, raw_end = base + kept[s], base + kept[e - 1] + 1
        for ch in part:
            pieces.append((ch, raw_start, raw_end))

    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pending_space: tuple[int, int] | None = None
    for ch, s, e in pieces:
        if _is_space(ch):
            if out and pending_space is None:
                pending_space = (s, e)
            elif pending_space is not None:
                pending_space = (pending_space[0], e)
            continue
        if pending_space is not None:
            out.append(" ")
            spans.append(pending_space)
            pending_space = None
        out.append(ch)
        spans.append((s, e))
    return "".join(out), spans


def normalize_paragraph(raw: str) -> str:
    """The canonical form of one paragraph (see the module docstring)."""
    return normalize_with_map(raw)[0]


def is_blank(raw: str) -> bool:
    """True if a line has nothing but spaces once normalized."""
    return not normalize_paragraph(raw)


@dataclass(frozen=True)
class OffsetMap:
    """Canonical code-point offsets back to raw seed offsets.

    ``starts[i]``/``ends[i]`` are the raw range of canonical character ``i``; paragraph
    separators map to the line breaks between the paragraphs.
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


def join_paragraphs(paragraphs: Sequence[tuple[str, list[tuple[int, int]]]]) -> tuple[str, OffsetMap]:
    """Join normalized paragraphs with blank lines; separators map to the gap between them."""
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for k, (text, spans) in enumerate(paragraphs):
        if k:
            gap_start = ends[-1]
            gap_end = spans[0][0] if spans else gap_start
            texts.append(PARAGRAPH_SEPARATOR)
            starts.extend([gap_start] * len(PARAGRAPH_SEPARATOR))
            ends.extend([gap_end] * len(PARAGRAPH_SEPARATOR))
        texts.append(text)
        starts.extend(s for s, _ in spans)
        ends.extend(e for _, e in spans)
    return "".join(texts), OffsetMap(starts, ends)
