"""Adjudication: several annotations of one document become one gold, every disagreement reported.

Policy ``majority`` (the one policy; ``import --adjudicate majority``):

1. **Ground truth wins.** If an annotation is marked *ground truth* in Label Studio, it is the
   gold (the most recently updated one, if several are marked). Disagreements with it are
   still reported.
2. **Otherwise majority per item.** An *item* is an entity, quote or numeric fact identified by
   its layer and span ``[start, end)``, or a cluster by its id. An item is kept when more than
   half of the annotations have it; at exactly half, the most recent annotation decides. Its
   attributes (label, cluster, kind, speaker, cue, value, normalized, bound, unit, measured; a
   cluster's name, label and aliases) are those that most of the annotations having it give;
   a tie goes to the most recent annotation among the tied ones. Clusters are kept when a kept
   mention or speaker uses them.
3. "Most recent" is by ``updated_at`` (then ``created_at``, then the annotation id).
4. The result must pass the gold rules like any import; a merge that does not (two kept
   entities that overlap, say) is an error naming the task, to be settled in Label Studio.

Every item on which the annotations do not all agree is one disagreement in the report:
the task, the layer and span (or cluster id), each annotation's value (``null`` for absent),
the decision and the rule that made it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import msgspec

from ..model import to_builtins
from .convert import Layers, Task, annotation_layers, annotator, check

POLICIES = ("majority",)
_LAYERS = ("entities", "quotes", "numeric_facts")


def _value(item: Any) -> str:
    """The item's attributes without its id, as a comparable string."""
    data = to_builtins(item)
    data.pop("id", None)
    return msgspec.json.encode(data).decode()


def _decide(values: list[str | None], n: int) -> tuple[int | None, str]:
    """Which annotation's value wins for one item: index into the annotations (None: drop the item)."""
    holders = [k for k in range(n) if values[k] is not None]
    if 2 * len(holders) < n:
        return None, "majority: absent"
    if 2 * len(holders) == n and values[n - 1] is None:
        return None, "tie: the most recent annotation has no such item"
    counts = Counter(values[k] for k in holders)
    best = max(counts.values())
    tied = {v for v, c in counts.items() if c == best}
    winner = max(k for k in holders if values[k] in tied)  # the most recent among the tied values
    rule = "majority" if len(tied) == 1 else "tie: the most recent annotation"
    if 2 * len(holders) == n:
        rule = "tie on presence: the most recent annotation; " + rule
    return winner, rule


def adjudicate(task: Task, anns: list[dict[str, Any]], *, policy: str = "majority"
               ) -> tuple[Layers, list[dict[str, Any]]]:
    """One gold from several annotations of ``task`` (oldest first), and the disagreements.

    Parameters
    ----------
    task : Task
        The task (from :func:`newsfacts.labelstudio.convert.tasks_of`).
    anns : list of dict
        Its submitted annotations, oldest first (:meth:`Task.annotations`).
    policy : {"majority"}
        See the module docstring.

    Returns
    -------
    layers : Layers
        The adjudicated gold, rule-checked.
    disagreements : list of dict
        One entry per item the annotations do not all agree on.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown adjudication policy {policy!r}: expected one of {', '.join(POLICIES)}")
    converted = [annotation_layers(task, a, k, validate=False) for k, a in enumerate(anns)]
    n = len(anns)
    truth = [k for k, a in enumerate(anns) if a.get("ground_truth")]
    names = [{"annotation": a.get("id", k + 1), "annotator": annotator(a)} for k, a in enumerate(anns)]
    report: list[dict[str, Any]] = []
    chosen: dict[str, list[Any]] = {layer: [] for layer in _LAYERS}

    def record(layer: str, key: dict[str, Any], values: list[str | None], winner: int | None, rule: str) -> None:
        if len(set(values)) > 1:
            report.append({"doc_id": task.doc_id, "task": task.raw.get("id"), "layer": layer, **key,
                           "votes": [{**names[k], "value": None if v is None else msgspec.json.decode(v)}
                                     for k, v in enumerate(values)],
                           "decision": None if winner is None else msgspec.json.decode(values[winner]),
                           "rule": rule})

    for layer in _LAYERS:
        by_key: dict[tuple[int, int], list[Any]] = {}
        for k, layers in enumerate(converted):
            for item in getattr(layers, layer):
                by_key.setdefault((item.start, item.end), [None] * n)[k] = item
        for (start, end), items in sorted(by_key.items()):
            values = [None if it is None else _value(it) for it in items]
            if truth:
                winner = truth[-1] if items[truth[-1]] is not None else None
                rule = "ground truth annotation"
            else:
                winner, rule = _decide(values, n)
            record(layer, {"start": start, "end": end}, values, winner, rule)
            if winner is not None:
                chosen[layer].append(items[winner])

    used = {e.cluster for e in chosen["entities"]} | {q.speaker_cluster for q in chosen["quotes"]}
    clusters = []
    by_id: dict[str, list[Any]] = {}
    for k, layers in enumerate(converted):
        for c in layers.clusters:
            by_id.setdefault(c.id, [None] * n)[k] = c
    for cid, items in by_id.items():
        if cid not in used:
            continue
        values = [None if it is None else _value(it) for it in items]
        holders = [k for k in range(n) if values[k] is not None]
        if truth and items[truth[-1]] is not None:
            winner, rule = truth[-1], "ground truth annotation"
        else:
            counts = Counter(values[k] for k in holders)
            best = max(counts.values())
            winner = max(k for k in holders if counts[values[k]] == best)
            rule = "majority" if sum(c == best for c in counts.values()) == 1 else "tie: the most recent annotation"
        record("clusters", {"cluster": cid}, values, winner, rule)
        clusters.append(items[winner])

    taken: set[str] = set()
    for layer in _LAYERS:  # the same id on two different kept items (two annotators' new regions)
        renamed = []
        for item in chosen[layer]:
            new, n_try = item.id, 1
            while new in taken:
                n_try += 1
                new = f"{item.id}_{n_try}"
            taken.add(new)
            renamed.append(item if new == item.id else msgspec.structs.replace(item, id=new))
        chosen[layer] = renamed
    paths = {f"{layer}[{i}]": item.id for layer in _LAYERS for i, item in enumerate(chosen[layer])}
    merged = Layers(tuple(chosen["entities"]), tuple(clusters), tuple(chosen["quotes"]),
                    tuple(chosen["numeric_facts"]), paths)
    check(merged, task.text, where=f"{task.where}, adjudicated ({policy})")
    return merged, report
