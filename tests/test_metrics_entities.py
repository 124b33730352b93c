"""Entity metrics: the four SemEval-2013 schemas, per-label, macro, unaligned, zero denominators."""

from __future__ import annotations

import numpy as np
import pytest

from newsfacts.scoring.metrics import COUNTERS, INDEX, ScoreOptions, figures, score_document

from .helpers import SEMEVAL, SEMEVAL_GOLD, SEMEVAL_PRED, Text, counts_of, options, score, unaligned

# "Wilbur Ross met Huawei in Beijing on Monday with Liu He of the US." (tests/helpers.py)
# gold:  G1 Wilbur Ross PERSON, G2 Huawei ORG, G3 Beijing GPE, G4 Liu He PERSON, G5 US GPE
# pred:  Wilbur Ross PERSON (exact, G1); Huawei GPE (exact, wrong label, G2, counted under ORG);
#        Beijing on GPE (overlap, same label, G3); He ORG (overlap, wrong label, G4, counted under
#        PERSON); Monday ORG (spurious, under ORG); G5 "US" is missed
T, GOLD, PRED = SEMEVAL, SEMEVAL_GOLD, SEMEVAL_PRED
ENTITIES = options("entities")


def test_he_is_inside_liu_he():
    # The derivations below assume the first "He" is the end of "Liu He" (search is case-sensitive).
    he = PRED.entities[3]
    liu_he = GOLD.entities[3]
    assert liu_he.start < he.start and he.end == liu_he.end


def test_four_schemas_by_hand():
    result = score(GOLD, PRED, ENTITIES)["entities"]
    # strict: correct only when boundaries and label agree: G1. Every other pair is incorrect.
    assert counts_of(result["strict"]) == dict(correct=1, incorrect=3, partial=0, missed=1, spurious=1)
    # possible = 1+3+0+1 = 5, actual = 1+3+0+1 = 5: precision = recall = f1 = 1/5.
    assert (result["strict"]["possible"], result["strict"]["actual"]) == (5, 5)
    assert result["strict"]["precision"] == pytest.approx(0.2)
    assert result["strict"]["f1"] == pytest.approx(0.2)
    # exact: boundaries only: G1, G2 correct; the two overlaps incorrect -> 2/5.
    assert counts_of(result["exact"]) == dict(correct=2, incorrect=2, partial=0, missed=1, spurious=1)
    assert result["exact"]["f1"] == pytest.approx(0.4)
    # partial: exact boundaries correct, overlaps partial: (2 + 0.5*2) / 5 = 0.6.
    assert counts_of(result["partial"]) == dict(correct=2, incorrect=0, partial=2, missed=1, spurious=1)
    assert result["partial"]["precision"] == pytest.approx(0.6)
    assert result["partial"]["recall"] == pytest.approx(0.6)
    # type: overlap with the same label: G1 and G3 correct, G2 and G4 incorrect -> 2/5.
    assert counts_of(result["type"]) == dict(correct=2, incorrect=2, partial=0, missed=1, spurious=1)
    assert result["type"]["f1"] == pytest.approx(0.4)


def test_per_label_by_hand():
    per = score(GOLD, PRED, ENTITIES)["entities"]["per_label"]
    assert list(per) == ["PERSON", "ORG", "GPE"]  # present labels only, in label order
    # PERSON: G1 exact; G4 matched by an ORG prediction (counted under the gold label PERSON).
    assert counts_of(per["PERSON"]["strict"]) == dict(correct=1, incorrect=1, partial=0, missed=0, spurious=0)
    assert counts_of(per["PERSON"]["partial"]) == dict(correct=1, incorrect=0, partial=1, missed=0, spurious=0)
    assert per["PERSON"]["partial"]["precision"] == pytest.approx(0.75)  # (1 + 0.5) / 2
    # ORG: G2 (exact boundaries, predicted GPE) and the spurious "Monday" predicted ORG.
    assert counts_of(per["ORG"]["exact"]) == dict(correct=1, incorrect=0, partial=0, missed=0, spurious=1)
    # exact: P = 1/2, R = 1/1, F1 = 2 * 0.5 * 1 / 1.5 = 2/3.
    assert per["ORG"]["exact"]["f1"] == pytest.approx(2 / 3)
    assert counts_of(per["ORG"]["type"]) == dict(correct=0, incorrect=1, partial=0, missed=0, spurious=1)
    # GPE: G3 overlapped with the right label, G5 missed. partial: P = 0.5/1, R = 0.5/2, F1 = 1/3.
    assert counts_of(per["GPE"]["partial"]) == dict(correct=0, incorrect=0, partial=1, missed=1, spurious=0)
    assert per["GPE"]["partial"]["f1"] == pytest.approx(1 / 3)
    # type: P = 1/1, R = 1/2, F1 = 2/3.
    assert per["GPE"]["type"]["f1"] == pytest.approx(2 / 3)


def test_per_label_counts_add_up_to_overall():
    result = score(GOLD, PRED, ENTITIES)["entities"]
    for schema in ("strict", "exact", "partial", "type"):
        for count in ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual"):
            assert sum(per[schema][count] for per in result["per_label"].values()) == result[schema][count]


def test_macro_by_hand():
    macro = score(GOLD, PRED, ENTITIES)["entities"]["macro"]
    # strict F1 per label: PERSON 1/2 (P = R = 1/2), ORG 0, GPE 0 -> mean 1/6.
    assert macro["strict"]["f1"] == pytest.approx(1 / 6)
    # type F1: PERSON 1/2, ORG 0, GPE 2/3 -> (1/2 + 2/3) / 3 = 7/18.
    assert macro["type"]["f1"] == pytest.approx(7 / 18)


def test_unaligned_counts_as_spurious_and_in_its_column():
    pred = T.pred(entities=PRED.entities,
                  unaligned=[unaligned("entities", "Xi Jinping", "PERSON"), unaligned("entities", "Qux", None),
                             unaligned("quotes", "not an entity", "direct")])
    result = score(GOLD, pred, ENTITIES)["entities"]
    # Two more spurious items in every schema (the quote is another layer's), two unaligned.
    for schema in ("strict", "exact", "partial", "type"):
        assert result[schema]["spurious"] == 1 + 2
    assert result["unaligned"] == 2
    # Under its label when it has one; "(none)" otherwise, kept out of the macro average.
    assert result["per_label"]["PERSON"]["strict"]["spurious"] == 1
    assert result["per_label"]["(none)"]["strict"]["spurious"] == 1
    # Macro strict F1: PERSON now has P = 1/3 (1 of 3 actual), R = 1/2: F1 = 0.4; ORG and GPE 0.
    assert result["macro"]["strict"]["f1"] == pytest.approx(0.4 / 3)


def test_zero_denominators():
    t = Text("Nothing here.")
    empty_gold, empty_pred = t.gold(), t.pred()
    # Both empty: nothing to find, nothing wrongly found: 1.0 everywhere (macro too).
    both = score(empty_gold, empty_pred, ENTITIES)["entities"]
    assert all(both[s][k] == 1.0 for s in ("strict", "exact", "partial", "type") for k in ("precision", "recall", "f1"))
    assert both["per_label"] == {} and both["macro"]["strict"]["f1"] == 1.0
    # Predictions but no gold: precision 0 (0 of 1 correct), recall 0/0 -> 0.
    only_pred = score(empty_gold, t.pred(entities=[t.ent("Nothing", "ORG")]), ENTITIES)["entities"]
    assert (only_pred["strict"]["precision"], only_pred["strict"]["recall"]) == (0.0, 0.0)
    assert only_pred["macro"]["strict"]["f1"] == 0.0
    # Gold but no predictions: precision 0/0 -> 0, recall 0.
    only_gold = score(t.gold(entities=[t.ent("Nothing", "ORG")]), empty_pred, ENTITIES)["entities"]
    assert (only_gold["strict"]["precision"], only_gold["strict"]["recall"], only_gold["strict"]["f1"]) == (0, 0, 0)


def test_layers_not_predicted_are_not_scored():
    result = score(GOLD, PRED, ENTITIES)
    assert result["quotes"] == {"scored": False} and result["numeric_facts"] == {"scored": False}
    assert list(result) == ["entities", "quotes", "numeric_facts"]
    # Not scored means not counted: gold quotes/facts do not turn into "missed".
    counts = score_document(GOLD, PRED, ENTITIES).counts
    assert not counts[INDEX["quotes.direct.exact"]:].any()


def test_errors_list_every_mistake():
    doc = score_document(GOLD, PRED, ENTITIES, with_errors=True)
    kinds = sorted((e.kind, (e.gold or e.pred).text) for e in doc.errors)
    assert kinds == [("incorrect", "Huawei"), ("missed", "US"), ("partial", "Beijing"), ("partial", "Liu He"),
                     ("spurious", "Monday")]
    partial = next(e for e in doc.errors if e.kind == "partial" and e.gold.text == "Liu He")
    assert "PERSON predicted as ORG" in partial.detail and partial.pred.text == "He"
    # Without the flag nothing is collected, and the counts do not change.
    plain = score_document(GOLD, PRED, ENTITIES)
    assert plain.errors == [] and np.array_equal(plain.counts, doc.counts)


def test_counts_vector_shape_and_names():
    counts = score_document(GOLD, PRED, ENTITIES).counts
    assert counts.dtype == np.float64 and counts.shape == (len(COUNTERS),)
    assert counts[INDEX["entities.PERSON.exact"]] == 1
    assert counts[INDEX["entities.ORG.exact_mislabelled"]] == 1
    assert counts[INDEX["entities.GPE.overlap"]] == 1
    assert counts[INDEX["entities.PERSON.overlap_mislabelled"]] == 1
    assert counts[INDEX["entities.GPE.missed"]] == 1
    assert counts[INDEX["entities.ORG.spurious"]] == 1
    assert counts.sum() == 6


def test_bad_calls_raise():
    with pytest.raises(ValueError, match="scored against predictions for"):
        score_document(GOLD, Text("x", doc_id="other").pred(), ENTITIES)
    with pytest.raises(ValueError, match="shape"):
        figures(np.zeros(3), ScoreOptions())
    bad = T.pred(entities=[T.ent("Huawei", "COMPANY")])
    with pytest.raises(ValueError, match="unknown label 'COMPANY'"):
        score_document(GOLD, bad, ENTITIES)
