"""The number rules: amounts, bounds, units and the measured noun phrase, plus the dates of
:mod:`.dates`: one engine that ``rules-numbers`` runs over a whole text and ``spacy`` runs over
the numeric spans its NER found.

Written from the annotation guidelines (section 5), with regular expressions and word lists
only, so it needs no parser:

* digits ("1,250", "3.2") and number words ("twenty-five", "two hundred", "a million"), scale
  words ("billion", "bn", "m" after a digit);
* MONEY with an ISO 4217 unit ("$" is USD, "AU$" AUD, "€" EUR, "yuan" CNY, "USD 5m"), PERCENT
  ("%", "percent", "per cent"), QUANTITY with a unit symbol ("10 km", "5GB"), ORDINAL ("third",
  "21st"), CARDINAL otherwise; years, durations and times go to the date rules;
* bounds from the words before ("over", "about", "at least", "up to", ...) and after ("or
  more"), from a verb outside the span ("exceeded 25%" -> more_than), and ranges ("5 to 10
  percent" -> 5 at_least and 10 percent at_most);
* the measured noun phrase: the words after the amount ("260 requests for the licences"), the NP
  after "of" for a partitive ("two of the world's largest makers"), the subject of
  cost/worth/total/rise ("the bridge will cost about $390 million" -> "bridge") or the object of
  "in/on/for" after an amount ("raised $45 million in a funding round" -> "funding round").

>>> text = "Over 100 firms raised $3.2 billion, about 40 percent more than the 28 before."
>>> for f in extract(text, None): print(f.text, f.kind, f.value, f.bound, f.unit, f.measured)
Over 100 CARDINAL 100.0 more_than None (9, 14, 'firms')
$3.2 billion MONEY 3200000000.0 exact USD None
about 40 percent PERCENT 40.0 approx percent None
28 CARDINAL 28.0 exact None None
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...model import NumericFact, Span
from .dates import Anchor, DateFact, find_dates
from .lexicon import (
    BOUND_AFTER, BOUND_BEFORE, BOUND_VERBS, CENTS, CURRENCY_WORDS, DETERMINERS, DOLLAR_NATIONS, DOLLAR_PREFIXES,
    FRACTIONS, FUNCTION_WORDS, ISO_CODES, MEASURE_VERBS, MONTHS, ORDINAL_WORDS, RATE_UNITS, SCALES, SHORT_SCALES,
    SUBJECT_VERBS,
    SYMBOLS, TENS_WORDS, UNITS, UNITS_WORDS, VERBS, WEEKDAYS, Token, TokenView, decimal, tokenize,
)

__all__ = ["Anchor", "Fact", "decimal", "extract", "interpret", "to_record", "tokenize"]

_DIGITS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?$|\d+(\.\d+)?$")
_ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}
_SKIP_BEFORE_NP = {"more", "additional", "extra", "other"}
_PP_KEEP = {"of", "for", "from", "in", "on", "at", "with"}
# Between a measuring verb and its amount ("rose to", "valued at"), and auxiliaries and adverbs
# between the subject and the verb ("had more than doubled").
_LINKS = {"to", "at", "by", "from"}
_AUXILIARIES = frozenset("will would could can may might should must has have had is was are were be been being "
                         "already just now also still reportedly currently more than nearly almost".split())
_MAX_NP = 6
# Words an amount can start with (besides digits, currency symbols and ISO codes).
_STARTS = frozenset(BOUND_BEFORE.by_first) | frozenset(UNITS_WORDS) | frozenset(TENS_WORDS) | \
    frozenset(ORDINAL_WORDS) | frozenset(DOLLAR_PREFIXES) | {"a", "an", "half"}
_PRONOUNS = frozenset("them us you those these which whom it".split())


@dataclass(frozen=True)
class Fact:
    """One numeric fact: offsets, kind, value (None for DATE/TIME), ISO ``normalized`` for
    dates, bound, unit and the measured span as ``(start, end, text)`` or None."""

    start: int
    end: int
    text: str
    kind: str
    value: float | None
    normalized: str | None
    bound: str
    unit: str | None
    measured: tuple[int, int, str] | None = None


@dataclass
class _Amount:
    first: int              # first token (the bound word, or the currency, or the number)
    num: int                # first token of the number itself (after a bound word and currency)
    last: int               # token after the amount
    value: float
    kind: str
    unit: str | None
    bound: str | None
    scaled: bool            # a scale word applied (for ranges: "5 to 10 million")
    range_with: int = 0     # +1: the start of a range whose end follows; -1: the end of one


class _Numbers(TokenView):
    """The amount grammar over one text's tokens."""

    # -- numerals -----------------------------------------------------------------------------

    def numeral(self, i: int) -> tuple[int, float, bool, bool] | None:
        """(end, value, ordinal, scaled) of a number at token i."""
        if i >= len(self.t):
            return None
        tok = self.t[i]
        w = tok.lower
        if _DIGITS.match(tok.text):
            value = float(tok.text.replace(",", ""))
            j = i + 1
            if self.low(j) in _ORDINAL_SUFFIX and self.tight(j):
                return j + 1, value, True, False
            return self.scale(j, value)
        fraction = self.fraction(i)
        if fraction:
            return fraction
        if w in ORDINAL_WORDS:
            return i + 1, float(ORDINAL_WORDS[w]), True, False
        if w in TENS_WORDS and self.low(i + 1) == "-" and self.low(i + 2) in ORDINAL_WORDS:
            return i + 3, float(TENS_WORDS[w] + ORDINAL_WORDS[self.low(i + 2)]), True, False
        if w in ("a", "an") and self.low(i + 1) in SCALES:
            return self.scale(i + 1, 1.0)
        if w == "half" and self.low(i + 1) in ("a", "an") and self.low(i + 2) in SCALES:
            return self.scale(i + 2, 0.5)
        if w in ("a",) and self.low(i + 1) == "dozen":
            return i + 2, 12.0, False, False
        if w not in UNITS_WORDS and w not in TENS_WORDS:
            return None
        total, current, j = 0.0, 0.0, i
        while j < len(self.t):
            x = self.low(j)
            if x in UNITS_WORDS:
                current += UNITS_WORDS[x]
            elif x in TENS_WORDS:
                current += TENS_WORDS[x]
            elif x == "hundred":
                current = (current or 1) * 100
            elif x in SCALES and j > i:
                total += (current or 1) * SCALES[x]
                current = 0
            elif x == "-" and self.low(j - 1) in TENS_WORDS and self.low(j + 1) in UNITS_WORDS:
                pass
            elif x == "and" and self.low(j - 1) in ("hundred", "thousand") and \
                    (self.low(j + 1) in UNITS_WORDS or self.low(j + 1) in TENS_WORDS):
                pass
            else:
                break
            j += 1
        scaled = any(self.low(k) in SCALES for k in range(i, j))
        value = total + current
        if self.low(j) == "and" and self.low(j + 1) == "a" and self.low(j + 2) == "half":
            value, j = value + 0.5, j + 3
        return j, value, False, scaled

    def fraction(self, i: int) -> tuple[int, float, bool, bool] | None:
        """"two-thirds", "three-quarters" (any use); "a third of", "a quarter of", "half of"
        (before "of" only: "a third term" is an ordinal, "half" alone an adverb)."""
        w = self.low(i)
        if w in UNITS_WORDS and self.low(i + 1) == "-" and self.low(i + 2) in FRACTIONS:
            return i + 3, UNITS_WORDS[w] / FRACTIONS[self.low(i + 2)], False, False
        if w in ("a", "one") and self.low(i + 1) in FRACTIONS and self.low(i + 2) == "of":
            return i + 2, 1 / FRACTIONS[self.low(i + 1)], False, False
        if w == "half" and self.low(i + 1) == "of":
            return i + 1, 0.5, False, False
        return None

    def scale(self, j: int, value: float) -> tuple[int, float, bool, bool]:
        scaled = False
        while True:
            x = self.low(j)
            if x in SCALES and not (x == "hundred" and value >= 100):
                value *= SCALES[x]
            elif x in SHORT_SCALES and self.tight(j) and not self.word_continues(j):
                value *= SHORT_SCALES[x]
            else:
                return j, value, False, scaled
            scaled = True
            j += 1

    def word_continues(self, j: int) -> bool:
        return j + 1 < len(self.t) and self.tight(j + 1) and self.t[j + 1].text[:1].isalnum()

    # -- an amount ------------------------------------------------------------------------------

    def amount(self, i: int) -> _Amount | None:
        w = self.t[i].lower
        if not (w in _STARTS or w[:1].isdigit() or self.t[i].text in SYMBOLS or self.t[i].text in ISO_CODES):
            return None   # most tokens: one look-up
        n_bound, bound = BOUND_BEFORE.match(self.t, i)
        j = i + n_bound
        currency, j2 = self.currency_before(j)
        num = self.numeral(j2)
        if num is None:
            return None
        end, value, ordinal, scaled = num
        if not self.countable(j2, end, ordinal, currency):
            return None
        kind, unit = "CARDINAL", None
        if ordinal:
            kind = "ORDINAL"
        if currency:
            kind, unit = "MONEY", currency
        else:
            k, code, factor = self.currency_after(end)
            if code:
                kind, unit, value, end = "MONEY", code, value * factor, k
            else:
                k, is_pct = self.percent_after(end)
                if is_pct:
                    kind, unit, end = "PERCENT", "percent", k
                elif not ordinal:
                    k, u = self.unit_after(end)
                    if u:
                        kind, unit, end = "QUANTITY", u, k
        n_after, after = BOUND_AFTER.match(self.t, end)
        if n_after and bound is None:
            bound, end = after, end + n_after
        return _Amount(i, j2, end, value, kind, unit, bound, scaled)

    def countable(self, i: int, end: int, ordinal: bool, currency: str | None) -> bool:
        """False for numbers that are names or pronouns (guidelines 5.1)."""
        tok = self.t[i]
        w = tok.lower
        prev = self.t[i - 1] if i else None
        if w == "one" and end == i + 1:
            if self.low(i + 1) == "of":   # "one of them", "one of two members": a pronoun
                return False
            if prev is not None and prev.lower in DETERMINERS | {"no", "which", "any"}:
                return False
            if self.low(i + 1) in ("another", "day", "way", "thing") or not self.low(i + 1):
                return False
        if w == "first" and ((prev is not None and prev.lower == "at") or not self.low(i + 1)[:1].isalpha()
                             or self.low(i + 1) in FUNCTION_WORDS):
            return False   # "at first", "... the hemisphere first.": an adverb
        if w == "second" and prev is not None and prev.lower in ("per", "a", "every", "each"):
            return False   # "per second": a unit
        if w in ("second",) and self.low(i + 1) in ("'s",):
            return False
        if currency:
            return True
        if tok.text[0].isdigit():
            # inside a name: "G20", "5G", "Windows 10", "COVID-19", "iPhone 11"
            if prev is not None and (self.tight(i) and (prev.text[:1].isalpha() or prev.text in "-/#")):
                return False
            nxt = self.t[end] if end < len(self.t) else None
            if nxt is not None and self.tight(end) and nxt.text[:1].isalpha() and end == i + 1 \
                    and nxt.lower not in UNITS and nxt.lower not in _ORDINAL_SUFFIX and nxt.lower not in SHORT_SCALES \
                    and nxt.text not in ("C", "F"):
                return False
            if prev is not None and any(c.isupper() for c in prev.text) and prev.lower not in FUNCTION_WORDS \
                    and prev.lower not in MONTHS and prev.lower not in WEEKDAYS and not self.sentence_start(i - 1) \
                    and prev.lower not in ISO_CODES and not prev.text.isupper():
                return False
        return True

    def sentence_start(self, i: int) -> bool:
        return i == 0 or self.t[i - 1].text in ".!?\"\u201c\n:"

    def currency_before(self, j: int) -> tuple[str | None, int]:
        """(ISO code, index of the number) when a currency precedes the number at j."""
        w = self.low(j)
        if self.t[j:j + 1] and self.t[j].text in SYMBOLS:
            return SYMBOLS[self.t[j].text], j + 1
        if w in DOLLAR_PREFIXES and self.low(j + 1) == "$" and self.tight(j + 1):
            return DOLLAR_PREFIXES[w], j + 2
        if j < len(self.t) and self.t[j].text in ISO_CODES and self.numeral(j + 1) \
                and self.t[j + 1].text[:1].isdigit():
            code = self.t[j].text
            return ("CNY" if code == "RMB" else code), j + 1
        return None, j

    def currency_after(self, k: int) -> tuple[int, str | None, float]:
        w = self.low(k)
        if w in DOLLAR_NATIONS and self.low(k + 1) in ("dollar", "dollars"):
            return k + 2, DOLLAR_NATIONS[w], 1.0
        if w == "hong" and self.low(k + 1) == "kong" and self.low(k + 2) in ("dollar", "dollars"):
            return k + 3, "HKD", 1.0
        if w in CURRENCY_WORDS:
            if w in ("pound", "pounds") and self.low(k + 1) in ("of",):
                return k, None, 1.0  # "5 pounds of flour": weight
            return k + 1, CURRENCY_WORDS[w], 1.0
        if k < len(self.t) and self.t[k].text in ISO_CODES:
            code = self.t[k].text
            return k + 1, ("CNY" if code == "RMB" else code), 1.0
        if w in CENTS and (w != "p" or self.tight(k)):
            return k + 1, "GBP" if w in ("pence", "p") else "USD", CENTS[w]
        return k, None, 1.0

    def percent_after(self, k: int) -> tuple[int, bool]:
        w = self.low(k)
        if w == "%":
            return k + 1, True
        if w in ("percent", "pct"):
            return k + 1, True
        if w == "per" and self.low(k + 1) == "cent":
            return k + 2, True
        if w == "percentage" and self.low(k + 1) in ("point", "points"):
            return k + 2, True
        return k, False

    def unit_after(self, k: int) -> tuple[int, str | None]:
        n, rate = RATE_UNITS.match(self.t, k)
        if n:
            return k + n, rate
        w = self.low(k)
        if w in ("square", "sq") and self.low(k + 1) in UNITS:
            return k + 2, "sq " + UNITS[self.low(k + 1)]
        if w in UNITS:
            if len(w) <= 2 and not self.tight(k) and w in ("in", "m", "t", "g", "l", "b", "ha", "ft", "mi"):
                if w not in ("ft",):
                    return k, None  # "5 in ...", "2 m": too ambiguous written apart
            if w == "degree" or w == "degrees":
                if self.low(k + 1) in ("celsius", "fahrenheit"):
                    return k + 2, UNITS[self.low(k + 1)]
            return k + 1, UNITS[w]
        if w == "°" and self.low(k + 1) in ("c", "f"):
            return k + 2, "°" + self.t[k + 1].text.upper()
        if self.t[k:k + 1] and self.t[k].text in ("C", "F") and self.tight(k) and not self.word_continues(k):
            return k + 1, "°" + self.t[k].text   # "40C"
        return k, None


def _measured_np(nums: _Numbers, i: int, stop: set[int]) -> tuple[int, int] | None:
    """The noun phrase from token i: content words, then one kept prepositional phrase."""
    t = nums.t
    j = i
    while j < len(t) and j not in stop and t[j].lower not in FUNCTION_WORDS and t[j].text[:1].isalpha() \
            and j - i < _MAX_NP and not (j > i and _verb_like(t[j].lower)):
        j += 1
    if j == i or (j == i + 1 and _verb_like(t[i].lower)):   # "$120 million approved in March": a verb
        return None
    end = j
    # "requests for the licences", "libraries in the eastern districts"
    if j < len(t) and t[j].lower in _PP_KEEP and j + 1 < len(t):
        k = j + 1
        while k < len(t) and (t[k].lower in DETERMINERS or t[k].lower.endswith("'s")) and k not in stop:
            k += 1
        m = k
        while m < len(t) and m not in stop and t[m].lower not in FUNCTION_WORDS and t[m].text[:1].isalpha() \
                and m - k < _MAX_NP and not t[m].lower.endswith("'s") and not (m > k and _verb_like(t[m].lower)):
            m += 1
        if m > k and not any(t[x].lower in MONTHS or t[x].lower in WEEKDAYS for x in range(k, m)):
            end = m
    return t[i].start, t[end - 1].end


def _verb_like(word: str) -> bool:
    """A word that ends a bare noun phrase as the clause's verb ("100 people died", "lost power")."""
    return word in VERBS or (len(word) > 4 and word.endswith(("ed", "ing")))


def _measured(nums: _Numbers, a: _Amount, stop: set[int]) -> tuple[int, int] | None:
    """What the amount measures (guidelines 5.5), tried in this order: the NP after it, the NP
    after "of" (partitive), the NP it is "of"/"at" ("a valuation of $140 million"), the subject
    of a measuring verb before it, and for money the object of "in/on/for" after it."""
    t = nums.t
    k = a.last
    while nums.low(k) in _SKIP_BEFORE_NP and k not in stop:
        k += 1
    # partitive: the NP after "of" ("two of the world's largest manufacturers" keeps its
    # owner "the world's"), without a bare leading determiner ("40% of its electricity" ->
    # "electricity ...", "30% of the shares" -> "shares")
    if nums.low(k) == "of" and k + 1 < len(t) and nums.low(k + 1) not in _PRONOUNS:
        first = k + 1
        if nums.low(first) in DETERMINERS and not nums.low(first + 1).endswith(("'s", "\u2019s")):
            first += 1
        d = first
        while d < len(t) and (t[d].lower in DETERMINERS or t[d].lower.endswith(("'s", "\u2019s"))):
            d += 1
        np_ = _measured_np(nums, d, stop)
        if np_:
            return t[first].start, np_[1]
    np_ = _measured_np(nums, k, stop) if k < len(t) and k not in stop else None
    if np_:
        return np_
    before = a.first - 1
    # "a state grant of $120 million", "its valuation at about $300 million", "push the cost above $450 million"
    if nums.low(before) in ("of", "at") or (a.first != a.num and nums.low(before - 1) in DETERMINERS):
        end = before if nums.low(before) in ("of", "at") else a.first
        np_ = _np_before(nums, end, stop)
        if np_:
            return np_
    # the subject of a measuring verb: "the bridge will cost about $390 million", "revenue rose 5%"
    b, verb = before, False
    while b >= 0 and b not in stop:
        w = t[b].lower
        if w in SUBJECT_VERBS or w in BOUND_VERBS or w in MEASURE_VERBS:
            verb = True
        elif not (w in _LINKS or w in _AUXILIARIES or (w.endswith("ly") and len(w) > 3)):
            break
        b -= 1
    if verb:
        np_ = _np_before(nums, b + 1, stop)
        if np_:
            return np_
    # "raised $45 million in a funding round", "spent $2 million on ads", "$5 billion in sales"
    if a.kind == "MONEY" and nums.low(a.last) in ("in", "on", "for"):
        d = a.last + 1
        while d < len(t) and t[d].lower in DETERMINERS:
            d += 1
        return _measured_np(nums, d, stop)
    return None


def _content(tok: Token) -> bool:
    return tok.text[:1].isalpha() and tok.lower not in FUNCTION_WORDS and not tok.lower.endswith(("'s", "\u2019s"))


def _np_before(nums: _Numbers, end: int, stop: set[int]) -> tuple[int, int] | None:
    """The noun phrase ending just before token ``end``, without determiner or possessive
    owner, crossing one prepositional phrase ("investment in European companies", "distance
    between Mars and Earth")."""
    t = nums.t
    s, crossed = end, False
    while s - 1 >= 0 and s - 1 not in stop and end - s < _MAX_NP + 4:
        prev = t[s - 1]
        if _content(prev) and not _verb_like(prev.lower):
            s -= 1
        elif not crossed and s < end and s - 2 >= 0 and (prev.lower in _PP_KEEP or prev.lower == "between") \
                and _content(t[s - 2]):
            s, crossed = s - 1, True
        elif not crossed and prev.lower == "and" and "between" in (nums.low(s - 3), nums.low(s - 4)):
            s -= 1
        else:
            break
    while s < end and not _content(t[s]):   # a crossing that found nothing before it
        s += 1
    return (t[s].start, t[end - 1].end) if s < end else None


def _bound_verb(nums: _Numbers, first: int) -> str | None:
    b = first - 1
    while b >= 0 and nums.low(b) in ("already", "just", "now", "easily", "comfortably", "well"):
        b -= 1
    return BOUND_VERBS.get(nums.low(b))


def _facts(tokens: list[Token], text: str, anchor: Anchor | None, lo: int, hi: int) -> list[Fact]:
    nums = _Numbers(tokens, text)
    dates = find_dates(tokens, text, anchor, lo, hi)
    taken: dict[int, DateFact] = {d.first: d for d in dates}
    covered = {k for d in dates for k in range(d.first, d.last)}
    amounts: list[_Amount] = []
    i = lo
    while i < hi:
        if i in taken:
            i = taken[i].last
            continue
        a = nums.amount(i)
        if a is None or a.last > hi or any(k in covered for k in range(a.first, a.last)):
            i += 1
            continue
        # year-like numbers stand alone as dates; the date rules took them already
        amounts.append(a)
        i = a.last
    amounts = _ranges(nums, amounts)
    stop = set(covered) | {k for a in amounts for k in range(a.first, a.last)}
    out: list[Fact] = []
    measured_of = [_measured(nums, a, stop) for a in amounts]
    for k, a in enumerate(amounts):
        # the two ends of a range measure the same thing ("Prices rose 5 to 10 percent")
        partner = k + 1 if a.range_with == 1 else k - 1 if a.range_with == -1 else None
        m = measured_of[k] or (measured_of[partner] if partner is not None else None)
        bound = a.bound or _bound_verb(nums, a.first) or "exact"
        s, e = tokens[a.first].start, tokens[a.last - 1].end
        measured = (m[0], m[1], text[m[0]:m[1]]) if m else None
        out.append(Fact(s, e, text[s:e], a.kind, a.value, decimal(a.value), bound, a.unit, measured))
    for d in dates:
        out.append(Fact(d.start, d.end, d.text, d.kind, None, d.normalized, d.bound, None, None))
    out.sort(key=lambda f: (f.start, f.end))
    return out


def _ranges(nums: _Numbers, amounts: list[_Amount]) -> list[_Amount]:
    """"5 to 10 percent": the first takes at_least and the second's kind, unit and scale."""
    out = list(amounts)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        joiner = nums.low(a.last)
        between = nums.low(a.first - 1) == "between"
        if b.first == a.last + 1 and (joiner in ("to", "-", "\u2013") or (joiner == "and" and between)) \
                and a.bound is None and b.bound is None and a.kind in ("CARDINAL", b.kind):
            value = a.value * (b.value / _unscaled(nums, b) if b.scaled and not a.scaled else 1)
            out[k] = replace(a, kind=b.kind, unit=b.unit, value=value, bound="at_least", range_with=1)
            out[k + 1] = replace(b, bound="at_most", range_with=-1)
    return out


def _unscaled(nums: _Numbers, b: _Amount) -> float:
    """The value of b's number without its scale word ("10" of "10 million")."""
    tok = nums.t[b.num]
    return float(tok.text.replace(",", "")) if tok.text[:1].isdigit() else b.value


def extract(text: str, anchor: Anchor | None) -> list[Fact]:
    """Every numeric fact of ``text``, in text order, none overlapping.

    Parameters
    ----------
    text : str
        The canonical text of a document.
    anchor : Anchor or None
        The publication date relative dates resolve against (``Anchor.parse(published_at)``);
        None leaves relative dates unresolved (``normalized`` None).

    Returns
    -------
    list of Fact
        Offsets into ``text``, kind, value, normalized, bound, unit and measured span.

    Examples
    --------
    >>> facts = extract("Up to 1,000 workers left in late August.", Anchor.parse("2021-03-10"))
    >>> [(f.text, f.kind, f.value, f.normalized, f.bound, f.measured) for f in facts]
    [('Up to 1,000', 'CARDINAL', 1000.0, '1000', 'at_most', (12, 19, 'workers')), \
('late August', 'DATE', None, '2020-08', 'exact', None)]
    """
    tokens = tokenize(text)
    return _facts(tokens, text, anchor, 0, len(tokens))


def interpret(text: str, start: int, end: int, kind: str, anchor: Anchor | None,
              tokens: list[Token] | None = None) -> Fact:
    """Read the span ``[start, end)`` that another system labelled ``kind`` with the same rules.

    The span and kind are kept as given; value, bound, unit, normalized date and measured come
    from the rules. A span the rules cannot read keeps ``value`` and ``normalized`` None.

    Parameters
    ----------
    text : str
        The document's text.
    start, end : int
        The span, half-open code-point offsets.
    kind : str
        The span's numeric kind (CARDINAL, MONEY, PERCENT, QUANTITY, ORDINAL, DATE, TIME).
    anchor : Anchor or None
        The publication date for relative dates.
    tokens : list of Token, optional
        ``tokenize(text)``, when the caller reads several spans of one text.

    Examples
    --------
    >>> text = "The bridge will cost about $390 million."
    >>> f = interpret(text, 21, 39, "MONEY", None)
    >>> f.text, f.value, f.bound, f.unit, f.measured
    ('about $390 million', 390000000.0, 'approx', 'USD', (4, 10, 'bridge'))
    """
    tokens = tokens if tokens is not None else tokenize(text)
    lo = _bisect(tokens, start)
    hi = lo
    while hi < len(tokens) and tokens[hi].start < end:
        hi += 1
    found = _facts(tokens, text, anchor, lo, hi)
    best = max(found, key=lambda f: f.end - f.start, default=None)
    span_text = text[start:end]
    if best is None:
        return Fact(start, end, span_text, kind, None, None, "exact", None, None)
    temporal = kind in ("DATE", "TIME")
    if temporal:
        return Fact(start, end, span_text, kind, None, best.normalized if best.value is None else None,
                    best.bound, None, None)
    value = best.value
    if value is None:
        return Fact(start, end, span_text, kind, None, None, best.bound, None, None)
    unit = best.unit if best.kind == kind else ({"PERCENT": "percent"}.get(kind))
    return Fact(start, end, span_text, kind, value, decimal(value), best.bound, unit, best.measured)


def _bisect(tokens: list[Token], offset: int) -> int:
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def to_record(fact: Fact, index: int) -> NumericFact:
    """The prediction record of a fact, id ``n<index>``; ``measured`` as a span."""
    measured = Span(start=fact.measured[0], end=fact.measured[1], text=fact.measured[2]) if fact.measured else None
    return NumericFact(id=f"n{index}", start=fact.start, end=fact.end, text=fact.text, kind=fact.kind,
                       value=fact.value, normalized=fact.normalized, bound=fact.bound, unit=fact.unit,
                       measured=measured)
