"""Matching: pair gold and predicted spans of one document and layer, one-to-one and optimally.

Spans are half-open ``[start, end)`` character offsets. Two spans *overlap* by
``min(end) - max(start)`` characters when that is positive; pairs that do not overlap are never
matched.

The rule (what :func:`match` returns)
-------------------------------------
Among all one-to-one matchings of overlapping pairs, take the one that is best by, in order:

1. the largest **total overlap** in characters (maximum-weight bipartite matching);
2. then the most pairs with **exactly equal boundaries**;
3. then the most pairs with the **same label** (entity label, quote or numeric kind);
4. any tie left is broken by the **canonical order** of the items: gold and predictions of a
   run are sorted by their ``order`` key (default ``(start, end, label)``; the metrics add the
   attributes they score) before solving, so the result never depends on the order the items
   came in. Items whose keys are equal are interchangeable for every figure.

Levels 1-3 are one integer weight per pair, ``(overlap * S + exact) * S + same_label`` with
``S = min(#gold, #pred) + 1`` in the component, so maximising the sum of weights is exactly the
lexicographic rule (the exact and same-label counts are each below ``S``).

How it is solved fast and exactly
---------------------------------
* A gold and a prediction with identical boundaries, each unique on its side, are paired at
  once: such a pair is in every optimal matching. (Swap argument: if gold ``A`` went to ``C`` and
  the prediction ``A`` to gold ``B``, re-pairing ``A-A, B-C`` changes the overlap by
  ``|A| + |B∩C| - |A∩C| - |A∩B| >= 0``, since ``|A∩C| + |A∩B| <= |A| + |A∩B∩C|``, and adds one
  exact pair.)
* The rest is cut into connected runs of overlapping spans by one sweep over the sorted spans.
  A run with one gold and one prediction is paired directly; runs with several items (rare:
  nested or split predictions) are solved exactly with the Hungarian algorithm, in pure Python
  for small runs and with :func:`scipy.optimize.linear_sum_assignment` for large ones (scipy is
  imported only then: it costs half a second of start-up).

Items are anything with integer ``start`` and ``end`` attributes (the records of
:mod:`benchmark.model`, :class:`~benchmark.model.Span`, or the :class:`Item` tuple below).

>>> gold = [Item(0, 10, "ORG"), Item(20, 25, "PERSON")]
>>> pred = [Item(0, 4, "ORG"), Item(0, 10, "GPE"), Item(18, 22, "PERSON"), Item(30, 31, "LOC")]
>>> from operator import attrgetter
>>> m = match(gold, pred, label=attrgetter("label"))
>>> m.pairs, m.missed, m.spurious
([(0, 1), (1, 2)], [], [0, 3])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

_END = float("inf")
# Components whose Hungarian work (rows * rows * columns) exceeds this go to scipy.
SCIPY_ABOVE = 20_000


class Item(NamedTuple):
    """A minimal labelled span, for callers (and tests) without model records."""

    start: int
    end: int
    label: str | None = None


class Matching(NamedTuple):
    """The result of :func:`match`: index pairs and the unmatched indices, all ascending."""

    pairs: list[tuple[int, int]]  # (gold index, predicted index), sorted by gold index
    missed: list[int]             # gold indices with no partner
    spurious: list[int]           # predicted indices with no partner


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters shared by two half-open spans (0 when disjoint or touching).

    >>> overlap(0, 5, 3, 9), overlap(0, 5, 5, 9), overlap(4, 4, 0, 9)
    (2, 0, 0)
    """
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _no_label(item: Any) -> None:
    return None


def match(gold: Sequence[Any], pred: Sequence[Any], *, label: Callable[[Any], Any] = _no_label,
          order: Callable[[Any], tuple] | None = None, solver: str = "auto") -> Matching:
    """The optimal one-to-one matching of ``gold`` and ``pred`` spans (rule in the module doc).

    ``label(item)`` gives the label compared at level 3 (default: none, all equal); ``order(item)``
    the sortable key of the final tie-break (default ``(start, end, str(label))``). ``solver``
    picks how ambiguous runs are solved: ``"auto"`` (pure Python when small, scipy when large),
    ``"python"`` or ``"scipy"``; all reach the same optimum.

    >>> match([Item(0, 5)], [Item(2, 7), Item(3, 9)]).pairs   # larger overlap wins
    [(0, 0)]
    >>> from operator import attrgetter
    >>> match([Item(0, 6, "A"), Item(6, 12, "B")], [Item(3, 9, "B")], label=attrgetter("label")).pairs
    [(1, 0)]
    >>> match([Item(0, 6, "A"), Item(6, 12, "B")], [Item(3, 9, "B")]).pairs   # without labels: canonical order
    [(0, 0)]
    """
    n_gold, n_pred = len(gold), len(pred)
    if not n_gold or not n_pred:
        return Matching([], list(range(n_gold)), list(range(n_pred)))

    # 1. identical boundaries, unique on both sides: always part of the optimum. Boundaries are
    #    coded as one int (hashes faster than a tuple); an empty span gets a code of its own
    #    (negative: even for gold, odd for predictions) so that it is never paired.
    gold_code, pred_code = _codes(gold, -2), _codes(pred, -1)
    gold_at = dict(zip(gold_code, range(n_gold)))
    pred_at = dict(zip(pred_code, range(n_pred)))
    common = gold_at.keys() & pred_at.keys()
    if len(gold_at) < n_gold or len(pred_at) < n_pred:  # repeated boundaries: not paired here
        common -= _repeated(gold_code) | _repeated(pred_code)
        rest_gold = {i for i, k in enumerate(gold_code) if k not in common}
        rest_pred = {j for j, k in enumerate(pred_code) if k not in common}
    else:
        rest_gold = {gold_at[k] for k in gold_at.keys() - common}
        rest_pred = {pred_at[k] for k in pred_at.keys() - common}
    pairs = [(gold_at[k], pred_at[k]) for k in common]

    # 2. the rest: runs of overlapping spans, by one sweep in order of start.
    events = [(gold[i].start, gold[i].end, 0, i) for i in rest_gold]
    events += [(pred[j].start, pred[j].end, 1, j) for j in rest_pred]
    events.sort()
    events.append((_END, _END, 0, -1))  # sentinel: closes the last run
    n_exact = len(pairs)
    run_gold: list[int] = []
    run_pred: list[int] = []
    run_end = -_END
    for start, end, side, index in events:
        if start >= run_end:  # a new run starts: settle the previous one
            if run_gold and run_pred:
                if len(run_gold) == 1 == len(run_pred):  # the common case, inline
                    g, p = gold[run_gold[0]], pred[run_pred[0]]
                    if min(g.end, p.end) > max(g.start, p.start):
                        pairs.append((run_gold[0], run_pred[0]))
                else:
                    _solve_run(run_gold, run_pred, gold, pred, pairs, label, order, solver)
            run_gold, run_pred = [], []
            run_end = end
        elif end > run_end:
            run_end = end
        (run_pred if side else run_gold).append(index)

    swept = pairs[n_exact:]
    pairs.sort()
    return Matching(pairs, sorted(rest_gold.difference([i for i, _ in swept])),
                    sorted(rest_pred.difference([j for _, j in swept])))


def _codes(items: Sequence[Any], empty: int) -> list[int]:
    """Boundaries as one int (offsets are below 2**32); an empty span gets a negative code of its own."""
    return [(x.start << 32 | x.end) if x.end > x.start else 2 * -i + empty for i, x in enumerate(items)]


def _repeated(keys) -> set:
    return {k for k, n in Counter(keys).items() if n > 1}


def _solve_run(rows: list[int], cols: list[int], gold: Sequence[Any], pred: Sequence[Any],
               pairs: list[tuple[int, int]], label: Callable[[Any], Any], order: Callable[[Any], tuple] | None,
               solver: str) -> None:
    """Append the optimal pairs of one run of overlapping spans (gold ``rows``, predicted ``cols``)."""
    if order is None:
        def order(item: Any) -> tuple:
            return (item.start, item.end, str(label(item)))
    rows.sort(key=lambda i: order(gold[i]))  # canonical order: the last tie-break (rule 4)
    cols.sort(key=lambda j: order(pred[j]))
    scale = min(len(rows), len(cols)) + 1
    weights = []
    for i in rows:
        g = gold[i]
        gs, ge, gl = g.start, g.end, label(g)
        row = []
        for j in cols:
            p = pred[j]
            ps, pe = p.start, p.end
            ov = min(ge, pe) - max(gs, ps)
            row.append(((ov * scale + (gs == ps and ge == pe)) * scale + (gl == label(p))) if ov > 0 else 0)
        weights.append(row)
    for r, c in assignment(weights, solver=solver):
        if weights[r][c] > 0:
            pairs.append((rows[r], cols[c]))


def assignment(weights: list[list[int]], *, solver: str = "auto") -> list[tuple[int, int]]:
    """(row, column) pairs of a maximum-weight assignment of a non-negative integer matrix.

    Every row (or every column, whichever are fewer) is assigned; callers drop zero-weight pairs.
    Deterministic for a given matrix.

    >>> assignment([[3, 2], [2, 0]])
    [(0, 1), (1, 0)]
    >>> assignment([[3, 2], [2, 0]], solver="scipy")
    [(0, 1), (1, 0)]
    """
    n_rows, n_cols = len(weights), len(weights[0])
    if solver not in ("auto", "python", "scipy"):
        raise ValueError(f"unknown solver {solver!r}")
    small = min(n_rows, n_cols) ** 2 * max(n_rows, n_cols) <= SCIPY_ABOVE
    if solver == "python" or (solver == "auto" and small):
        if n_rows <= n_cols:
            return list(enumerate(_hungarian(weights)))
        transposed = [list(col) for col in zip(*weights)]
        return sorted((r, c) for c, r in enumerate(_hungarian(transposed)))
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(np.asarray(weights, dtype=np.float64), maximize=True)
    return list(zip(rows.tolist(), cols.tolist()))


def _hungarian(weights: list[list[int]]) -> list[int]:
    """Column of each row in a maximum-weight assignment; needs rows <= columns.

    The classic O(rows^2 * columns) shortest-augmenting-path method with potentials, on the
    cost ``-weight``; integer arithmetic, so exact.
    """
    n, m = len(weights), len(weights[0])
    inf = float("inf")
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: row (1-based) assigned to column j, 0 = free
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            row = weights[i0 - 1]
            ui0 = u[i0]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    result = [0] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result
