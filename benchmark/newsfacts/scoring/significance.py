"""Significance: bootstrap confidence intervals over documents and a paired bootstrap test.

Both work on the per-document counter rows of :mod:`newsfacts.scoring.metrics` (``[documents,
len(COUNTERS)]``). One bootstrap resample draws as many document indices as there are documents,
uniformly with replacement, from one seeded :func:`numpy.random.default_rng`; the resampled
counters are the sum of the drawn rows (a multiplicity-weighted matrix product, so no copy of
the rows is made) and every headline figure (:data:`newsfacts.scoring.metrics.HEADLINE`) is recomputed
from those sums, exactly as for the full set. Because figures are computed from summed
counters, a resample gives micro-averaged figures over its documents, never a mean of
per-document ratios.

Confidence interval
    the percentile interval: the ``(1 - confidence) / 2`` and ``(1 + confidence) / 2``
    quantiles of the resampled figure (resamples where the figure is undefined are left out).

Paired test (:func:`paired_bootstrap`)
    both systems are resampled with the **same** document indices. ``delta = b - a`` on the full
    set; ``delta*`` on each resample. The bootstrap distribution of ``delta*`` is centred on
    ``delta``, so under the null hypothesis (no difference) it is shifted to 0: the two-sided
    p-value is ``(1 + #{|delta* - delta| >= |delta|}) / (1 + resamples)``. Identical systems
    give ``delta = 0`` and p-value 1; the ``+1`` keeps a p-value from being reported as 0.

Results depend on the seed, the number of resamples and the order of the rows: pass rows in a
canonical order (the scorer sorts documents by id) for results independent of file order.

>>> import numpy as np
>>> from newsfacts.scoring.metrics import COUNTERS, INDEX, ScoreOptions
>>> rows = np.zeros((4, len(COUNTERS)))
>>> rows[:, INDEX["entities.PERSON.exact"]] = [3, 1, 2, 2]
>>> rows[:, INDEX["entities.PERSON.missed"]] = [1, 1, 0, 2]
>>> options = ScoreOptions(layers=frozenset({"entities"}))
>>> ci = bootstrap_ci(rows, options, n=200, seed=0)
>>> low, high = ci["entities.strict.f1"]
>>> bool(low <= 0.8 <= high)     # the point estimate: P = 1, R = 8/12, F1 = 0.8
True
>>> paired_bootstrap(rows, rows, options, n=200, seed=0)["entities.strict.f1"].p_value
1.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from ..config import DEFAULTS
from .metrics import COUNTERS, HEADLINE, ScoreOptions, headline_values

#: Resamples drawn per block: bounds memory to CHUNK x documents multiplicities at a time.
#: Part of the result's definition (the random stream is consumed block by block).
CHUNK = 64


@dataclass(frozen=True)
class PairedResult:
    """One headline figure of two systems on the same documents.

    ``delta = b - a``; ``ci`` is the percentile interval of the resampled delta.
    """

    a: float
    b: float
    delta: float
    p_value: float
    ci: tuple[float, float]


def _check(per_doc: np.ndarray, name: str = "per_doc") -> np.ndarray:
    per_doc = np.asarray(per_doc, dtype=np.float64)
    if per_doc.ndim != 2 or per_doc.shape[1] != len(COUNTERS):
        raise ValueError(f"{name} must have shape (documents, {len(COUNTERS)}), got {per_doc.shape}")
    if len(per_doc) == 0:
        raise ValueError(f"{name} has no documents to resample")
    return per_doc


def _check_n(n: int, confidence: float, least: int = 1) -> None:
    if not isinstance(n, int) or n < least:
        raise ValueError(f"the number of resamples must be a positive integer, got {n!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")


def resampled_sums(matrices: list[np.ndarray], *, n: int, seed: int) -> list[np.ndarray]:
    """Counter sums of ``n`` bootstrap resamples, the same document indices for every matrix.

    Returns one ``[n, len(COUNTERS)]`` array per input matrix. All matrices must have the same
    number of rows (documents). Resamples are drawn in blocks of :data:`CHUNK`, so memory stays
    at ``CHUNK x documents`` multiplicities however large ``n`` is.
    """
    documents = len(matrices[0])
    rng = np.random.default_rng(seed)
    # Counters that are zero in every document stay zero in every resample: skip them, and
    # put all systems side by side so one matrix product serves them all.
    used = np.zeros(len(COUNTERS), dtype=bool)
    for matrix in matrices:
        used |= matrix.any(axis=0)
    width = int(used.sum())
    stacked = np.ascontiguousarray(np.concatenate([matrix[:, used] for matrix in matrices], axis=1))
    sums = np.empty((n, stacked.shape[1]))
    weights = np.empty((min(CHUNK, n), documents))  # multiplicity of each document in each resample
    # The dtype of the drawn indices is part of the random stream (int64 draws other numbers).
    index_type = np.int32 if CHUNK * documents < 2**31 else np.int64
    # One BLAS thread: the products are small, and OpenBLAS threads spinning on a busy machine
    # made them up to ten times slower (measured); single-threaded they take milliseconds.
    with threadpool_limits(1, user_api="blas"):
        for done in range(0, n, CHUNK):
            block = min(CHUNK, n - done)
            indices = rng.integers(0, documents, size=(block, documents), dtype=index_type)
            for r in range(block):  # a bincount per row, into one reused buffer: no large temporaries
                weights[r] = np.bincount(indices[r], minlength=documents)
            sums[done:done + block] = weights[:block] @ stacked
    result = []
    for k in range(len(matrices)):
        full = np.zeros((n, len(COUNTERS)))
        full[:, used] = sums[:, k * width:(k + 1) * width]
        result.append(full)
    return result


def _interval(values: np.ndarray, confidence: float) -> tuple[float, float]:
    values = values[~np.isnan(values)]
    if not len(values):
        return (float("nan"), float("nan"))
    low, high = np.quantile(values, [(1 - confidence) / 2, (1 + confidence) / 2])
    return (float(low), float(high))


def _scored_paths(options: ScoreOptions) -> list[int]:
    return [k for k, path in enumerate(HEADLINE) if path.split(".", 1)[0] in options.layers]


def bootstrap_ci(per_doc: np.ndarray, options: ScoreOptions, *, n: int, seed: int,
                 confidence: float = DEFAULTS.confidence) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap interval of every headline figure of a scored layer.

    ``per_doc``: ``[documents, len(COUNTERS)]`` counter rows. NaN bounds when the figure is
    undefined in every resample.
    """
    per_doc = _check(per_doc)
    _check_n(n, confidence)
    (sums,) = resampled_sums([per_doc], n=n, seed=seed)
    values = headline_values(sums, options)
    return {HEADLINE[k]: _interval(values[:, k], confidence) for k in _scored_paths(options)}


def paired_bootstrap(per_doc_a: np.ndarray, per_doc_b: np.ndarray, options: ScoreOptions, *,
                     n: int, seed: int, confidence: float = DEFAULTS.confidence) -> dict[str, PairedResult]:
    """Paired bootstrap comparison of system B against system A on the same documents.

    Row ``i`` of both matrices must be the same document. Returns, per headline figure of a
    scored layer, both values, ``delta = b - a``, the two-sided p-value and the interval of delta.
    ``n = 0``: no resampling, so the p-value and the interval are NaN (too few documents).
    """
    per_doc_a, per_doc_b = _check(per_doc_a, "per_doc_a"), _check(per_doc_b, "per_doc_b")
    if per_doc_a.shape != per_doc_b.shape:
        raise ValueError(f"systems scored on different documents: {per_doc_a.shape} vs {per_doc_b.shape}")
    _check_n(n, confidence, least=0)
    full = headline_values(np.stack([per_doc_a.sum(axis=0), per_doc_b.sum(axis=0)]), options)
    delta = full[1] - full[0]
    if n:
        sums_a, sums_b = resampled_sums([per_doc_a, per_doc_b], n=n, seed=seed)
        deltas = headline_values(sums_b, options) - headline_values(sums_a, options)
    else:
        deltas = np.full((0, len(HEADLINE)), np.nan)
    results = {}
    for k in _scored_paths(options):
        resampled = deltas[:, k][~np.isnan(deltas[:, k])]
        if np.isnan(delta[k]) or not len(resampled):
            p_value = float("nan")
        else:
            extreme = np.count_nonzero(np.abs(resampled - delta[k]) >= abs(delta[k]))
            p_value = (1 + extreme) / (1 + len(resampled))
        results[HEADLINE[k]] = PairedResult(float(full[0, k]), float(full[1, k]), float(delta[k]),
                                            float(p_value), _interval(deltas[:, k], confidence))
    return results
