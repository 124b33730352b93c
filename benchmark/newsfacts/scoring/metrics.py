"""Metrics: one document's gold and predictions become a vector of additive counters.

Everything the scorer reports is computed from **counters** that add up over documents
(:data:`COUNTERS`, one float64 vector per document, :class:`DocScore`). Totals, per-label
figures, bootstrap resamples and paired tests are therefore sums of rows followed by one
vectorised computation: :func:`figures` (the nested JSON of one vector, a few milliseconds),
:func:`headline_values` and :func:`flat_figures` (any number of rows at once: use these, not
:func:`figures` in a loop, for per-document figures). Partial credit survives aggregation
because it is a counter (``overlap`` pairs, ``normalized.correct``), not an averaged ratio.

Counters are the *elementary* outcomes, ``<layer>.<LABEL>.<outcome>`` (below), plus a few per
layer (``quotes.tokens.overlap``, ``numeric_facts.value.total``, ``<layer>.unaligned``, ...);
every schema count is a sum of them, so nothing is stored twice.

Matching
    Gold and predicted items of a layer are paired one-to-one by :func:`newsfacts.scoring.matching.match`
    (maximum total character overlap, then exact boundaries, then same label; independent of
    input order). Unpaired gold items are *missed*, unpaired predictions *spurious*. Predictions
    that could not be aligned to the text (:class:`~newsfacts.scoring.predictions.Unaligned`) are spurious
    too, and are also counted in the layer's ``unaligned`` column.

Elementary outcomes (counted per label, :data:`OUTCOMES`)
    a matched pair is ``exact`` (same boundaries, same label), ``exact_mislabelled``,
    ``overlap`` (boundaries differ, same label) or ``overlap_mislabelled``; an unmatched gold item
    is ``missed``, an unmatched prediction ``spurious``. A matched pair and a missed item count
    under the **gold** label, a spurious item under the **predicted** label (``(none)`` when it
    has none), so per-label counts add up exactly to the overall counts.

Entities: the SemEval-2013 Task 9.1 schemas, as nervaluate defines them
    ========  ==========================  ==============================  =========
    schema    correct                     incorrect                       partial
    ========  ==========================  ==============================  =========
    strict    exact                       every other matched pair        --
    exact     exact + exact_mislabelled   overlap + overlap_mislabelled   --
    partial   exact + exact_mislabelled   --                              overlap*
    type      exact + overlap             the two ``*_mislabelled``       --
    ========  ==========================  ==============================  =========

    (``overlap*`` = overlap + overlap_mislabelled.) ``missed`` and ``spurious`` are the same in
    every schema. ``possible = COR + INC + PAR + MIS``, ``actual = COR + INC + PAR + SPU``,
    ``precision = (COR + 0.5 PAR) / actual``, ``recall = (COR + 0.5 PAR) / possible`` (PAR is 0
    outside ``partial``), ``f1`` their harmonic mean. Per-label figures use the same formulas on
    the label's counts; ``macro`` is the unweighted mean of the per-label precision, recall and F1
    over the labels with at least one count: a gold item of the label, or an unmatched
    (spurious or unaligned) prediction with it. A prediction matched to a gold item of another
    label counts under the gold label only, so its label alone does not enter the average;
    ``(none)`` never does.

Zero denominators
    precision, recall and F1 are **1.0 when gold and predictions are both empty** (nothing to
    find, nothing wrongly found), otherwise a 0/0 is 0.0 (as nervaluate and scikit-learn's
    default). An accuracy over matched pairs with no pairs is **undefined**: NaN in arrays,
    ``null`` in :func:`figures`.

Quotes (spans are the quote content; the label is the quote ``kind``)
    ``content.exact`` and ``content.partial``: the ``exact`` and ``partial`` schemas above.
    ``content.tokens``: micro precision/recall/F1 over whole tokens: a span's tokens are the
    ``\\w+`` runs of its text; ``overlap`` counts, per matched pair, the tokens both spans have
    with the same start and end (:func:`shared_tokens`: a word one span cuts is not shared);
    gold/predicted = tokens of every gold/predicted content, unmatched and unaligned included.
    ``speaker``, ``cue``, ``kind``: attributes (below). A predicted speaker *span* is right when
    it overlaps any mention of the gold speaker's cluster (the cluster's entity mentions and the
    gold quote speakers attributed to it), a *string* when it is the same text
    (:func:`newsfacts.textnorm.same_text`) as the cluster's name, an alias, or one of those
    mentions. A cue span must overlap the gold cue, a cue string be the same text as it.
    ``speaker.end_to_end``: right attributions over predicted quotes (precision) and over gold
    quotes (recall), and their F1: the figure for "who said what" as a whole; here a matched pair
    with no speaker on either side counts as a right attribution.

Numeric facts (the label is the ``kind``)
    ``span``: the four schemas above (``strict`` needs the kind, ``partial`` ignores it as in
    SemEval), with ``per_kind`` figures. Attributes (below): ``value`` over pairs whose gold is
    not DATE/TIME, right when ``|pred - gold| <= rtol * |gold|`` (:func:`value_agrees`; a gold
    0 needs an exact 0); ``normalized`` over pairs whose gold is DATE/TIME, with credit
    :func:`normalized_credit` (1, or 0.5 for the gold at a coarser granularity, compared by ISO
    8601 components); ``bound`` equal; ``unit`` the same text; ``measured`` like ``cue``.

Attributes (``quotes.speaker|cue|kind``, ``numeric_facts.value|normalized|bound|unit|measured``)
    Each attribute applies to some matched pairs (``pairs``). ``accuracy`` = ``correct /
    total``, where ``total`` counts the pairs where gold **or** prediction has a value (a pair
    with none on either side says nothing about the attribute) and ``correct`` the pairs where
    both have one and they agree. ``coverage`` = the share of ``pairs`` where the prediction
    has a value. ``predicted`` counts the predicted items (matched or not) that carry the
    attribute; when it is 0 the attribute is *not predicted* and its accuracy is undefined
    (null), never perfect.

>>> from newsfacts.model import Document, Entity
>>> from newsfacts.model import DocPrediction
>>> text = "Wilbur Ross met Huawei in Beijing."
>>> gold = Document(id="d", title="", url="", source="", author="", published_at="", text=text,
...     entities=(Entity(id="g1", start=0, end=11, text="Wilbur Ross", label="PERSON", cluster="ross"),
...               Entity(id="g2", start=16, end=22, text="Huawei", label="ORG", cluster="huawei"),
...               Entity(id="g3", start=26, end=33, text="Beijing", label="GPE", cluster="beijing")))
>>> pred = DocPrediction(id="d", entities=(
...     Entity(id="p1", start=7, end=11, text="Ross", label="PERSON"),     # overlap, same label
...     Entity(id="p2", start=16, end=22, text="Huawei", label="GPE"),     # exact, wrong label
...     Entity(id="p3", start=12, end=15, text="met", label="ORG")))       # spurious; Beijing missed
>>> options = ScoreOptions(layers=frozenset({"entities"}))
>>> result = figures(score_document(gold, pred, options).counts, options)
>>> {k: result["entities"]["strict"][k] for k in ("correct", "incorrect", "missed", "spurious")}
{'correct': 0, 'incorrect': 2, 'missed': 1, 'spurious': 1}
>>> result["entities"]["partial"]["precision"]    # (1 correct + 0.5 * 1 partial) / 3 actual
0.5
>>> result["entities"]["per_label"]["ORG"]["type"]   # Huawei: under its gold label ORG
{'correct': 0, 'incorrect': 1, 'partial': 0, 'missed': 0, 'spurious': 1, 'possible': 1, 'actual': 2, 'precision': 0.0, 'recall': 0.0, 'f1': 0.0}
>>> result["quotes"]
{'scored': False}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import model
from ..config import DEFAULTS, ScoreConfig
from .matching import partners
from ..textnorm import normalize, same_text
from ..model import Document, Entity, NumericFact, Quote, Span

if TYPE_CHECKING:  # predictions imports model only; keep metrics importable on its own
    from ..model import DocPrediction, Unaligned

#: Pseudo-label for a spurious prediction that has no label/kind (an unaligned item without a
#: label, a numeric fact or quote predicted without a kind). Kept so per-label counts add up
#: exactly to the overall counts; never part of a macro average.
NO_LABEL = "(none)"

#: Elementary outcomes of one gold or predicted item, counted per label (see module docstring).
OUTCOMES: tuple[str, ...] = (
    "exact", "exact_mislabelled", "overlap", "overlap_mislabelled", "missed", "spurious",
)
_EXACT, _EXACT_MISLABELLED, _OVERLAP, _OVERLAP_MISLABELLED, _MISSED, _SPURIOUS = range(6)
SCHEMAS: tuple[str, ...] = ("strict", "exact", "partial", "type")
SCHEMA_COUNTS: tuple[str, ...] = ("correct", "incorrect", "partial", "missed", "spurious")

LAYER_LABELS: dict[str, tuple[str, ...]] = {
    "entities": (*model.ENTITY_LABELS, NO_LABEL),
    "quotes": (*model.QUOTE_KINDS, NO_LABEL),
    "numeric_facts": (*model.NUMERIC_KINDS, NO_LABEL),
}
#: The attributes of matched pairs, per layer (see "Attributes" in the module docstring).
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "quotes": ("speaker", "cue", "kind"),
    "numeric_facts": ("value", "normalized", "bound", "unit", "measured"),
}
#: The counters of each attribute: right pairs, pairs where gold or prediction has a value,
#: pairs where the prediction has one, pairs the attribute applies to, predicted items with one.
ATTRIBUTE_COUNTS: tuple[str, ...] = ("correct", "total", "covered", "pairs", "predicted")
_EXTRA: dict[str, tuple[str, ...]] = {
    "entities": ("unaligned",),
    "quotes": ("tokens.overlap", "tokens.gold", "tokens.predicted",
               *(f"{a}.{c}" for a in ATTRIBUTES["quotes"] for c in ATTRIBUTE_COUNTS), "speaker.both_absent",
               "unaligned"),
    "numeric_facts": (*(f"{a}.{c}" for a in ATTRIBUTES["numeric_facts"] for c in ATTRIBUTE_COUNTS), "unaligned"),
}

#: Every additive counter, in a fixed order: ``<layer>.<LABEL>.<outcome>`` for each label of the
#: layer (plus ``(none)``) and each of :data:`OUTCOMES`, then the layer's extra counters.
COUNTERS: tuple[str, ...] = tuple(
    name
    for layer in model.LAYERS
    for name in (
        *(f"{layer}.{label}.{outcome}" for label in LAYER_LABELS[layer] for outcome in OUTCOMES),
        *(f"{layer}.{extra}" for extra in _EXTRA[layer]),
    )
)
INDEX: dict[str, int] = {name: i for i, name in enumerate(COUNTERS)}

#: Dotted paths (into :func:`figures`) of the figures a paper reports; bootstrap intervals and
#: the paired test are computed for these.
HEADLINE: tuple[str, ...] = (
    "entities.strict.f1", "entities.exact.f1", "entities.partial.f1", "entities.type.f1",
    "entities.macro.strict.f1",
    "quotes.content.exact.f1", "quotes.content.tokens.f1", "quotes.speaker.accuracy",
    "quotes.speaker.end_to_end.f1", "quotes.cue.accuracy", "quotes.kind.accuracy",
    "numeric_facts.span.strict.f1", "numeric_facts.span.partial.f1", "numeric_facts.value.accuracy",
    "numeric_facts.normalized.accuracy", "numeric_facts.bound.accuracy", "numeric_facts.unit.accuracy",
    "numeric_facts.measured.accuracy",
)

# Counter index of "<layer>.<label>.exact" for each label (None -> "(none)"); outcome k adds k.
_BASE: dict[str, dict[str | None, int]] = {
    layer: {**{label: INDEX[f"{layer}.{label}.exact"] for label in labels}, None: INDEX[f"{layer}.{NO_LABEL}.exact"]}
    for layer, labels in LAYER_LABELS.items()
}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ScoreOptions:
    """What to score (``layers``: the layers the system predicted; the others are reported
    ``{"scored": false}``, never as all-missed) and how strictly (``config``, of which the
    metrics read :attr:`~newsfacts.config.ScoreConfig.rtol`)."""

    layers: frozenset[str] = frozenset(model.LAYERS)
    config: ScoreConfig = DEFAULTS


@dataclass
class ErrorItem:
    """One line of ``newsfacts score --errors``.

    ``kind``: ``missed``, ``spurious``, ``unaligned``, ``partial`` (overlap, boundaries differ),
    ``incorrect`` (same boundaries, wrong label/kind), or an attribute error of a matched pair:
    ``speaker``, ``cue``, ``value``, ``normalized``, ``bound``, ``unit``, ``measured``.
    """

    layer: str
    kind: str
    gold: Entity | Quote | NumericFact | None
    pred: Entity | Quote | NumericFact | Unaligned | None
    detail: str


@dataclass
class DocScore:
    """One document's counters (float64, ``len(COUNTERS)``) and, on request, its errors."""

    doc_id: str
    counts: np.ndarray
    errors: list[ErrorItem] = field(default_factory=list)


# --------------------------------------------------------------------------- counting


def score_document(gold: Document, pred: DocPrediction, options: ScoreOptions, *,
                   with_errors: bool = False) -> DocScore:
    """Match and count one document; layers not in ``options.layers`` stay zero.

    ``pred`` must be for the same document and hold validated, aligned items (see
    :class:`~newsfacts.scoring.predictions.DocPrediction`); the order of items does not matter.
    """
    if gold.id != pred.id:
        raise ValueError(f"gold document {gold.id!r} scored against predictions for {pred.id!r}")
    counts = [0.0] * len(COUNTERS)
    errors: list[ErrorItem] | None = [] if with_errors else None
    layers = options.layers
    unaligned = pred.unaligned
    if "entities" in layers:
        _count_spans("entities", gold.entities, pred.entities, _ENTITY_LABEL, None, unaligned, counts, errors)
    if "quotes" in layers:
        _score_quotes(gold, pred.quotes, unaligned, counts, errors)
    if "numeric_facts" in layers:
        _score_numeric(gold.numeric_facts, pred.numeric_facts, unaligned, options.config.rtol, counts, errors)
    return DocScore(gold.id, np.array(counts), errors if errors is not None else [])


_ENTITY_LABEL = attrgetter("label")
_KIND = attrgetter("kind")


def _attribute_key(value: Span | str | None) -> tuple:
    """Sortable form of a speaker/cue/measured value (only refines the matcher's tie-break order)."""
    if value is None:
        return (0,)
    if isinstance(value, str):
        return (1, value)
    return (2, value.start, value.end)


# Tie-break order of the matcher: the scored attributes join the key, so that two predictions
# on the same span that differ only in, say, the speaker are paired the same way in any order.
def _quote_order(q: Quote) -> tuple:
    return (q.start, q.end, q.kind or "", _attribute_key(q.speaker), _attribute_key(q.cue))


def _numeric_order(f: NumericFact) -> tuple:
    return (f.start, f.end, f.kind or "", _attribute_key(f.measured), f.value is None, f.value or 0.0,
            f.normalized or "", f.bound or "", f.unit or "")


def _count_spans(layer: str, gold: Sequence[Entity | Quote | NumericFact],
                 pred: Sequence[Entity | Quote | NumericFact], label: Callable[[Any], str | None],
                 order: Callable[[Any], tuple] | None, unaligned: Sequence[Unaligned], counts: list[float],
                 errors: list[ErrorItem] | None) -> list[int | None]:
    """Match one layer and count its elementary outcomes; returns the matching, as the index of
    each gold item's partner (:func:`newsfacts.scoring.matching.partners`), for the attributes."""
    base = _BASE[layer]
    partner, spurious = partners(gold, pred, label=label, order=order)
    # Each label is read once (map runs in C) and the loops do nothing but count: for a large
    # benchmark they run once per item, hundreds of thousands of times.
    gold_labels, pred_labels = list(map(label, gold)), list(map(label, pred))
    try:
        for g, gold_label, j in zip(gold, gold_labels, partner):
            if j is None:
                counts[base[gold_label] + _MISSED] += 1
            else:
                p = pred[j]
                # the outcome's offset in OUTCOMES: +2 when the boundaries differ, +1 when the label does
                counts[base[gold_label] + (0 if g.start == p.start and g.end == p.end else 2)
                       + (gold_label != pred_labels[j])] += 1
        for j in spurious:
            counts[base[pred_labels[j]] + _SPURIOUS] += 1
        for u in unaligned:
            if u.layer == layer:
                counts[base[u.label] + _SPURIOUS] += 1
                counts[INDEX[f"{layer}.unaligned"]] += 1
        if not base.keys() >= set(pred_labels):  # the loops above look up every label but a paired prediction's
            raise KeyError(next(lab for lab in pred_labels if lab not in base))
    except KeyError as exc:  # validation upstream guarantees known labels; say which one if not
        raise ValueError(f"{layer}: unknown label {exc.args[0]!r}") from None
    if errors is not None:
        for i, j in _pairs(partner):
            g, p = gold[i], pred[j]
            if gold_labels[i] != pred_labels[j] or g.start != p.start or g.end != p.end:
                _pair_error(layer, g, p, gold_labels[i] or NO_LABEL, pred_labels[j] or NO_LABEL, errors)
        errors.extend(ErrorItem(layer, "missed", gold[i], None,
                                f"gold {gold_labels[i] or NO_LABEL} {gold[i].text!r} was not matched")
                      for i, j in enumerate(partner) if j is None)
        errors.extend(ErrorItem(layer, "spurious", None, pred[j],
                                f"predicted {pred_labels[j] or NO_LABEL} {pred[j].text!r} matches no gold item")
                      for j in spurious)
        errors.extend(ErrorItem(layer, "unaligned", None, u,
                                f"predicted {u.label or NO_LABEL} {u.text!r} could not be aligned to the text: {u.reason}")
                      for u in unaligned if u.layer == layer)
    return partner


def _pairs(partner: list[int | None]) -> list[tuple[int, int]]:
    """The matched (gold, predicted) index pairs, by gold index."""
    return [(i, j) for i, j in enumerate(partner) if j is not None]


def _pair_error(layer: str, g: Entity | Quote | NumericFact, p: Entity | Quote | NumericFact,
                gold_label: str, pred_label: str, errors: list[ErrorItem]) -> None:
    relabel = f"{gold_label} predicted as {pred_label}" if gold_label != pred_label else ""
    if g.start == p.start and g.end == p.end:
        errors.append(ErrorItem(layer, "incorrect", g, p, relabel))
        return
    detail = f"gold [{g.start}, {g.end}) {g.text!r}, predicted [{p.start}, {p.end}) {p.text!r}"
    errors.append(ErrorItem(layer, "partial", g, p, f"{detail}; {relabel}" if relabel else detail))


def _span_or_text_agrees(pred: Span | str, gold: Span) -> bool:
    """Cue/measured rule (both given): a span must overlap, a string must be the same text."""
    if isinstance(pred, str):
        return same_text(pred, gold.text)
    return min(pred.end, gold.end) > max(pred.start, gold.start)


def _tokens(text: str) -> int:
    return len(_WORD.findall(text))


def shared_tokens(text: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Whole tokens the two spans ``a`` and ``b`` of ``text`` share: a token of a span is a
    ``\\w+`` run of its text, and a token counts when both spans have it with the same start
    and end. A word that one span cuts is not shared: "coming very short" at [4, 21) of
    "forthcoming very shortly" shares one token of three with the whole, "very".

    >>> text = "forthcoming very shortly"
    >>> shared_tokens(text, (0, 24), (4, 21)), shared_tokens(text, (0, 24), (0, 24)), shared_tokens(text, (0, 4), (5, 9))
    (1, 3, 0)
    """
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo >= hi:
        return 0

    def tokens(start: int, end: int) -> set[tuple[int, int]]:
        return {m.span() for m in _WORD.finditer(text, start, end) if m.end() > lo and m.start() < hi}

    return len(tokens(*a) & tokens(*b))


class _Attribute:
    """Counts one attribute of matched pairs into the layer's counters (module docstring,
    "Attributes"): ``pair`` for each pair it applies to, ``predicted`` for each predicted item."""

    __slots__ = ("correct", "total", "covered", "pairs", "predicted")

    def __init__(self, layer: str, name: str) -> None:
        for count in ATTRIBUTE_COUNTS:
            setattr(self, count, INDEX[f"{layer}.{name}.{count}"])

    def pair(self, counts: list[float], gold_has: bool, pred_has: bool, credit: float) -> None:
        counts[self.pairs] += 1
        if pred_has:
            counts[self.covered] += 1
        if gold_has or pred_has:
            counts[self.total] += 1
            counts[self.correct] += credit


_QUOTE_ATTRIBUTES = {name: _Attribute("quotes", name) for name in ATTRIBUTES["quotes"]}
_NUMERIC_ATTRIBUTES = {name: _Attribute("numeric_facts", name) for name in ATTRIBUTES["numeric_facts"]}


class _Speakers:
    """The gold document's speaker clusters: mention spans and accepted names, built on first use."""

    def __init__(self, gold: Document) -> None:
        self.gold = gold
        self._mentions: dict[str, list[Span | Entity]] | None = None
        self._names: dict[str, set[str]] = {}

    def _build(self) -> dict[str, list[Span | Entity]]:
        mentions: dict[str, list[Span | Entity]] = {}
        for e in self.gold.entities:
            if e.cluster is not None:
                mentions.setdefault(e.cluster, []).append(e)
        for q in self.gold.quotes:
            if q.speaker_cluster is not None and isinstance(q.speaker, Span):
                mentions.setdefault(q.speaker_cluster, []).append(q.speaker)
        for c in self.gold.clusters:
            names = {normalize(c.name), *(normalize(a) for a in c.aliases)}
            names.update(normalize(m.text) for m in mentions.get(c.id, ()))
            self._names[c.id] = names
        return mentions

    def agrees(self, pred: Span | str, gold: Quote) -> bool:
        """Whether a given predicted speaker is the given gold speaker (both not null)."""
        speaker = gold.speaker
        assert speaker is not None
        if self._mentions is None:
            self._mentions = self._build()
        cluster = gold.speaker_cluster
        spans = self._mentions.get(cluster, ()) if cluster is not None else ()
        if isinstance(pred, str):
            key = normalize(pred)  # compared as same_text() does, against a set of normalized names
            return key in self._names.get(cluster, ()) or _speaker_text_equal(key, speaker, spans)
        return any(min(pred.end, s.end) > max(pred.start, s.start) for s in (speaker, *spans))


def _speaker_text_equal(key: str, speaker: Span | str, spans: Sequence[Span | Entity]) -> bool:
    # A gold speaker without a (known) cluster: its own text and the cluster mentions still count.
    own = speaker.text if isinstance(speaker, Span) else speaker
    return key == normalize(own) or any(key == normalize(s.text) for s in spans)


def _score_quotes(gold: Document, pred: Sequence[Quote], unaligned: Sequence[Unaligned],
                  counts: list[float], errors: list[ErrorItem] | None) -> None:
    # Attributes join the key so that equal spans with different attributes sort canonically.
    pairs = _pairs(_count_spans("quotes", gold.quotes, pred, _KIND, _quote_order, unaligned, counts, errors))
    text = gold.text
    counts[INDEX["quotes.tokens.gold"]] += sum(_tokens(q.text) for q in gold.quotes)
    counts[INDEX["quotes.tokens.predicted"]] += (sum(_tokens(q.text) for q in pred)
                                                 + sum(_tokens(u.text) for u in unaligned if u.layer == "quotes"))
    speaker_attr, cue_attr, kind_attr = (_QUOTE_ATTRIBUTES[name] for name in ATTRIBUTES["quotes"])
    for attr, field_name in ((speaker_attr, "speaker"), (cue_attr, "cue"), (kind_attr, "kind")):
        counts[attr.predicted] += sum(getattr(q, field_name) is not None for q in pred)
    speakers = _Speakers(gold)
    for i, j in pairs:
        g, p = gold.quotes[i], pred[j]
        counts[INDEX["quotes.tokens.overlap"]] += shared_tokens(text, (g.start, g.end), (p.start, p.end))
        right = g.speaker is not None and p.speaker is not None and speakers.agrees(p.speaker, g)
        speaker_attr.pair(counts, g.speaker is not None, p.speaker is not None, right)
        if g.speaker is None and p.speaker is None:
            counts[INDEX["quotes.speaker.both_absent"]] += 1  # a right attribution "end to end"
        elif not right and errors is not None:
            errors.append(ErrorItem("quotes", "speaker", g, p,
                                    f"speaker {_show(p.speaker)}, gold {_show(g.speaker)}"
                                    + (f" (cluster {g.speaker_cluster})" if g.speaker_cluster else "")))
        gold_cue = g.cue if isinstance(g.cue, Span) else None
        right = gold_cue is not None and p.cue is not None and _span_or_text_agrees(p.cue, gold_cue)
        cue_attr.pair(counts, gold_cue is not None, p.cue is not None, right)
        if not right and (gold_cue is not None or p.cue is not None) and errors is not None:
            errors.append(ErrorItem("quotes", "cue", g, p, f"cue {_show(p.cue)}, gold {_show(g.cue)}"))
        # (a wrong kind is already listed as an "incorrect" or "partial" pair)
        kind_attr.pair(counts, g.kind is not None, p.kind is not None, p.kind is not None and p.kind == g.kind)


def _show(value: Span | str | float | None) -> str:
    if isinstance(value, Span):
        return f"[{value.start}, {value.end}) {value.text!r}"
    return repr(value)


def value_agrees(pred: float | None, gold: float, rtol: float) -> bool:
    """The numeric value rule: not null and ``|pred - gold| <= rtol * |gold|``.

    >>> value_agrees(260.0, 260.0, 1e-6), value_agrees(260.0001, 260.0, 1e-6), value_agrees(0.0, 0.0, 0.1)
    (True, True, True)
    >>> value_agrees(261.0, 260.0, 1e-6), value_agrees(None, 260.0, 1e-6), value_agrees(1e-9, 0.0, 0.1)
    (False, False, False)
    """
    return pred is not None and (pred == gold or abs(pred - gold) <= rtol * abs(gold))


# ISO 8601 calendar and week dates and times, extended or basic format:
# [YYYY[-MM[-DD]] | YYYY-Www[-D]][T]hh[:mm[:ss[.fff]]][Z|±hh[:mm]]
_ISO = re.compile(
    r"(?:(?P<year>[+-]?\d{4})(?:-?W(?P<week>\d{2})(?:-?(?P<wday>[1-7]))?|-?(?P<month>\d{2})(?:-?(?P<day>\d{2}))?)?)?"
    r"(?:(?(year)T|T?)(?P<hour>\d{2})(?::?(?P<minute>\d{2})(?::?(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?)?"
    r"(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?)?")
_ISO_FIELDS = ("year", "month", "day", "hour", "minute", "second")


def iso_components(value: str) -> tuple[tuple[str, ...], str | None, int | None] | None:
    """The components of an ISO 8601 date/time: the fields given (year to second, in order; a
    week date has the week and the weekday for the month and the day), the
    fraction of a second (trailing zeros dropped) and the UTC offset in minutes; None when
    ``value`` is not a calendar date or time of that form.

    >>> iso_components("2019-11-03T10:00:30.50+05:30")
    (('2019', '11', '03', '10', '00', '30'), '5', 330)
    >>> iso_components("T14"), iso_components("2019-11-04T00:42:59Z"), iso_components("last week")
    ((('', '', '', '14'), None, None), (('2019', '11', '04', '00', '42', '59'), None, 0), None)
    """
    m = _ISO.fullmatch(value.strip())
    if m is None or not (m["year"] or m["hour"]):
        return None
    fields = tuple(m[name] or "" for name in _ISO_FIELDS)
    if m["week"]:  # a week date: the week ("W45") and the weekday take the month's and the day's places
        fields = (fields[0], "W" + m["week"], m["wday"] or "", *fields[3:])
    last = max(k for k, v in enumerate(fields) if v)
    fields = fields[:last + 1]
    fraction = (m["fraction"] or "").rstrip("0") or None
    offset = None
    if m["offset"] is not None:
        o = m["offset"]
        offset = 0 if o == "Z" else (1 if o[0] == "+" else -1) * (int(o[1:3]) * 60 + int(o[-2:] if len(o) > 3 else 0))
    return fields, fraction, offset


def normalized_credit(pred: str | None, gold: str) -> float:
    """Credit for a DATE/TIME normalized value: 1 the same, 0.5 the gold at a coarser granularity, else 0.

    Values are compared by ISO 8601 components (date fields, time fields, fraction of a second,
    UTC offset), not as strings: ``Z``, ``+00``, ``+0000`` and ``+00:00`` are the same offset.
    Coarser: every component the prediction has equals the gold's and it lacks at least one
    (trailing fields, the fraction or the offset). A value that is neither a calendar or week date
    nor a time (a duration ``"P3D"``, an interval) needs the same string.

    >>> [normalized_credit(p, "2019-11-03") for p in ("2019-11-03", "2019-11", "2019", "2019-1", "2019-11-04", None)]
    [1.0, 0.5, 0.5, 0.0, 0.0, 0.0]
    >>> normalized_credit("2019-11-04", "2019-11-04T00:42:59+00:00"), normalized_credit("T14", "T14:30")
    (0.5, 0.5)
    >>> [normalized_credit("2019-11-04T10:00" + o, "2019-11-04T10:00-05:00") for o in ("", "-05", "+05:00", "Z")]
    [0.5, 1.0, 0.0, 0.0]
    """
    if pred is None:
        return 0.0
    if pred.strip() == gold.strip():
        return 1.0
    p, g = iso_components(pred), iso_components(gold)
    if p is None or g is None:
        return 0.0
    (p_fields, p_fraction, p_offset), (g_fields, g_fraction, g_offset) = p, g
    if not (len(p_fields) <= len(g_fields) and p_fields == g_fields[:len(p_fields)]):
        return 0.0
    if p_fraction is not None and p_fraction != g_fraction or p_offset is not None and p_offset != g_offset:
        return 0.0
    if p_fraction is None and len(p_fields) == len(g_fields) and g_fraction is not None and p_offset == g_offset:
        return 0.5  # only the fraction dropped
    if (len(p_fields), p_fraction, p_offset) == (len(g_fields), g_fraction, g_offset):
        return 1.0
    return 0.5


def _score_numeric(gold: Sequence[NumericFact], pred: Sequence[NumericFact],
                   unaligned: Sequence[Unaligned], rtol: float, counts: list[float],
                   errors: list[ErrorItem] | None) -> None:
    pairs = _pairs(_count_spans("numeric_facts", gold, pred, _KIND, _numeric_order, unaligned, counts, errors))
    attrs = _NUMERIC_ATTRIBUTES
    for name, attr in attrs.items():
        counts[attr.predicted] += sum(getattr(p, name) is not None for p in pred)
    for i, j in pairs:
        g, p = gold[i], pred[j]
        wrong: list[tuple[str, str]] = []
        if g.kind in model.TEMPORAL_KINDS:  # DATE/TIME carry a normalized value, the others a number
            credit = normalized_credit(p.normalized, g.normalized) if g.normalized is not None else 0.0
            attrs["normalized"].pair(counts, g.normalized is not None, p.normalized is not None, credit)
            if credit < 1 and (g.normalized is not None or p.normalized is not None):
                wrong.append(("normalized", f"normalized {p.normalized!r}, gold {g.normalized!r}"
                                            + (" (coarser: half credit)" if credit else "")))
        else:
            right = g.value is not None and value_agrees(p.value, g.value, rtol)
            attrs["value"].pair(counts, g.value is not None, p.value is not None, right)
            if not right and (g.value is not None or p.value is not None):
                wrong.append(("value", f"value {p.value!r}, gold {g.value!r} (rtol {rtol:g})"))
        right = g.bound is not None and p.bound == g.bound
        attrs["bound"].pair(counts, g.bound is not None, p.bound is not None, right)
        if not right and (g.bound is not None or p.bound is not None):
            wrong.append(("bound", f"bound {p.bound!r}, gold {g.bound!r}"))
        right = g.unit is not None and p.unit is not None and same_text(p.unit, g.unit)
        attrs["unit"].pair(counts, g.unit is not None, p.unit is not None, right)
        if not right and (g.unit is not None or p.unit is not None):
            wrong.append(("unit", f"unit {p.unit!r}, gold {g.unit!r}"))
        gold_measured = g.measured if isinstance(g.measured, Span) else None
        right = gold_measured is not None and p.measured is not None and _span_or_text_agrees(p.measured,
                                                                                                gold_measured)
        attrs["measured"].pair(counts, gold_measured is not None, p.measured is not None, right)
        if not right and (gold_measured is not None or p.measured is not None):
            wrong.append(("measured", f"measured {_show(p.measured)}, gold {_show(g.measured)}"))
        if errors is not None:
            errors.extend(ErrorItem("numeric_facts", kind, g, p, detail) for kind, detail in wrong)


# --------------------------------------------------------------------------- figures

_RATIOS = frozenset({"precision", "recall", "f1", "accuracy", "coverage"})


def _divide(num: np.ndarray, den: np.ndarray, when_zero: np.ndarray | float) -> np.ndarray:
    out = np.array(np.broadcast_to(when_zero, np.broadcast_shapes(num.shape, den.shape)), dtype=np.float64)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _prf(credit: np.ndarray, possible: np.ndarray, actual: np.ndarray) -> tuple[np.ndarray, ...]:
    """Precision, recall, F1 with the zero-denominator rule (1.0 when both sides are empty)."""
    both_empty = ((possible == 0) & (actual == 0)).astype(np.float64)
    precision = _divide(credit, actual, both_empty)
    recall = _divide(credit, possible, both_empty)
    f1 = _divide(2 * precision * recall, precision + recall, 0.0)
    return precision, recall, f1


def _schema_counts(outcomes: np.ndarray, schema: str) -> tuple[np.ndarray, ...]:
    """(correct, incorrect, partial, missed, spurious) of a schema from outcome counts ``[..., 6]``.

    The table of the module docstring, as code.
    """
    exact, exact_mis, overlap, overlap_mis, missed, spurious = (outcomes[..., k] for k in range(6))
    zero = np.zeros_like(exact)
    if schema == "strict":
        return exact, exact_mis + overlap + overlap_mis, zero, missed, spurious
    if schema == "exact":
        return exact + exact_mis, overlap + overlap_mis, zero, missed, spurious
    if schema == "partial":
        return exact + exact_mis, zero, overlap + overlap_mis, missed, spurious
    return exact + overlap, exact_mis + overlap_mis, zero, missed, spurious  # type


def _schema_figures(outcomes: np.ndarray, schema: str) -> dict[str, np.ndarray]:
    """Counts, possible, actual, precision, recall, F1 of one schema (arrays shaped like ``outcomes[..., 0]``)."""
    cor, inc, par, mis, spu = _schema_counts(outcomes, schema)
    possible = cor + inc + par + mis
    actual = cor + inc + par + spu
    precision, recall, f1 = _prf(cor + 0.5 * par, possible, actual)
    return dict(zip((*SCHEMA_COUNTS, "possible", "actual", "precision", "recall", "f1"),
                    (cor, inc, par, mis, spu, possible, actual, precision, recall, f1)))


def _attribute(out: dict[str, np.ndarray], counts: np.ndarray, layer: str, name: str) -> None:
    """An attribute's figures: ``accuracy`` (undefined when no pair has a value, or when no
    prediction carries the attribute: "not predicted"), ``coverage`` and the counts."""
    prefix = f"{layer}.{name}"
    correct, total, covered, pairs, predicted = (counts[:, INDEX[f"{prefix}.{c}"]] for c in ATTRIBUTE_COUNTS)
    out[f"{prefix}.correct"] = correct
    out[f"{prefix}.total"] = total
    out[f"{prefix}.accuracy"] = np.where(predicted > 0, _divide(correct, total, np.nan), np.nan)
    out[f"{prefix}.coverage"] = _divide(covered, pairs, np.nan)
    out[f"{prefix}.pairs"] = pairs
    out[f"{prefix}.predicted"] = predicted


def _span_layer(out: dict[str, np.ndarray], counts: np.ndarray, layer: str, span_prefix: str,
                schemas: Sequence[str], per_label: str | None) -> np.ndarray:
    """Schema figures of a span layer (overall, per label, macro); returns outcome totals [rows, 6]."""
    labels = LAYER_LABELS[layer]
    first = INDEX[f"{layer}.{labels[0]}.exact"]
    block = counts[:, first:first + 6 * len(labels)].reshape(len(counts), len(labels), 6)
    totals = block.sum(axis=1)
    for schema in schemas:
        for name, value in _schema_figures(totals, schema).items():
            out[f"{span_prefix}.{schema}.{name}"] = value
    if per_label is None:
        return totals
    present = block.sum(axis=2) > 0
    for li, label in enumerate(labels):
        out[f"{layer}.{per_label}.{label}.present"] = present[:, li].astype(np.float64)
    real = present[:, :-1]  # (none) is a bucket, not a label: never in the macro average
    n_real = real.sum(axis=1).astype(np.float64)
    layer_empty = (totals.sum(axis=1) == 0).astype(np.float64)
    for schema in schemas:
        by_label = _schema_figures(block, schema)  # every value [rows, labels]
        for name, value in by_label.items():
            for li, label in enumerate(labels):
                out[f"{layer}.{per_label}.{label}.{schema}.{name}"] = value[:, li]
        if per_label == "per_label":
            for name in ("precision", "recall", "f1"):
                mean = _divide((by_label[name][:, :-1] * real).sum(axis=1), n_real, layer_empty)
                out[f"{layer}.macro.{schema}.{name}"] = mean
    return totals


def flat_figures(counts: np.ndarray, options: ScoreOptions) -> dict[str, np.ndarray]:
    """Every figure of every row of a counts matrix ``[rows, len(COUNTERS)]``, vectorised.

    Keys are the dotted paths of :func:`figures` (``"entities.per_label.PERSON.strict.f1"``, with
    ``...<LABEL>.present`` = 1.0 where the label occurs); values are 1-D float arrays, one value
    per row; NaN where a figure is undefined (an accuracy with no pairs) or its layer is not
    scored. Use this (not :func:`figures` in a loop) for per-document figures.

    >>> flat = flat_figures(np.zeros((2, len(COUNTERS))), ScoreOptions(layers=frozenset({"entities"})))
    >>> flat["entities.strict.f1"], flat["quotes.content.exact.f1"]   # empty vs empty: 1.0
    (array([1., 1.]), array([nan, nan]))
    """
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 2 or counts.shape[1] != len(COUNTERS):
        raise ValueError(f"counts must have shape (rows, {len(COUNTERS)}), got {counts.shape}")
    out: dict[str, np.ndarray] = {}
    for layer, layer_figures in _LAYER_FIGURES.items():
        if layer in options.layers:
            layer_figures(out, counts)
        else:  # the same paths, NaN: computed on one empty row only to name them
            names: dict[str, np.ndarray] = {}
            layer_figures(names, np.zeros((1, len(COUNTERS))))
            nan = np.full(len(counts), np.nan)
            out.update(dict.fromkeys(names, nan))
    return out


def _entity_figures(out: dict[str, np.ndarray], counts: np.ndarray) -> None:
    _span_layer(out, counts, "entities", "entities", SCHEMAS, "per_label")
    out["entities.unaligned"] = counts[:, INDEX["entities.unaligned"]]


def _quote_figures(out: dict[str, np.ndarray], counts: np.ndarray) -> None:
    col = lambda name: counts[:, INDEX[f"quotes.{name}"]]  # noqa: E731
    totals = _span_layer(out, counts, "quotes", "quotes.content", ("exact", "partial"), None)
    matched = totals[:, :4].sum(axis=1)
    possible, actual = matched + totals[:, _MISSED], matched + totals[:, _SPURIOUS]
    overlap, gold_tokens, pred_tokens = (col(f"tokens.{n}") for n in ("overlap", "gold", "predicted"))
    out["quotes.content.tokens.overlap"] = overlap
    out["quotes.content.tokens.gold"] = gold_tokens
    out["quotes.content.tokens.predicted"] = pred_tokens
    for name, value in zip(("precision", "recall", "f1"), _prf(overlap, gold_tokens, pred_tokens)):
        out[f"quotes.content.tokens.{name}"] = value
    for name in ATTRIBUTES["quotes"]:
        _attribute(out, counts, "quotes", name)
    # End to end, a quote without a speaker in gold and prediction is a right attribution.
    speaker = col("speaker.correct") + col("speaker.both_absent")
    for name, value in zip(("precision", "recall", "f1"), _prf(speaker, possible, actual)):
        out[f"quotes.speaker.end_to_end.{name}"] = value
    out["quotes.unaligned"] = col("unaligned")


def _numeric_figures(out: dict[str, np.ndarray], counts: np.ndarray) -> None:
    col = lambda name: counts[:, INDEX[f"numeric_facts.{name}"]]  # noqa: E731
    _span_layer(out, counts, "numeric_facts", "numeric_facts.span", SCHEMAS, "per_kind")
    for name in ATTRIBUTES["numeric_facts"]:
        _attribute(out, counts, "numeric_facts", name)
    out["numeric_facts.unaligned"] = col("unaligned")


_LAYER_FIGURES = {"entities": _entity_figures, "quotes": _quote_figures, "numeric_facts": _numeric_figures}


def headline_values(counts_matrix: np.ndarray, options: ScoreOptions) -> np.ndarray:
    """``[rows, len(HEADLINE)]`` headline figures of each row of summed counts (NaN: not scored/undefined).

    >>> row = np.zeros(len(COUNTERS)); row[INDEX["entities.PERSON.exact"]] = 3; row[INDEX["entities.ORG.missed"]] = 1
    >>> values = headline_values(np.stack([row, 2 * row]), ScoreOptions(layers=frozenset({"entities"})))
    >>> values[:, HEADLINE.index("entities.strict.f1")]   # P = 3/3, R = 3/4: F1 = 6/7
    array([0.85714286, 0.85714286])
    """
    flat = flat_figures(np.atleast_2d(counts_matrix), options)
    return np.stack([flat[path] for path in HEADLINE], axis=1)


def _value(name: str, value: float) -> float | int | None:
    if np.isnan(value):
        return None
    if name in _RATIOS:
        return float(value)
    return int(value) if float(value).is_integer() else float(value)


def figures(counts: np.ndarray, options: ScoreOptions) -> dict[str, Any]:
    """JSON-ready nested figures of one counts vector (a document's, or the sum over documents).

    Per-label (``per_label``, ``per_kind``) entries are listed for labels present in gold or
    predictions only; a layer not in ``options.layers`` is ``{"scored": false}``.
    """
    counts = np.asarray(counts, dtype=np.float64)
    if counts.shape != (len(COUNTERS),):
        raise ValueError(f"counts must have shape ({len(COUNTERS)},), got {counts.shape}")
    flat = flat_figures(counts[None, :], options)
    result: dict[str, Any] = {layer: {"scored": False} for layer in model.LAYERS if layer not in options.layers}
    for path, column in flat.items():
        parts = path.split(".")
        if parts[0] not in options.layers:
            continue
        if parts[1] in ("per_label", "per_kind"):
            result.setdefault(parts[0], {}).setdefault(parts[1], {})  # there even when no label is
            if parts[3] == "present" or not flat[".".join(parts[:3]) + ".present"][0]:
                continue
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _value(parts[-1], column[0])
    return {layer: result[layer] for layer in model.LAYERS}
