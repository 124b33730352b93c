"""Inter-annotator agreement of a Label Studio export, measured with the NewsFacts scorer itself.

For every task with two or more submitted annotations, every pair of annotations ``(a, b)`` (a
older than b) is scored as if ``a`` were the gold and ``b`` a system, with
:func:`newsfacts.scoring.metrics.score_document`. Span F1 is symmetric (swapping the two swaps
precision and recall); the attribute accuracies are taken over matched pairs, so the order
matters only for speaker agreement, which accepts any mention of ``a``'s speaker cluster.

Figures (per document and pair, and overall from the counts summed over every document and pair):

* entities: strict and partial span F1 (SemEval-2013 schemas);
* quotes: exact and partial content F1, speaker agreement (accuracy over matched quotes);
* numeric facts: strict and partial span F1, value agreement and normalized-date agreement
  (accuracy over matched facts that carry a value, or a DATE/TIME normalization);
* Cohen's kappa on token labels, per layer: each token (``\\w+`` or one other non-space
  character) gets the label of the item of that layer it lies in (entity label, ``QUOTE``,
  numeric kind; nested quotes: the innermost) or ``O``; scikit-learn's ``cohen_kappa_score`` on
  the two sequences (overall: on the concatenation over documents and pairs). Kappa is
  undefined (``None``) when both annotators give every token the same single label.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from ..model import LAYERS, Document, DocPrediction
from ..scoring.metrics import COUNTERS, ScoreOptions, figures, score_document
from .convert import Layers, SeedTexts, annotator, iter_layers, tasks_of

# (name shown, dotted path in the scorer's figures)
FIGURES: tuple[tuple[str, str], ...] = (
    ("entities.strict_f1", "entities.strict.f1"),
    ("entities.partial_f1", "entities.partial.f1"),
    ("quotes.exact_f1", "quotes.content.exact.f1"),
    ("quotes.partial_f1", "quotes.content.partial.f1"),
    ("quotes.speaker_agreement", "quotes.speaker.accuracy"),
    ("numeric_facts.strict_f1", "numeric_facts.span.strict.f1"),
    ("numeric_facts.partial_f1", "numeric_facts.span.partial.f1"),
    ("numeric_facts.value_agreement", "numeric_facts.value.accuracy"),
    ("numeric_facts.date_agreement", "numeric_facts.normalized.accuracy"),
)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_OPTIONS = ScoreOptions()


def token_labels(text: str, layers: Layers, layer: str) -> list[str]:
    """The label of each token of ``text`` for one layer (see the module docstring).

    >>> from newsfacts.model import Entity
    >>> layers = Layers(entities=(Entity(id="e1", start=0, end=11, text="Wilbur Ross", label="PERSON"),))
    >>> token_labels("Wilbur Ross said so.", layers, "entities")
    ['PERSON', 'PERSON', 'O', 'O', 'O']
    """
    items = sorted(getattr(layers, layer), key=lambda i: i.start - i.end)  # longest first, innermost wins
    spans = [(i.start, i.end, "QUOTE" if layer == "quotes" else (i.label if layer == "entities" else i.kind))
             for i in items]
    out = []
    for m in _TOKEN.finditer(text):
        label = "O"
        for start, end, name in spans:
            if start <= m.start() < end:
                label = name
        out.append(label)
    return out


def _kappa(a: list[str], b: list[str]) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    if len(set(a) | set(b)) < 2:
        return None  # one label for every token from both: chance agreement is 1, kappa undefined
    return float(cohen_kappa_score(a, b))


def _dig(tree: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        tree = tree.get(part) if isinstance(tree, dict) else None
    return tree


def _figures(counts: np.ndarray, tokens: dict[str, tuple[list[str], list[str]]]) -> dict[str, Any]:
    tree = figures(counts, _OPTIONS)
    out: dict[str, Any] = {name: _dig(tree, path) for name, path in FIGURES}
    for layer in LAYERS:
        out[f"{layer}.kappa"] = _kappa(*tokens[layer])
    return out


@dataclass
class Agreement:
    """Pairwise agreement per document and overall (see the module docstring)."""

    pairs: list[dict[str, Any]] = field(default_factory=list)
    overall: dict[str, Any] = field(default_factory=dict)
    documents: int = 0
    single: int = 0  # tasks with fewer than two annotations (no agreement to measure)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "pairs": self.pairs, "overall": self.overall,
                "tasks_with_one_annotation": self.single}

    def to_table(self) -> str:
        """The figures as a terminal table: overall, then one column per document and pair."""
        names = [name for name, _ in FIGURES] + [f"{layer}.kappa" for layer in LAYERS]
        fmt = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
        columns = [("overall", self.overall)] + [
            (f"{p['doc_id'][:14]} {p['annotations'][0]}:{p['annotations'][1]}", p["figures"]) for p in self.pairs]
        lines = [f"agreement: {self.documents} document(s) with two or more annotations, {len(self.pairs)} pair(s)",
                 f"{'figure':<30}" + "".join(f"{c:>22}" for c, _ in columns)]
        lines += [f"{n:<30}" + "".join(f"{fmt(f.get(n)):>22}" for _, f in columns) for n in names]
        return "\n".join(lines)


def _document(task_doc_id: str, text: str, layers: Layers) -> Document:
    return Document(id=task_doc_id, title="", url="", source="", author="", published_at="", text=text,
                    entities=layers.entities, clusters=layers.clusters, quotes=layers.quotes,
                    numeric_facts=layers.numeric_facts)


def agreement(export: str | os.PathLike[str], *, seeds: str | os.PathLike[str] | None = None) -> Agreement:
    """Pairwise agreement between the annotations of each task of a Label Studio export.

    Parameters
    ----------
    export : path
        A Label Studio JSON export in which some tasks have several annotations.
    seeds : path, optional
        The seed folder the texts are checked against (default: the bundled seeds).

    Returns
    -------
    Agreement
        ``pairs``: one entry per document and pair of annotations with its figures;
        ``overall``: the figures of the counts summed over every document and pair.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from newsfacts.labelstudio.tasks import tasks_for
    >>> task = tasks_for()[0]
    >>> task["annotations"] = task["annotations"] * 2          # two annotators who agree on everything
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.json"
    >>> _ = path.write_text(json.dumps([task]))
    >>> result = agreement(path)
    >>> result.overall["entities.strict_f1"], result.overall["entities.kappa"]
    (1.0, 1.0)
    """
    result = Agreement()
    total = np.zeros(len(COUNTERS))
    all_tokens: dict[str, tuple[list[str], list[str]]] = {layer: ([], []) for layer in LAYERS}
    for task, anns in iter_layers(tasks_of(export, SeedTexts(seeds))):
        if len(anns) < 2:
            result.single += 1
            continue
        result.documents += 1
        for (ann_a, a), (ann_b, b) in combinations(anns, 2):
            gold = _document(task.doc_id, task.text, a)
            pred = DocPrediction(id=task.doc_id, entities=b.entities, quotes=b.quotes, numeric_facts=b.numeric_facts)
            counts = score_document(gold, pred, _OPTIONS).counts
            total += counts
            tokens = {layer: (token_labels(task.text, a, layer), token_labels(task.text, b, layer))
                      for layer in LAYERS}
            for layer, (ta, tb) in tokens.items():
                all_tokens[layer][0].extend(ta)
                all_tokens[layer][1].extend(tb)
            result.pairs.append({"doc_id": task.doc_id, "task": task.raw.get("id"),
                                 "annotations": [ann_a.get("id"), ann_b.get("id")],
                                 "annotators": [annotator(ann_a), annotator(ann_b)],
                                 "figures": _figures(counts, tokens)})
    if result.documents:
        result.overall = _figures(total, all_tokens)
    return result

