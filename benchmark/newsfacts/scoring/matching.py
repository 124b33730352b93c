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

Both steps work on the index of each gold item's partner (:func:`partners`, the form the
metrics count in); :func:`match` turns it into index pairs. A large benchmark sends hundreds
of thousands of spans through here, so the common path is a handful of passes over the items
(a list comprehension, a dict, a set difference) rather than work per pair.

Items are anything with integer ``start`` and ``end`` attributes (the records of
:mod:`newsfacts.model`, :class:`~newsfacts.model.Span`, or the :class:`Item` tuple below).

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
    partner, spurious = partners(gold, pred, label=label, order=order, solver=solver)
    return Matching([(i, j) for i, j in enumerate(partner) if j is not None],
                    [i for i, j in enumerate(partner) if j is None], spurious)


def partners(gold: Sequence[Any], pred: Sequence[Any], *, label: Callable[[Any], Any] = _no_label,
             order: Callable[[Any], tuple] | None = None, solver: str = "auto") -> tuple[list[int | None], list[int]]:
    """The matching of :func:`match` in the form the metrics count it in: ``(partner, spurious)``,
    where ``partner[i]`` is the index of the prediction paired with gold ``i`` (None: missed)
    and ``spurious`` the unpaired predictions, ascending.

    >>> partners([Item(0, 5), Item(7, 9)], [Item(8, 9), Item(2, 7), Item(3, 9)])   # overlap 3 + 2 beats 3 + 1
    ([1, 2], [0])
    """
    n_gold, n_pred = len(gold), len(pred)
    if not n_gold or not n_pred:
        return [None] * n_gold, list(range(n_pred))

    # 1. identical boundaries, unique on both sides: always part of the optimum. Most pairs of a
    #    real system are of this kind, so this step is kept to a few passes, mostly in C: one
    #    (start, end) key per item, one dict lookup per gold item.
    gold_key, pred_key = _keys(gold, -1), _keys(pred, -2)
    pred_at = dict(zip(pred_key, range(n_pred)))
    partner: list[int | None] = list(map(pred_at.get, gold_key))
    rest_gold = [i for i, j in enumerate(partner) if j is None]
    rest_pred = set(range(n_pred)).difference(partner)
    # Repeated boundaries are not paired here: on the predicted side the dict is smaller than
    # the list; on the gold side two gold items got the same partner (fewer predictions taken
    # than gold items paired).
    if len(pred_at) < n_pred or n_pred - len(rest_pred) < n_gold - len(rest_gold):
        repeated = _repeated(gold_key) | _repeated(pred_key)
        partner = [None if k in repeated else j for k, j in zip(gold_key, partner)]
        rest_gold = [i for i, j in enumerate(partner) if j is None]
        rest_pred = set(range(n_pred)).difference(partner)

    # 2. the rest: runs of overlapping spans, by one sweep in order of start.
    if rest_gold and rest_pred:
        events = [(gold[i].start, gold[i].end, 0, i) for i in rest_gold]
        events += [(pred[j].start, pred[j].end, 1, j) for j in rest_pred]
        events.sort()
        events.append((_END, _END, 0, -1))  # sentinel: closes the last run
        first, run_end = 0, -_END
        for k, (start, end, _, _) in enumerate(events):
            if start < run_end:  # overlaps the run: extend it
                if end > run_end:
                    run_end = end
                continue
            # A new run starts at k: settle events[first:k]. A run of one item pairs nothing;
            # most others are one gold item and one prediction with a shifted boundary: paired
            # when they overlap (b starts last, so they share min(end_a, end_b) - start_b).
            if k - first == 2:
                (_, end_a, side_a, a), (start_b, end_b, side_b, b) = events[first], events[first + 1]
                if side_a != side_b and min(end_a, end_b) > start_b:
                    i, j = (b, a) if side_a else (a, b)
                    partner[i] = j
                    rest_pred.discard(j)
            elif k - first > 2:
                for i, j in _solve_run(events[first:k], gold, pred, label, order, solver):
                    partner[i] = j
                    rest_pred.discard(j)
            first, run_end = k, end
    return partner, sorted(rest_pred)


def _keys(items: Sequence[Any], empty: int) -> list[tuple[int, int] | int]:
    """The key of each item's boundaries, ``(start, end)``; an empty span gets the key ``empty``
    (different for gold and predictions), so that it never has an identical partner."""
    return [(x.start, x.end) if x.end > x.start else empty for x in items]


def _repeated(keys) -> set:
    return {k for k, n in Counter(keys).items() if n > 1}


def _solve_run(run: list[tuple[int, int, int, int]], gold: Sequence[Any], pred: Sequence[Any],
               label: Callable[[Any], Any], order: Callable[[Any], tuple] | None,
               solver: str) -> list[tuple[int, int]]:
    """The optimal pairs of one run of overlapping spans, given as its sweep events
    ``(start, end, side, index)`` (side 0: gold, 1: prediction)."""
    rows = [index for _, _, side, index in run if not side]
    cols = [index for _, _, side, index in run if side]
    if not rows or not cols:
        return []
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
    return [(rows[r], cols[c]) for r, c in assignment(weights, solver=solver) if weights[r][c] > 0]


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
