"""Alignment of offset-free strings: exact, normalized, fuzzy, repeated strings, unaligned."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfacts.scoring.align import FUZZY_THRESHOLD, Aligner, _Union, nfc_runs, normalize, strip_quotation_marks
from newsfacts.dataset.seeds import parse_seed
from .helpers import REAL_SEED

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


def test_same_string_items_prefer_their_own_spelling():
    # The exact stage runs first: "us" takes the lower-case occurrence at 7, then the two "US"
    # take 0 and 14 -- not the first three occurrences in list order.
    a = Aligner("US and us and US.")
    assert [(p.start, p.end, p.method) for p in a.place_all(["us", "US", "US"], layer="entities")] == [
        (7, 9, "exact"), (0, 2, "exact"), (14, 16, "exact")]
    # Three "us": the exact one first, then the other two (normalized) in text order.
    assert [p.start for p in Aligner("US and us and US.").place_all(["us"] * 3, layer="entities")] == [7, 0, 14]
    # Spelled alike in items and text: the k-th item takes the k-th occurrence.
    assert [p.start for p in Aligner("US and US and US.").place_all(["US"] * 3, layer="entities")] == [0, 7, 14]


def test_whitespace_is_collapsed_never_removed():
    # "U S" normalizes to "u s", not "us": it is another string, with its own occurrences.
    a = Aligner("The US envoys and U S.")
    first, second, spaced = a.place_all(["US", "US", "U S"], layer="entities")
    assert (first.start, first.end) == (4, 6)
    assert second is None  # no second "US": "U S" is not one
    assert (spaced.start, spaced.end) == (18, 21)


def test_text_side_is_nfc_too():
    # Gold from a .jsonl need not be NFC: "e" + U+0301 is found by the composed "é", and the span
    # covers the combining accent (11 characters of the text for 10 of the string).
    text = "Le Cafe\u0301 Rouge ouvre."
    p = Aligner(text).place("Caf\u00e9 Rouge", layer="entities")
    assert (p.start, p.end, p.method) == (3, 14, "normalized") and text[p.start:p.end] == "Cafe\u0301 Rouge"
    # A combining mark continues a word: "Cafe" is not a whole word inside "Café".
    assert Aligner(text).place("Cafe", layer="entities") is None


def test_fuzzy_window_is_widened_over_combining_marks():
    # casefold("İ") is "i" + U+0307; the fuzzy window used to start after the mark ("stanbul").
    # Widened to the whole word, ratio("istanbul", "i\u0307stanbul") = 2*8/17 = 0.94.
    a = Aligner("x \u0130stanbul y")
    p = a.place("istanbul", layer="entities")
    assert (p.start, p.end, p.method, p.score) == (2, 10, "fuzzy", 0.9412)
    assert a.text[p.start:p.end] == "\u0130stanbul"


@given(st.text(alphabet="aeiAE \u0301\u0300\u0327\u0316\u00e9\u1100\u1161\u11a8\u0b47\u0b3e\u212b\u0f73",
               max_size=12))
def test_nfc_runs_normalize_independently(text):
    runs = list(nfc_runs(text))
    assert "".join(text[a:b] for a, b in runs) == text
    assert "".join(unicodedata.normalize("NFC", text[a:b]) for a, b in runs) == unicodedata.normalize("NFC", text)


def test_flat_layers_never_place_a_string_over_another_item():
    text = "US Commerce Secretary Wilbur Ross met Ross Perot. Ross said so."
    # "Wilbur Ross" is placed first whatever the order; "Ross" then takes the first "Ross"
    # outside it (38), the second "Ross" the next (50).
    for order in (["Ross", "Wilbur Ross", "Ross"], ["Wilbur Ross", "Ross", "Ross"], ["Ross", "Ross", "Wilbur Ross"]):
        spans = {(p.start, p.end) for p in Aligner(text).place_all(order, layer="entities")}
        assert spans == {(22, 33), (38, 42), (50, 54)}, order
    # Items given by offsets are avoided as well.
    a = Aligner(text)
    a.block(22, 33, layer="numeric_facts")
    assert a.place("Ross", layer="numeric_facts").start == 38


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=12), st.integers(0, 30), st.integers(1, 6))
def test_union_of_spans_answers_overlaps_like_a_scan(added, a, width):
    union = _Union()
    for start, w in added:
        union.add(start, start + w)
    assert union.overlaps(a, a + width) == any(s < a + width and a < s + w for s, w in added)
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(union.runs, union.runs[1:]))  # sorted, disjoint, not touching


def test_many_repeated_strings_take_linear_time():
    # 20,000 "the" in one line: each search resumes where the last one for the string stopped
    # and tests overlaps in O(log n); scanning from the start every time took minutes.
    import time

    text = " ".join(["the"] * 20_000)
    started = time.perf_counter()
    placements = Aligner(text).place_all(["the"] * 20_001, layer="entities")
    assert [p.start for p in placements[:3]] == [0, 4, 8] and placements[-2].start == len(text) - 3
    assert placements[-1] is None and time.perf_counter() - started < 10  # about 0.5 s here


def test_quotes_may_nest():
    # Quotes are not flat: the shorter quote may lie inside the longer one, in either order.
    text = "He said it is close, it is, he said."
    a = Aligner(text)
    outer, inner = a.place_all(["it is close", "close"], layer="quotes")
    assert (outer.start, outer.end) == (8, 19) and (inner.start, inner.end) == (14, 19)


@given(st.data())
def test_flat_placements_do_not_depend_on_the_order_of_different_strings(data):
    needles = data.draw(st.lists(st.sampled_from(["Ross", "Wilbur Ross", "US", "us", "Huawei", "US Commerce",
                                                  "Entity List", "Entity Lists"]), max_size=10))
    base = dict(enumerate(Aligner(SEED_TEXT).place_all(needles, layer="entities")))
    # Shuffle, keeping items with the same normalized string in their order.
    order = data.draw(st.permutations(range(len(needles))))
    by_key: dict[str, list[int]] = {}
    for i in range(len(needles)):
        by_key.setdefault(normalize(needles[i]), []).append(i)
    queues = {k: iter(v) for k, v in by_key.items()}
    order = [next(queues[normalize(needles[i])]) for i in order]  # same-string items back in list order
    shuffled = Aligner(SEED_TEXT).place_all([needles[i] for i in order], layer="entities")
    assert {i: p for i, p in zip(order, shuffled)} == base
    spans = sorted((p.start, p.end) for p in base.values() if p is not None)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))  # flat


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
