"""Quote metrics: content (exact, partial, tokens), kind, cluster-aware speaker, cue."""

from __future__ import annotations

import pytest

from newsfacts.scoring.metrics import score_document

from .helpers import Text, cluster, counts_of, options, score, unaligned

T = Text('Wilbur Ross said: "We are close to a deal". Ross added that the talks would go on. '
         '"Nothing is agreed", a statement read. US companies say the ban hurts them.')
CLUSTERS = [cluster("ross", "Wilbur Ross", "PERSON", "Commerce Secretary"),
            cluster("companies", "US companies", "ORG")]
ENTITIES = [T.ent("Wilbur Ross", "PERSON", cluster="ross"), T.ent("Ross", "PERSON", k=1, cluster="ross"),
            T.ent("US", "GPE", cluster="us")]
GOLD = T.gold(entities=ENTITIES, clusters=[*CLUSTERS, cluster("us", "United States", "GPE")], quotes=[
    T.quote("We are close to a deal", "direct", speaker=T.span("Wilbur Ross"), speaker_cluster="ross",
            cue=T.span("said")),                                                             # Q1, 6 tokens
    T.quote("the talks would go on", "indirect", speaker=T.span("Ross", 1), speaker_cluster="ross",
            cue=T.span("added")),                                                            # Q2, 5 tokens
    T.quote("Nothing is agreed", "direct", cue=T.span("read")),                              # Q3, 3 tokens, no speaker
    # A speaker that is not an entity mention: its own cluster, reached through the quote speaker.
    T.quote("the ban hurts them", "indirect", speaker=T.span("US companies"), speaker_cluster="companies",
            cue=T.span("say")),                                                              # Q4, 4 tokens
])
QUOTES = options("quotes")


def _pred(*quotes, extra=()):
    return T.pred(quotes=quotes, unaligned=extra)


def test_content_kind_speaker_cue_by_hand():
    pred = _pred(
        # PQ1: exact content and kind; speaker span on the *other* mention "Ross" of the same cluster:
        # right. Cue span "said" overlaps the gold cue: right.
        T.quote("We are close to a deal", "direct", speaker=T.span("Ross", 1), cue=T.span("said")),
        # PQ2: content overlaps Q2 ("talks would go on", 4 tokens); kind wrong; speaker given as the
        # alias in another case and spacing: right; cue string "said" vs gold "added": wrong.
        T.quote("talks would go on", "direct", speaker="  commerce   SECRETARY", cue="said"),
        # PQ3: exact content of Q3; gold has no speaker but one is predicted: wrong; no cue: wrong.
        T.quote("Nothing is agreed", "direct", speaker="a statement"),
        # PQ4: spurious, 3 tokens ("a statement read" is outside every gold content).
        T.quote("a statement read", "indirect"),
        # Q4 is missed. Plus one unaligned quote of 3 tokens.
        extra=[unaligned("quotes", "deal is done", None)],
    )
    q = score(GOLD, pred, QUOTES)["quotes"]
    # content exact: Q1, Q3 exact; Q2 overlapped (incorrect); Q4 missed; PQ4 + unaligned spurious.
    # possible = 2+1+1 = 4, actual = 2+1+2 = 5: P = 2/5, R = 2/4, F1 = 2*0.4*0.5/0.9 = 4/9.
    assert counts_of(q["content"]["exact"]) == dict(correct=2, incorrect=1, partial=0, missed=1, spurious=2)
    assert q["content"]["exact"]["f1"] == pytest.approx(4 / 9)
    # content partial: (2 + 0.5) / 5 = 0.5 and 2.5 / 4 = 0.625: F1 = 2*0.5*0.625/1.125 = 5/9.
    assert q["content"]["partial"]["precision"] == pytest.approx(0.5)
    assert q["content"]["partial"]["f1"] == pytest.approx(5 / 9)
    # tokens: gold 6+5+3+4 = 18; predicted 6+4+3+3 (+3 unaligned) = 19; shared 6+4+3 = 13.
    tokens = q["content"]["tokens"]
    assert (tokens["overlap"], tokens["gold"], tokens["predicted"]) == (13, 18, 19)
    assert tokens["f1"] == pytest.approx(2 * 13 / (18 + 19))
    # kind over the 3 matched pairs: Q1, Q3 right, Q2 wrong.
    assert (q["kind"]["correct"], q["kind"]["total"]) == (2, 3)
    # speaker: PQ1, PQ2 right, PQ3 wrong -> 2/3; end to end: 2 of 5 predicted, 2 of 4 gold.
    assert (q["speaker"]["correct"], q["speaker"]["total"]) == (2, 3)
    assert q["speaker"]["end_to_end"]["precision"] == pytest.approx(2 / 5)
    assert q["speaker"]["end_to_end"]["recall"] == pytest.approx(2 / 4)
    # cue: only PQ1 right -> 1/3.
    assert q["cue"]["accuracy"] == pytest.approx(1 / 3)
    assert q["unaligned"] == 1


@pytest.mark.parametrize("speaker, right", [
    (T.span("Wilbur Ross"), True),          # the gold speaker span itself
    (T.span("Ross"), True),                 # inside it (overlap)
    (T.span("Ross", 1), True),              # another mention of the same cluster
    (T.span("US"), False),                  # a mention of another cluster
    (T.span("statement"), False),           # not a mention at all
    ("Wilbur Ross", True),                  # the cluster's name
    ("wilbur\nross", True),                 # case and whitespace do not matter
    ("Commerce Secretary", True),           # an alias
    ("Ross", True),                         # the text of one of its mentions
    ("United States", False),               # the name of another cluster
    (None, False),                          # no speaker predicted
])
def test_speaker_rule(speaker, right):
    pred = _pred(T.quote("We are close to a deal", "direct", speaker=speaker))
    assert score(GOLD, pred, QUOTES)["quotes"]["speaker"]["correct"] == int(right)


def test_speaker_through_quote_speaker_cluster():
    # "US companies" is no entity mention, but the gold quote speaker of cluster "companies".
    for speaker, right in ((T.span("companies"), True), ("us companies", True), (T.span("ban"), False)):
        pred = _pred(T.quote("the ban hurts them", "indirect", speaker=speaker))
        assert score(GOLD, pred, QUOTES)["quotes"]["speaker"]["correct"] == int(right), speaker


def test_no_gold_speaker_needs_no_predicted_speaker():
    # Both without a speaker: not counted in the accuracy (nothing to attribute), but a right
    # attribution end to end. A speaker where gold has none: counted, and wrong.
    for speaker, total, e2e in ((None, 0, 1.0), ("a statement", 1, 0.0), (T.span("statement"), 1, 0.0)):
        pred = _pred(T.quote("Nothing is agreed", "direct", speaker=speaker, cue=T.span("read")))
        q = score(GOLD, pred, QUOTES)["quotes"]
        assert (q["speaker"]["correct"], q["speaker"]["total"]) == (0, total)
        assert q["speaker"]["end_to_end"]["precision"] == e2e
        assert q["cue"]["correct"] == 1


@pytest.mark.parametrize("cue, right", [
    (T.span("said"), True), (T.span("Ross said"), True), ("SAID", True), (" said ", True),
    ("says", False), (T.span("added"), False), (None, False),
])
def test_cue_rule(cue, right):
    pred = _pred(T.quote("We are close to a deal", "direct", cue=cue))
    assert score(GOLD, pred, QUOTES)["quotes"]["cue"]["correct"] == int(right)


def test_token_overlap_of_a_partial_match_by_hand():
    # Prediction "are close", inside Q1:
    # gold Q1 has 6 tokens, prediction 2, shared 2: P = 2/2, R = 2/6 (Q2-Q4 missed add 12 gold tokens).
    q = score(GOLD, _pred(T.quote("are close", "direct")), QUOTES)["quotes"]["content"]["tokens"]
    assert (q["overlap"], q["gold"], q["predicted"]) == (2, 18, 2)
    assert q["precision"] == 1.0 and q["recall"] == pytest.approx(2 / 18)


def test_accuracies_undefined_without_pairs():
    q = score(GOLD, _pred(), QUOTES)["quotes"]
    assert q["speaker"]["accuracy"] is None and q["kind"]["accuracy"] is None and q["cue"]["accuracy"] is None
    assert q["content"]["exact"]["recall"] == 0.0 and q["speaker"]["end_to_end"]["recall"] == 0.0


def test_quote_errors():
    pred = _pred(T.quote("talks would go on", "direct", speaker="Xi", cue="said"))
    errors = score_document(GOLD, pred, QUOTES, with_errors=True).errors
    assert sorted(e.kind for e in errors) == ["cue", "missed", "missed", "missed", "partial", "speaker"]
    speaker = next(e for e in errors if e.kind == "speaker")
    assert speaker.gold.text == "the talks would go on" and "'Xi'" in speaker.detail and "ross" in speaker.detail
