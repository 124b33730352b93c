"""``newsfacts baselines`` end to end: on the bundled benchmark and on a made-up two-document dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfacts.cli import main
from newsfacts.dataset.sources import load_gold
from newsfacts.model import LAYERS
from newsfacts.systems import registry

from .helpers import two_documents, write_gold


def _run(tmp_path: Path, capsys, *extra: str) -> tuple[str, dict, str]:
    argv = ["baselines", "--out", str(tmp_path / "preds"), "--json", str(tmp_path / "board.json"),
            "--markdown", str(tmp_path / "board.md"), "--bootstrap", "50", "--min-documents", "2", "--quiet", *extra]
    assert main(argv) == 0
    out = capsys.readouterr().out
    return out, json.loads((tmp_path / "board.json").read_text()), (tmp_path / "board.md").read_text()


def test_baselines_on_a_two_document_dataset(tmp_path: Path, capsys):
    dataset = write_gold(tmp_path / "two.jsonl", two_documents())
    out, board, markdown = _run(tmp_path, capsys, "--dataset", str(dataset))
    usable, skipped = registry.available()
    with load_gold(dataset) as gold:
        assert board["dataset"] == {"source": str(dataset), "fingerprint": gold.fingerprint, "documents": 2}
    assert [s["name"] for s in board["systems"]] == [n for n in usable if n not in board["skipped"]]
    for system in board["systems"]:
        predicted = registry.entry(system["name"]).layers
        # a layer the system does not predict is absent, never all-missed
        assert {layer for layer in LAYERS if layer in system} == set(predicted)
        lines = (tmp_path / "preds" / f"{system['name']}.jsonl").read_text().splitlines()
        assert [json.loads(x)["id"] for x in lines] == ["a1", "b2"]
    rules = next(s for s in board["systems"] if s["name"] == "rules-numbers")
    # the four gold numeric facts ("Monday", "$45 million", "Over 100", "last week") are all found
    # exactly and nothing else is predicted: strict span F1 = 1, values 2/2, dates 2/2
    assert rules["numeric_facts"]["span"]["strict"]["f1"] == 1.0
    assert rules["numeric_facts"]["value"]["accuracy"] == 1.0
    assert rules["numeric_facts"]["normalized"]["accuracy"] == 1.0
    assert out.startswith(f"LEADERBOARD  {dataset}: 2 documents")
    table = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(table) == 1 + sum(len([k for k in LAYERS if k in s]) for s in board["systems"])
    assert all(len(line) <= 100 for line in table)
    assert "| rules-numbers | numeric | 1.000 [1.000, 1.000] |" in markdown


def test_baselines_on_the_bundled_benchmark(tmp_path: Path, capsys):
    out, board, _ = _run(tmp_path, capsys)
    with load_gold(None) as gold:
        n = len(gold)
    assert board["dataset"]["documents"] == n and board["dataset"]["source"] == "bundled"
    names = [s["name"] for s in board["systems"]]
    assert "rules-numbers" in names and "spacy" in names
    covered = {layer for s in board["systems"] for layer in LAYERS if layer in s}
    assert {"entities", "numeric_facts"} <= covered
    for name in names:
        assert f"  {name} " in out
    for name, reason in board["skipped"].items():
        assert f"skipped: {name}: {reason}" in out


def test_baselines_refuses_an_unknown_system_before_any_work(tmp_path: Path, capsys):
    assert main(["baselines", "--systems", "rules-numbers,nope", "--out", str(tmp_path / "p"), "--quiet"]) == 2
    assert "unknown system 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


BAD_OUTPUTS = {  # each named file exists beforehand (or is the other output) and is left as it was
    "--out is a file": (["--out", "{f}"], "f: exists and is not a directory"),
    "--markdown onto the label map": (["--label-map", "{f}", "--markdown", "{f}"], "is also an input"),
    "--markdown and --json one file": (["--json", "{g}", "--markdown", "{g}"], "--json and --markdown name the same file"),
}


@pytest.mark.parametrize("case", sorted(BAD_OUTPUTS))
def test_baselines_refuses_a_bad_output_path_and_writes_nothing(tmp_path: Path, capsys, case):
    options, expected = BAD_OUTPUTS[case]
    (tmp_path / "f").write_text("{}")
    argv = [x.format(f=tmp_path / "f", g=tmp_path / "g") for x in options]
    assert main(["baselines", "--systems", "rules-numbers", "--quiet", *argv]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.startswith("newsfacts: error: ") and err.count("\n") == 1
    assert (tmp_path / "f").read_text() == "{}" and not (tmp_path / "g").exists()


def test_a_system_whose_dependency_is_missing_is_skipped_not_fatal(tmp_path: Path, capsys, monkeypatch):
    from newsfacts.systems.registry import Entry

    monkeypatch.setitem(registry._ENTRIES, "needs-nothing-here",
                        Entry("needs-nothing-here", ".rules_numbers:RulesNumbers", frozenset({"numeric_facts"}),
                              ("no_such_module_for_newsfacts",), hint="pip install it"))
    dataset = write_gold(tmp_path / "two.jsonl", two_documents())
    out, board, _ = _run(tmp_path, capsys, "--dataset", str(dataset), "--systems", "needs-nothing-here,rules-numbers")
    assert [s["name"] for s in board["systems"]] == ["rules-numbers"]
    assert board["skipped"] == {"needs-nothing-here": "no_such_module_for_newsfacts is not installed (pip install it)"}
    assert "skipped: needs-nothing-here: no_such_module_for_newsfacts is not installed (pip install it)" in out
