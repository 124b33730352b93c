"""The HTML error analysis: one self-contained page from the scorer's results.

:func:`render_results` draws one system's run, :func:`render_leaderboard` several systems'
figures; :func:`build_report` reads any input (:mod:`newsfacts.report.inputs`) and returns the
page. The page has no external asset and makes no request (its Content-Security-Policy forbids
them): styles, script and charts (inline SVG) are in the file.

Every figure on the page is read from the results object: the figures, their confidence
intervals and the per-document figures. The per-document view draws the scorer's **items**
(``with_items``): one element per scored item, carrying ``data-layer``, ``data-outcome`` and
``data-doc``, a matched pair being one element that shows both sides.

The page's outcomes
    An item's outcome is the scorer's elementary outcome (:data:`OUTCOME`), in five classes:

    ===========  ==========================================  =============================
    page         entities and numeric facts                  quotes (kind is an attribute)
    ===========  ==========================================  =============================
    correct      same boundaries, same label (strict)        same boundaries
    incorrect    same boundaries, another label              --
    partial      overlapping boundaries, any label           overlapping boundaries
    missed       gold item without a partner                 same
    spurious     prediction without a partner (unaligned      same
                 ones too, listed under the text)
    ===========  ==========================================  =============================

    So, over all documents, for entities (numeric facts: the ``span`` figures): correct = strict
    correct, incorrect + partial = strict incorrect, partial = partial-schema partial,
    correct + incorrect = exact-schema correct; for quotes the content ``partial`` schema's
    counts. :func:`outcome_counts` reads them from the figures for the legend.

Large runs
    Only the ``max_docs`` worst documents get a section (worst first: lowest mean of the
    document's strict span F1 of each scored layer, then lowest single F1, then id); the others
    are listed in a table with their figures.
"""

from __future__ import annotations

import html
import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import LAYERS, Span
from ..scoring.metrics import HEADLINE
from .inputs import Item, Leaderboard, RunResults, Side, read, results_from

DEFAULT_MAX_DOCS = 50

#: The page outcome of each elementary outcome, per layer (see the module docstring).
OUTCOME: dict[str, dict[str, str]] = {
    layer: {"exact": "correct", "exact_mislabelled": "correct" if layer == "quotes" else "incorrect",
            "overlap": "partial", "overlap_mislabelled": "partial", "missed": "missed", "spurious": "spurious"}
    for layer in LAYERS
}
OUTCOMES: tuple[str, ...] = ("correct", "incorrect", "partial", "missed", "spurious")
_OUTCOME_HELP = {
    "correct": "same span and label",
    "incorrect": "same span, wrong label",
    "partial": "overlapping span",
    "missed": "gold item not found",
    "spurious": "predicted item not in gold",
}
_LAYER_TITLES = {"entities": "Entities", "quotes": "Quotes", "numeric_facts": "Numeric facts"}
# The F1 that ranks documents and heads each layer: strict span F1 (quotes: content exact).
_MAIN_F1 = {"entities": "entities.strict.f1", "quotes": "quotes.content.exact.f1",
            "numeric_facts": "numeric_facts.span.strict.f1"}
_MAIN_F1_NAMES = {"entities": "entities strict F1", "quotes": "quotes exact F1",
                  "numeric_facts": "numeric facts strict F1"}
_SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
_ATTRIBUTES = {"quotes": ("kind", "speaker", "cue"),
               "numeric_facts": ("value", "normalized", "bound", "unit", "measured")}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _path(node: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _ratio(value: float | None, digits: int = 4) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def _count(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def outcome_counts(layer: str, node: dict[str, Any]) -> dict[str, float] | None:
    """The page's outcome counts of a layer, read from the scorer's figures (None: not scored).

    >>> s = {"correct": 3, "incorrect": 2, "partial": 0, "missed": 1, "spurious": 4}
    >>> outcome_counts("entities", {"strict": s, "exact": {**s, "correct": 4}, "partial": {**s, "partial": 1}})
    {'correct': 3, 'incorrect': 1, 'partial': 1, 'missed': 1, 'spurious': 4}
    """
    if not node.get("scored", True):
        return None
    if layer == "quotes":
        p = node["content"]["partial"]
        return {"correct": p["correct"], "incorrect": 0, "partial": p["partial"], "missed": p["missed"],
                "spurious": p["spurious"]}
    spans = node if layer == "entities" else node["span"]
    strict = spans["strict"]
    return {"correct": strict["correct"], "incorrect": spans["exact"]["correct"] - strict["correct"],
            "partial": spans["partial"]["partial"], "missed": strict["missed"], "spurious": strict["spurious"]}


# --------------------------------------------------------------------------------------------- text


@dataclass
class _Mark:
    """A stretch of text wrapped in an element; crossing marks are split, the first part keeps ``open``."""

    start: int
    end: int
    open: str
    reopen: str
    tail: str = ""      # emitted once, just before the mark's last closing tag
    rank: int = 0       # at equal extent: items (0) outside their decorations (1)


def highlight(text: str, marks: Iterable[_Mark]) -> str:
    """``text`` escaped, with each mark wrapped in its elements, properly nested.

    A mark that crosses another is closed and reopened (with its ``reopen`` tag) around the
    other's boundary, so the first element of each mark is the only one with its ``open`` tag.

    >>> highlight("abcdef", [_Mark(0, 4, "<x>", "<x-c>"), _Mark(2, 6, "<y>", "<y-c>")]).replace("</span>", "/")
    '<x>ab<y>cd//<y-c>ef/'
    """
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    starts: dict[int, list[_Mark]] = {}
    for m in sorted(marks, key=lambda m: (m.start, -m.end, m.rank)):
        starts.setdefault(m.start, []).append(m)
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[_Mark] = []
    for k, pos in enumerate(bounds):
        if any(m.end == pos for m in stack):
            reopen: list[_Mark] = []
            while any(m.end == pos for m in stack):
                m = stack.pop()
                if m.end == pos:
                    out.append(m.tail + "</span>")
                else:
                    out.append("</span>")
                    reopen.append(m)
            for m in reversed(reopen):
                out.append(m.reopen)
                stack.append(m)
        for m in starts.get(pos, ()):
            out.append(m.open)
            stack.append(m)
        if k + 1 < len(bounds):
            out.append(_e(text[pos:bounds[k + 1]]))
    return "".join(out)


def _label(side: Side | None, layer: str) -> str | None:
    if side is None:
        return None
    return side.label if layer == "entities" else side.kind


def _show(value: object) -> str:
    """A gold or predicted attribute as the page shows it (never ``None``)."""
    if value is None:
        return "—"
    if isinstance(value, Span):
        return value.text
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else repr(value)
    return str(value)


def _attr_value(side: Side | None, name: str) -> object:
    return None if side is None else getattr(side, name)


def _describe(item: Item, page_outcome: str) -> str:
    """The item's tooltip and detail-panel text: outcome, both sides, attribute verdicts."""
    layer = item.layer
    lines = [f"{_LAYER_TITLES[layer]}: {page_outcome} — {_OUTCOME_HELP[page_outcome]}"]
    for name, side in (("gold", item.gold), ("predicted", item.predicted)):
        if side is None:
            lines.append(f"{name}: (none)")
            continue
        where = f"[{side.start}, {side.end})" if side.placed else "(not found in the text)"
        lines.append(f"{name}: {_label(side, layer) or '(no label)'} “{side.text}” {where}")
    if item.gold is not None and item.predicted is not None and layer in _ATTRIBUTES:
        for name in _ATTRIBUTES[layer]:
            verdict = _verdict(item, name)
            lines.append(f"  {name}: gold {_show(_attr_value(item.gold, name))} · predicted "
                         f"{_show(_attr_value(item.predicted, name))}" + (f"  {verdict}" if verdict else ""))
    return "\n".join(lines)


def _verdict(item: Item, name: str) -> str:
    """✓ / ✗ / ½ for a checked attribute of a matched pair ('' when not checked)."""
    credit = item.checks.get(name)
    if credit is None:
        if name == "kind":  # the label of the pair: the outcome says whether it agrees
            return "✓" if item.outcome in ("exact", "overlap") else "✗"
        return ""
    return "✓" if credit >= 1 else ("½" if credit > 0 else "✗")


def _attribute_errors(item: Item) -> list[str]:
    if item.gold is None or item.predicted is None or item.layer not in _ATTRIBUTES:
        return []
    return [name for name in _ATTRIBUTES[item.layer] if _verdict(item, name) in ("✗", "½")]


def _tag(item: Item, page_outcome: str) -> str:
    """The small label shown after a highlighted item."""
    layer = item.layer
    gold, pred = _label(item.gold, layer), _label(item.predicted, layer)
    if layer == "quotes":
        text = "quote"
    elif page_outcome == "incorrect" or (page_outcome == "partial" and gold != pred):
        text = f"{gold or '?'}→{pred or '?'}"
    else:
        text = (gold or pred or "?")
    suffix = {"partial": " ≈", "missed": " missed", "spurious": " spurious"}.get(page_outcome, "")
    wrong = _attribute_errors(item)
    if wrong:
        suffix += " ✗" + ",".join(wrong)
    return f'<span class="tag">{_e(text + suffix)}</span>'


def _classes(item: Item, page_outcome: str) -> str:
    return f"L-{item.layer} O-{page_outcome}" + (" aw" if _attribute_errors(item) else "")


def _item_marks(doc_id: str, k: int, item: Item) -> tuple[list[_Mark], str | None]:
    """Marks of one placed item, or (``[]``, chip HTML) for one that has no place in the text."""
    outcome = OUTCOME[item.layer][item.outcome]
    classes = _classes(item, outcome)
    attrs = (f'data-layer="{item.layer}" data-outcome="{outcome}" data-doc="{_e(doc_id)}" id="i{k}" '
             f'tabindex="-1" title="{_e(_describe(item, outcome))}"')
    sides = [s for s in (item.gold, item.predicted) if s is not None and s.placed]
    if not sides:
        side = item.predicted or item.gold
        return [], (f'<span class="it chip {classes}" {attrs}>{_tag(item, outcome)} '
                    f'“{_e(side.text if side else "")}”</span>')
    start, end = min(s.span[0] for s in sides), max(s.span[1] for s in sides)
    marks = [_Mark(start, end, f'<span class="it {classes}" {attrs}>', f'<span class="it-c {classes}">',
                   _tag(item, outcome))]
    g, p = item.gold, item.predicted
    if g is not None and p is not None and g.placed and p.placed and (g.start, g.end) != (p.start, p.end):
        # The parts only one side covers: gold only (dotted underline), predicted only (hatched).
        for cls, (a0, a1), (b0, b1) in (("go", g.span, p.span), ("po", p.span, g.span)):
            for lo, hi in ((a0, min(a1, b0)), (max(a0, b1), a1)):
                if lo < hi:
                    marks.append(_Mark(lo, hi, f'<span class="{cls} {classes}">', f'<span class="{cls} {classes}">',
                                       rank=1))
    return marks, None


def _cell(item: Item, name: str) -> str:
    gold, pred = _attr_value(item.gold, name), _attr_value(item.predicted, name)
    verdict = _verdict(item, name) if item.gold is not None and item.predicted is not None else ""
    cls = {"✓": "ok", "✗": "bad", "½": "half"}.get(verdict, "")
    if item.gold is None:
        body = f'<span class="p">{_e(_show(pred))}</span>'
    elif item.predicted is None:
        body = f'<span class="g">{_e(_show(gold))}</span>'
    else:
        body = (f'<span class="g">{_e(_show(gold))}</span><br><span class="p">{_e(_show(pred))}</span>'
                + (f' <b>{verdict}</b>' if verdict else ""))
    return f'<td class="{cls}">{body}</td>'


def _clip(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _attribute_table(layer: str, rows: list[tuple[int, Item]]) -> str:
    if not rows:
        return ""
    names = ("value", "normalized", "bound", "unit", "measured") if layer == "numeric_facts" else ("speaker", "cue")
    head = "".join(f"<th>{n}</th>" for n in ("outcome", "text (gold / predicted)", "kind", *names))
    body = []
    for k, item in rows:
        outcome = OUTCOME[layer][item.outcome]
        text = "<br>".join(f'<span class="{c}">{_e(_clip(s.text))}</span>'
                           for c, s in (("g", item.gold), ("p", item.predicted)) if s is not None)
        body.append(f'<tr class="row {_classes(item, outcome)}" data-ref="i{k}"><td><span class="sw O-{outcome}">'
                    f'</span>{outcome}</td><td>{text}</td>{_cell(item, "kind")}'
                    + "".join(_cell(item, n) for n in names) + "</tr>")
    return (f'<table class="tbl L-{layer}"><caption>{_LAYER_TITLES[layer]}: gold (upper) and predicted '
            f'(lower) values</caption><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _document(doc: Any, items: Sequence[Item], figures: dict[str, float | None], counter: list[int]) -> str:
    """One document's section: figures, highlighted text, items not in the text, attribute tables."""
    marks: list[_Mark] = []
    chips: list[str] = []
    tables: dict[str, list[tuple[int, Item]]] = {"quotes": [], "numeric_facts": []}
    tally: Counter[str] = Counter()
    for item in sorted(items, key=_position):
        k = counter[0]
        counter[0] += 1
        item_marks, chip = _item_marks(doc.id, k, item)
        marks += item_marks
        if chip:
            chips.append(chip)
        if item.layer in tables:
            tables[item.layer].append((k, item))
        tally[OUTCOME[item.layer][item.outcome]] += 1
    shown = " · ".join(f"{_MAIN_F1_NAMES[layer]} {_ratio(figures.get(path), 3)}"
                       for layer, path in _MAIN_F1.items() if path in figures)
    counts = " ".join(f'<span class="sw O-{o}"></span>{tally[o]} {o}' for o in OUTCOMES if tally[o])
    title = f" — {_e(doc.title)}" if getattr(doc, "title", "") else ""
    return (f'<article class="doc" id="doc-{_e(doc.id)}" data-doc="{_e(doc.id)}"><h3>{_e(doc.id)}{title}</h3>'
            f'<p class="meta">{shown}<br>{counts}</p>'
            f'<div class="text">{highlight(doc.text, marks)}</div>'
            + (f'<div class="unplaced"><b>Predicted, not found in the text:</b> {" ".join(chips)}</div>'
               if chips else "")
            + _attribute_table("quotes", tables["quotes"]) + _attribute_table("numeric_facts", tables["numeric_facts"])
            + "</article>")


def _position(item: Item) -> tuple[int, int, str]:
    sides = [s for s in (item.gold, item.predicted) if s is not None and s.placed]
    start = min((s.span[0] for s in sides), default=-1)
    return (start, LAYERS.index(item.layer), item.outcome)


# --------------------------------------------------------------------------------------------- figures


def _bar_chart(title: str, rows: list[tuple[str, list[tuple[int, float, Sequence[float | None] | None, str]]]],
               series: Sequence[str]) -> str:
    """Horizontal bars from 0 to 1, one group per row, one bar per series that has the figure
    (coloured by series), CI whiskers.

    ``rows``: (row label, [(series index, value, (low, high) or None, figure path)]).
    """
    if not any(bars for _, bars in rows):
        return f'<p class="ct">{_e(title)}</p><p class="note">Not predicted.</p>'
    label_w, plot_w, right = 190, 380, 150 + 90 * bool(series)
    bar_h = 14
    group_h = bar_h * max(len(bars) for _, bars in rows) + 8
    top = 26
    height = top + group_h * len(rows) + 22
    width = label_w + plot_w + right
    out = [f'<svg class="chart" role="img" aria-label="{_e(title)}" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
           f'<text x="0" y="14" class="ct">{_e(title)}</text>']
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = label_w + tick * plot_w
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 18}" class="grid"/>'
                   f'<text x="{x:.1f}" y="{height - 4}" class="tick">{tick:g}</text>')
    for r, (label, bars) in enumerate(rows):
        y0 = top + r * group_h
        out.append(f'<text x="{label_w - 8}" y="{y0 + group_h / 2 + 2:.1f}" class="rl">{_e(label)}</text>')
        for k, (s, value, ci, path) in enumerate(bars):
            y = y0 + 4 + k * bar_h
            colour = _SERIES[s % len(_SERIES)]
            name = series[s] if series else ""
            ci_text = f" [{_ratio(ci[0], 3)}, {_ratio(ci[1], 3)}]" if ci and ci[0] is not None else ""
            out.append(f'<g class="bar" data-path="{_e(path)}" data-value="{value!r}"><title>{_e(name)} {_e(label)}: '
                       f'F1 {_ratio(value)}{_e(ci_text)}</title>'
                       f'<rect x="{label_w}" y="{y}" width="{value * plot_w:.1f}" height="{bar_h - 3}" '
                       f'fill="{colour}"/>')
            if ci and ci[0] is not None and ci[1] is not None:
                x1, x2 = label_w + ci[0] * plot_w, label_w + ci[1] * plot_w
                ym = y + (bar_h - 3) / 2
                out.append(f'<path d="M{x1:.1f} {ym:.1f}H{x2:.1f}M{x1:.1f} {ym - 4:.1f}V{ym + 4:.1f}'
                           f'M{x2:.1f} {ym - 4:.1f}V{ym + 4:.1f}" class="ci"/>')
            out.append(f'<text x="{label_w + plot_w + 6}" y="{y + bar_h - 4}" class="v">{_ratio(value, 3)}'
                       f'{_e(ci_text)}{f"  {_e(name)}" if name else ""}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _chart_rows(layer: str, systems: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> list[tuple[str, list]]:
    """Rows of a layer's F1 chart: the layer's main F1s, then each label (kind) present."""
    if layer == "quotes":
        paths = [("content exact", "quotes.content.exact.f1"), ("content partial", "quotes.content.partial.f1"),
                 ("content tokens", "quotes.content.tokens.f1"),
                 ("speaker end to end", "quotes.speaker.end_to_end.f1")]
    else:
        key, prefix = ("per_label", "entities") if layer == "entities" else ("per_kind", "numeric_facts.span")
        labels: list[str] = []
        for node, _ in systems:
            labels += [lab for lab in _path(node, f"{layer}.{key}") or {} if lab not in labels and lab != "(none)"]
        paths = [("all (strict)", f"{prefix}.strict.f1")] + [(lab, f"{layer}.{key}.{lab}.strict.f1") for lab in labels]
    rows = []
    for label, path in paths:
        bars = []
        for s, (node, intervals) in enumerate(systems):
            value = _path(node, path) if (_path(node, layer) or {"scored": False}).get("scored", True) else None
            if value is None:  # the layer is not predicted, or the label neither in gold nor predicted
                continue
            bars.append((s, value, intervals.get(path), path))
        rows.append((label, bars))
    return rows


def _charts(systems: Sequence[tuple[str, dict[str, Any], dict[str, Any]]]) -> str:
    names = [n for n, _, _ in systems] if len(systems) > 1 else []
    pairs = [(node, ci) for _, node, ci in systems]
    out = []
    for layer in LAYERS:
        rows = _chart_rows(layer, pairs)
        title = {"entities": "Entities: strict F1 per label", "quotes": "Quotes: F1",
                 "numeric_facts": "Numeric facts: strict span F1 per kind"}[layer]
        out.append(f'<figure class="L-{layer}">{_bar_chart(title, rows, names)}</figure>')
    legend = "".join(f'<span class="sw" style="background:{_SERIES[k % len(_SERIES)]}"></span>{_e(n)} '
                     for k, n in enumerate(names))
    ci_note = ("Whiskers: bootstrap confidence intervals over documents, where the results carry them."
               if any(ci for _, _, ci in systems) else "No confidence intervals in these results.")
    return (f'<section id="charts"><h2>F1 per layer and label</h2><p class="note">{legend}'
            f'{" · " if legend else ""}{ci_note}</p><div class="charts">' + "".join(out) + "</div></section>")


_BOARD_COLUMNS = [
    ("entities", "strict P", "entities.strict.precision"), ("entities", "strict R", "entities.strict.recall"),
    ("entities", "strict F1", "entities.strict.f1"), ("entities", "partial F1", "entities.partial.f1"),
    ("entities", "macro F1", "entities.macro.strict.f1"),
    ("quotes", "content F1", "quotes.content.exact.f1"), ("quotes", "tokens F1", "quotes.content.tokens.f1"),
    ("quotes", "speaker F1 (end to end)", "quotes.speaker.end_to_end.f1"),
    ("quotes", "speaker acc.", "quotes.speaker.accuracy"), ("quotes", "cue acc.", "quotes.cue.accuracy"),
    ("numeric_facts", "strict F1", "numeric_facts.span.strict.f1"),
    ("numeric_facts", "value acc.", "numeric_facts.value.accuracy"),
    ("numeric_facts", "date acc.", "numeric_facts.normalized.accuracy"),
    ("numeric_facts", "bound acc.", "numeric_facts.bound.accuracy"),
    ("numeric_facts", "unit acc.", "numeric_facts.unit.accuracy"),
]


def _leaderboard_table(systems: Sequence[tuple[str, dict[str, Any], dict[str, Any]]]) -> str:
    groups = "".join(f'<th colspan="{sum(c[0] == layer for c in _BOARD_COLUMNS)}">{_LAYER_TITLES[layer]}</th>'
                     for layer in LAYERS)
    heads = "".join(f"<th>{_e(name)}</th>" for _, name, _ in _BOARD_COLUMNS)
    rows = []
    for name, node, intervals in systems:
        cells = []
        for k, (layer, _, path) in enumerate(_BOARD_COLUMNS):
            if not (_path(node, layer) or {"scored": False}).get("scored", True):
                if k == 0 or _BOARD_COLUMNS[k - 1][0] != layer:  # one cell across the layer's columns
                    span = sum(c[0] == layer for c in _BOARD_COLUMNS)
                    cells.append(f'<td class="na" colspan="{span}">not predicted</td>')
                continue
            value = _path(node, path)
            ci = intervals.get(path)
            tip = f' title="95% CI [{_ratio(ci[0])}, {_ratio(ci[1])}]"' if ci and ci[0] is not None else ""
            cells.append(f'<td data-path="{path}"{tip}>{_ratio(value)}</td>')
        rows.append(f"<tr><th>{_e(name)}</th>{''.join(cells)}</tr>")
    return (f'<section id="leaderboard"><h2>Leaderboard</h2><table class="board"><thead><tr><th></th>{groups}</tr>'
            f'<tr><th>system</th>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            '<p class="note">Strict: same span and label. Partial: overlapping spans get half credit. '
            'Accuracies are over matched pairs. – : undefined (no pair to judge).</p></section>')


def _confusion(items: dict[str, list[Item]]) -> str:
    """Entity labels: gold (rows) against predicted (columns) over matched pairs of any boundary,
    plus missed (no prediction) and spurious (no gold)."""
    pairs: Counter[tuple[str, str]] = Counter()
    for doc_items in items.values():
        for item in doc_items:
            if item.layer == "entities":
                gold = item.gold.label if item.gold else "spurious"
                pred = item.predicted.label if item.predicted else "missed"
                pairs[(gold or "(none)", pred or "(none)")] += 1
    if not pairs:
        return ""
    # Rows: the gold labels present, then predictions without gold; columns: the predicted labels, then missed.
    gold_rows = sorted({g for g, _ in pairs} - {"spurious"}) + (["spurious"] if any(g == "spurious" for g, _ in pairs)
                                                                 else [])
    cols = sorted({p for _, p in pairs} - {"missed"}) + ["missed"]
    top = max(pairs.values())
    head = "".join(f"<th>{_e(c)}</th>" for c in cols)
    body = []
    for g in gold_rows:
        cells = []
        for p in cols:
            n = pairs.get((g, p), 0)
            kind = "diag" if g == p else "off"
            alpha = 0.12 + 0.6 * n / top if n else 0
            style = f' style="--a:{alpha:.2f}"' if n else ""
            cells.append(f'<td class="{kind if n else ""}"{style} data-gold="{_e(g)}" data-pred="{_e(p)}">'
                         f'{n or ""}</td>')
        body.append(f"<tr><th>{_e(g)}</th>{''.join(cells)}</tr>")
    return ('<section id="confusion" class="L-entities"><h2>Entity labels: gold (rows) against predicted (columns)</h2>'
            '<p class="note">Matched pairs of any boundary (exact or overlapping); "missed": gold without a '
            'prediction; "spurious": prediction without gold. Off-diagonal cells are label confusions.</p>'
            f'<table class="confusion"><thead><tr><th>gold \\ predicted</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></section>')


def _headline_table(run: RunResults) -> str:
    intervals = run.confidence_intervals.figures
    conf = run.confidence_intervals.confidence
    rows = []
    for layer in LAYERS:
        node = run.layer(layer)
        if not node.get("scored", True):
            rows.append(f'<tr><th>{_LAYER_TITLES[layer]}</th><td colspan="3" class="na">not predicted '
                        '(no line of the predictions has this layer)</td></tr>')
            continue
        for path in (p for p in HEADLINE if p.startswith(f"{layer}.")):
            value = _path({layer: node}, path)
            ci = intervals.get(path)
            rows.append(f'<tr><th>{_e(path)}</th><td data-path="{_e(path)}">{_ratio(value)}</td>'
                        f'<td>{"" if not ci or ci[0] is None else f"[{_ratio(ci[0])}, {_ratio(ci[1])}]"}</td></tr>')
    ci_head = f"{conf:.0%} CI" if conf else "CI"
    return (f'<details class="headline"><summary>All headline figures with {ci_head}</summary>'
            f'<table><thead><tr><th>figure</th><th>value</th><th>{ci_head}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></details>')


# --------------------------------------------------------------------------------------------- page


def _worst(run: RunResults, n: int) -> tuple[list[str], list[str]]:
    """Document ids, worst first, split into the ``n`` drawn and the rest."""
    def key(doc: Any) -> tuple[float, float, str]:
        values = [v for path, v in doc.figures.items() if path in _MAIN_F1.values() and v is not None]
        return (sum(values) / len(values) if values else 1.0, min(values, default=1.0), doc.id)

    ranked = [d.id for d in sorted(run.documents, key=key)]
    return ranked[:n], ranked[n:]


def _legend(counts: dict[str, dict[str, float] | None], documents: int) -> str:
    entries = []
    for o in OUTCOMES:
        total = sum((c or {}).get(o, 0) for c in counts.values())
        entries.append(f'<label class="flt" title="{_OUTCOME_HELP[o]}"><input type="checkbox" checked '
                       f'data-filter="O-{o}"><span class="sw O-{o}"></span>{o} <small>({_count(total)}: '
                       f'{_OUTCOME_HELP[o]})</small></label>')
    layers = []
    for layer in LAYERS:
        c = counts.get(layer)
        detail = "not predicted" if c is None else ", ".join(f"{_count(c[o])} {o}" for o in OUTCOMES if c[o])
        layers.append(f'<label class="flt" title="{_e(detail)}"><input type="checkbox" checked '
                      f'data-filter="L-{layer}"><span class="lay L-{layer}">{_LAYER_TITLES[layer]}</span>'
                      + (" <small>(not predicted)</small>" if c is None else "") + "</label>")
    return ('<div id="toolbar"><div><b>Show layers</b> ' + "".join(layers)
            + f'</div><div><b>Show outcomes</b> <small>(counts over {"the" if documents == 1 else "all"} {documents:,} document{"s" * (documents != 1)})</small> '
            + "".join(entries)
            + '</div><div class="keys"><span class="lay L-entities">entity</span> shaded · '
            '<span class="lay L-numeric_facts">number</span> boxed · <span class="lay L-quotes">quote</span> '
            'underlined · <span class="go O-partial">gold only</span> · <span class="po O-partial">predicted only'
            '</span> · ✗ wrong attribute · <kbd>j</kbd>/<kbd>k</kbd> next/previous error · click an item for '
            'details <span id="pos"></span></div></div>')


def render_results(run: RunResults, documents: Any, *, max_docs: int = DEFAULT_MAX_DOCS) -> str:
    """The page of one system's run.

    ``run``: the results (with items; :func:`newsfacts.report.inputs.results_from` converts a
    ``Results.to_builtins()``); ``documents``: the gold source (anything with ``get(doc_id)``
    returning a document with ``id``, ``title`` and ``text``); ``max_docs``: documents drawn.
    """
    items = run.items or {}
    drawn, rest = _worst(run, max_docs)
    figures = {d.id: d.figures for d in run.documents}
    counter = [0]
    sections = [_document(documents.get(doc_id), items.get(doc_id, ()), figures[doc_id], counter)
                for doc_id in drawn]
    counts = {layer: outcome_counts(layer, run.layer(layer)) for layer in LAYERS}
    node = {layer: run.layer(layer) for layer in LAYERS}
    intervals = {p: tuple(v) for p, v in run.confidence_intervals.figures.items()}
    rest_rows = "".join(
        f'<tr><th>{_e(doc_id)}</th>' + "".join(f"<td>{_ratio(figures[doc_id].get(p), 3)}</td>"
                                                for p in _MAIN_F1.values()) + "</tr>" for doc_id in rest)
    rest_html = (f'<section id="rest"><h2>The other {len(rest):,} documents</h2><details><summary>Their F1 per '
                 f'layer, worst first (raise --max-docs to draw them)</summary><table><thead><tr><th>document'
                 "</th>" + "".join(f"<th>{_MAIN_F1_NAMES[layer]}</th>" for layer in _MAIN_F1)
                 + f"</tr></thead><tbody>{rest_rows}</tbody></table></details></section>") if rest else ""
    ds = run.dataset
    head = (f'<header><h1>NewsFacts error analysis: {_e(run.system)}</h1><p>Dataset {_e(ds.source)} '
            f'({_count(ds.documents or len(run.documents))} documents, fingerprint <code>{_e(ds.fingerprint[:16])}'
            f'</code>) · predictions {_e(run.predictions)} · scorer {_e(run.scorer.get("name", ""))} '
            f'{_e(run.scorer.get("version", ""))}</p>'
            + "".join(f'<p class="warn">{_e(w)}</p>' for w in run.warnings) + "</header>")
    docs_head = (f'<h2>Documents: the {len(drawn):,} worst of {len(run.documents):,}</h2><p class="note">Worst '
                 "first (lowest mean strict F1 over the layers). Outcomes of entities and numeric facts follow "
                 "the strict schema, with its incorrect split into <i>incorrect</i> (same span, wrong label) and "
                 "<i>partial</i> (overlapping span); quotes follow the content partial schema (kind, speaker "
                 "and cue are attributes, ✗ when wrong).</p>")
    if len(drawn) > 1:  # a table of contents: the documents in the order drawn
        docs_head += ('<p class="toc">' + " · ".join(f'<a href="#doc-{_e(d)}">{_e(d)}</a>' for d in drawn) + "</p>")
    body = (head + _legend(counts, len(run.documents)) + "<main>" + _leaderboard_table([(run.system, node, intervals)])
            + _headline_table(run) + _charts([(run.system, node, intervals)]) + _confusion(items)
            + f'<section id="documents">{docs_head}{"".join(sections)}</section>' + rest_html + "</main>"
            + '<aside id="detail" hidden><pre></pre></aside>')
    return _page(f"NewsFacts error analysis: {run.system}", body)


def render_leaderboard(board: Leaderboard) -> str:
    """The page of a leaderboard: the table and the F1 charts of every system.

    Parameters
    ----------
    board : Leaderboard
        A leaderboard JSON read by :func:`newsfacts.report.inputs.read` (or converted with
        ``msgspec.convert``); a layer a system does not predict is absent from its entry.

    Returns
    -------
    str
        The whole HTML page.

    Examples
    --------
    >>> import msgspec
    >>> strict = {"precision": 1.0, "recall": 0.5, "f1": 2 / 3}
    >>> board = msgspec.convert({"dataset": {"source": "bundled", "fingerprint": "f" * 64},
    ...     "systems": [{"name": "ner", "entities": {"strict": strict, "per_label": {}}}]}, Leaderboard)
    >>> page = render_leaderboard(board)
    >>> '<td data-path="entities.strict.f1">0.6667</td>' in page, page.count(">not predicted<")
    (True, 2)
    """
    systems = []
    for s in board.systems:
        node = {layer: s.layer(layer) for layer in LAYERS}
        systems.append((s.name, node, s.intervals()))
    ds = board.dataset
    head = (f'<header><h1>NewsFacts leaderboard</h1><p>Dataset {_e(ds.source)} (fingerprint <code>'
            f'{_e(ds.fingerprint[:16])}</code>) · {len(systems)} systems · report by newsfacts {__version__}. '
            "Per-document errors: <code>newsfacts report PRED.jsonl --html OUT</code> for one system.</p></header>")
    skipped = "".join(f"<li><b>{_e(name)}</b>: {_e(why)}</li>" for name, why in board.skipped.items())
    skipped = f'<p class="note">Not run here:</p><ul class="note">{skipped}</ul>' if skipped else ""
    return _page("NewsFacts leaderboard", head + "<main>" + _leaderboard_table(systems) + skipped + _charts(systems)
                 + "</main>")


def _page(title: str, body: str) -> str:
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            # Self-contained by construction: the page may not load anything.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
            'script-src \'unsafe-inline\'; img-src data:">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)}</title>'
            f"<style>{_CSS}</style></head><body>{body}<script>{_JS}</script></body></html>\n")


@dataclass
class Report:
    """A rendered page, and the scoring results when the input had to be scored first."""

    html: str
    results: Any = None  # newsfacts.scoring.results.Results, for a predictions file


def build_report(source: str | os.PathLike[str], dataset: Any = None, *, max_docs: int = DEFAULT_MAX_DOCS,
                 **score_options: Any) -> Report:
    """The HTML page for a results JSON (with items), a leaderboard JSON or a predictions file.

    ``dataset``: where the document texts come from (anything
    :func:`newsfacts.dataset.sources.load_gold` takes; default: the results' own dataset source,
    or the bundled benchmark for predictions); its fingerprint must be the results'.
    ``score_options`` go to :func:`newsfacts.scoring.api.score` for a predictions file, which is
    scored with ``with_items=True`` (``report.results`` holds the results).

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from newsfacts.dataset.gold import load_documents
    >>> from newsfacts.model import to_builtins
    >>> doc = load_documents()[0]
    >>> line = {"id": doc.id, "entities": [to_builtins(e) for e in doc.entities[:3]]}
    >>> pred = pathlib.Path(tempfile.mkdtemp()) / "pred.jsonl"
    >>> _ = pred.write_text(json.dumps(line) + "\\n")
    >>> report = build_report(pred, bootstrap=0)
    >>> report.html.count('data-layer="entities" data-outcome="correct"')   # the three predicted entities
    3
    >>> report.results.figure("entities.strict.precision")
    1.0
    """
    from ..dataset.sources import load_gold
    from ..errors import InputError

    if not isinstance(max_docs, int) or isinstance(max_docs, bool) or max_docs < 0:
        raise InputError(f"must be an integer >= 0, got {max_docs!r}", field="--max-docs")
    what = read(source)
    if isinstance(what, Leaderboard):
        if dataset is not None:  # no text is drawn, but a --dataset given must be the leaderboard's
            with load_gold(dataset) as gold:
                _same_dataset(what.dataset, gold, source)
        return Report(render_leaderboard(what))
    if isinstance(what, Path):
        from ..scoring.api import score

        with load_gold(dataset) as gold:
            results = score(what, gold, with_items=True, **score_options)
            return Report(render_results(results_from(results), gold, max_docs=max_docs), results)
    with load_gold(dataset if dataset is not None else _dataset_of(what)) as gold:
        _same_dataset(what.dataset, gold, source)
        return Report(render_results(what, gold, max_docs=max_docs))


def _same_dataset(ref: Any, gold: Any, source: str | os.PathLike[str]) -> None:
    """Raise InputError when the input was scored on another dataset than ``gold``."""
    from ..errors import InputError

    if gold.fingerprint != ref.fingerprint:
        raise InputError(f"the results were scored on another dataset (fingerprint "
                         f"{ref.fingerprint[:16]}, {ref.source}) than {gold.source} "
                         f"({gold.fingerprint[:16]}): give the results' dataset with --dataset", file=source)


def _dataset_of(run: RunResults) -> str | None:
    """The dataset source the results name, as :func:`~newsfacts.dataset.sources.load_gold` takes it."""
    return None if run.dataset.source == "bundled" else run.dataset.source


_CSS = """
:root{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
body{margin:0}header,main{padding:0 1.2rem}h1{font-size:1.4rem;margin:.8rem 0 .2rem}h2{font-size:1.15rem;margin:1.4rem 0 .4rem}
h3{font-size:1rem;margin:0 0 .2rem}.note,.meta{color:#555;font-size:.85rem;margin:.2rem 0 .6rem}.warn{color:#8a4b00;font-size:.85rem;margin:.1rem 0}
code{font-size:.85em}table{border-collapse:collapse;font-size:.85rem}th,td{padding:.2rem .45rem;border-bottom:1px solid #e3e3e3;text-align:right;vertical-align:top}
th:first-child{text-align:left}thead th{background:#f4f4f4}.na{color:#888;font-style:italic;text-align:center}
#toolbar{position:sticky;top:0;z-index:5;background:#fbfbfb;border-bottom:1px solid #ddd;padding:.4rem 1.2rem;font-size:.85rem;display:flex;flex-direction:column;gap:.15rem}
.flt{margin-right:.8rem;white-space:nowrap;cursor:pointer}.flt small{color:#666}.keys{color:#444}kbd{border:1px solid #bbb;border-radius:3px;padding:0 .25rem;background:#fff;font-size:.8rem}
#pos{margin-left:.8rem;font-weight:600}
.O-correct{--c:#009E73;--t:rgba(0,158,115,.20)}.O-incorrect{--c:#E69F00;--t:rgba(230,159,0,.30)}
.O-partial{--c:#0072B2;--t:rgba(86,180,233,.30)}.O-missed{--c:#D55E00;--t:rgba(213,94,0,.22)}.O-spurious{--c:#CC79A7;--t:rgba(204,121,167,.30)}
.sw{display:inline-block;width:.8em;height:.8em;border-radius:2px;background:var(--c);margin:0 .25em 0 .1em;vertical-align:-.05em}
.doc{border-top:2px solid #ddd;padding:.6rem 0 1rem}.text{white-space:pre-wrap;line-height:2.1;max-width:60rem;font-size:1rem}
.it,.it-c{border-radius:3px}.L-entities.it,.L-entities.it-c{background:var(--t)}
.L-numeric_facts.it,.L-numeric_facts.it-c{outline:2px solid var(--c);outline-offset:-1px;background:var(--t)}
.L-quotes.it,.L-quotes.it-c{border-bottom:3px solid var(--c);padding-bottom:2px}
.lay.L-entities{background:#ddd;padding:0 .2em}.lay.L-numeric_facts{outline:2px solid #888;padding:0 .2em}.lay.L-quotes{border-bottom:3px solid #888}
.tag{font-size:.68rem;font-weight:600;color:#fff;background:var(--c);border-radius:3px;padding:0 .25em;margin-left:.15em;vertical-align:.15em;white-space:nowrap;line-height:1.3}
.aw>.tag{box-shadow:0 0 0 2px #c00}
.go{text-decoration:underline dotted 2px;text-underline-offset:3px}.po{background-image:repeating-linear-gradient(135deg,transparent 0 3px,rgba(0,0,0,.22) 3px 5px)}
.it.cur,.chip.cur{outline:3px solid #111!important;outline-offset:1px}
.chip{display:inline-block;border:1px solid var(--c);background:var(--t);padding:0 .3em;margin:.1em}
.unplaced{font-size:.85rem;margin:.4rem 0}
.tbl{margin:.6rem 0;max-width:60rem}.tbl caption{text-align:left;font-size:.8rem;color:#555}.tbl td{text-align:left}
.tbl .g{color:#1b1b1b}.tbl .p{color:#555;font-style:italic}.tbl td.bad{background:#fde4d6}.tbl td.half{background:#fff4cc}.tbl td.ok b{color:#00795a}.tbl td.bad b{color:#b33c00}
.row{cursor:pointer}.toc{font-size:.85rem;line-height:1.7}
.board td[data-path]{font-variant-numeric:tabular-nums}.chart{display:block;margin:.4rem 0;font-size:12px}.chart .ct{font-weight:600;font-size:13px}
.chart .grid{stroke:#e2e2e2}.chart .tick{text-anchor:middle;fill:#666;font-size:11px}.chart .rl{text-anchor:end}.chart .v{fill:#333;font-size:11px}
.chart .ci{stroke:#111;stroke-width:1.4;fill:none}.chart .na{fill:#888;font-style:italic}figure{margin:0}
.charts{display:flex;flex-wrap:wrap;gap:.4rem 2rem}.board tbody th{white-space:nowrap}
.confusion td{min-width:2.4rem;text-align:center}.confusion td.diag{background:rgba(0,158,115,var(--a))}.confusion td.off{background:rgba(213,94,0,var(--a))}
#detail{position:fixed;right:1rem;bottom:1rem;max-width:34rem;background:#fff;border:1px solid #999;box-shadow:0 2px 10px rgba(0,0,0,.2);padding:.5rem .7rem;z-index:6}
#detail pre{margin:0;white-space:pre-wrap;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace}
details.headline{margin:.6rem 0}
""" + "".join(
    # A filter switches the highlight off (the text stays) and hides rows and chips.
    f".hide-{c} .it.{c},.hide-{c} .it-c.{c}{{background:none!important;outline:none!important;border-bottom-color:transparent!important}}"
    f".hide-{c} .{c}>.tag{{display:none}}.hide-{c} .go.{c},.hide-{c} .po.{c}{{text-decoration:none;background-image:none}}"
    f".hide-{c} .row.{c},.hide-{c} .chip.{c},.hide-{c} .tbl.{c},.hide-{c} figure.{c},.hide-{c} #confusion.{c}{{display:none}}"
    for c in [*(f"O-{o}" for o in OUTCOMES), *(f"L-{layer}" for layer in LAYERS)])

_JS = """
(function(){
const B=document.body, items=[...document.querySelectorAll('[data-layer]')], pos=document.getElementById('pos');
const panel=document.getElementById('detail'); let cur=-1;
if(!pos)return;  // a leaderboard page: no items, no toolbar
function shown(el){return !B.classList.contains('hide-L-'+el.dataset.layer)&&!B.classList.contains('hide-O-'+el.dataset.outcome);}
function isError(el){return el.dataset.outcome!=='correct'||el.classList.contains('aw');}
function errors(){return items.filter(el=>shown(el)&&isError(el));}
function select(el){
  document.querySelectorAll('.cur').forEach(x=>x.classList.remove('cur'));
  if(!el){cur=-1;if(panel)panel.hidden=true;pos.textContent='';return;}
  el.classList.add('cur'); el.focus({preventScroll:true}); el.scrollIntoView({block:'center'});
  cur=items.indexOf(el);
  const errs=errors(), k=errs.indexOf(el);
  pos.textContent=k>=0?('error '+(k+1)+' of '+errs.length):'';
  if(panel){panel.hidden=false;panel.querySelector('pre').textContent=el.title;}
}
function step(d){
  const errs=errors(); if(!errs.length){select(null);pos.textContent='no error shown';return;}
  let next;
  if(d>0){next=errs.find(el=>items.indexOf(el)>cur)||errs[0];}
  else{const before=errs.filter(el=>items.indexOf(el)<cur);next=before.length?before[before.length-1]:errs[errs.length-1];}
  select(next);
}
document.querySelectorAll('input[data-filter]').forEach(box=>box.addEventListener('change',()=>{
  B.classList.toggle('hide-'+box.dataset.filter,!box.checked);
  if(cur>=0&&!shown(items[cur]))select(null);
}));
document.addEventListener('keydown',e=>{
  if(e.target.matches&&e.target.matches('input,textarea,select')&&e.target.type!=='checkbox')return;
  if(e.altKey||e.ctrlKey||e.metaKey)return;
  if(e.key==='j'||e.key==='n'){step(1);e.preventDefault();}
  else if(e.key==='k'||e.key==='p'){step(-1);e.preventDefault();}
  else if(e.key==='Escape'){select(null);}
});
document.addEventListener('click',e=>{
  const row=e.target.closest&&e.target.closest('[data-ref]');
  const el=row?document.getElementById(row.dataset.ref):(e.target.closest&&e.target.closest('[data-layer]'));
  if(el&&el.dataset.layer)select(el);
});
})();
"""
