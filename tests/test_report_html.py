"""The HTML report, checked in a real headless Chromium: what the page shows is what the scorer counted.

The case: two copies, "a" and "b", of the small document (tests/conftest.py)::

    Ross says deal near\\n\\nThe US received 260 requests.\\n\\n"It is close," Ross said on Sunday.

gold: entities Ross (PERSON), US (GPE), the second Ross (PERSON); the direct quote "It is close"
(speaker the second Ross, cue "said"); numeric facts 260 (CARDINAL, measured "requests") and
Sunday (DATE 2019-11-03).

Predictions, and the outcome each item gets on the page (derived by hand):

document a
  entities  Ross PERSON: correct; US ORG: incorrect (same span, wrong label);
            "Ross said" PERSON: partial (overlaps the second Ross); "requests" ORG: spurious;
            "Washington" GPE: not in the text, spurious (unaligned)
  quotes    "It is close", speaker "Ross" (an alias of the cluster: right), cue "told" (wrong): correct, cue ✗
  numeric   260 CARDINAL 260 exact, measured "requests": correct; Sunday: missed
document b
  entities  none: Ross, US, Ross missed
  quotes    "is close" indirect, no speaker, no cue: partial (speaker and cue ✗)
  numeric   Sunday DATE "2019-11" (coarser: half credit): correct; 260: missed; "deal" CARDINAL: spurious

So entities: correct 1, incorrect 1, partial 1, missed 3, spurious 2; quotes: correct 1,
partial 1; numeric facts: correct 2, missed 2, spurious 1 (15 items).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts import cli
from newsfacts.model import LAYERS
from newsfacts.scoring.metrics import HEADLINE
from newsfacts.report.html import OUTCOMES, _Mark, build_report, highlight, outcome_counts
from newsfacts.scoring.api import score
from .helpers import ROOT, small_document, write_gold, write_jsonl

TEXT = small_document().text
ARTIFACTS = ROOT / "out" / "artifacts"

EXPECTED = {
    "entities": {"correct": 1, "incorrect": 1, "partial": 1, "missed": 3, "spurious": 2},
    "quotes": {"correct": 1, "incorrect": 0, "partial": 1, "missed": 0, "spurious": 0},
    "numeric_facts": {"correct": 2, "incorrect": 0, "partial": 0, "missed": 2, "spurious": 1},
}


def span(s: str, k: int = 0) -> dict:
    i = -1
    for _ in range(k + 1):
        i = TEXT.index(s, i + 1)
    return {"start": i, "end": i + len(s), "text": s}


LINE_A = {"id": "a",
          "entities": [{**span("Ross"), "label": "PERSON"}, {**span("US"), "label": "ORG"},
                       {**span("Ross said"), "label": "PERSON"}, {**span("requests"), "label": "ORG"},
                       {"text": "Washington", "label": "GPE"}],
          "quotes": [{**span("It is close"), "kind": "direct", "speaker": "Ross", "cue": "told"}],
          "numeric_facts": [{**span("260"), "kind": "CARDINAL", "value": 260, "normalized": "260", "bound": "exact",
                             "measured": span("requests")}]}
LINE_B = {"id": "b", "entities": [],
          "quotes": [{**span("is close"), "kind": "indirect"}],
          "numeric_facts": [{**span("Sunday"), "kind": "DATE", "normalized": "2019-11", "bound": "exact"},
                            {**span("deal"), "kind": "CARDINAL", "value": 1, "bound": "exact"}]}


@pytest.fixture
def case(tmp_path: Path) -> dict:
    gold = write_gold(tmp_path / "gold.jsonl", [small_document("a"), small_document("b")])
    pred = write_jsonl(tmp_path / "pred.jsonl", [LINE_A, LINE_B])
    # Two documents are below the default minimum for intervals: allowed here, to draw the whiskers.
    report = build_report(pred, str(gold), bootstrap=200, seed=1, min_documents=2)
    page = tmp_path / "report.html"
    page.write_text(report.html, encoding="utf-8")
    return {"gold": gold, "pred": pred, "page": page, "results": report.results, "dir": tmp_path}


def open_page(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.requests, page.errors = requests, errors  # type: ignore[attr-defined]
    return page


def dom_counts(page) -> dict[str, dict[str, int]]:
    return page.evaluate("""() => { const c = {};
        for (const el of document.querySelectorAll('[data-layer]')) {
            c[el.dataset.layer] = c[el.dataset.layer] || {};
            c[el.dataset.layer][el.dataset.outcome] = (c[el.dataset.layer][el.dataset.outcome] || 0) + 1; }
        return c; }""")


def highlighted(page, selector: str) -> list[bool]:
    """Whether each item is drawn as highlighted: a background, outline or underline in its colour
    and its label visible."""
    return page.eval_on_selector_all(selector, """els => els.map(el => {
        const s = getComputedStyle(el), tag = el.querySelector(':scope > .tag');
        const painted = (s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.backgroundColor !== 'transparent')
            || s.outlineStyle !== 'none' || (s.borderBottomStyle !== 'none' && s.borderBottomColor !== 'rgba(0, 0, 0, 0)');
        const labelled = tag === null ? true : getComputedStyle(tag).display !== 'none';
        return painted && labelled && el.getClientRects().length > 0; })""")


def test_every_scored_item_is_one_element_and_the_counts_are_the_scorers(case, browser):
    results = case["results"]
    page = open_page(browser, case["page"])
    counts = dom_counts(page)
    for layer in LAYERS:
        shown = {o: counts.get(layer, {}).get(o, 0) for o in OUTCOMES}
        assert shown == EXPECTED[layer], layer
        assert shown == outcome_counts(layer, results.figures[layer]), layer  # the scorer's figures
    # ... which are the strict schema's counts, with its incorrect split into incorrect and partial
    strict = results.figures["entities"]["strict"]
    assert (strict["correct"], strict["incorrect"], strict["missed"], strict["spurious"]) == (1, 2, 3, 2)
    assert results.figures["entities"]["partial"]["partial"] == 1
    per_doc = page.evaluate("""() => [...document.querySelectorAll('[data-layer]')].map(e => e.dataset.doc)""")
    assert sorted(set(per_doc)) == ["a", "b"] and per_doc.count("a") == 8 and per_doc.count("b") == 7
    # A matched pair is one element showing both sides; the unaligned prediction is listed under the text.
    us = page.locator('[data-doc="a"][data-outcome="incorrect"]')
    assert us.inner_text().startswith("US") and "GPE→ORG" in us.inner_text()
    assert "gold: GPE “US”" in us.get_attribute("title") and "predicted: ORG “US”" in us.get_attribute("title")
    assert "Washington" in page.locator(".unplaced [data-outcome=spurious]").inner_text()
    assert page.requests == [case["page"].as_uri()] and page.errors == []  # self-contained, no script error
    page.close()


def test_attribute_tables_show_gold_and_predicted_values(case, browser):
    page = open_page(browser, case["page"])
    quote_b = page.locator('#doc-b .tbl.L-quotes tbody tr')
    assert quote_b.count() == 1
    cells = quote_b.locator("td").all_inner_texts()
    assert cells[0] == "partial" and "It is close" in cells[1] and "is close" in cells[1]
    assert cells[3].split("\n") == ["Ross", "— ✗"]  # speaker: gold Ross, predicted none: wrong
    date = page.locator('#doc-b .tbl.L-numeric_facts tbody tr', has_text="Sunday")
    normalized = date.locator("td").nth(4).inner_text()
    assert "2019-11-03" in normalized and "2019-11" in normalized and "½" in normalized
    assert "None" not in page.locator("#documents").inner_text()
    page.close()


def test_charts_and_tables_carry_the_scorers_figures(case, browser):
    results = case["results"]
    page = open_page(browser, case["page"])
    bars = page.eval_on_selector_all(".bar", "els => els.map(e => [e.dataset.path, Number(e.dataset.value)])")
    assert {p for p, _ in bars} >= {"entities.strict.f1", "entities.per_label.PERSON.strict.f1",
                                    "quotes.content.exact.f1", "numeric_facts.per_kind.DATE.strict.f1"}
    for path, value in bars:
        assert value == pytest.approx(results.figure(path), abs=0), path
    whiskers = page.locator(".bar .ci").count()
    assert whiskers == sum(1 for p, _ in bars if p in results.confidence_intervals)
    cells = page.eval_on_selector_all("td[data-path]", "els => els.map(e => [e.dataset.path, e.textContent])")
    assert len(cells) > len(HEADLINE)  # the leaderboard row and every headline figure
    for path, text in cells:
        value = results.figure(path)
        assert text == ("–" if value is None else f"{value:.4f}"), path
    # The confusion view: US is GPE predicted as ORG, and the diagonal holds the pairs of the right label.
    assert page.locator('#confusion td[data-gold="GPE"][data-pred="ORG"]').inner_text() == "1"
    assert page.locator('#confusion td[data-gold="PERSON"][data-pred="PERSON"]').inner_text() == "2"
    assert page.locator('#confusion td[data-gold="PERSON"][data-pred="missed"]').inner_text() == "2"
    page.close()


def test_filters_hide_and_show_what_they_say(case, browser):
    page = open_page(browser, case["page"])
    everything = "[data-layer]"
    assert all(highlighted(page, everything))
    page.uncheck('input[data-filter="O-correct"]')
    assert not any(highlighted(page, '[data-outcome="correct"]'))
    assert all(highlighted(page, '[data-layer]:not([data-outcome="correct"])'))
    assert not page.locator('.row.O-correct').first.is_visible()
    assert page.locator('.row.O-partial').first.is_visible()
    page.uncheck('input[data-filter="L-quotes"]')
    assert not any(highlighted(page, '[data-layer="quotes"]'))
    assert not page.locator(".tbl.L-quotes").first.is_visible()
    assert all(highlighted(page, '[data-layer="entities"]:not([data-outcome="correct"])'))
    page.uncheck('input[data-filter="O-spurious"]')
    assert not page.locator('.unplaced [data-outcome="spurious"]').is_visible()  # the unaligned "Washington"
    for name in ("O-correct", "L-quotes", "O-spurious"):
        page.check(f'input[data-filter="{name}"]')
    assert all(highlighted(page, everything))
    page.close()


def test_keyboard_moves_between_visible_errors(case, browser):
    page = open_page(browser, case["page"])
    order = page.eval_on_selector_all(
        "[data-layer]", "els => els.filter(e => e.dataset.outcome !== 'correct' || e.classList.contains('aw'))"
                        ".map(e => e.id)")
    current = "() => document.activeElement && document.activeElement.id"
    page.keyboard.press("j")
    assert page.evaluate(current) == order[0]
    page.keyboard.press("j")
    assert page.evaluate(current) == order[1]
    page.keyboard.press("k")
    assert page.evaluate(current) == order[0]
    assert page.locator("#detail").is_visible() and page.locator("#pos").inner_text() == f"error 1 of {len(order)}"
    # Hidden outcomes are skipped: with missed items hidden, j lands on the next error that is not missed.
    page.uncheck('input[data-filter="O-missed"]')
    outcome = page.evaluate("id => document.getElementById(id).dataset.outcome", order[0])
    page.keyboard.press("j")
    landed = page.evaluate("() => document.activeElement.dataset.outcome")
    assert landed != "missed" and (outcome != "missed" or page.evaluate(current) != order[0])
    page.check('input[data-filter="O-missed"]')
    # The screenshot CI keeps: the first document, an error selected.
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.keyboard.press("j")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"))
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
    page.close()


def test_results_json_with_items_gives_the_same_page(case, capsys):
    """score --json --items, then report: the same items as reporting the predictions directly."""
    out = case["dir"] / "results.json"
    assert cli.main(["score", str(case["pred"]), "--dataset", str(case["gold"]), "--json", str(out), "--items",
                     "--bootstrap", "200", "--seed", "1"]) == 0
    items = json.loads(out.read_text())["items"]
    assert sorted(items) == ["a", "b"] and sum(map(len, items.values())) == 15
    html = case["dir"] / "from-results.html"
    assert cli.main(["report", str(out), "--dataset", str(case["gold"]), "--html", str(html)]) == 0
    elements = lambda text: re.findall(r'data-layer="(\w+)" data-outcome="(\w+)" data-doc="(\w+)"', text)  # noqa: E731
    assert sorted(elements(html.read_text())) == sorted(elements(case["page"].read_text()))
    capsys.readouterr()


def test_bad_inputs_end_in_one_message_and_no_file(case, capsys):
    html = case["dir"] / "out.html"
    plain = case["dir"] / "plain.json"
    assert cli.main(["score", str(case["pred"]), "--dataset", str(case["gold"]), "--json", str(plain),
                     "--bootstrap", "0"]) == 0
    capsys.readouterr()
    assert cli.main(["report", str(plain), "--dataset", str(case["gold"]), "--html", str(html)]) == 2
    err = capsys.readouterr().err
    assert "has no items" in err and "--items" in err and "Traceback" not in err
    board = case["dir"] / "board.json"
    board.write_text('{"dataset": {"source": "x", "fingerprint": "y"},\n "systems": [{"name": 3}]}\n')
    assert cli.main(["report", str(board), "--html", str(html)]) == 2
    err = capsys.readouterr().err
    assert "board.json:2: field systems[0].name" in err
    other = write_gold(case["dir"] / "other.jsonl", [small_document("c")])
    with_items = case["dir"] / "items.json"
    assert cli.main(["score", str(case["pred"]), "--dataset", str(case["gold"]), "--json", str(with_items),
                     "--items", "--bootstrap", "0"]) == 0
    capsys.readouterr()
    assert cli.main(["report", str(with_items), "--dataset", str(other), "--html", str(html)]) == 2
    assert "another dataset" in capsys.readouterr().err
    assert cli.main(["report", str(with_items), "--dataset", str(case["gold"]), "--html", str(html),
                     "--max-docs", "-1"]) == 2
    assert "field --max-docs: must be an integer >= 0, got -1" in capsys.readouterr().err
    assert not html.exists()


def _board(run: dict) -> dict:
    return {"dataset": run["dataset"], "systems": [{"name": "s", "entities": run["entities"]}]}


WRONG_SHAPE = {  # (which JSON, its change, the message): a figure the page draws is a number or null
    "results: a count is a string": (
        "results", lambda r: r["entities"]["strict"].update(correct="x"),
        "field entities.strict.correct: expected a number or null, got 'x'"),
    "results: a count the page draws is absent": (
        "results", lambda r: r["quotes"]["content"].pop("partial"),
        "field quotes.content.partial.correct: missing"),
    "leaderboard: an F1 is a string": (
        "board", lambda b: b["systems"][0]["entities"]["strict"].update(f1="high"),
        "field systems[0].entities.strict.f1: expected a number or null, got 'high'"),
    "leaderboard: no system": ("board", lambda b: b.update(systems=[]), "field systems: no system"),
    "leaderboard of another dataset than --dataset": (
        "board", lambda b: b["dataset"].update(fingerprint="0" * 64), "the results were scored on another dataset"),
}


@pytest.mark.parametrize("name", sorted(WRONG_SHAPE))
def test_results_or_leaderboard_json_of_the_wrong_shape(tmp_path, capsys, name):
    which, change, message = WRONG_SHAPE[name]
    gold = write_gold(tmp_path / "gold.jsonl", [small_document("a")])
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "a", "entities": [], "quotes": [], "numeric_facts": []}])
    results = tmp_path / "results.json"
    assert cli.main(["score", str(pred), "--dataset", str(gold), "--json", str(results), "--items",
                     "--bootstrap", "0", "--quiet"]) == 0
    data = json.loads(results.read_text())
    data = _board(data) if which == "board" else data
    change(data)
    source = tmp_path / "input.json"
    source.write_text(json.dumps(data))
    capsys.readouterr()
    assert cli.main(["report", str(source), "--dataset", str(gold), "--html", str(tmp_path / "out.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"newsfacts: error: {source}: {message}") and err.count("\n") == 1
    assert not (tmp_path / "out.html").exists()


def test_leaderboard_page(case, browser, tmp_path):
    """A leaderboard as `newsfacts baselines` writes it, made from two hand-made prediction files;
    the second system predicts entities only."""
    entities_only = write_jsonl(tmp_path / "ents.jsonl", [{"id": d["id"], "entities": d["entities"]}
                                                          for d in (LINE_A, LINE_B)])
    runs = [score(case["pred"], str(case["gold"]), system="full", bootstrap=100, min_documents=2),
            score(entities_only, str(case["gold"]), system="entities-only", bootstrap=0)]
    board = {"dataset": {"source": runs[0].dataset.source, "fingerprint": runs[0].dataset.fingerprint},
             "systems": [{"name": r.system, **{layer: r.figures[layer] for layer in r.layers},
                          # undefined bounds (NaN) are null in JSON, as `newsfacts baselines` writes them
                          "confidence_intervals": {p: [None if x != x else x for x in v]
                                                   for p, v in r.confidence_intervals.items()}}
                         for r in runs],
             "skipped": {"llm": "no API key in the environment"}}
    path = write_jsonl(tmp_path / "leaderboard.json", [board])
    html = tmp_path / "board.html"
    assert cli.main(["report", str(path), "--html", str(html)]) == 0
    page = open_page(browser, html)
    rows = page.locator(".board tbody tr")
    assert rows.count() == 2 and rows.nth(0).locator("th").inner_text() == "full"
    second = rows.nth(1)
    assert second.locator('td[data-path="entities.strict.f1"]').inner_text() == f"{runs[1].figure('entities.strict.f1'):.4f}"
    assert second.locator("td.na").all_inner_texts() == ["not predicted"] * 2  # quotes, numeric facts
    bars = page.eval_on_selector_all('.bar[data-path="entities.strict.f1"]', "els => els.map(e => Number(e.dataset.value))")
    assert bars == [r.figure("entities.strict.f1") for r in runs]
    low, high = runs[0].confidence_intervals["entities.strict.f1"]
    assert page.locator('.bar[data-path="entities.strict.f1"]').first.locator(".ci").count() == 1
    assert f"[{low:.3f}, {high:.3f}]" in page.locator('.bar[data-path="entities.strict.f1"]').first.text_content()
    assert "llm: no API key in the environment" in page.locator("main").inner_text()
    page.keyboard.press("j")
    assert page.locator("[data-layer]").count() == 0 and page.requests == [html.as_uri()] and page.errors == []
    page.close()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab <&\n", min_size=1, max_size=30).flatmap(
    lambda text: st.tuples(st.just(text), st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))),
                                                   max_size=8))))
def test_highlight_keeps_the_text_and_draws_each_mark_once(case):
    """Any marks, crossing or nested: the text survives, every mark opens once, tags stay nested."""
    text, bounds = case
    marks = [_Mark(a, b, f'<span id="m{k}">', '<span class="c">', f'<i>{k}</i>')
             for k, (a, b) in enumerate([(a, b) for a, b in bounds if a < b])]
    out = highlight(text, marks)
    assert html.unescape(re.sub(r"<i>\d+</i>|<[^>]+>", "", out)) == text
    for k, m in enumerate(marks):
        assert out.count(f'id="m{k}"') == 1 and out.count(f"<i>{k}</i>") == 1
    depth = 0
    for tag in re.findall(r"</?span", out):
        depth += 1 if tag == "<span" else -1
        assert depth >= 0
    assert depth == 0
