"""Alignment: place an offset-free predicted string (as LLMs answer) in the document text.

A string is placed by the first of three stages that finds a *free* occurrence (below):

1. **exact**: the string itself (stripped of surrounding whitespace), as a whole-word occurrence;
2. **normalized**: both sides normalized by :func:`normalize` -- Unicode NFC, quotation marks
   (``‘ ’ ‚ ‛ ‹ › ` ´`` -> ``'``; ``“ ” „ ‟ « » 〝 〞`` -> ``"``) and dashes (``‐ ‑ ‒ – — ― −`` -> ``-``)
   unified, case folded, runs of whitespace collapsed to one space (never removed: ``"U S"`` is
   not ``"US"``) -- again as a whole-word occurrence; an offset map turns the hit back into a
   span of the original text (also where NFC or case folding changes lengths: a decomposed
   ``"Cafe\\u0301"`` in the text is found by ``"Café"``, ``"ß"`` by ``"ss"``);
3. **fuzzy**: the best window of the normalized text by RapidFuzz's ``partial_ratio_alignment``,
   trimmed of spaces and of punctuation at an edge where the string has a letter or digit,
   widened to whole words, accepted when ``fuzz.ratio`` of the normalized string and the widened
   window, divided by 100, is at least the threshold (default 0.9, ``--fuzzy-threshold``; 1
   turns this stage off) **and** the words agree (:func:`same_words`): the string and the
   window have the same number of words and each word that differs is a misspelling (at least
   :data:`MIN_FUZZY_WORD` = 5 characters on both sides, same first and last character), or at
   least the threshold share of their words are the same (``2 x common / (words + words)``,
   in order). So fuzzy alignment forgives a typo, or a changed short word in a long quote,
   but never turns a name into another word of the text: ``"Russia"`` is not placed on
   ``"Russian"`` (ratio 0.92, but another last letter), nor ``"India"`` on ``"Indian"`` or
   ``"Korea"`` on ``"Korean"``; ``"Hikvison"`` is placed on ``"Hikvision"``, and ``"ross"``
   never inside ``"across"`` (widened to the whole word, the ratio is 0.8).

A quote's offset-free text is placed by :meth:`Aligner.place_quote`: as given first (exact
and normalized), and when that lands on text enclosed in a matching pair of quotation marks
(:func:`enclosed_in_pair`), on the content inside them; otherwise without its own enclosing
marks if they are a matching pair, and last as given by the fuzzy stage. So a mixed quote
whose content starts and ends with its own marks (``'forthcoming' and 'soon'``) keeps them.

*Whole-word* means that a hit that starts (ends) with a word character must not be preceded
(followed) by one; word characters are letters, digits, ``_`` and combining marks (so
``"US"`` is not placed inside ``"USB"``, ``"Cafe"`` not inside ``"Café"`` written with a
combining accent, and a fuzzy window is never cut after the dot of ``"İ"``, which case-folds to
``i`` + U+0307). The placed span is never empty and has no leading or trailing whitespace.

**Free occurrences, and the order strings are placed in.** Each occurrence serves one item:

* Strings with the same normalized form (``"US"``, ``"us"``) share their occurrences and are
  placed in list order (the reading order LLMs answer in), each taking the first occurrence no
  earlier one took, by the first stage that finds one. When the items and the occurrences in
  the text are spelled alike, the k-th item takes the k-th free occurrence. Otherwise the exact
  stage, which runs first, makes an item take the occurrences of its own spelling first: on
  ``"US and us and US."`` the items ``["us", "US", "US"]`` take [7, 9), [0, 2) and [14, 16), and
  so do ``["us", "us", "us"]`` (the exact ``us`` first, then the others in text order).
* Entities and numeric facts are flat in the gold (validation enforces it), so in these layers
  a string is never placed on an occurrence that overlaps an item of the same layer and line
  already placed (by offsets, or aligned before it). For the result not to depend on the order
  of the list, :meth:`Aligner.place_all` places a line's strings of such a layer longest
  normalized string first (equal lengths: in the order of the normalized strings, then in list
  order): ``"Wilbur Ross"`` is placed before ``"Ross"`` whatever the order of the list, and
  ``"Ross"`` then takes the first ``Ross`` outside it.
* Quotes may nest (a reported claim inside a reported claim): they are placed in list order
  and avoid only the occurrences their own normalized string took.
* Each layer has its own occurrences; the fuzzy stage searches only the text outside the
  spans a string may not overlap.

A string that no stage can place is left to the caller, which reports it as *unaligned*.

>>> a = Aligner("The US and the US-Huawei deal, said \\u201cRoss\\u201d.")
>>> [a.place("US", layer="entities") for _ in range(3)]  # doctest: +NORMALIZE_WHITESPACE
[Placement(start=4, end=6, method='exact', score=1.0),
 Placement(start=15, end=17, method='exact', score=1.0),
 None]
>>> a.place('"ross"', layer="quotes")
Placement(start=36, end=42, method='normalized', score=1.0)
>>> b = Aligner("US Commerce Secretary Wilbur Ross. Ross said so.")
>>> [(p.start, p.end) for p in b.place_all(["Ross", "Wilbur Ross"], layer="entities")]
[(35, 39), (22, 33)]
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..config import DEFAULTS
from ..textnorm import _CHAR_TABLE, _WS_RUN, QUOTATION_MARKS, normalize

FUZZY_THRESHOLD = DEFAULTS.fuzzy_threshold
# Layers whose gold spans never overlap: an aligned string may not overlap a placed one there.
FLAT_LAYERS = frozenset({"entities", "numeric_facts"})
#: A word that differs between a string and its fuzzy window must have at least this many
#: characters on both sides (and the same first and last character): a misspelling, not another word.
MIN_FUZZY_WORD = 5

NOT_FOUND = "not found in the text"
TAKEN = "every occurrence is already taken by another predicted item"


def enclosed_in_pair(s: str) -> bool:
    """Whether ``s`` (stripped) starts and ends with a *matching pair* of quotation marks.

    A matching pair: two marks of the same family (single ``‘ ’ ' ‚ ‛ ‹ › ` ´`` or double
    ``“ ” " „ ‟ « » 〝 〞``) and no mark of that family in between that closes the first one
    earlier, i.e. one after a non-space and before a space or punctuation (an apostrophe inside
    a word, as in ``Ross’s``, closes nothing).

    >>> enclosed_in_pair("\\u201cforthcoming very shortly\\u201d"), enclosed_in_pair("\\u2018Ross\\u2019s deal\\u2019")
    (True, True)
    >>> enclosed_in_pair("'forthcoming' and 'soon'"), enclosed_in_pair("'tis"), enclosed_in_pair('"x\\'')
    (False, False, False)
    """
    t = s.strip()
    if len(t) < 2 or t[0] not in QUOTATION_MARKS or t[-1] not in QUOTATION_MARKS:
        return False
    family = t[0].translate(_CHAR_TABLE)
    if t[-1].translate(_CHAR_TABLE) != family:
        return False
    inner = t[1:-1]
    for k, ch in enumerate(inner):
        if ch in QUOTATION_MARKS and ch.translate(_CHAR_TABLE) == family and k > 0 and not inner[k - 1].isspace() \
                and (k + 1 == len(inner) or not _word(inner[k + 1])):
            return False  # a closing mark before the end: the outer marks are not one pair
    return True


def strip_quotation_marks(s: str) -> str:
    """Drop a matching pair of enclosing quotation marks (:func:`enclosed_in_pair`): quote
    content excludes them. Anything else is returned as given.

    >>> strip_quotation_marks('\\u201cforthcoming very shortly\\u201d'), strip_quotation_marks("Ross's")
    ('forthcoming very shortly', "Ross's")
    >>> strip_quotation_marks("'forthcoming' and 'soon'")
    "'forthcoming' and 'soon'"
    """
    t = s.strip()
    return t[1:-1].strip() if enclosed_in_pair(t) else s


def _words(s: str) -> list[str]:
    """Runs of word characters (as :func:`_whole_word` counts them: combining marks included)."""
    return "".join(ch if _word(ch) else " " for ch in s).split()


def same_words(key: str, window: str, threshold: float) -> bool:
    """The word rule of fuzzy alignment (module docstring): ``window`` differs from ``key`` only
    in misspelt long words, or shares at least ``threshold`` of its words with it.

    >>> [same_words(k, w, 0.9) for k, w in (("russia", "russian"), ("india", "indian"), ("hikvison", "hikvision"))]
    [False, False, True]
    """
    a, b = _words(key), _words(window)
    if len(a) == len(b) and all(x == y or (min(len(x), len(y)) >= MIN_FUZZY_WORD and x[0] == y[0]
                                           and x[-1] == y[-1]) for x, y in zip(a, b)):
        return True
    from rapidfuzz.distance import Indel

    return bool(a and b) and Indel.normalized_similarity(a, b) >= threshold


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a string was placed: a span of the original text, the stage and its similarity."""

    start: int
    end: int
    method: str  # "exact" | "normalized" | "fuzzy"
    score: float


def nfc_runs(text: str) -> Iterator[tuple[int, int]]:
    """Ranges of ``text`` that NFC normalizes independently (a starter and the marks it takes),
    so that ``"".join(NFC(text[a:b]) for a, b in nfc_runs(text)) == NFC(text)``.

    >>> list(nfc_runs("Cafe\\u0301 x"))
    [(0, 1), (1, 2), (2, 3), (3, 5), (5, 6), (6, 7)]
    """
    nfc = unicodedata.normalize
    start = 0
    for i in range(1, len(text)):
        # A starter (decomposing to a starter first: not U+0F73) that does not compose with the
        # run before it begins a new run: NFC composition and reordering stop at a starter.
        if unicodedata.combining(nfc("NFD", text[i])[0]) == 0 and \
                nfc("NFC", text[start:i + 1]) == nfc("NFC", text[start:i]) + nfc("NFC", text[i]):
            yield start, i
            start = i
    if text:
        yield start, len(text)


class _Normalized:
    """The normalized text and a map from its positions back to the original text.

    The text is cut into pieces; a piece maps one character to one (``exact``: an offset maps by
    its distance from the piece start) or is one unit (a whitespace run, ``ß`` -> ``ss``, a
    letter and its combining marks composed by NFC): all its positions map to its whole range.
    """

    __slots__ = ("text", "_norm_starts", "_orig_starts", "_orig_ends", "_exact")

    def __init__(self, original: str) -> None:
        pieces: list[str] = []
        self._norm_starts: list[int] = []
        self._orig_starts: list[int] = []
        self._orig_ends: list[int] = []
        self._exact: list[bool] = []
        n = 0
        for piece, start, end, exact in self._pieces(original):
            if piece:
                pieces.append(piece)
                self._norm_starts.append(n)
                self._orig_starts.append(start)
                self._orig_ends.append(end)
                self._exact.append(exact)
                n += len(piece)
        self.text = "".join(pieces)

    @staticmethod
    def _pieces(original: str) -> Iterator[tuple[str, int, int, bool]]:
        translated = original.translate(_CHAR_TABLE)  # one character for one: offsets unchanged
        folded = translated.casefold()
        if len(folded) == len(translated) and unicodedata.is_normalized("NFC", original):  # the usual case
            pos = 0
            for m in _WS_RUN.finditer(folded):
                yield folded[pos:m.start()], pos, m.start(), True
                yield " ", m.start(), m.end(), False
                pos = m.end()
            yield folded[pos:], pos, len(folded), True
            return
        in_space = False  # NFC or case folding changes lengths: map run by run
        for a, b in nfc_runs(original):
            run = original[a:b]
            composed = unicodedata.normalize("NFC", run).translate(_CHAR_TABLE)
            if composed.isspace():
                if not in_space:
                    yield " ", a, b, False
                in_space = True
                continue
            in_space = False
            piece = composed.casefold()
            # Case folding never empties a character, so equal lengths mean one for one.
            yield piece, a, b, len(piece) == b - a and composed == run.translate(_CHAR_TABLE)

    def _piece(self, k: int) -> int:
        return bisect_right(self._norm_starts, k) - 1

    def original(self, k: int) -> int:
        """Original offset where normalized position ``k`` starts."""
        j = self._piece(k)
        return self._orig_starts[j] + (k - self._norm_starts[j]) if self._exact[j] else self._orig_starts[j]

    def original_end(self, k: int) -> int:
        """Original offset where normalized position ``k`` ends."""
        j = self._piece(k)
        return self._orig_starts[j] + (k - self._norm_starts[j]) + 1 if self._exact[j] else self._orig_ends[j]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalized span ``[a, b)`` (b > a)."""
        return self.original(a), self.original_end(b - 1)


class _Union:
    """A union of half-open spans, kept as sorted disjoint runs: overlap tests in O(log n), so a
    line with thousands of offset-free items is not quadratic in them.

    >>> u = _Union(); u.add(2, 5); u.add(4, 8); u.add(10, 12)
    >>> u.runs, u.overlaps(8, 10), u.overlaps(7, 9)
    ([(2, 8), (10, 12)], False, True)
    """

    __slots__ = ("starts", "runs")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.runs: list[tuple[int, int]] = []

    def overlaps(self, a: int, b: int) -> bool:
        j = bisect_left(self.starts, b) - 1  # the last run starting before b; earlier ones end before it
        return j >= 0 and self.runs[j][1] > a

    def add(self, a: int, b: int) -> None:
        lo = bisect_left(self.starts, a)
        if lo and self.runs[lo - 1][1] >= a:  # touches the run before: merge from there
            lo -= 1
        hi = bisect_right(self.starts, b)
        if lo < hi:
            a, b = min(a, self.runs[lo][0]), max(b, self.runs[hi - 1][1])
        self.runs[lo:hi] = [(a, b)]
        self.starts[lo:hi] = [a]


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


def _whole_word(text: str, a: int, b: int) -> bool:
    return not ((a > 0 and _word(text[a]) and _word(text[a - 1]))
                or (b < len(text) and _word(text[b - 1]) and _word(text[b])))


class Aligner:
    """Places strings in one document's text, remembering which occurrences are taken.

    One Aligner per document (one line of predictions); ``layer`` keeps the occurrences of each
    layer apart. See the module docstring for which occurrences are free.
    """

    def __init__(self, text: str, threshold: float = DEFAULTS.fuzzy_threshold) -> None:
        self.text = text
        self.threshold = threshold
        self._norm: _Normalized | None = None  # built on the first string that needs it
        self._taken: dict[tuple[str, str], set[tuple[int, int]]] = {}  # (layer, normalized string) -> spans
        self._placed: dict[str, _Union] = {}  # flat layer -> the spans placed in it
        self._resume: dict[tuple[str, str, str], int] = {}  # (layer, stage, string) -> where to search on

    @property
    def normalized(self) -> _Normalized:
        if self._norm is None:
            self._norm = _Normalized(self.text)
        return self._norm

    def block(self, start: int, end: int, *, layer: str) -> None:
        """Record an item placed by its offsets: in a flat layer no string is placed over it."""
        if layer in FLAT_LAYERS:
            self._placed.setdefault(layer, _Union()).add(start, end)

    def place(self, needle: str, *, layer: str, fuzzy: bool = True) -> Placement | None:
        """Place ``needle`` at its first free occurrence; None when no stage can (``fuzzy``:
        whether the fuzzy stage runs)."""
        key = normalize(needle)
        if not key:
            return None
        taken = self._taken.setdefault((layer, key), set())
        placed = self._placed.setdefault(layer, _Union()) if layer in FLAT_LAYERS else None

        def free(span: tuple[int, int]) -> bool:
            return span not in taken and (placed is None or not placed.overlaps(*span))

        found = (self._first(self.text, needle.strip(), free, None, layer)
                 or self._first(self.normalized.text, key, free, self.normalized, layer)
                 or (self._fuzzy(key, placed.runs if placed is not None else taken) if fuzzy else None))
        if found is not None:
            taken.add((found.start, found.end))
            if placed is not None:
                placed.add(found.start, found.end)
        return found

    def place_quote(self, needle: str) -> Placement | None:
        """Place a quote's offset-free text: as given first (exact and normalized stages); if it
        lands on text enclosed in a matching pair of quotation marks, on the content inside them
        (quote content excludes its marks). If not found, and it is itself enclosed in a
        matching pair, without them (every stage); else as given by the fuzzy stage.

        >>> a = Aligner("He said \\u201cno deal\\u201d and 'maybe' or 'soon'.")
        >>> [a.text[p.start:p.end] for p in (a.place_quote('"no deal"'), a.place_quote("'maybe' or 'soon'"))]
        ['no deal', "'maybe' or 'soon'"]
        """
        found = self.place(needle, layer="quotes", fuzzy=False)
        if found is not None:
            placed = self.text[found.start:found.end]
            if enclosed_in_pair(placed):
                inner = placed[1:-1]
                start = found.start + 1 + (len(inner) - len(inner.lstrip()))
                end = found.end - 1 - (len(inner) - len(inner.rstrip()))
                if start < end:
                    return Placement(start, end, found.method, found.score)
            return found
        if enclosed_in_pair(needle):
            return self.place(strip_quotation_marks(needle), layer="quotes")
        return self.place(needle, layer="quotes")

    def why_unplaced(self, needle: str, *, layer: str) -> str:
        """Why :meth:`place` found no free occurrence of ``needle``: :data:`NOT_FOUND` or :data:`TAKEN`."""
        key = normalize(needle)
        for hay, n in ((self.text, needle.strip()), (self.normalized.text, key)):
            i = hay.find(n) if n else -1
            while i >= 0:
                if _whole_word(hay, i, i + len(n)):
                    return TAKEN
                i = hay.find(n, i + 1)
        return TAKEN if key and self._fuzzy(key, ()) is not None else NOT_FOUND

    def place_all(self, needles: Sequence[str], *, layer: str) -> list[Placement | None]:
        """Place one line's strings of one layer; the placements come back in the order given.

        In a flat layer the longest normalized string goes first (module docstring), so the
        result does not depend on the order of the list except among equal normalized strings.
        """
        order: Sequence[int] = range(len(needles))
        if layer in FLAT_LAYERS:
            keys = [normalize(n) for n in needles]
            order = sorted(order, key=lambda i: (-len(keys[i]), keys[i], i))
        out: list[Placement | None] = [None] * len(needles)
        for i in order:
            out[i] = self.place(needles[i], layer=layer)
        return out

    def _first(self, hay: str, needle: str, free: Callable[[tuple[int, int]], bool], norm: _Normalized | None,
               layer: str) -> Placement | None:
        """The first free whole-word occurrence of ``needle`` in ``hay`` (the text, or the
        normalized text with ``norm`` to map back)."""
        if not needle:
            return None
        method = "exact" if norm is None else "normalized"
        # Occurrences never become free again (taken and placed spans only grow), so the search
        # resumes where the last one for this string stopped: n equal strings cost O(n) finds.
        resume = (layer, method, needle)
        i = hay.find(needle, self._resume.get(resume, 0))
        while i >= 0:
            self._resume[resume] = i + 1  # this occurrence is either used now or never free
            b = i + len(needle)
            if _whole_word(hay, i, b):
                span = norm.span(i, b) if norm is not None else (i, b)
                if free(span):
                    return Placement(span[0], span[1], method, 1.0)
            i = hay.find(needle, i + 1)
        return None

    def _fuzzy(self, key: str, avoid: set[tuple[int, int]] | list[tuple[int, int]]) -> Placement | None:
        if self.threshold >= 1.0:
            return None
        from rapidfuzz import fuzz  # only offset-free strings that missed twice pay for the import

        norm = self.normalized
        hay = norm.text
        cutoff = self.threshold * 100.0
        # Search the gaps between the spans to avoid, so a string never lands on (or, in a flat
        # layer, over) an occurrence already used.
        gaps, pos = [], 0
        for a, b in sorted(self._to_norm(s) for s in avoid):
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
            if score >= cutoff and (best is None or score > best[0]) and same_words(key, hay[a:b], self.threshold):
                best = (score, a, b)
        if best is None:
            return None
        start, end = norm.span(best[1], best[2])
        return Placement(start, end, "fuzzy", round(best[0] / 100.0, 4))

    def _to_norm(self, span: tuple[int, int]) -> tuple[int, int]:
        """An original span in normalized coordinates (for the fuzzy gaps)."""
        # The map is monotone: the first normalized position at or after an original offset.
        a = self._search(span[0], 0, len(self.normalized.text))
        return a, self._search(span[1], a, len(self.normalized.text))

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
