"""Dates and times: find them and normalize them against the publication date (guidelines 5.6).

The rules use no parser: a clause's tense is read from the nearest tense cue in the sentence
("will", "upcoming", "set to" against "said", "was", "-ed" verbs); with no cue a date is past,
as the guidelines say.

>>> anchor = Anchor.parse("2019-11-04T00:42:59+00:00")          # a Monday
>>> text = "Trump in late August said the deal, due last month, will close on Friday."
>>> [(d.text, d.normalized) for d in find_dates(tokenize(text), text, anchor)]
[('late August', '2019-08'), ('last month', '2019-10'), ('Friday', '2019-11-08')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .lexicon import (
    BOUND_BEFORE, DURATION_UNITS, MONTHS, TENS_WORDS, UNITS_WORDS, WEEKDAYS, Phrases, Token, TokenView, decimal,
    tokenize,
)

__all__ = ["Anchor", "DateFact", "find_dates", "tense_at", "tokenize"]

_SUBPERIOD = Phrases({words: True for words in (
    ("early",), ("mid",), ("late",), ("earlier",), ("later",), ("the", "end", "of"), ("the", "beginning", "of"),
    ("the", "start", "of"), ("the", "middle", "of"), ("end", "of"), ("the", "close", "of"), ("the", "turn", "of"))})
_RELATIVE = {"this": 0, "last": -1, "next": 1, "past": -1, "previous": -1, "coming": 1, "following": 1,
             "current": 0}
_FUTURE = frozenset("will shall upcoming coming scheduled due expected planned plans plan set going tomorrow "
                    "next later".split())
_PAST = frozenset("said says was were had did ago since last earlier yesterday been told reported announced "
                  "began became came went made took saw left met held won lost".split())
_SENTENCE_END = frozenset(".!?;")
_YEAR = re.compile(r"(1[89]\d\d|20\d\d)$")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Words a date can start with (besides digits).
_STARTS = frozenset(_SUBPERIOD.by_first) | frozenset(BOUND_BEFORE.by_first) | frozenset(_RELATIVE) | \
    frozenset(MONTHS) | frozenset(WEEKDAYS) | \
    frozenset(UNITS_WORDS) | frozenset(TENS_WORDS) | {
        "today", "yesterday", "tomorrow", "the", "around", "circa", "approximately", "a", "an", "noon", "midday",
        "midnight", "q"}
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_ARTICLES = frozenset({"the", "a", "an"})
# What may follow an article in a date: "the past ...", "the end of ...", "the third quarter",
# "a year ago", "a 45-year-old".
_AFTER_ARTICLE = frozenset(_RELATIVE) | frozenset(DURATION_UNITS) | frozenset(_QUARTERS) | {
    "end", "beginning", "start", "middle", "close", "turn", "week", "month", "year", "quarter"}
# "a year" is a period only after these ("in a year", "for a week", "less than a day").
_BEFORE_A_DURATION = frozenset("in for within over after than about nearly almost under around of during".split())
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?$")


@dataclass(frozen=True)
class Anchor:
    """The publication date every relative date is resolved against."""

    day: date

    @classmethod
    def parse(cls, published_at: str) -> "Anchor | None":
        """The date part of an ISO 8601 ``published_at``; None when there is none.

        >>> Anchor.parse("2019-11-04T00:42:59+00:00").day, Anchor.parse("")
        (datetime.date(2019, 11, 4), None)
        """
        m = _ISO_DAY.match(published_at or "")
        if not m:
            return None
        try:
            return cls(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None


@dataclass(frozen=True)
class DateFact:
    """A DATE or TIME found in the text: token range, offsets, ISO value (None: unresolved)."""

    first: int          # token index of the first token
    last: int           # token index after the last token
    start: int
    end: int
    text: str
    kind: str           # DATE | TIME
    normalized: str | None
    bound: str = "exact"


def _month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def tense_at(tokens: list[Token], first: int, last: int) -> str | None:
    """'future', 'past' or None: the nearest tense cue in the sentence around tokens [first, last).

    >>> toks = tokenize("The tariffs, set to hit in December, were announced.")
    >>> tense_at(toks, 7, 8)
    'future'
    """
    best: tuple[int, str] | None = None
    for direction in (-1, 1):
        i = first - 1 if direction < 0 else last
        dist = 0
        while 0 <= i < len(tokens) and dist < 25:
            t = tokens[i].lower
            if t in _SENTENCE_END and not (t == "." and i > 0 and len(tokens[i - 1].text) <= 3
                                           and tokens[i - 1].text[:1].isupper()):
                break
            # A comma usually ends the clause, and a date phrase mostly follows its verb ("approved
            # in March will cover ..."): cues beyond a comma or after the date count less.
            dist += (6 if t == "," else 1) + (2 if direction > 0 and dist == 0 else 0)
            cue = None
            if t in _FUTURE or t.endswith("'ll") or t.endswith("\u2019ll"):
                cue = "future"
            elif t in _PAST or (len(t) > 4 and t.endswith("ed")):
                cue = "past"
            if cue and (best is None or dist < best[0] or (dist == best[0] and cue == "future")):
                best = (dist, cue)
                break
            i += direction
    return best[1] if best else None


def _number_word(tokens: list[Token], i: int) -> tuple[int, float] | None:
    """A small count at token i (digits, 'two', 'twenty-five', 'a'/'an'): (next index, value)."""
    if i >= len(tokens):
        return None
    t = tokens[i].lower
    if t.replace(",", "").isdigit():   # "12,000 years ago"
        return i + 1, float(t.replace(",", ""))
    if t in UNITS_WORDS:
        return i + 1, float(UNITS_WORDS[t])
    if t in TENS_WORDS:
        v = TENS_WORDS[t]
        if i + 2 < len(tokens) and tokens[i + 1].text == "-" and tokens[i + 2].lower in UNITS_WORDS:
            return i + 3, float(v + UNITS_WORDS[tokens[i + 2].lower])
        return i + 1, float(v)
    if t in ("a", "an"):
        return i + 1, 1.0
    return None


def _duration(n: float, unit: str) -> str:
    code = DURATION_UNITS[unit]
    if code == "10Y":
        n, code = n * 10, "Y"
    if code == "TMS":   # milliseconds: ISO 8601 has seconds with a fraction
        n, code = n / 1000, "TS"
    num = decimal(n)
    return f"PT{num}{code[1]}" if code.startswith("T") else f"P{num}{code}"


class _Dates(TokenView):
    """The date grammar over one text's tokens."""

    def __init__(self, tokens: list[Token], text: str, anchor: Anchor | None) -> None:
        super().__init__(tokens, text)
        self.anchor = anchor

    def month_at(self, i: int) -> int | None:
        if i >= len(self.t):
            return None
        tok = self.t[i]
        m = MONTHS.get(tok.lower)
        if m is None or not tok.text[:1].isupper():
            return None
        if tok.lower == "may":
            # "May" the month, not the modal: not first in a sentence unless a day or year follows.
            prev = self.t[i - 1].text if i else "."
            nxt = self.low(i + 1)
            if prev in (".", "!", "?", "\"", "\u201c") and not nxt.isdigit():
                return None
        return m

    def year_at(self, i: int) -> int | None:
        if i < len(self.t) and _YEAR.match(self.t[i].text):
            nxt = self.low(i + 1)
            if nxt in ("%",) or (i + 1 < len(self.t) and self.t[i + 1].start == self.t[i].end
                                 and nxt.isalpha() and nxt != "s"):
                return None
            return int(self.t[i].text)
        return None

    # -- the grammar ------------------------------------------------------------------------

    def at(self, i: int) -> DateFact | None:
        w = self.t[i].lower
        if not (w in _STARTS or w[:1].isdigit()):
            return None   # most tokens: one look-up
        if w in _ARTICLES and not (self.low(i + 1) in _AFTER_ARTICLE or self.low(i + 1)[:1].isdigit()):
            return None   # "the", "a": frequent, and a date only before a few words
        sub = _SUBPERIOD.match(self.t, i)[0]
        j = i + sub
        if sub and self.low(j) == "-":   # "mid-August"
            j += 1
        approx = 0
        n_bound, bound_word = (0, None) if sub else BOUND_BEFORE.match(self.t, i)
        if n_bound and _number_word(self.t, i + n_bound) is not None:
            # "at least four years", "almost 14 minutes": a bounded duration; a bound needs a
            # number after it ("over the past decade" is a preposition), and before a calendar
            # date only "around May 5" counts (approx)
            core = self.core(i + n_bound)
            if core and core[2] and core[2].startswith("P"):
                last, kind, norm = core
                s, e = self.t[i].start, self.t[last - 1].end
                return DateFact(i, last, s, e, self.text[s:e], kind, norm, str(bound_word))
        if not sub and self.low(i) in ("around", "circa", "approximately"):
            approx, j = 1, i + 1
        core = self.core(j, subperiod=bool(sub))
        if core is None and sub:
            core = self.core(i)
            j = i
            sub = 0
        if core is None:
            return None
        last, kind, norm = core
        first = i if (sub or approx) else j
        if approx and not core:
            return None
        bound = "approx" if approx else "exact"
        s, e = self.t[first].start, self.t[last - 1].end
        return DateFact(first, last, s, e, self.text[s:e], kind, norm, bound)

    def core(self, i: int, subperiod: bool = False) -> tuple[int, str, str | None] | None:
        """(end token, kind, normalized) of the date expression starting at i."""
        if i >= len(self.t):
            return None
        a = self.anchor.day if self.anchor else None
        w = self.low(i)

        # today / yesterday / tomorrow
        if w in ("today", "yesterday", "tomorrow"):
            off = {"today": 0, "yesterday": -1, "tomorrow": 1}[w]
            return i + 1, "DATE", (a + timedelta(off)).isoformat() if a else None
        # this / last / next + week / month / year / weekday / month name
        rel = None
        j = i
        if w == "the" and self.low(i + 1) in ("past", "coming", "previous", "following", "current"):
            rel, j = _RELATIVE[self.low(i + 1)], i + 2
        elif w in ("this", "last", "next", "current"):
            rel, j = _RELATIVE[w], i + 1
        if rel is not None:
            unit = self.low(j)
            if unit in ("week", "month", "year", "quarter"):
                return j + 1, "DATE", self.relative(unit, rel)
            if unit in WEEKDAYS:
                return j + 1, "DATE", self.weekday(WEEKDAYS[unit], w if w != "the" else self.low(i + 1), i, j + 1)
            m = self.month_at(j)
            if m and w in ("last", "next", "this"):
                y = a.year + (1 if w == "next" else -1 if w == "last" else 0) if a else None
                return j + 1, "DATE", _month(y, m) if y else None
            # "the past three years", "the next two weeks": a duration
            if self.low(i) == "the":
                n = _number_word(self.t, j)
                if n and self.low(n[0]) in DURATION_UNITS:
                    k = n[0]
                    return k + 1, "TIME" if DURATION_UNITS[self.low(k)].startswith("T") else "DATE", \
                        _duration(n[1], self.low(k))
                if self.low(j) in DURATION_UNITS and self.low(j) not in ("week", "month", "year"):
                    return j + 1, "DATE", _duration(1, self.low(j))
            return None
        if w == "the" and self.low(i + 1) in ("week", "month", "year") and subperiod:
            return i + 2, "DATE", self.relative(self.low(i + 1), 0)
        # quarters: "the third quarter (of 2019)", "Q3 2019"
        q = self.quarter(i)
        if q:
            return q
        # weekday, optionally with an explicit date or a time after it
        if w in WEEKDAYS and self.t[i].text[:1].isupper():
            j = i + 1
            if self.low(j) == "," and self.month_at(j + 1):
                explicit = self.explicit(j + 1)
                if explicit:
                    return explicit
            clock = self.clock(j)
            day = self.weekday(WEEKDAYS[w], None, i, i + 1)
            if clock and day:
                return clock[0], "TIME", f"{day}T{clock[1]}"
            return j, "DATE", day
        # month names and explicit dates
        if self.month_at(i):
            return self.explicit(i)
        if self.low(i).isdigit() and self.month_at(i + 1) and int(self.low(i)) <= 31:
            return self.explicit(i)
        # ISO date 2019-11-03
        if i + 4 < len(self.t) and _YEAR.match(self.t[i].text) and self.low(i + 1) == "-" \
                and self.low(i + 2).isdigit() and self.low(i + 3) == "-" and self.low(i + 4).isdigit():
            try:
                d = date(int(self.t[i].text), int(self.t[i + 2].text), int(self.t[i + 4].text))
                return i + 5, "DATE", d.isoformat()
            except ValueError:
                return None
        # decades: 1990s, the 1990s
        k = i + 1 if w == "the" else i
        if k < len(self.t) and _YEAR.match(self.t[k].text) and self.t[k].text.endswith("0") \
                and self.low(k + 1) == "s" and self.t[k + 1].start == self.t[k].end:
            y = int(self.t[k].text)
            step = 100 if y % 100 == 0 and w != "the" else 10
            return k + 2, "DATE", f"{y}/{y + step - 1}"
        # years
        y = self.year_at(i)
        if y is not None:
            return i + 1, "DATE", str(y)
        # time of day
        clock = self.clock(i)
        if clock:
            j = clock[0]
            if self.low(j) in WEEKDAYS:
                day = self.weekday(WEEKDAYS[self.low(j)], None, i, j + 1)
                return j + 1, "TIME", f"{day}T{clock[1]}" if day else None
            return j, "TIME", f"T{clock[1]}"
        # durations: "three years", "two hours", "five years ago", "a year ago", "45-year-old"
        n = _number_word(self.t, i)
        if n:
            j, value = n
            if self.low(j) == "-" and self.low(j + 1) in DURATION_UNITS and self.low(j + 2) == "-" \
                    and self.low(j + 3) == "old":
                return j + 4, "DATE", _duration(value, self.low(j + 1))
            unit = self.low(j)
            if unit in DURATION_UNITS:
                if self.low(j + 1) == "ago":
                    return j + 2, "DATE", self.ago(value, unit)
                if self.low(i) in ("a", "an") and self.low(i - 1) not in _BEFORE_A_DURATION:
                    return None  # "twice a year", "30,000 vehicles a day": a rate, not a period
                code = DURATION_UNITS[unit]
                return j + 1, "TIME" if code.startswith("T") else "DATE", _duration(value, unit)
            if unit == "-" and self.low(j + 1) in DURATION_UNITS and self.low(i) not in ("a", "an"):
                # "a 30-year high", "a 10-year plan": a period as an attribute (OntoNotes DATE)
                unit = self.low(j + 1)
                code = DURATION_UNITS[unit]
                return j + 2, "TIME" if code.startswith("T") else "DATE", _duration(value, unit)
        return None

    def quarter(self, i: int) -> tuple[int, str, str | None] | None:
        j = i + 1 if self.low(i) == "the" else i
        n = _QUARTERS.get(self.low(j))
        if n and self.low(j + 1) == "quarter":
            j += 2
        elif self.low(j) == "q" and self.low(j + 1) in ("1", "2", "3", "4") and self.tight(j + 1):
            n, j = int(self.low(j + 1)), j + 2
        else:
            return None
        if self.low(j) == "of" and self.year_at(j + 1):
            year, j = self.year_at(j + 1), j + 2
        elif self.year_at(j):
            year, j = self.year_at(j), j + 1
        elif self.anchor is not None:
            year = self.anchor.day.year
            current = (self.anchor.day.month - 1) // 3 + 1
            tense = tense_at(self.t, i, j)
            if tense == "future" and n < current:
                year += 1
            elif tense != "future" and n > current:
                year -= 1
        else:
            return j, "DATE", None
        return j, "DATE", f"{_month(year, 3 * n - 2)}/{_month(year, 3 * n)}"

    def clock(self, i: int) -> tuple[int, str] | None:
        """A time of day at i: (end token, 'HH:MM')."""
        if i >= len(self.t):
            return None
        w = self.low(i)
        if w in ("noon", "midday"):
            return i + 1, "12:00"
        if w == "midnight":
            return i + 1, "00:00"
        m = _CLOCK.match(self.t[i].text)
        if not m:
            return None
        h, mi = int(m[1]), int(m[2] or 0)
        j = i + 1
        if m[2] is None and self.low(j) == ":" and self.low(j + 1).isdigit() and len(self.low(j + 1)) == 2:
            mi, j = int(self.low(j + 1)), j + 2
        suffix = self.low(j)
        if suffix in ("am", "pm"):
            j += 1
        elif suffix in ("a", "p") and self.low(j + 1) == "." and self.low(j + 2) == "m":
            j += 3
            if self.low(j) == ".":
                j += 1
        else:
            return None
        if h > 12 or mi > 59:
            return None
        if suffix.startswith("p") and h != 12:
            h += 12
        if suffix.startswith("a") and h == 12:
            h = 0
        return j, f"{h:02d}:{mi:02d}"

    def explicit(self, i: int) -> tuple[int, str, str | None] | None:
        """Month [day] [, year] | day month [year] | month year, starting at i."""
        a = self.anchor.day if self.anchor else None
        day = None
        if self.low(i).isdigit():
            day = int(self.low(i))
            i += 1
        m = self.month_at(i)
        if m is None:
            return None
        j = i + 1
        if self.low(j) == "." and self.low(i) in _MONTH_ABBREVIATIONS:   # "Nov. 3", not "in May."
            j += 1
        if day is None and self.low(j).isdigit() and int(self.low(j)) <= 31 and not self.year_at(j):
            day = int(self.low(j))
            j += 1
            if self.low(j) in ("st", "nd", "rd", "th") and self.t[j].start == self.t[j - 1].end:
                j += 1
        year = None
        if self.low(j) == "," and self.year_at(j + 1) is not None:
            year, j = self.year_at(j + 1), j + 2
        elif self.year_at(j) is not None:
            year, j = self.year_at(j), j + 1
        if year is None:
            if a is None:
                return j, "DATE", None
            tense = tense_at(self.t, i, j)
            year = a.year
            here = (m, day or 0)
            now = (a.month, a.day if day else 0)
            if tense == "future":
                if here < now:
                    year += 1
            elif here > now:
                year -= 1
        if day is None:
            return j, "DATE", _month(year, m)
        try:
            return j, "DATE", date(year, m, day).isoformat()
        except ValueError:
            return None

    def relative(self, unit: str, k: int) -> str | None:
        if self.anchor is None:
            return None
        a = self.anchor.day
        if unit == "week":
            return _week(a + timedelta(weeks=k))
        if unit == "month":
            return _month(*_add_months(a.year, a.month, k))
        if unit == "quarter":
            q = (a.month - 1) // 3 + k
            y, q = a.year + q // 4, q % 4
            return f"{_month(y, q * 3 + 1)}/{_month(y, q * 3 + 3)}"
        return str(a.year + k)

    def weekday(self, wd: int, modifier: str | None, first: int, last: int) -> str | None:
        """Guidelines 5.6: past or no cue -> the most recent such day (the publication day itself
        counts); future -> the next one; "last"/"next" step over the publication day."""
        if self.anchor is None:
            return None
        a = self.anchor.day
        back = (a.weekday() - wd) % 7
        ahead = (wd - a.weekday()) % 7
        if modifier in ("last", "past", "previous"):
            d = a - timedelta(back or 7)
        elif modifier in ("next", "coming", "following"):
            d = a + timedelta(ahead or 7)
        elif modifier == "this":
            d = a + timedelta(wd - a.weekday())
        elif tense_at(self.t, first, last) == "future":
            d = a + timedelta(ahead)
        else:
            d = a - timedelta(back)
        return d.isoformat()

    def ago(self, n: float, unit: str) -> str | None:
        if self.anchor is None or n != int(n):
            return None
        a, n = self.anchor.day, int(n)
        code = DURATION_UNITS[unit]
        if code == "D":
            return (a - timedelta(n)).isoformat()
        if code == "W":
            return _week(a - timedelta(weeks=n))
        if code == "M":
            return _month(*_add_months(a.year, a.month, -n))
        if code in ("Y", "10Y"):
            year = a.year - n * (10 if code == "10Y" else 1)
            return str(year) if year >= 1 else None   # "12,000 years ago": no ISO year; unresolved
        return None


def find_dates(tokens: list[Token], text: str, anchor: Anchor | None,
               lo: int = 0, hi: int | None = None) -> list[DateFact]:
    """Every DATE/TIME expression in tokens [lo, hi), left to right, never overlapping."""
    finder = _Dates(tokens, text, anchor)
    hi = len(tokens) if hi is None else hi
    out: list[DateFact] = []
    i = lo
    while i < hi:
        fact = finder.at(i)
        if fact is not None and fact.last <= hi:
            # "from May to October": one interval
            if fact.normalized and finder.low(fact.last) in ("to", "until", "through", "-", "\u2013") \
                    and finder.low(fact.first - 1) in ("from", "between"):
                second = finder.at(fact.last + 1)
                if second is not None and second.normalized and second.kind == fact.kind and second.last <= hi:
                    s, e = fact.start, second.end
                    fact = DateFact(fact.first, second.last, s, e, text[s:e], fact.kind,
                                    f"{fact.normalized}/{second.normalized}", fact.bound)
            out.append(fact)
            i = fact.last
        else:
            i += 1
    return out
