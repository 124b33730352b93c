"""Entity counts equal nervaluate 1.2.1's on unambiguous cases.

"Unambiguous": each gold span overlaps at most one prediction and vice versa, so greedy
(nervaluate) and optimal (ours) matching pair the same items. nervaluate's end offsets are
inclusive, ours half-open: a span ``[start, end)`` is ``{"start": start, "end": end - 1}`` there.

Per-label counts differ by design when a pair is mislabelled (nervaluate evaluates each label on
the items of that label only, so a GPE predicted for an ORG is a missed ORG *and* a spurious
GPE; here it is one incorrect ORG, so that per-label counts add up to the overall ones). They are
compared on cases without mislabelled pairs, where both definitions agree.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from newsfacts.scoring.metrics import ScoreOptions, figures, score_document
from newsfacts.model import Document, Entity
from newsfacts.scoring.predictions import DocPrediction

from .helpers import SEMEVAL_GOLD, SEMEVAL_PRED

ENTITIES = ScoreOptions(layers=frozenset({"entities"}))
LABELS = ["PERSON", "ORG", "GPE", "LOC"]
NERVALUATE_SCHEMA = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
SLOT = 30  # every item lives inside its own 30-character slot: items of different slots never overlap


def _spans_to_nervaluate(entities) -> list[dict]:
    return [{"label": e.label, "start": e.start, "end": e.end - 1} for e in entities]


@st.composite
def unambiguous_document(draw, doc_id: str, mislabel: bool) -> tuple[Document, DocPrediction]:
    """Slots of 30 characters; a gold span sits at [10, 20) of its slot, a prediction anywhere in
    its slot: a prediction overlaps at most the one gold span of its own slot."""
    n_slots = draw(st.integers(1, 12))
    text = "x" * (SLOT * n_slots)
    gold, pred = [], []
    for k in range(n_slots):
        base = SLOT * k
        has_gold = draw(st.booleans())
        label = draw(st.sampled_from(LABELS))
        if has_gold:
            gs = base + 10 + draw(st.integers(0, 5))
            ge = gs + draw(st.integers(1, 5))
            gold.append(Entity(id=f"g{k}", start=gs, end=ge, text=text[gs:ge], label=label, cluster="c"))
        choice = draw(st.sampled_from(["none", "exact", "overlap"] if has_gold else ["none", "spurious"]))
        if choice == "none":
            continue
        if choice == "exact":
            ps, pe = gs, ge
        elif choice == "overlap":
            ps = draw(st.integers(base + 1, ge - 1))
            pe = draw(st.integers(max(ps, gs) + 1, base + SLOT - 1))
        else:
            ps = draw(st.integers(base, base + SLOT - 2))
            pe = draw(st.integers(ps + 1, base + SLOT - 1))
        plabel = draw(st.sampled_from(LABELS)) if mislabel or not has_gold else label
        pred.append(Entity(id=f"p{k}", start=ps, end=pe, text=text[ps:pe], label=plabel))
    pred = draw(st.permutations(pred))
    doc = Document(id=doc_id, title="", url="", source="", author="", published_at="", text=text,
                   entities=tuple(gold))
    return doc, DocPrediction(id=doc_id, entities=tuple(pred), line=1)


@st.composite
def corpora(draw, mislabel: bool = True) -> list[tuple[Document, DocPrediction]]:
    n = draw(st.integers(1, 6))
    docs = [draw(unambiguous_document(f"d{i}", mislabel)) for i in range(n)]
    # nervaluate reports 0 where both sides are empty and we report 1.0 (documented): keep one item.
    if not any(d.entities or p.entities for d, p in docs):
        text = docs[0][0].text
        docs[0] = (Document(**{**{f: getattr(docs[0][0], f) for f in Document.__struct_fields__},
                               "entities": (Entity(id="g", start=0, end=3, text=text[:3], label="ORG", cluster="c"),)}),
                   docs[0][1])
    return docs


def _ours(docs) -> dict:
    total = sum(score_document(g, p, ENTITIES).counts for g, p in docs)
    return figures(total, ENTITIES)["entities"]


def _theirs(docs) -> dict:
    true = [_spans_to_nervaluate(g.entities) for g, _ in docs]
    pred = [_spans_to_nervaluate(p.entities) for _, p in docs]
    return Evaluator(true, pred, tags=LABELS, loader="dict").evaluate()


FIELDS = ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual")


def _assert_same(ours: dict, theirs: dict, where: str = "overall") -> None:
    """Every schema of our figures block equals nervaluate's results block."""
    for schema, their_name in NERVALUATE_SCHEMA.items():
        for name in FIELDS:
            assert ours[schema][name] == getattr(theirs[their_name], name), (where, schema, name)
        for name in ("precision", "recall", "f1"):
            assert ours[schema][name] == pytest.approx(getattr(theirs[their_name], name), abs=1e-12), \
                (where, schema, name)


@settings(max_examples=200, deadline=None)
@given(corpora(mislabel=True))
def test_overall_counts_equal_nervaluate(docs):
    ours, theirs = _ours(docs), _theirs(docs)
    _assert_same(ours, theirs["overall"])


@settings(max_examples=150, deadline=None)
@given(corpora(mislabel=False))
def test_per_label_counts_equal_nervaluate_without_mislabelled_pairs(docs):
    ours, theirs = _ours(docs), _theirs(docs)
    assert set(ours["per_label"]) == set(theirs["entities"])
    for label, per in ours["per_label"].items():
        _assert_same(per, theirs["entities"][label], label)


def test_hand_derived_case_equals_nervaluate():
    # The worked example of test_metrics_entities (every outcome once) is itself unambiguous.
    docs = [(SEMEVAL_GOLD, SEMEVAL_PRED)]
    ours, theirs = _ours(docs), _theirs(docs)
    _assert_same(ours, theirs["overall"])
    assert ours["strict"]["correct"] == 1 and np.isclose(ours["partial"]["f1"], 0.6)
