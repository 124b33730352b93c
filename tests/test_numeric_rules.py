"""The number and date rules on sentences written for each rule of the guidelines (section 5).

Every expected fact is derived by hand from the guidelines, against one fixed publication
date: Wednesday 2021-03-10 (ISO week 2021-W10), so that no expectation leans on the seed
article's Monday in November. A tuple is (span text, kind, value or normalized date, bound,
unit, measured text); the whole list must match, so a spurious fact fails a case too.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.dataset.rules import is_iso8601
from newsfacts.systems.numeric import Anchor, extract, interpret

PUBLISHED = "2021-03-10T09:00:00+00:00"   # a Wednesday
ANCHOR = Anchor.parse(PUBLISHED)

CASES = [
    # bounds from modifiers (5.3)
    ("Police said over 100 people were arrested.",
     [("over 100", "CARDINAL", 100, "more_than", None, "people")]),
    ("At least five people died.", [("At least five", "CARDINAL", 5, "at_least", None, "people")]),
    ("Up to 1,000 workers could lose their jobs.", [("Up to 1,000", "CARDINAL", 1000, "at_most", None, "workers")]),
    ("Fewer than 10 firms applied.", [("Fewer than 10", "CARDINAL", 10, "less_than", None, "firms")]),
    ("The club has 20 or more members.", [("20 or more", "CARDINAL", 20, "at_least", None, "members")]),
    ("Roughly 2.5 million households lost power.",
     [("Roughly 2.5 million", "CARDINAL", 2_500_000, "approx", None, "households")]),
    ("Nearly half a million people signed.",
     [("Nearly half a million", "CARDINAL", 500_000, "approx", None, "people")]),
    # verb-carried bounds: the verb stays outside the span; "reached" is exact
    ("Exports had already passed 25% of output.", [("25%", "PERCENT", 25, "more_than", "percent", "output")]),
    ("Renewables exceeded 30 percent.", [("30 percent", "PERCENT", 30, "more_than", "percent", "Renewables")]),
    ("Turnout reached 25%.", [("25%", "PERCENT", 25, "exact", "percent", "Turnout")]),
    # money: scale words, currency codes, measured (5.4, 5.5 and the event/subject rule)
    ("The startup raised $3.2 billion in a funding round.",
     [("$3.2 billion", "MONEY", 3_200_000_000, "exact", "USD", "funding round")]),
    ("The bridge will cost about $390 million.",
     [("about $390 million", "MONEY", 390_000_000, "approx", "USD", "bridge")]),
    ("Its valuation reached $3.2 billion.", [("$3.2 billion", "MONEY", 3_200_000_000, "exact", "USD", "valuation")]),
    ("They spent $2 million on ads.", [("$2 million", "MONEY", 2_000_000, "exact", "USD", "ads")]),
    ("The deal is worth AU$300 million.", [("AU$300 million", "MONEY", 300_000_000, "exact", "AUD", "deal")]),
    ("It sold 3.2m euros of bonds.", [("3.2m euros", "MONEY", 3_200_000, "exact", "EUR", "bonds")]),
    ("He was paid 50 cents.", [("50 cents", "MONEY", 0.5, "exact", "USD", None)]),
    # percent, quantity, partitive
    ("About 40 percent of voters stayed home.", [("About 40 percent", "PERCENT", 40, "approx", "percent", "voters")]),
    ("Over 60% of staff agreed.", [("Over 60%", "PERCENT", 60, "more_than", "percent", "staff")]),
    ("The company's revenue rose 5%.", [("5%", "PERCENT", 5, "exact", "percent", "revenue")]),
    ("The drive holds 5GB of data.", [("5GB", "QUANTITY", 5, "exact", "GB", "data")]),
    ("She ran a 10 km race.", [("10 km", "QUANTITY", 10, "exact", "km", "race")]),
    ("The US added 28 more Chinese entities.", [("28", "CARDINAL", 28, "exact", None, "Chinese entities")]),
    # measured drops a leading determiner or possessive, keeps the noun's own PP (decision 1)
    ("It gets 40% of its electricity from renewable sources.",
     [("40%", "PERCENT", 40, "exact", "percent", "electricity from renewable sources")]),
    ("The city built 12 libraries in the eastern districts.",
     [("12", "CARDINAL", 12, "exact", None, "libraries in the eastern districts")]),
    ("The company set a budget of $5 million.", [("$5 million", "MONEY", 5_000_000, "exact", "USD", "budget")]),
    ("They bought two of the world's largest banks.",
     [("two", "CARDINAL", 2, "exact", None, "the world's largest banks")]),
    ("Nearly two-thirds of respondents agreed.",
     [("Nearly two-thirds", "CARDINAL", 2 / 3, "approx", None, "respondents")]),
    ("Half of the staff left.", [("Half", "CARDINAL", 0.5, "exact", None, "staff")]),
    ("Two hundred and fifty thousand people marched.",
     [("Two hundred and fifty thousand", "CARDINAL", 250_000, "exact", None, "people")]),
    ("He finished third.", [("third", "ORDINAL", 3, "exact", None, None)]),
    # ranges: two facts, the first takes the second's kind and scale
    ("Prices rose 5 to 10 percent.",
     [("5", "PERCENT", 5, "at_least", "percent", "Prices"), ("10 percent", "PERCENT", 10, "at_most", "percent", "Prices")]),
    ("Between 5 and 10 million people watched.",
     [("5", "CARDINAL", 5_000_000, "at_least", None, "people"),
      ("10 million", "CARDINAL", 10_000_000, "at_most", None, "people")]),
    # not facts: vague amounts, names, pronoun "one", multipliers
    ("We will approve quite a few of them, dozens of firms and a lot of applications.", []),
    ("The firm runs Windows 10 on 5G phones, one of them an iPhone 11.", []),
    ("Exports more than doubled.", []),
    # units written out, NPs before the amount, pronoun "one", adverb "first"
    ("The data rate had already exceeded 2 megabits per second.",
     [("2 megabits per second", "QUANTITY", 2, "more_than", "Mbps", "data rate")]),
    ("The distance between Mars and Earth is currently about 250 million km.",
     [("about 250 million km", "QUANTITY", 250_000_000, "approx", "km", "distance between Mars and Earth")]),
    ("Tessera cost €610 million.", [("€610 million", "MONEY", 610_000_000, "exact", "EUR", "Tessera")]),
    ("Its valuation had more than doubled to $300 million.",
     [("$300 million", "MONEY", 300_000_000, "exact", "USD", "valuation")]),
    ("A grant of $120 million approved in March will cover it.",
     [("$120 million", "MONEY", 120_000_000, "exact", "USD", "grant"),
      ("March", "DATE", "2021-03", "exact", None, None)]),    # "approved in March": past, this March
    ("The bridge carries 30,000 vehicles a day.", [("30,000", "CARDINAL", 30_000, "exact", None, "vehicles")]),
    ("Avery, one of two members, voted no.", [("two", "CARDINAL", 2, "exact", None, "members")]),
    ("It is the first spacecraft to do so.", [("first", "ORDINAL", 1, "exact", None, "spacecraft")]),
    ("It mapped the north first, then the south.", []),
    # dates against Wednesday 2021-03-10 (5.6)
    ("Sales fell sharply last month.", [("last month", "DATE", "2021-02", "exact", None, None)]),
    ("The plant closed in late August.", [("late August", "DATE", "2020-08", "exact", None, None)]),
    ("The vote will take place in late August.", [("late August", "DATE", "2021-08", "exact", None, None)]),
    ("Ross said on Monday that he will meet them on Friday.",
     [("Monday", "DATE", "2021-03-08", "exact", None, None), ("Friday", "DATE", "2021-03-12", "exact", None, None)]),
    ("He spoke on Wednesday.", [("Wednesday", "DATE", "2021-03-10", "exact", None, None)]),
    ("He spoke last Wednesday.", [("last Wednesday", "DATE", "2021-03-03", "exact", None, None)]),
    ("Talks ended last week and resume next week.",
     [("last week", "DATE", "2021-W09", "exact", None, None), ("next week", "DATE", "2021-W11", "exact", None, None)]),
    ("The law passed on November 3, 2019.", [("November 3, 2019", "DATE", "2019-11-03", "exact", None, None)]),
    ("The licences expire at the end of this month.",
     [("the end of this month", "DATE", "2021-03", "exact", None, None)]),
    ("The tariffs will take effect in December.", [("December", "DATE", "2021-12", "exact", None, None)]),
    ("Prices have risen since May.", [("May", "DATE", "2020-05", "exact", None, None)]),
    ("She has worked there for three years.", [("three years", "DATE", "P3Y", "exact", None, None)]),
    ("The meeting lasted two hours.", [("two hours", "TIME", "PT2H", "exact", None, None)]),
    ("We expect at least four years of science.", [("at least four years", "DATE", "P4Y", "at_least", None, None)]),
    ("Commands take almost 14 minutes to arrive.", [("almost 14 minutes", "TIME", "PT14M", "approx", None, None)]),
    ("The valve opened 40 milliseconds late.", [("40 milliseconds", "TIME", "PT0.04S", "exact", None, None)]),
    ("Prices doubled in a year.", [("a year", "DATE", "P1Y", "exact", None, None)]),
    ("Five years ago the plant opened.", [("Five years ago", "DATE", "2016", "exact", None, None)]),
    ("The store opens at 10am.", [("10am", "TIME", "T10:00", "exact", None, None)]),
    ("Sales in the third quarter of 2020 fell.",
     [("the third quarter of 2020", "DATE", "2020-07/2020-09", "exact", None, None)]),
    ("The company was founded in the 1990s.", [("the 1990s", "DATE", "1990/1999", "exact", None, None)]),
    ("From May to October the park was closed.", [("May to October", "DATE", "2020-05/2020-10", "exact", None, None)]),
    ("He left yesterday and returns tomorrow.",
     [("yesterday", "DATE", "2021-03-09", "exact", None, None), ("tomorrow", "DATE", "2021-03-11", "exact", None, None)]),
    ("A 45-year-old man was arrested.", [("45-year-old", "DATE", "P45Y", "exact", None, None)]),
    ("Prices reached a 30-year high.", [("30-year", "DATE", "P30Y", "exact", None, None)]),
    ("Revenue hit $5 billion in 2020.",
     [("$5 billion", "MONEY", 5_000_000_000, "exact", "USD", "Revenue"), ("2020", "DATE", "2020", "exact", None, None)]),
]


def _row(f):
    number = f.normalized if f.kind in ("DATE", "TIME") else f.value
    return (f.text, f.kind, number, f.bound, f.unit, f.measured[2] if f.measured else None)


@pytest.mark.parametrize("sentence, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_rules_on_hand_written_sentences(sentence, expected):
    got = [_row(f) for f in extract(sentence, ANCHOR)]
    assert got == [tuple(e) for e in expected]


def test_spans_and_measured_are_slices_of_the_text():
    for sentence, _ in CASES:
        for f in extract(sentence, ANCHOR):
            assert sentence[f.start:f.end] == f.text
            if f.measured:
                s, e, text = f.measured
                assert sentence[s:e] == text
                assert e <= f.start or s >= f.end   # the measured span never overlaps the fact


def test_non_date_values_have_plain_decimal_normalized():
    # "$3.2 billion" -> 3200000000, no exponent; "50 cents" -> 0.5
    facts = extract("It raised $3.2 billion and paid 50 cents.", ANCHOR)
    assert [f.normalized for f in facts] == ["3200000000", "0.5"]


def test_interpret_reads_a_span_found_by_another_system():
    # A tagger's "about $3.2 billion" MONEY span: the rules read value, bound and unit, keep span and kind.
    text = "The bridge will cost about $3.2 billion."
    start = text.index("about")
    f = interpret(text, start, len(text) - 1, "MONEY", ANCHOR)
    assert (f.text, f.kind, f.value, f.bound, f.unit, f.measured[2]) == \
        ("about $3.2 billion", "MONEY", 3_200_000_000, "approx", "USD", "bridge")


def test_interpret_keeps_the_given_kind_and_span_when_the_rules_find_nothing():
    f = interpret("a dozen or so", 0, 13, "CARDINAL", ANCHOR)
    assert (f.text, f.kind, f.value, f.bound) == ("a dozen or so", "CARDINAL", 12, "exact") or f.value is None


def test_dates_without_a_publication_date_are_found_but_not_resolved():
    facts = extract("Sales fell last month.", None)
    assert [(f.text, f.normalized) for f in facts] == [("last month", None)]


WORDS = ["over", "about", "100", "1,000", "3.2", "$", "AU", "€", "billion", "m", "percent", "%", "km", "of", "the",
         "last", "next", "month", "May", "late", "August", "Friday", "said", "will", "to", "between", "and", "a",
         "year", "ago", "two", "hundred", "first", "one", "Q", "3", "the end of", "10am", "-", ",", ".", "\"",
         "revenue", "rose", "people", "in", "at least", "up to", "or more", "per", "second", "2019", "1990s",
         "12,000", "years", "quarter", "third", "Monday", "'s", "3:30", "p.m.", "two-thirds", "C", "mid"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(WORDS), max_size=25), st.sampled_from([" ", "", "  "]))
def test_rules_never_crash_and_keep_their_invariants(words, sep):
    # Whatever the words, facts are slices of the text, in order, never overlapping each other,
    # DATE/TIME carry no value and a valid ISO 8601 normalized (or none), the others a decimal
    # normalized; measured never overlaps its fact.
    text = sep.join(words)
    facts = extract(text, ANCHOR)
    end = 0
    for f in facts:
        assert text[f.start:f.end] == f.text and f.start >= end
        end = f.end
        if f.kind in ("DATE", "TIME"):
            assert f.value is None and (f.normalized is None or is_iso8601(f.normalized))
        else:
            assert f.value is not None and float(f.normalized) == f.value
        if f.measured:
            s, e, t = f.measured
            assert text[s:e] == t and (e <= f.start or s >= f.end)
