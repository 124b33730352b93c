"""Numeric-fact metrics: span schemas, value tolerance, normalized dates, bound, unit, measured."""

from __future__ import annotations

import pytest

from newsfacts.scoring.metrics import normalized_credit, score_document, value_agrees

from .helpers import Text, counts_of, options, score

T = Text("The US received 260 requests for the licences by Sunday, 5 percent more than the "
         "2.5 million dollars of 2018.")
GOLD = T.gold(numeric_facts=[
    T.fact("260", "CARDINAL", value=260.0, normalized="260", bound="exact",
           measured=T.span("requests for the licences")),                                   # N1
    T.fact("Sunday", "DATE", normalized="2019-11-03", bound="exact"),                        # N2
    T.fact("5 percent", "PERCENT", value=5.0, normalized="5", bound="approx", unit="percent"),  # N3
    T.fact("2.5 million dollars", "MONEY", value=2.5e6, normalized="2500000", bound="exact", unit="USD"),  # N4
    T.fact("2018", "DATE", normalized="2018", bound="exact"),                                # N5
])
PRED = T.pred(numeric_facts=[
    # M1: exact span and kind; value off by 1e-7 (within 1e-6 * 260); measured given as a string.
    T.fact("260", "CARDINAL", value=260.0000001, bound="exact", measured="Requests for  the licences"),
    # M2: overlaps N2, kind right; normalized at month granularity: half credit.
    T.fact("by Sunday", "DATE", normalized="2019-11", bound="exact"),
    # M3: exact span, wrong kind; value 5.1 (wrong at 1e-6); bound wrong; unit right up to case.
    T.fact("5 percent", "CARDINAL", value=5.1, bound="exact", unit="Percent"),
    # M4: overlaps N4, kind right; value 2.5 (wrong); unit missing (wrong); measured given, gold has none.
    T.fact("2.5 million", "MONEY", value=2.5, bound="exact", measured=T.span("licences")),
    # M5: spurious. N5 "2018" is missed.
    T.fact("US", "CARDINAL", value=1.0, bound="exact"),
])
NUMERIC = options("numeric_facts")


def test_span_schemas_by_hand():
    n = score(GOLD, PRED, NUMERIC)["numeric_facts"]["span"]
    # strict (boundaries + kind): M1 correct; M2, M3, M4 incorrect; N5 missed; M5 spurious -> 1/5.
    assert counts_of(n["strict"]) == dict(correct=1, incorrect=3, partial=0, missed=1, spurious=1)
    assert n["strict"]["f1"] == pytest.approx(0.2)
    # partial (boundaries only, kind ignored as in SemEval): M1, M3 correct; M2, M4 partial -> 3/5.
    assert counts_of(n["partial"]) == dict(correct=2, incorrect=0, partial=2, missed=1, spurious=1)
    assert n["partial"]["f1"] == pytest.approx(0.6)
    # type (overlap + kind): M1, M2, M4 correct; M3 incorrect -> 3/5.
    assert n["type"]["f1"] == pytest.approx(0.6)


def test_per_kind_by_hand():
    per = score(GOLD, PRED, NUMERIC)["numeric_facts"]["per_kind"]
    assert list(per) == ["CARDINAL", "MONEY", "PERCENT", "DATE"]
    # CARDINAL: N1 exact + spurious M5. PERCENT: N3 predicted as CARDINAL counts under PERCENT.
    assert counts_of(per["CARDINAL"]["strict"]) == dict(correct=1, incorrect=0, partial=0, missed=0, spurious=1)
    assert counts_of(per["PERCENT"]["strict"]) == dict(correct=0, incorrect=1, partial=0, missed=0, spurious=0)
    # DATE: N2 overlapped (partial), N5 missed.
    assert counts_of(per["DATE"]["partial"]) == dict(correct=0, incorrect=0, partial=1, missed=1, spurious=0)


def test_attributes_by_hand():
    n = score(GOLD, PRED, NUMERIC)["numeric_facts"]
    # 4 matched pairs: M1-N1, M2-N2, M3-N3, M4-N4. An attribute's accuracy is over the pairs where
    # gold or prediction has a value; coverage is the share of its pairs where the prediction has one.
    # value (pairs with a non-DATE gold: N1, N3, N4; all have a gold value): only M1 right -> 1/3;
    # M1, M3, M4 give one -> coverage 3/3.
    v = n["value"]
    assert (v["correct"], v["total"], v["pairs"], v["coverage"], v["predicted"]) == (1, 3, 3, 1.0, 4)
    # normalized (pairs with a DATE/TIME gold: N2): half credit.
    assert (n["normalized"]["correct"], n["normalized"]["total"], n["normalized"]["accuracy"]) == (0.5, 1, 0.5)
    # bound: every gold has one; M3 wrong (exact vs approx) -> 3/4.
    assert (n["bound"]["correct"], n["bound"]["total"]) == (3, 4)
    # unit: gold N3 "percent", N4 "USD"; predicted only M3 "Percent" (same text) -> 1/2; M1 and M2,
    # null on both sides, are not counted. Coverage 1/4.
    assert (n["unit"]["accuracy"], n["unit"]["total"], n["unit"]["coverage"]) == (0.5, 2, 0.25)
    # measured: gold only N1; M1 the same text as a string (case and spaces), M4 a span where gold has
    # none -> 1/2; coverage 2/4.
    assert (n["measured"]["accuracy"], n["measured"]["total"], n["measured"]["coverage"]) == (0.5, 2, 0.5)


def test_an_attribute_no_prediction_carries_is_not_predicted():
    # The same spans and kinds as M1..M4 with no attribute at all: before, unit and measured
    # scored 1.0 wherever the gold had none. Now: not predicted (accuracy null, coverage 0).
    bare = T.pred(numeric_facts=[T.fact("260", "CARDINAL"), T.fact("by Sunday", "DATE"),
                                 T.fact("5 percent", "CARDINAL"), T.fact("2.5 million", "MONEY")])
    n = score(GOLD, bare, NUMERIC)["numeric_facts"]
    for name in ("value", "normalized", "bound", "unit", "measured"):
        assert n[name]["predicted"] == 0 and n[name]["accuracy"] is None and n[name]["coverage"] == 0.0, name


def test_relative_tolerance_option():
    # rtol 0.05: M3 |5.1 - 5| = 0.1 <= 0.25 now right; M4 2.5 vs 2.5e6 still wrong -> 2/3.
    n = score(GOLD, PRED, options("numeric_facts", rtol=0.05))["numeric_facts"]
    assert n["value"]["correct"] == 2
    # rtol 0: M1 (off by 1e-7) becomes wrong.
    n = score(GOLD, PRED, options("numeric_facts", rtol=0.0))["numeric_facts"]
    assert n["value"]["correct"] == 0


@pytest.mark.parametrize("pred, gold, credit", [
    ("2019-11-03", "2019-11-03", 1.0),
    ("2019-11", "2019-11-03", 0.5),
    ("2019", "2019-11-03", 0.5),
    ("2019-11-04", "2019-11-04T00:42:59+00:00", 0.5),   # date of a date-time
    ("T14", "T14:30", 0.5),
    ("2019-W45", "2019-W45-1", 0.5),
    ("2019-1", "2019-11-03", 0.0),                     # not a component boundary
    ("2019-11-03", "2019-11", 0.0),                    # finer than gold is not coarser
    ("2018", "2019-11-03", 0.0),
    ("", "2019", 0.0),
    (None, "2019", 0.0),
    # ISO 8601 components, not string prefixes (the table in docs/scoring.md): an offset left out
    # is coarser whatever its sign; the same offset written differently is the same value.
    ("2019-11-04T10:00", "2019-11-04T10:00-05:00", 0.5),
    ("2019-11-04T10:00", "2019-11-04T10:00+05:00", 0.5),
    ("2019-11-04T10:00", "2019-11-04T10:00Z", 0.5),
    ("2019-11-04T10:00+00", "2019-11-04T10:00+00:00", 1.0),
    ("2019-11-04T10:00Z", "2019-11-04T10:00+00:00", 1.0),
    ("2019-11-04T10:00+05:00", "2019-11-04T10:00-05:00", 0.0),   # another offset is wrong
    ("2019-11-04T10:00:00", "2019-11-04T10:00:00.5", 0.5),       # fraction dropped
    ("2019-11-04T10:00:00.50", "2019-11-04T10:00:00.5", 1.0),
    ("2019-11-04T10:00:00.4", "2019-11-04T10:00:00.5", 0.0),
    ("20191104", "2019-11-04", 1.0),                               # basic format
    ("2019-11", "2019-W45", 0.0),                                  # calendar vs week date
    ("P3D", "P3D", 1.0), ("P3D", "P3DT2H", 0.0),                   # not a date: the same string only
])
def test_normalized_credit(pred, gold, credit):
    assert normalized_credit(pred, gold) == credit


@pytest.mark.parametrize("pred, gold, rtol, right", [
    (260.0, 260.0, 0.0, True), (260.00025, 260.0, 1e-6, True), (260.00027, 260.0, 1e-6, False),
    (-5.0, 5.0, 1e-6, False), (0.0, 0.0, 1e-6, True), (1e-300, 0.0, 1e-6, False), (None, 1.0, 1.0, False),
])
def test_value_rule(pred, gold, rtol, right):
    assert value_agrees(pred, gold, rtol) is right


def test_numeric_errors():
    errors = score_document(GOLD, PRED, NUMERIC, with_errors=True).errors
    kinds = sorted(e.kind for e in errors)
    # M2 partial + normalized; M3 incorrect + value + bound; M4 partial + value + unit + measured;
    # N5 missed; M5 spurious.
    assert kinds == sorted(["partial", "normalized", "incorrect", "value", "bound", "partial", "value", "unit",
                            "measured", "missed", "spurious"])
    half = next(e for e in errors if e.kind == "normalized")
    assert "half credit" in half.detail
