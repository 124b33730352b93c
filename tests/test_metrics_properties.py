"""Properties of the metrics on random documents (hypothesis).

* shuffling gold or predicted items never changes a counter (so never a figure);
* per-label (per-kind) counts add up exactly to the overall counts, in every schema;
* a perfect prediction scores 1.0 on every defined figure; an empty one has recall 0;
* the vectorised figures (:func:`headline_values`) agree with the nested ones (:func:`figures`);
* counters add up over documents: scoring two documents and summing equals scoring them as one;
* the items recorded for the HTML report (``with_items``) are exactly the counts.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import newsfacts.model as model
from newsfacts.scoring.metrics import (COUNTERS, HEADLINE, INDEX, NO_LABEL, OUTCOMES, SCHEMAS, ScoreOptions, figures,
                                      headline_values, score_document)
from newsfacts.model import Cluster, Document, Entity, NumericFact, Quote, Span
from newsfacts.scoring.predictions import DocPrediction, Unaligned

ALL = ScoreOptions()
WORDS = ["Ross", "said", "the", "US", "260", "deal", "Huawei", "on", "Sunday", "a", "of"]
CLUSTER_IDS = ["c0", "c1", "c2"]


@st.composite
def texts(draw) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=8, max_size=40)))


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


@st.composite
def disjoint(draw, n: int, max_items: int) -> list[tuple[int, int]]:
    """Up to ``max_items`` non-overlapping, non-empty spans in ``[0, n)``."""
    cuts = sorted(draw(st.sets(st.integers(0, n), max_size=2 * max_items)))
    return [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]


@st.composite
def any_spans(draw, n: int, max_items: int) -> list[tuple[int, int]]:
    """Up to ``max_items`` non-empty spans in ``[0, n)``, overlapping freely."""
    starts = draw(st.lists(st.integers(0, n - 1), max_size=max_items))
    return [(s, draw(st.integers(s + 1, min(n, s + 15)))) for s in starts]


@st.composite
def optional_span(draw, text: str):
    if draw(st.booleans()):
        return None
    s = draw(st.integers(0, len(text) - 1))
    return _span(text, s, draw(st.integers(s + 1, min(len(text), s + 10))))


@st.composite
def numeric_attrs(draw, text: str, kind: str) -> dict:
    temporal = kind in model.TEMPORAL_KINDS
    value = None if temporal else draw(st.sampled_from([0.0, 1.0, 260.0, 2.5e6]))
    return dict(
        value=value,
        normalized=draw(st.sampled_from(["2019-11-03", "2019-11", "2019", None])) if temporal else str(value),
        bound=draw(st.sampled_from(model.BOUNDS)),
        unit=draw(st.sampled_from([None, "USD", "percent"])),
        measured=draw(optional_span(text)),
    )


@st.composite
def gold_documents(draw, doc_id: str = "d") -> Document:
    text = draw(texts())
    n = len(text)
    entities = tuple(
        Entity(id=f"e{k}", start=a, end=b, text=text[a:b], label=draw(st.sampled_from(model.ENTITY_LABELS)),
               cluster=draw(st.sampled_from(CLUSTER_IDS)))
        for k, (a, b) in enumerate(draw(disjoint(n, 8))))
    quotes = []
    for k, (a, b) in enumerate(draw(disjoint(n, 4))):
        speaker = draw(optional_span(text))
        quotes.append(Quote(id=f"q{k}", start=a, end=b, text=text[a:b], kind=draw(st.sampled_from(model.QUOTE_KINDS)),
                            speaker=speaker, speaker_cluster=None if speaker is None else draw(st.sampled_from(CLUSTER_IDS)),
                            cue=draw(optional_span(text))))
    facts = []
    for k, (a, b) in enumerate(draw(disjoint(n, 5))):
        kind = draw(st.sampled_from(model.NUMERIC_KINDS))
        facts.append(NumericFact(id=f"n{k}", start=a, end=b, text=text[a:b], kind=kind, **draw(numeric_attrs(text, kind))))
    clusters = tuple(Cluster(id=c, name=f"Name {c}", label="PERSON", aliases=(f"alias {c}",)) for c in CLUSTER_IDS)
    return Document(id=doc_id, title="", url="", source="", author="", published_at="", text=text,
                    entities=entities, clusters=clusters, quotes=tuple(quotes), numeric_facts=tuple(facts))


@st.composite
def predictions(draw, gold: Document) -> DocPrediction:
    text, n = gold.text, len(gold.text)
    speakers = st.one_of(st.none(), st.sampled_from(["Name c0", "alias c1", "Ross", "x"]), optional_span(text))
    entities = tuple(Entity(id=f"p{k}", start=a, end=b, text=text[a:b], label=draw(st.sampled_from(model.ENTITY_LABELS)))
                     for k, (a, b) in enumerate(draw(any_spans(n, 10))))
    quotes = tuple(Quote(id=f"pq{k}", start=a, end=b, text=text[a:b],
                         kind=draw(st.sampled_from([*model.QUOTE_KINDS, None])), speaker=draw(speakers),
                         cue=draw(st.one_of(optional_span(text), st.just("said"))))
                   for k, (a, b) in enumerate(draw(any_spans(n, 5))))
    facts = []
    for k, (a, b) in enumerate(draw(any_spans(n, 6))):
        kind = draw(st.sampled_from([*model.NUMERIC_KINDS, None]))
        facts.append(NumericFact(id=f"pn{k}", start=a, end=b, text=text[a:b], kind=kind,
                                 **draw(numeric_attrs(text, kind or "CARDINAL"))))
    layer_labels = {"entities": model.ENTITY_LABELS, "quotes": model.QUOTE_KINDS, "numeric_facts": model.NUMERIC_KINDS}
    unaligned = []
    for k, layer in enumerate(draw(st.lists(st.sampled_from(model.LAYERS), max_size=3))):
        label = draw(st.one_of(st.none(), st.sampled_from(layer_labels[layer])))
        unaligned.append(Unaligned(layer=layer, text="said the deal", label=label, line=1, index=k))
    return DocPrediction(id=gold.id, entities=entities, quotes=quotes, numeric_facts=tuple(facts),
                         unaligned=tuple(unaligned), line=1)


@st.composite
def cases(draw) -> tuple[Document, DocPrediction]:
    gold = draw(gold_documents())
    return gold, draw(predictions(gold))


def _shuffled(items: tuple, rnd) -> tuple:
    items = list(items)
    rnd.shuffle(items)
    return tuple(items)


@settings(max_examples=150, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_shuffling_never_changes_a_counter(case, rnd):
    gold, pred = case
    reference = score_document(gold, pred, ALL).counts
    gold2 = Document(**{**{f: getattr(gold, f) for f in gold.__struct_fields__},
                        "entities": _shuffled(gold.entities, rnd), "quotes": _shuffled(gold.quotes, rnd),
                        "numeric_facts": _shuffled(gold.numeric_facts, rnd), "clusters": _shuffled(gold.clusters, rnd)})
    pred2 = DocPrediction(id=pred.id, entities=_shuffled(pred.entities, rnd), quotes=_shuffled(pred.quotes, rnd),
                          numeric_facts=_shuffled(pred.numeric_facts, rnd), unaligned=_shuffled(pred.unaligned, rnd),
                          line=pred.line)
    assert np.array_equal(score_document(gold2, pred2, ALL).counts, reference)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_per_label_counts_add_up(case):
    result = figures(score_document(*case, ALL).counts, ALL)
    for overall, per in ((result["entities"], result["entities"]["per_label"]),
                         (result["numeric_facts"]["span"], result["numeric_facts"]["per_kind"])):
        for schema in SCHEMAS:
            for count in ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual"):
                assert sum(p[schema][count] for p in per.values()) == overall[schema][count]


def _ratios(tree, path=""):
    """(path, value) of every precision/recall/f1/accuracy in a figures tree."""
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _ratios(value, f"{path}.{key}")
        elif key in ("precision", "recall", "f1", "accuracy"):
            yield f"{path}.{key}", value


@settings(max_examples=150, deadline=None)
@given(gold_documents())
def test_perfect_prediction_scores_one(gold):
    pred = DocPrediction(id=gold.id, entities=gold.entities, quotes=gold.quotes, numeric_facts=gold.numeric_facts, line=1)
    result = figures(score_document(gold, pred, ALL).counts, ALL)
    values = dict(_ratios(result))
    assert values, "no figure computed"
    for path, value in values.items():
        # Accuracies are undefined (None) only when there is no matched pair to judge.
        assert value == 1.0 or (value is None and path.endswith("accuracy")), (path, value)


@settings(max_examples=100, deadline=None)
@given(gold_documents())
def test_empty_prediction_has_recall_zero(gold):
    result = figures(score_document(gold, DocPrediction(id=gold.id, line=None), ALL).counts, ALL)
    layers = {"entities": (result["entities"], gold.entities),
              "quotes": (result["quotes"]["content"], gold.quotes),
              "numeric_facts": (result["numeric_facts"]["span"], gold.numeric_facts)}
    for block, items in layers.values():
        for schema, figures_ in block.items():
            if schema in SCHEMAS:
                assert figures_["recall"] == (0.0 if items else 1.0)
                assert figures_["spurious"] == 0
    assert result["quotes"]["speaker"]["end_to_end"]["recall"] == (0.0 if gold.quotes else 1.0)


def _get(tree, path):
    for part in path.split("."):
        tree = tree[part]
    return tree


@settings(max_examples=60, deadline=None)
@given(st.lists(cases(), min_size=1, max_size=4))
def test_vectorised_and_nested_figures_agree(batch):
    rows = np.stack([score_document(g, p, ALL).counts for g, p in batch])
    vectorised = headline_values(rows, ALL)
    for r, row in enumerate(rows):
        nested = figures(row, ALL)
        for k, path in enumerate(HEADLINE):
            value = _get(nested, path)
            assert (value is None and np.isnan(vectorised[r, k])) or value == vectorised[r, k], path


@settings(max_examples=100, deadline=None)
@given(cases(), cases())
def test_counters_add_up_over_documents(a, b):
    # Document B appended to A's text (offsets shifted) scores as the sum of the two.
    (ga, pa), (gb, pb) = a, b
    shift = len(ga.text) + 1

    def move(item):
        changes = {"start": item.start + shift, "end": item.end + shift}
        for name in ("speaker", "cue", "measured"):
            value = getattr(item, name, None)
            if isinstance(value, Span):
                changes[name] = Span(start=value.start + shift, end=value.end + shift, text=value.text)
        return type(item)(**{**{f: getattr(item, f) for f in item.__struct_fields__}, **changes})

    # Cluster ids of B are renamed so that the two documents' speakers stay apart.
    def rename(item):
        fields = {f: getattr(item, f) for f in item.__struct_fields__}
        for name in ("cluster", "speaker_cluster"):
            if fields.get(name):
                fields[name] = "b" + fields[name]
        return type(item)(**fields)

    joined = Document(id="d", title="", url="", source="", author="", published_at="", text=ga.text + " " + gb.text,
                      entities=ga.entities + tuple(rename(move(e)) for e in gb.entities),
                      clusters=ga.clusters + tuple(Cluster(id="b" + c.id, name="B " + c.name, label=c.label,
                                                           aliases=tuple("B " + x for x in c.aliases))
                                                   for c in gb.clusters),
                      quotes=ga.quotes + tuple(rename(move(q)) for q in gb.quotes),
                      numeric_facts=ga.numeric_facts + tuple(move(f) for f in gb.numeric_facts))
    # String speakers of B name B's clusters only when renamed too; keep the test to span speakers.
    def spans_only(p):
        return DocPrediction(id="d", entities=p.entities,
                             quotes=tuple(q if not isinstance(q.speaker, str) else
                                          Quote(**{**{f: getattr(q, f) for f in q.__struct_fields__}, "speaker": None})
                                          for q in p.quotes),
                             numeric_facts=p.numeric_facts, unaligned=p.unaligned, line=1)
    pa, pb = spans_only(pa), spans_only(pb)
    joined_pred = DocPrediction(id="d", entities=pa.entities + tuple(move(e) for e in pb.entities),
                                quotes=pa.quotes + tuple(move(q) for q in pb.quotes),
                                numeric_facts=pa.numeric_facts + tuple(move(f) for f in pb.numeric_facts),
                                unaligned=pa.unaligned + pb.unaligned, line=1)
    gb_d = Document(**{**{f: getattr(gb, f) for f in gb.__struct_fields__}, "id": "d"})
    separate = score_document(ga, pa, ALL).counts + score_document(gb_d, pb, ALL).counts
    assert np.array_equal(score_document(joined, joined_pred, ALL).counts, separate)


def _counted_label(item) -> str | None:
    """A pair and a missed item count under the gold label, a spurious one under the predicted."""
    source = item.gold if item.gold is not None else item.predicted
    if isinstance(source, Unaligned):
        return source.label
    return source.label if item.layer == "entities" else source.kind


@settings(max_examples=150, deadline=None)
@given(cases())
def test_recorded_items_are_the_counts(case):
    """``with_items`` records one item per elementary count, under the label it was counted under,
    and each matched pair's attribute checks add up to the attribute counters; counting is unchanged."""
    gold, pred = case
    plain = score_document(gold, pred, ALL).counts
    scored = score_document(gold, pred, ALL, with_items=True)
    assert np.array_equal(scored.counts, plain)
    tally = np.zeros(len(COUNTERS))
    for item in scored.items:
        tally[INDEX[f"{item.layer}.{_counted_label(item) or NO_LABEL}.{item.outcome}"]] += 1
        tally[INDEX[f"{item.layer}.unaligned"]] += isinstance(item.predicted, Unaligned)
        assert (item.gold is not None and item.predicted is not None) == (item.outcome not in ("missed", "spurious"))
        for name, credit in item.checks.items():
            tally[INDEX[f"{item.layer}.{name}.correct"]] += credit
            if f"{item.layer}.{name}.total" in INDEX:
                tally[INDEX[f"{item.layer}.{name}.total"]] += 1
    # the outcome counters, unaligned, and each attribute's correct and total (pairs judged)
    recorded = [k for k, name in enumerate(COUNTERS)
                if name.rsplit(".", 1)[1] in (*OUTCOMES, "unaligned", "correct", "total") and ".tokens." not in name]
    assert np.array_equal(tally[recorded], plain[recorded])
