"""Bootstrap intervals and the paired bootstrap: determinism, sanity, hand-checkable cases."""

from __future__ import annotations

import numpy as np
import pytest

from newsfacts.scoring.metrics import COUNTERS, HEADLINE, INDEX, ScoreOptions, headline_values
from newsfacts.scoring.significance import CHUNK, bootstrap_ci, paired_bootstrap, resampled_sums

ENTITIES = ScoreOptions(layers=frozenset({"entities"}))


def _rows(exact, missed, spurious=None) -> np.ndarray:
    """Per-document counters with PERSON exact/missed/spurious counts."""
    rows = np.zeros((len(exact), len(COUNTERS)))
    rows[:, INDEX["entities.PERSON.exact"]] = exact
    rows[:, INDEX["entities.PERSON.missed"]] = missed
    if spurious is not None:
        rows[:, INDEX["entities.PERSON.spurious"]] = spurious
    return rows


RNG = np.random.default_rng(42)
SYSTEM_A = _rows(RNG.integers(0, 6, 40), RNG.integers(0, 4, 40), RNG.integers(0, 3, 40))
SYSTEM_B = SYSTEM_A.copy()
# B finds one more PERSON in every document (one missed becomes exact where there is one).
moved = np.minimum(SYSTEM_B[:, INDEX["entities.PERSON.missed"]], 1)
SYSTEM_B[:, INDEX["entities.PERSON.exact"]] += moved
SYSTEM_B[:, INDEX["entities.PERSON.missed"]] -= moved


def test_same_seed_same_result_and_seed_matters():
    a = bootstrap_ci(SYSTEM_A, ENTITIES, n=300, seed=7)
    assert a == bootstrap_ci(SYSTEM_A, ENTITIES, n=300, seed=7)
    assert a != bootstrap_ci(SYSTEM_A, ENTITIES, n=300, seed=8)
    assert set(a) == {p for p in HEADLINE if p.startswith("entities.")}  # scored layers only


def test_interval_contains_point_estimate():
    point = headline_values(SYSTEM_A.sum(axis=0)[None], ENTITIES)[0]
    for path, (low, high) in bootstrap_ci(SYSTEM_A, ENTITIES, n=500, seed=0).items():
        value = point[HEADLINE.index(path)]
        assert low <= value <= high, path
        assert low < high, path  # 40 varied documents: the interval is not degenerate


def test_single_document_interval_is_the_point():
    # Every resample of one document is that document: the interval collapses on the value.
    # P = 3/3, R = 3/4: F1 = 6/7.
    ci = bootstrap_ci(_rows([3], [1]), ENTITIES, n=50, seed=0)
    assert ci["entities.strict.f1"] == pytest.approx((6 / 7, 6 / 7))


def test_two_documents_by_hand():
    # Doc 0: 1 exact, 0 missed (F1 1); doc 1: 0 exact, 1 missed (alone: P = R = 0, F1 0).
    # Resamples: {0,0} F1 1; {0,1} or {1,0}: P = 1/1, R = 1/2, F1 2/3; {1,1}: F1 0.
    # Probabilities 1/4, 1/2, 1/4: the 2.5% quantile is 0 and the 97.5% quantile is 1.
    (sums,) = resampled_sums([_rows([1, 0], [0, 1])], n=4000, seed=3)
    values = headline_values(sums, ENTITIES)[:, HEADLINE.index("entities.strict.f1")]
    assert set(np.round(values, 6)) == {0.0, round(2 / 3, 6), 1.0}
    assert np.mean(values == 1.0) == pytest.approx(0.25, abs=0.03)
    assert np.mean(np.isclose(values, 2 / 3)) == pytest.approx(0.5, abs=0.03)
    assert bootstrap_ci(_rows([1, 0], [0, 1]), ENTITIES, n=4000, seed=3)["entities.strict.f1"] == (0.0, 1.0)


def test_identical_systems():
    result = paired_bootstrap(SYSTEM_A, SYSTEM_A, ENTITIES, n=200, seed=1)
    for path, r in result.items():
        assert r.delta == 0.0 and r.p_value == 1.0 and r.ci == (0.0, 0.0), path
        assert r.a == r.b


def test_clearly_better_system_is_significant():
    result = paired_bootstrap(SYSTEM_A, SYSTEM_B, ENTITIES, n=1000, seed=1)["entities.strict.f1"]
    point = headline_values(np.stack([SYSTEM_A.sum(0), SYSTEM_B.sum(0)]), ENTITIES)[:, HEADLINE.index("entities.strict.f1")]
    assert (result.a, result.b) == pytest.approx(tuple(point))
    assert result.delta == pytest.approx(point[1] - point[0]) and result.delta > 0
    # B is better in every resample: no resample is as far from delta as 0 is: p = 1/(1+1000).
    assert result.p_value == pytest.approx(1 / 1001)
    assert 0 < result.ci[0] <= result.delta <= result.ci[1]


def test_swapping_systems_negates_delta_keeps_p_value():
    ab = paired_bootstrap(SYSTEM_A, SYSTEM_B, ENTITIES, n=300, seed=5)
    ba = paired_bootstrap(SYSTEM_B, SYSTEM_A, ENTITIES, n=300, seed=5)
    for path in ab:
        assert ba[path].delta == pytest.approx(-ab[path].delta)
        assert ba[path].p_value == pytest.approx(ab[path].p_value)
        assert ba[path].ci == pytest.approx((-ab[path].ci[1], -ab[path].ci[0]))


def test_blocks_cover_exactly_n_resamples():
    # Each resample draws as many documents as there are: a counter that is 1 in every document
    # sums to the number of documents in every resample, for block-sized and ragged n alike.
    ones = np.zeros_like(SYSTEM_A)
    ones[:, INDEX["entities.unaligned"]] = 1
    for n in (1, CHUNK, CHUNK + 1, 3 * CHUNK - 1):
        (sums,) = resampled_sums([ones], n=n, seed=0)
        assert sums.shape == (n, len(COUNTERS))
        assert np.all(sums[:, INDEX["entities.unaligned"]] == len(SYSTEM_A))


def test_paired_resamples_use_the_same_documents():
    # System B = 2 x system A: with the same indices every resampled sum of B is twice A's.
    a, b = resampled_sums([SYSTEM_A, 2 * SYSTEM_A], n=100, seed=4)
    assert np.array_equal(b, 2 * a) and a.any()


def test_unscored_layers_are_left_out_and_undefined_figures_are_nan():
    ci = bootstrap_ci(SYSTEM_A, ScoreOptions(layers=frozenset({"entities", "quotes"})), n=20, seed=0)
    assert "quotes.content.exact.f1" in ci and "numeric_facts.span.strict.f1" not in ci
    # No quote pair anywhere: accuracies are undefined in every resample.
    assert all(np.isnan(ci["quotes.speaker.accuracy"]))


def test_bad_arguments():
    with pytest.raises(ValueError, match="shape"):
        bootstrap_ci(np.zeros((3, 4)), ENTITIES, n=10, seed=0)
    with pytest.raises(ValueError, match="no documents"):
        bootstrap_ci(np.zeros((0, len(COUNTERS))), ENTITIES, n=10, seed=0)
    with pytest.raises(ValueError, match="positive integer"):
        bootstrap_ci(SYSTEM_A, ENTITIES, n=0, seed=0)
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_ci(SYSTEM_A, ENTITIES, n=10, seed=0, confidence=1.5)
    with pytest.raises(ValueError, match="different documents"):
        paired_bootstrap(SYSTEM_A, SYSTEM_A[:5], ENTITIES, n=10, seed=0)
