"""Matching: hand-derived cases, order independence, and optimality against brute force."""

from __future__ import annotations

import random
from operator import attrgetter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.scoring.matching import Item, assignment, overlap, partners
from newsfacts.scoring.matching import match as _match

LABEL = attrgetter("label")


def match(gold, pred, **kwargs):
    """The matcher on (start, end, label) tuples, comparing labels."""
    return _match([Item(*g) for g in gold], [Item(*p) for p in pred], label=LABEL, **kwargs)


def _objective(gold, pred, pairs):
    """(total overlap, exact pairs, same-label pairs): the lexicographic rule of matching.py."""
    total = exact = same = 0
    for i, j in pairs:
        ov = overlap(gold[i][0], gold[i][1], pred[j][0], pred[j][1])
        assert ov > 0, "a pair without overlap was matched"
        total += ov
        exact += gold[i][:2] == pred[j][:2]
        same += gold[i][2] == pred[j][2]
    return total, exact, same


def _brute_force(gold, pred):
    """Best objective over every one-to-one matching of overlapping pairs (small inputs only)."""
    best = (0, 0, 0)

    def extend(i, used, pairs):
        nonlocal best
        if i == len(gold):
            best = max(best, _objective(gold, pred, pairs))
            return
        extend(i + 1, used, pairs)
        for j in range(len(pred)):
            if j not in used and overlap(gold[i][0], gold[i][1], pred[j][0], pred[j][1]) > 0:
                extend(i + 1, used | {j}, [*pairs, (i, j)])

    extend(0, frozenset(), [])
    return best


def _counts(gold, pred, pairs):
    """What the metrics see of a matching: multiset of (gold key, pred key) pairs."""
    return sorted((gold[i], pred[j]) for i, j in pairs)


spans = st.builds(lambda s, n, lab: (s, s + n, lab),
                  st.integers(0, 25), st.integers(1, 8), st.sampled_from(["A", "B", "C"]))


# ---------------------------------------------------------------- hand-derived cases

def test_empty_sides():
    assert match([], []) == ([], [], [])
    assert match([(0, 3, "A")], []) == ([], [0], [])
    assert match([], [(0, 3, "A"), (4, 5, "B")]) == ([], [], [0, 1])


def test_touching_spans_do_not_match():
    # [0, 5) and [5, 9) share no character (half-open): missed + spurious.
    assert match([(0, 5, "A")], [(5, 9, "A")]) == ([], [0], [0])


def test_larger_overlap_wins_over_input_order():
    # gold [0, 10); predictions [0, 3) (overlap 3) and [2, 10) (overlap 8): the second is paired.
    m = match([(0, 10, "A")], [(0, 3, "A"), (2, 10, "A")])
    assert m.pairs == [(0, 1)] and m.spurious == [0]


def test_total_overlap_beats_greedy():
    # gold G1 [0, 10), G2 [8, 16); predictions P1 [2, 16), P2 [0, 4).
    # Overlaps: G1-P1 = 10-2 = 8, G1-P2 = 4, G2-P1 = 16-8 = 8, G2-P2 = 0.
    # Taking the first largest pair (G1-P1) gives 8 and strands the rest; the optimum pairs
    # G1-P2 + G2-P1 = 4 + 8 = 12, no exact boundaries, both labels equal.
    gold = [(0, 10, "A"), (8, 16, "A")]
    pred = [(2, 16, "A"), (0, 4, "A")]
    m = match(gold, pred)
    assert m.pairs == [(0, 1), (1, 0)]
    assert _objective(gold, pred, m.pairs) == (12, 0, 2)


def test_exact_boundaries_break_overlap_ties():
    # gold [0, 4); predictions [0, 5) and [0, 4) both overlap it by 4 characters: the tie on
    # overlap goes to the exact boundaries (prediction 1); prediction 0 is spurious.
    m = match([(0, 4, "A")], [(0, 5, "A"), (0, 4, "A")])
    assert m.pairs == [(0, 1)] and m.spurious == [0]


def test_same_label_breaks_remaining_ties():
    # gold [0, 6) A and [6, 12) B; prediction [3, 9) B overlaps each by 3, neither exact:
    # the same-label gold (index 1) is paired, gold 0 is missed.
    m = match([(0, 6, "A"), (6, 12, "B")], [(3, 9, "B")])
    assert m == ([(1, 0)], [0], [])


def test_duplicate_predictions_pair_once():
    # A repeated prediction counts once; the copy is spurious.
    m = match([(0, 4, "A")], [(0, 4, "A"), (0, 4, "A")])
    assert len(m.pairs) == 1 and len(m.spurious) == 1


def test_zero_length_spans_never_match():
    assert match([(3, 3, "A")], [(3, 3, "A")]) == ([], [0], [0])
    assert match([(0, 9, "A")], [(4, 4, "A")]) == ([], [0], [0])


def test_assignment_rectangular_both_orientations():
    # 1x3: the largest weight; 3x1 (transposed internally): the same.
    assert assignment([[1, 5, 2]]) == [(0, 1)]
    assert assignment([[1], [5], [2]]) == [(1, 0)]
    with pytest.raises(ValueError):
        assignment([[1]], solver="magic")


# ---------------------------------------------------------------- properties

@settings(max_examples=400, deadline=None)
@given(st.lists(spans, max_size=5), st.lists(spans, max_size=5))
def test_optimal_against_brute_force(gold, pred):
    for solver in ("python", "scipy"):
        m = match(gold, pred, solver=solver)
        assert _objective(gold, pred, m.pairs) == _brute_force(gold, pred)
        assert sorted([i for i, _ in m.pairs] + m.missed) == list(range(len(gold)))
        assert sorted([j for _, j in m.pairs] + m.spurious) == list(range(len(pred)))


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=8), st.lists(spans, max_size=8), st.randoms(use_true_random=False))
def test_independent_of_input_order(gold, pred, rnd):
    reference = _counts(gold, pred, match(gold, pred).pairs)
    g2, p2 = gold[:], pred[:]
    rnd.shuffle(g2)
    rnd.shuffle(p2)
    assert _counts(g2, p2, match(g2, p2).pairs) == reference


@settings(max_examples=150, deadline=None)
@given(st.lists(spans, max_size=12), st.lists(spans, max_size=12))
def test_python_and_scipy_solvers_agree(gold, pred):
    # Both solve the same canonically ordered integer matrix exactly; the objective must agree.
    a = match(gold, pred, solver="python")
    b = match(gold, pred, solver="scipy")
    assert _objective(gold, pred, a.pairs) == _objective(gold, pred, b.pairs)


def test_large_component_uses_scipy_and_is_optimal():
    # One long prediction overlapping 200 gold spans and 200 short predictions in the same run:
    # a 200 x 201 component, above the pure-Python threshold ("auto" -> scipy).
    rnd = random.Random(7)
    gold = [(10 * k, 10 * k + 6, "A") for k in range(200)]
    pred = [(0, 2000, "A")] + [(10 * k + rnd.randint(1, 5), 10 * k + 9, "A") for k in range(200)]
    auto = match(gold, pred)
    python = match(gold, pred, solver="python")
    assert _objective(gold, pred, auto.pairs) == _objective(gold, pred, python.pairs)
    # Derivation: pairing gold k with its own short prediction gives 6 - offset_k characters; the
    # long one could give 6 to a single gold instead, at the cost of that gold's short overlap.
    # The optimum: the long prediction takes the gold whose short overlap is smallest (offset 5,
    # overlap 1), gaining 5; all the others keep their own short prediction.
    own = [6 - (p[0] - 10 * k) for k, p in enumerate(pred[1:])]
    assert _objective(gold, pred, auto.pairs)[0] == sum(own) - min(own) + 6


# Few positions, short and zero-length spans: many repeated boundaries and empty spans, the
# cases the fast path of step 1 hands on to the sweep.
crowded = st.builds(lambda s, n, lab: (s, s + n, lab),
                    st.integers(0, 6), st.integers(0, 3), st.sampled_from(["A", "B"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(crowded, max_size=6), st.lists(crowded, max_size=6))
def test_optimal_with_repeated_and_empty_spans(gold, pred):
    m = match(gold, pred)
    assert _objective(gold, pred, m.pairs) == _brute_force(gold, pred)
    assert sorted([i for i, _ in m.pairs] + m.missed) == list(range(len(gold)))
    assert sorted([j for _, j in m.pairs] + m.spurious) == list(range(len(pred)))


@settings(max_examples=200, deadline=None)
@given(st.lists(crowded, max_size=8), st.lists(crowded, max_size=8))
def test_partners_is_the_matching(gold, pred):
    # partners() is match() in the form the metrics count: gold i -> prediction (None: missed).
    partner, spurious = partners([Item(*g) for g in gold], [Item(*p) for p in pred], label=LABEL)
    m = match(gold, pred)
    assert [(i, j) for i, j in enumerate(partner) if j is not None] == m.pairs
    assert [i for i, j in enumerate(partner) if j is None] == m.missed
    assert spurious == m.spurious
