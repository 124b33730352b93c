"""Alignment of offset-free strings: exact, normalized, fuzzy, repeated strings, unaligned."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.align import FUZZY_THRESHOLD, Aligner, normalize, strip_quotation_marks
from benchmark.seeds import parse_seed
from tests.conftest import REAL_SEED

SEED_TEXT = parse_seed(REAL_SEED).text


def placed(aligner: Aligner, needle: str, layer: str = "entities") -> tuple[str, str] | None:
    """(method, text of the placed span) or None."""
    p = aligner.place(needle, layer=layer)
    return None if p is None else (p.method, aligner.text[p.start:p.end])


def test_exact_takes_whole_words_only():
    a = Aligner("USB sticks from the US.")
    p = a.place("US", layer="entities")
    # "US" inside "USB" (offset 0) is not a whole word; the one at 20 is.
    assert (p.start, p.end, p.method) == (20, 22, "exact")


def test_repeated_strings_take_occurrences_in_order_once_each():
    text = "US and US and US"
    a = Aligner(text)
    starts = [a.place("US", layer="entities").start for _ in range(3)]
    assert starts == [0, 7, 14]
    assert a.place("US", layer="entities") is None  # a fourth "US" has no occurrence left


def test_each_layer_has_its_own_occurrences():
    a = Aligner("Ross said.")
    assert a.place("Ross", layer="entities").start == 0
    assert a.place("Ross", layer="quotes").start == 0


def test_case_variants_share_occurrences():
    # "us" (normalized stage) must not land on the occurrence "US" (exact stage) already took.
    a = Aligner("The US and the US.")
    assert placed(a, "US") == ("exact", "US")
    p = a.place("us", layer="entities")
    assert (p.start, p.method) == (15, "normalized")


def test_normalized_quotes_dashes_case_and_whitespace():
    a = Aligner("He said \u201cforthcoming  very\nshortly\u201d \u2013 twice.")
    assert placed(a, '"Forthcoming very shortly"') == ("normalized", "\u201cforthcoming  very\nshortly\u201d")
    assert placed(a, "- TWICE") == ("normalized", "\u2013 twice")


def test_normalized_maps_back_through_casefold_that_changes_length():
    # casefold("ß") == "ss": the offsets after it must still map to the original text.
    a = Aligner("Die Straße und die STRASSE in Köln.")
    assert placed(a, "strasse") == ("normalized", "Straße")
    assert placed(a, "strasse") == ("normalized", "STRASSE")
    assert placed(a, "köln") == ("normalized", "Köln")


def test_fuzzy_on_the_real_seed():
    a = Aligner(SEED_TEXT)
    # One letter missing: widened to the whole word, ratio 16/17 = 0.94 >= 0.9.
    method, text = placed(a, "Hikvison")
    assert (method, text) == ("fuzzy", "Hikvision")
    method, text = placed(a, "That's a lot of applications - it's frankly more than we would have thought", "quotes")
    assert method == "fuzzy"
    assert text == "That's a lot of applications -- it's frankly more than we would've thought"


def test_fuzzy_never_places_a_short_name_inside_a_word():
    # "ross" fits inside "across", but widened to the whole word the similarity is 2*4/10 = 0.8.
    assert Aligner("We walked across the road.").place("ross", layer="entities") is None


def test_unplaceable_strings():
    a = Aligner(SEED_TEXT)
    assert a.place("Dahua Technologies Group Holdings", layer="entities") is None
    assert a.place("   ", layer="entities") is None


def test_threshold_one_turns_fuzzy_off():
    assert Aligner(SEED_TEXT, threshold=1.0).place("Hikvison", layer="entities") is None
    assert FUZZY_THRESHOLD == 0.9


def test_strip_quotation_marks():
    assert strip_quotation_marks("\u00abIt is close\u00bb") == "It is close"
    assert strip_quotation_marks("'tis") == "'tis"  # only a pair is dropped


@given(st.lists(st.sampled_from(["US", "Ross", "Huawei", "us", "ross"]), min_size=1, max_size=12))
def test_placements_are_valid_and_never_reused(needles):
    a = Aligner(SEED_TEXT)
    seen = set()
    for needle in needles:
        p = a.place(needle, layer="entities")
        if p is None:
            continue
        span = (p.start, p.end)
        assert span not in seen
        seen.add(span)
        assert normalize(SEED_TEXT[p.start:p.end]) == normalize(needle)


@pytest.mark.parametrize("needle", ["Wilbur Ross", "Association of Southeast Asian Nations", "260"])
def test_exact_strings_of_the_seed_align_exactly(needle):
    p = Aligner(SEED_TEXT).place(needle, layer="entities")
    assert p.method == "exact" and SEED_TEXT[p.start:p.end] == needle
