"""Alignment: place an offset-free predicted string (as LLMs answer) in the document text.

A string is placed by the first of three stages that finds an unused occurrence:

1. **exact**: the string itself, as a whole-word occurrence;
2. **normalized**: both sides normalized by :func:`normalize` -- Unicode NFC, quotation marks
   (``‘ ’ ‚ ‛ ‹ › ` ´`` -> ``'``; ``“ ” „ ‟ « » 〝 〞`` -> ``"``) and dashes (``‐ ‑ ‒ – — ― −`` -> ``-``)
   unified, case folded, runs of whitespace collapsed to one space -- again as a whole-word
   occurrence; an offset map turns the hit back into a span of the original text;
3. **fuzzy**: the best window of the normalized text by RapidFuzz's ``partial_ratio_alignment``,
   trimmed of spaces and of punctuation at an edge where the string has a letter or digit,
   widened to whole words, accepted when ``fuzz.ratio`` of the normalized string and the widened
   window, divided by 100, is at least the threshold (default :data:`FUZZY_THRESHOLD` = 0.9,
   ``--fuzzy-threshold``). At 0.9 a string needs about 10 characters before one wrong character is
   forgiven, so short names never match fuzzily (``"ross"`` is not placed inside ``"across"``:
   widened to the whole word, the ratio is 0.8).

*Whole-word* means that a hit that starts (ends) with a letter or digit must not be preceded
(followed) by one: ``"US"`` is not placed inside ``"USB"``. The placed span is never empty and has
no leading or trailing whitespace.

**Repeated strings.** Each occurrence is used once, in order: the k-th item of a layer whose
normalized string is ``"us"`` takes the first occurrence not yet taken by an earlier item with
the same normalized string, so a system that lists "US" three times gets the first three
occurrences of "US" in the text. This is the one place where the order of items in a line
matters; it is the order LLMs answer in (reading order). Different strings may overlap
("US" and "US-Huawei deal" are placed independently), and each layer has its own occurrences.

A string that no stage can place is left to the caller, which reports it as *unaligned*.

>>> a = Aligner("The US and the US-Huawei deal, said \u201cRoss\u201d.")
>>> [a.place("US", layer="entities") for _ in range(3)]  # doctest: +NORMALIZE_WHITESPACE
[Placement(start=4, end=6, method='exact', score=1.0),
 Placement(start=15, end=17, method='exact', score=1.0),
 None]
>>> a.place('"ross"', layer="quotes")
Placement(start=36, end=42, method='normalized', score=1.0)
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

FUZZY_THRESHOLD = 0.9

_QUOTES_SINGLE = "\u2018\u2019\u201a\u201b\u2039\u203a`\u00b4"
_QUOTES_DOUBLE = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u301d\u301e"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_CHAR_TABLE = str.maketrans({**{c: "'" for c in _QUOTES_SINGLE}, **{c: '"' for c in _QUOTES_DOUBLE},
                             **{c: "-" for c in _DASHES}})
_WS_RUN = re.compile(r"\s+")
QUOTATION_MARKS = frozenset("'\"" + _QUOTES_SINGLE + _QUOTES_DOUBLE)


def normalize(s: str) -> str:
    """The normalized form both the text and a predicted string are compared in.

    >>> normalize("  \u00abForthcoming\u00a0 VERY  shortly\u00bb ")
    '"forthcoming very shortly"'
    """
    return _WS_RUN.sub(" ", unicodedata.normalize("NFC", s).translate(_CHAR_TABLE).casefold()).strip()


def strip_quotation_marks(s: str) -> str:
    """Drop one pair of enclosing quotation marks: quote content excludes them (DESIGN.md).

    >>> strip_quotation_marks('\u201cforthcoming very shortly\u201d'), strip_quotation_marks("Ross's")
    ('forthcoming very shortly', "Ross's")
    """
    t = s.strip()
    if len(t) >= 2 and t[0] in QUOTATION_MARKS and t[-1] in QUOTATION_MARKS:
        return t[1:-1].strip()
    return s


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a string was placed: a span of the original text, the stage and its similarity."""

    start: int
    end: int
    method: str  # "exact" | "normalized" | "fuzzy"
    score: float


class _Normalized:
    """The normalized text and a map from its positions back to the original text."""

    __slots__ = ("text", "_norm_starts", "_orig_starts", "_exact")

    def __init__(self, original: str) -> None:
        translated = original.translate(_CHAR_TABLE)  # one character for one: offsets unchanged
        folded = translated.casefold()
        pieces: list[str] = []
        norm_starts: list[int] = []
        orig_starts: list[int] = []
        # _exact: pieces map one character to one character, so an offset inside a piece
        # maps by its distance from the piece start.
        self._exact: list[bool] = []
        n = 0

        def emit(piece: str, orig: int, exact: bool) -> None:
            nonlocal n
            if piece:
                pieces.append(piece)
                norm_starts.append(n)
                orig_starts.append(orig)
                self._exact.append(exact)
                n += len(piece)

        if len(folded) == len(translated):  # the usual case: casefold kept every length
            pos = 0
            for m in _WS_RUN.finditer(folded):
                emit(folded[pos:m.start()], pos, True)
                emit(" ", m.start(), False)
                pos = m.end()
            emit(folded[pos:], pos, True)
        else:  # 'ß' -> 'ss' and friends: map character by character
            in_space = False
            for i, ch in enumerate(translated):
                if ch.isspace():
                    if not in_space:
                        emit(" ", i, False)
                    in_space = True
                else:
                    emit(ch.casefold(), i, len(ch.casefold()) == 1)
                    in_space = False
        self.text = "".join(pieces)
        self._norm_starts = norm_starts
        self._orig_starts = orig_starts

    def original(self, k: int) -> int:
        """Original offset of normalized position ``k``."""
        j = bisect_right(self._norm_starts, k) - 1
        base = self._orig_starts[j]
        return base + (k - self._norm_starts[j]) if self._exact[j] else base

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalized span ``[a, b)`` (b > a)."""
        return self.original(a), self.original(b - 1) + 1


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _whole_word(text: str, a: int, b: int) -> bool:
    return not ((a > 0 and _word(text[a]) and _word(text[a - 1]))
                or (b < len(text) and _word(text[b - 1]) and _word(text[b])))


class Aligner:
    """Places strings in one document's text, remembering which occurrences are taken.

    One Aligner per document; ``layer`` keeps the occurrences of each layer apart.
    """

    def __init__(self, text: str, threshold: float = FUZZY_THRESHOLD) -> None:
        self.text = text
        self.threshold = threshold
        self._norm: _Normalized | None = None  # built on the first string that needs it
        self._taken: dict[tuple[str, str], set[tuple[int, int]]] = {}

    @property
    def normalized(self) -> _Normalized:
        if self._norm is None:
            self._norm = _Normalized(self.text)
        return self._norm

    def place(self, needle: str, *, layer: str) -> Placement | None:
        """Place ``needle`` at its first unused occurrence; None when no stage can."""
        key = normalize(needle)
        if not key:
            return None
        taken = self._taken.setdefault((layer, key), set())
        found = (self._first(self.text, needle.strip(), taken, None, "exact")
                 or self._first(self.normalized.text, key, taken, self.normalized, "normalized")
                 or self._fuzzy(key, taken))
        if found is not None:
            taken.add((found.start, found.end))
        return found

    def _first(self, hay: str, needle: str, taken: set[tuple[int, int]], norm: _Normalized | None,
               method: str) -> Placement | None:
        if not needle:
            return None
        i = hay.find(needle)
        while i >= 0:
            b = i + len(needle)
            if _whole_word(hay, i, b):
                span = norm.span(i, b) if norm is not None else (i, b)
                if span not in taken:
                    return Placement(span[0], span[1], method, 1.0)
            i = hay.find(needle, i + 1)
        return None

    def _fuzzy(self, key: str, taken: set[tuple[int, int]]) -> Placement | None:
        if self.threshold > 1.0:
            return None
        from rapidfuzz import fuzz  # only offset-free strings that missed twice pay for the import

        norm = self.normalized
        hay = norm.text
        cutoff = self.threshold * 100.0
        # Search the gaps between the occurrences this string already took, so a repeated
        # string never lands on a taken occurrence again.
        taken_norm = sorted(self._to_norm(s) for s in taken)
        gaps, pos = [], 0
        for a, b in taken_norm:
            gaps.append((pos, a))
            pos = max(pos, b)
        gaps.append((pos, len(hay)))
        best: tuple[float, int, int] | None = None
        for lo, hi in gaps:
            segment = hay[lo:hi]
            if not segment.strip():
                continue
            if len(segment) < len(key):
                a, b = lo, hi
            else:
                # No cutoff here: a window cut inside a word ("hikvisio") can score below the
                # threshold and still widen to a good match ("hikvision").
                hit = fuzz.partial_ratio_alignment(key, segment)
                a, b = lo + hit.dest_start, lo + hit.dest_end
            a, b = self._widen(hay, key, a, b, lo, hi)
            if a >= b:
                continue
            score = fuzz.ratio(key, hay[a:b])
            if score >= cutoff and (best is None or score > best[0]):
                best = (score, a, b)
        if best is None:
            return None
        start, end = norm.span(best[1], best[2])
        return Placement(start, end, "fuzzy", round(best[0] / 100.0, 4))

    def _to_norm(self, span: tuple[int, int]) -> tuple[int, int]:
        """A taken original span in normalized coordinates (for the fuzzy gaps)."""
        norm = self.normalized
        # The map is monotone: the first normalized position at or after an original offset.
        lo, hi = 0, len(norm.text)
        a = self._search(span[0], lo, hi)
        b = self._search(span[1], a, hi)
        return a, b

    def _search(self, orig: int, lo: int, hi: int) -> int:
        norm = self.normalized
        while lo < hi:
            mid = (lo + hi) // 2
            if norm.original(mid) < orig:
                lo = mid + 1
            else:
                hi = mid
        return lo

    @staticmethod
    def _widen(hay: str, key: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
        """Trim spaces (and punctuation the string does not start or end with), then extend a
        window cut inside a word to the whole word."""
        while a < b and (hay[a] == " " or (_word(key[0]) and not _word(hay[a]))):
            a += 1
        while b > a and (hay[b - 1] == " " or (_word(key[-1]) and not _word(hay[b - 1]))):
            b -= 1
        while a > lo and a < b and _word(hay[a]) and _word(hay[a - 1]):
            a -= 1
        while b < hi and b > a and _word(hay[b - 1]) and _word(hay[b]):
            b += 1
        return a, b
