"""Reports: results JSON shape, terminal table, --errors listing with context."""

from __future__ import annotations

import json

import pytest

from newsfacts import __version__, cli
from newsfacts.report.tables import errors_listing, format_comparison, format_table, table
from newsfacts.scoring.results import context
from newsfacts.scoring.api import score
from .helpers import perfect_line, small_document, write_gold, write_jsonl

TEXT = small_document().text


@pytest.fixture
def scored(tmp_path):
    """Document a: one entity of three found, one spurious, one unaligned; no quotes key."""
    gold = write_gold(tmp_path / "gold.jsonl", [small_document("a")])
    pred = write_jsonl(tmp_path / "sys.jsonl", [{"id": "a", "entities": [
        {"text": "US", "label": "GPE"},
        {"text": "received", "label": "ORG"},
        {"text": "Washington", "label": "GPE"},
    ], "numeric_facts": []}])
    return score(pred, str(gold), bootstrap=200, seed=3, with_errors=True)


def test_results_json_shape(scored):
    r = json.loads(scored.to_json())
    assert list(r)[:7] == ["scorer", "dataset", "system", "predictions", "entities", "quotes", "numeric_facts"]
    assert r["scorer"] == {"name": "newsfacts", "version": __version__}
    assert set(r["dataset"]) == {"source", "fingerprint", "documents"} and len(r["dataset"]["fingerprint"]) == 64
    assert r["system"] == "sys"
    assert set(r["entities"]) == {"strict", "exact", "partial", "type", "per_label", "macro", "unaligned"}
    assert set(r["entities"]["strict"]) == {"correct", "incorrect", "partial", "missed", "spurious", "possible",
                                            "actual", "precision", "recall", "f1"}
    assert r["quotes"] == {"scored": False}
    ci = r["confidence_intervals"]
    assert (ci["resamples"], ci["seed"], ci["confidence"]) == (200, 3, 0.95)
    # One document, fewer than min_documents: no intervals, and the reason instead.
    assert ci["figures"] == {} and ci["skipped"].startswith("1 document, fewer than the minimum of 10")
    assert r["options"]["rtol"] == 1e-6 and r["options"]["label_map"] == "built-in (OntoNotes)"
    (doc,) = r["documents"]
    assert doc["id"] == "a" and doc["line"] == 1 and "entities.strict.f1" in doc["figures"]
    assert "quotes.content.exact.f1" not in doc["figures"]  # not scored
    kinds = sorted(e["kind"] for e in r["errors"])
    # gold Ross, Ross missed; "received" spurious; "Washington" unaligned; 260 and Sunday missed.
    assert kinds == ["missed", "missed", "missed", "missed", "spurious", "unaligned"]
    assert r["alignment"]["unaligned"] == 1 and r["entities"]["unaligned"] == 1


def test_table_shows_figures_counts_intervals_and_not_scored(scored):
    text = format_table(scored)
    assert "system: sys" in text and "confidence intervals: none, 1 document, fewer than the minimum" in text
    assert 'QUOTES: not scored (no prediction has a "quotes" key)' in text
    strict = next(line for line in text.splitlines() if line.strip().startswith("strict"))
    # Gold Ross, US, Ross; predicted US (correct), received (spurious), Washington (unaligned = spurious):
    # P = 1/3, R = 1/3.
    cells = strict.split()
    assert cells[1:] == ["0.3333", "0.3333", "0.3333"]  # no interval column: no intervals
    counts = [line for line in text.splitlines() if line.strip().startswith("strict")][1].split()
    assert counts[1:] == ["1", "0", "0", "2", "2", "3", "3"]
    assert "unaligned predictions: 1 (also counted as spurious)" in text


def test_errors_listing_with_context(scored):
    listing = errors_listing(scored)
    assert "a (line 1)  entities  spurious  predicted [" in listing
    assert "The US [received] 260 requests." in listing  # context: the span in brackets
    assert "entities  unaligned  predicted GPE 'Washington' (not found in the text)" in listing
    # Sorted by position in the text: the unaligned item (no position) first, then the first Ross.
    blocks = [line for line in listing.splitlines() if not line.startswith(" ")]
    assert "unaligned" in blocks[0] and "'Ross'" in blocks[1]


def test_errors_listing_says_when_errors_were_not_collected(tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl", [small_document("a")])
    pred = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "entities": [{"text": "received", "label": "ORG"}]}])
    listing = errors_listing(score(pred, str(gold), bootstrap=0))  # 1 spurious, 3 missed: not "no errors"
    assert listing.startswith("errors were not collected") and "with_errors=True" in listing and "--errors" in listing
    perfect = write_jsonl(tmp_path / "q.jsonl", [perfect_line(small_document("a"))])
    assert errors_listing(score(perfect, str(gold), bootstrap=0, with_errors=True)) == "no errors\n"


def test_errors_cli_prints_the_listing(tmp_path, capsys):
    gold = write_gold(tmp_path / "gold.jsonl", [small_document("a")])
    line = perfect_line(small_document("a"))
    line["quotes"][0]["speaker"] = "Somebody Else"
    pred = write_jsonl(tmp_path / "p.jsonl", [line])
    assert cli.main(["score", str(pred), "--dataset", str(gold), "--errors", "--bootstrap", "0"]) == 0
    out = capsys.readouterr().out
    assert "ERRORS" in out and "quotes  speaker" in out
    assert "speaker 'Somebody Else', gold [" in out
    assert f"[{TEXT[53:64]}]" in out


def test_context():
    text = "0123456789" * 3
    assert context(text, [(10, 12)], width=3) == "…789[01]234…"
    assert context(text, [(0, 2), (1, 4)], width=2) == "[0[1]23]45…"  # overlapping spans both marked
    assert context("a\n\nb  c", [(3, 4)]) == "a [b] c"  # one line
    assert context(text, []) == ""


def test_table_aligns_columns():
    lines = table(["label", "n"], [["PERSON", "1,000"], ["GPE", "7"]], indent=0)
    assert lines == ["label       n", "PERSON  1,000", "GPE         7"]


def test_comparison_json_and_table(tmp_path):
    from newsfacts.scoring.api import compare

    gold = write_gold(tmp_path / "gold.jsonl", [small_document("a"), small_document("b")])
    a = write_jsonl(tmp_path / "a.jsonl", [perfect_line(small_document(i)) for i in "ab"])
    c = compare(a, a, str(gold), bootstrap=100, seed=1, min_documents=2)
    assert c.a.system == "A:a" and c.b.system == "B:a"  # the same name twice is told apart
    r = json.loads(c.to_json())
    assert r["test"]["resamples"] == 100 and r["test"]["seed"] == 1
    f = r["figures"]["entities.strict.f1"]
    assert f == {"a": 1.0, "b": 1.0, "delta": 0.0, "p_value": 1.0, "delta_ci": [0.0, 0.0]}
    assert "entities.strict.f1" in format_comparison(c)
