"""Tokens and word lists shared by the number and date rules.

A token is a word, a number (digits with ``,``/``.`` inside), or one other character; each
carries its code-point offsets, so every span the rules produce is a slice of the text.

>>> [t.text for t in tokenize("US$3.2bn, about 40%")]
['US', '$', '3.2', 'bn', ',', 'about', '40', '%']
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['\u2019][^\W\d_]+)*|\S", re.UNICODE)


class Token(NamedTuple):
    start: int
    end: int
    text: str
    lower: str


def tokenize(text: str) -> list[Token]:
    """Words, numbers and single other characters with their offsets."""
    # tuple.__new__ skips NamedTuple's Python-level constructor: tokenizing is a fifth of the rules' time
    return [_new(Token, (m.start(), m.end(), g, g.lower())) for m in _TOKEN.finditer(text) for g in (m.group(),)]


_new = tuple.__new__


def decimal(value: float) -> str:
    """The plain decimal string the guidelines ask for: no exponent, no separators.

    The shortest string that reads back as the same float, so ``float(decimal(v)) == v``.

    >>> [decimal(v) for v in (260.0, 3.2e9, 0.5, 1e-7, 2 / 3)]
    ['260', '3200000000', '0.5', '0.0000001', '0.6666666666666666']
    """
    if value == int(value):
        return str(int(value))
    return format(Decimal(repr(value)), "f")


class Phrases:
    """Multi-word phrases with a value each, indexed by first word so a miss costs one lookup.

    >>> p = Phrases({("more", "than"): "more_than", ("over",): "more_than"})
    >>> p.match(tokenize("more than 5"), 0), p.match(tokenize("more 5"), 0)
    ((2, 'more_than'), (0, None))
    """

    def __init__(self, phrases: dict[tuple[str, ...], object]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for words, value in sorted(phrases.items(), key=lambda kv: -len(kv[0])):
            self.by_first.setdefault(words[0], []).append((words, value))

    def match(self, tokens: list[Token], i: int) -> tuple[int, object]:
        """(length, value) of the longest phrase starting at token i, or (0, None)."""
        if i >= len(tokens) or tokens[i].lower not in self.by_first:
            return 0, None
        for words, value in self.by_first[tokens[i].lower]:
            n = len(words)
            if i + n <= len(tokens) and all(tokens[i + k].lower == w for k, w in enumerate(words)):
                return n, value
        return 0, None


class TokenView:
    """Look-ups over one text's tokens that both rule sets use."""

    def __init__(self, tokens: list[Token], text: str) -> None:
        self.t = tokens
        self.text = text

    def low(self, i: int) -> str:
        """The lower-case token i, or '' outside the text."""
        return self.t[i].lower if 0 <= i < len(self.t) else ""

    def tight(self, i: int) -> bool:
        """True when token i follows token i-1 with no space ("5" "GB" in "5GB")."""
        return 0 < i < len(self.t) and self.t[i].start == self.t[i - 1].end


UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
              "eighty": 80, "ninety": 90}
# Scale words multiply what precedes them; the short forms only right after a digit ("$3m", "2bn").
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100, "thousandth": 1000, "millionth": 1e6,
}
# Denominators of written fractions: "two-thirds", "three-quarters", "a third of", "half of".
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
             "fifths": 5, "tenth": 10, "tenths": 10}

# Bound modifiers before an amount, longest first when matched (guidelines 5.3).
BOUND_BEFORE = Phrases({
    ("exactly",): "exact", ("precisely",): "exact",
    ("about",): "approx", ("around",): "approx", ("approximately",): "approx", ("roughly",): "approx",
    ("nearly",): "approx", ("almost",): "approx", ("some",): "approx", ("close", "to"): "approx",
    ("an", "estimated"): "approx", ("estimated",): "approx", ("~",): "approx", ("circa",): "approx",
    ("over",): "more_than", ("more", "than"): "more_than", ("above",): "more_than",
    ("upwards", "of"): "more_than", ("upward", "of"): "more_than", ("in", "excess", "of"): "more_than",
    ("under",): "less_than", ("less", "than"): "less_than", ("fewer", "than"): "less_than",
    ("below",): "less_than",
    ("at", "least"): "at_least", ("no", "fewer", "than"): "at_least", ("no", "less", "than"): "at_least",
    ("a", "minimum", "of"): "at_least",
    ("at", "most"): "at_most", ("up", "to"): "at_most", ("no", "more", "than"): "at_most",
    ("a", "maximum", "of"): "at_most",
})
BOUND_AFTER = Phrases({("or", "more"): "at_least", ("or", "over"): "at_least",
                       ("or", "less"): "at_most", ("or", "fewer"): "at_most"})
# Verbs that carry a bound from outside the span ("exceeded 25%" -> more_than); "reached" stays exact.
BOUND_VERBS = {
    "passed": "more_than", "passing": "more_than", "exceeded": "more_than", "exceeds": "more_than",
    "exceed": "more_than", "exceeding": "more_than", "topped": "more_than", "tops": "more_than",
    "topping": "more_than", "surpassed": "more_than", "surpassing": "more_than", "surpasses": "more_than",
    "outnumbered": "more_than",
}

# Currency: symbols (with an optional country prefix), ISO codes and names (guidelines 5.4).
DOLLAR_PREFIXES = {"us": "USD", "au": "AUD", "a": "AUD", "c": "CAD", "ca": "CAD", "nz": "NZD",
                   "hk": "HKD", "s": "SGD", "nt": "TWD", "r": "BRL", "mx": "MXN"}
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
           "₺": "TRY", "₦": "NGN", "₱": "PHP", "₪": "ILS"}
ISO_CODES = frozenset(
    "USD EUR GBP JPY CNY RMB AUD CAD NZD CHF HKD SGD INR KRW RUB BRL MXN ZAR SEK NOK DKK PLN TRY "
    "TWD THB IDR MYR PHP VND NGN KES EGP SAR AED ILS CZK HUF".split())
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
    "franc": "CHF", "francs": "CHF", "won": "KRW", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "peso": "MXN", "pesos": "MXN", "rand": "ZAR", "real": "BRL", "reais": "BRL",
    "lira": "TRY", "ringgit": "MYR", "baht": "THB",
}
# A nationality before "dollars" names the dollar ("Australian dollars" -> AUD).
DOLLAR_NATIONS = {"us": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD",
                  "hong": "HKD", "singapore": "SGD", "new": "NZD", "taiwan": "TWD"}
CENTS = {"cent": 0.01, "cents": 0.01, "pence": 0.01, "p": 0.01}


# Units: surface (lower case) -> the unit written in the record (guidelines 5.4).
UNITS: dict[str, str] = {}
for _unit, _surfaces in {
    "km": "km kms kilometre kilometres kilometer kilometers", "m": "metre metres meter meters",
    "cm": "cm centimetre centimetres centimeter centimeters", "mm": "mm millimetre millimetres millimeter millimeters",
    "mi": "mile miles", "ft": "ft foot feet", "in": "inch inches", "yd": "yard yards",
    "kg": "kg kgs kilogram kilograms kilo kilos", "g": "gram grams", "mg": "mg milligram milligrams",
    "t": "tonne tonnes ton tons", "lb": "lb lbs", "oz": "oz ounce ounces",
    "l": "litre litres liter liters", "ml": "ml millilitre millilitres milliliter milliliters",
    "gal": "gallon gallons", "bbl": "barrel barrels bbl",
    "W": "watt watts", "kW": "kw kilowatt kilowatts", "MW": "mw megawatt megawatts",
    "GW": "gw gigawatt gigawatts", "TW": "tw terawatt terawatts", "kWh": "kwh", "MWh": "mwh",
    "GWh": "gwh", "TWh": "twh",
    "B": "byte bytes", "KB": "kb kilobyte kilobytes", "MB": "mb megabyte megabytes",
    "GB": "gb gigabyte gigabytes", "TB": "tb terabyte terabytes", "PB": "pb petabyte petabytes",
    "kbps": "kbps", "Mbps": "mbps", "Gbps": "gbps", "Hz": "hz hertz", "kHz": "khz", "MHz": "mhz",
    "GHz": "ghz", "mph": "mph", "km/h": "kph", "°C": "celsius", "°F": "fahrenheit",
    "ha": "ha hectare hectares", "acre": "acre acres", "nm": "nm nanometre nanometres nanometer nanometers",
    "V": "volt volts", "kV": "kv", "mAh": "mah", "sq km": "", "degree": "degree degrees",
}.items():
    for _s in _surfaces.split():
        UNITS[_s] = _unit

# Rates written out: "2 megabits per second" -> Mbps (guidelines 5.4: the standard symbol).
RATE_UNITS = Phrases({
    **{(w, "per", "second"): u for w, u in (("kilobits", "kbps"), ("megabits", "Mbps"), ("gigabits", "Gbps"),
                                             ("kilobit", "kbps"), ("megabit", "Mbps"), ("gigabit", "Gbps"))},
    **{(w, "per", "hour"): u for w, u in (("kilometres", "km/h"), ("kilometers", "km/h"), ("km", "km/h"),
                                           ("miles", "mph"))},
})

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
DURATION_UNITS = {"year": "Y", "years": "Y", "month": "M", "months": "M", "week": "W", "weeks": "W",
                  "day": "D", "days": "D", "decade": "10Y", "decades": "10Y",
                  "hour": "TH", "hours": "TH", "minute": "TM", "minutes": "TM", "second": "TS", "seconds": "TS",
                  "millisecond": "TMS", "milliseconds": "TMS"}

# Closed-class words: they end a measured noun phrase (guidelines 5.5), since nothing here parses.
DETERMINERS = frozenset("a an the this that these those its his her their our my your some any each every "
                        "no all both another such".split())
FUNCTION_WORDS = DETERMINERS | frozenset(
    "and or but nor so yet if than then as because while although though whether which who whom whose "
    "what when where why how that to at by with without into onto from of for in on about over under "
    "after before since until during between among through across against per via including "
    "excluding like unlike is are was were be been being am has have had having do does did will would "
    "shall should can could may might must it he she they we you i them him us me there here "
    "not never also already still just only even more most less least very too much many "
    "said says say told tell added noted according last next ago today yesterday tomorrow "
    "below above beyond away late early behind ahead apart off out up down back along".split())
# Verbs whose subject is what an amount after them measures, besides SUBJECT_VERBS.
MEASURE_VERBS = frozenset("doubled tripled halved weighed weighs weigh measured measures valued employs employed "
                          "covers covered spans spanned".split())
# Verbs before an amount whose subject is what the amount measures ("the bridge will cost $390
# million" -> "bridge"; "revenue rose 5%" -> "revenue").
SUBJECT_VERBS = frozenset(
    "cost costs costing worth total totals totalled totaled totaling totalling rose rises rise rising "
    "fell falls fall falling grew grows grow growing increased increases increase decreased decreases "
    "dropped drops jumped jumps climbed climbs declined declines slipped slumped soared surged "
    "reached reaches hit hits stood stands amounted amounts came comes is are was were be "
    "passed exceeded topped surpassed".split())
VAGUE_AFTER_ONE = frozenset("of another".split())
# Common verbs that end a noun phrase after an amount; regular "-ed"/"-ing" forms are caught by shape.
VERBS = frozenset(
    "lost won sold bought paid made took gave got went came left kept held ran saw became began fell rose grew "
    "put set told thought found felt brought met sent spent built stayed died live lives work works die dies "
    "remain remains remained face faces need needs want wants say says think believe use uses".split())
