"""``newsfacts score`` and ``compare`` end to end: figures, bad input, output files, jobs.

Gold for most tests: two copies ("a", "b") of the small document of tests/conftest.py, whose
canonical text is::

    Ross says deal near\\n\\nThe US received 260 requests.\\n\\n"It is close," Ross said on Sunday.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmark import cli
from benchmark.gold import load_documents
from benchmark.model import Document, to_builtins
from benchmark.scoring import score
from tests.test_predictions import TEXT, at, small_document, write_gold, write_jsonl


@pytest.fixture
def gold(tmp_path: Path) -> str:
    return str(write_gold(tmp_path / "gold.jsonl", [small_document("a"), small_document("b")]))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def perfect_line(doc: Document) -> dict:
    """The gold itself as a prediction line (every item with offsets and all attributes)."""
    row = to_builtins(doc)
    return {"id": doc.id, "entities": row["entities"], "quotes": row["quotes"], "numeric_facts": row["numeric_facts"]}


# ---------------------------------------------------------------------------------------------
# Figures


def test_hand_made_predictions_on_the_small_document(tmp_path, gold, capsys):
    ross2 = at("Ross", 1)
    pred = write_jsonl(tmp_path / "pred.jsonl", [{
        "id": "a",
        "entities": [
            {"text": "Ross", "label": "PERSON"},                     # the first Ross: correct
            {"text": "US", "label": "ORG"},                          # same span, wrong label
            {"text": "Ross said", "label": "PERSON"},                # overlaps the second Ross
            {"start": TEXT.index("requests"), "end": TEXT.index("requests") + 8, "text": "requests",
             "label": "PERSON"},                                     # spurious
        ],
        # Enclosing quotation marks are dropped; "it" matches "It" after case folding (normalized).
        "quotes": [{"text": '"it is close"', "speaker": "Wilbur Ross", "cue": {"text": "said"}, "kind": "direct"}],
        "numeric_facts": [
            {"text": "260", "kind": "CARDINAL", "value": 260.0000001, "bound": "exact", "measured": "requests"},
            {"text": "Sunday", "kind": "DATE", "normalized": "2019-11", "bound": "exact"},
        ],
    }, perfect_line(small_document("b"))])
    out = tmp_path / "out.json"
    code, stdout, err = run(capsys, "score", str(pred), "--dataset", gold, "--json", str(out), "--bootstrap", "0")
    assert code == 0 and "ENTITIES" in stdout and err == ""
    r = json.loads(out.read_text(encoding="utf-8"))
    # Document a, entities (gold: Ross, US, Ross):
    #   strict:  Ross COR, US INC (label), "Ross said" INC (boundaries), requests SPU, nothing missed.
    #   partial: Ross COR, US COR, "Ross said" PAR, requests SPU.
    # Document b is perfect: 3 COR in every schema. Totals: possible 6, actual 7.
    strict = r["entities"]["strict"]
    assert [strict[k] for k in ("correct", "incorrect", "partial", "missed", "spurious")] == [4, 2, 0, 0, 1]
    assert strict["precision"] == pytest.approx(4 / 7) and strict["recall"] == pytest.approx(4 / 6)
    partial = r["entities"]["partial"]
    assert [partial[k] for k in ("correct", "partial", "spurious")] == [5, 1, 1]
    assert partial["precision"] == pytest.approx(5.5 / 7) and partial["recall"] == pytest.approx(5.5 / 6)
    # The spurious "requests" counts under its predicted label PERSON; US under its gold label GPE.
    assert r["entities"]["per_label"]["PERSON"]["strict"]["spurious"] == 1
    assert r["entities"]["per_label"]["GPE"]["strict"]["incorrect"] == 1
    # Quotes: a and b both right in every respect.
    assert r["quotes"]["content"]["exact"]["f1"] == 1.0
    assert r["quotes"]["speaker"]["accuracy"] == 1.0 and r["quotes"]["cue"]["accuracy"] == 1.0
    # Numeric facts: 4 pairs; value 2/2 (260.0000001 is within 1e-6 of 260); normalized: a gets 0.5 for
    # "2019-11" against "2019-11-03", b gets 1: 1.5 / 2.
    nf = r["numeric_facts"]
    assert nf["span"]["strict"]["f1"] == 1.0
    assert nf["value"]["accuracy"] == 1.0 and nf["normalized"]["accuracy"] == 0.75
    assert nf["measured"]["accuracy"] == 1.0
    # Offsets: "requests" and the 6 items of b; exact: Ross, US, "Ross said", 260, Sunday.
    assert r["alignment"] == {"offsets": 7, "exact": 5, "normalized": 1, "fuzzy": 0, "unaligned": 0, "dropped": 0}
    # Per-document figures, in id order.
    assert [d["id"] for d in r["documents"]] == ["a", "b"]
    assert r["documents"][1]["figures"]["entities.strict.f1"] == 1.0
    assert r["documents"][0]["figures"]["entities.strict.f1"] == pytest.approx(1 / 3.5)  # P 1/4, R 1/3

    # A tighter tolerance makes the value of 260.0000001 wrong: 1 of 2.
    code, _, _ = run(capsys, "score", str(pred), "--dataset", gold, "--json", str(out), "--bootstrap", "0",
                     "--rtol", "1e-12")
    assert json.loads(out.read_text(encoding="utf-8"))["numeric_facts"]["value"]["accuracy"] == 0.5


def test_perfect_prediction_on_the_real_seed_scores_one_everywhere(tmp_path, capsys):
    (doc,) = load_documents()
    pred = write_jsonl(tmp_path / "perfect.jsonl", [perfect_line(doc)])
    results = score(pred, bootstrap=50)
    for path in ("entities.strict.f1", "entities.partial.f1", "entities.macro.strict.f1",
                 "quotes.content.exact.f1", "quotes.content.tokens.f1", "quotes.speaker.accuracy",
                 "quotes.cue.accuracy", "quotes.kind.accuracy", "numeric_facts.span.strict.f1",
                 "numeric_facts.value.accuracy", "numeric_facts.normalized.accuracy", "numeric_facts.bound.accuracy",
                 "numeric_facts.unit.accuracy", "numeric_facts.measured.accuracy"):
        assert results.figure(path) == 1.0, path
    assert results.figure("entities.strict.correct") == len(doc.entities)
    assert results.dataset.source == "bundled"
    assert results.warnings == ["only 1 document: bootstrap intervals over documents say little"]


def test_llm_style_prediction_on_the_real_seed(tmp_path):
    (doc,) = load_documents()
    first = min(doc.entities, key=lambda e: e.start)  # its text occurs first where it is annotated
    pred = write_jsonl(tmp_path / "llm.jsonl", [{"id": doc.id, "entities": [
        {"text": first.text, "label": first.label},
        {"text": "Nobody Anywhere Incorporated", "label": "ORG"},
    ]}])
    results = score(pred, bootstrap=0)
    strict = results.figure("entities.strict")
    assert strict["correct"] == 1 and strict["missed"] == len(doc.entities) - 1
    assert strict["spurious"] == 1 and results.figure("entities.unaligned") == 1
    assert results.figures["quotes"] == {"scored": False}
    assert any("could not be aligned" in w for w in results.warnings)


def test_missing_documents_are_predicted_empty_with_a_warning(tmp_path, gold, capsys):
    pred = write_jsonl(tmp_path / "pred.jsonl", [perfect_line(small_document("a"))])
    code, stdout, err = run(capsys, "score", str(pred), "--dataset", gold, "--bootstrap", "0")
    assert code == 0
    assert "warning: 1 of 2 documents have no line" in err and "(b)" in err
    assert "strict           1.0000  0.5000  0.6667" in stdout  # 3 of 6 gold entities found, nothing wrong


def test_layer_missing_on_some_lines_counts_its_gold_as_missed(tmp_path, gold):
    a, b = perfect_line(small_document("a")), perfect_line(small_document("b"))
    del b["quotes"]  # b predicts no quotes: its gold quote is missed, not skipped
    results = score(write_jsonl(tmp_path / "p.jsonl", [a, b]), gold, bootstrap=0)
    assert results.figure("quotes.content.exact.recall") == 0.5
    assert results.figure("entities.strict.f1") == 1.0


def test_jobs_do_not_change_any_figure(tmp_path):
    docs = [small_document(f"d{k:02d}") for k in range(12)]
    gold = write_gold(tmp_path / "gold.jsonl", docs)
    rows = []
    for k, doc in enumerate(docs):
        line = perfect_line(doc)
        line["entities"] = line["entities"][: k % 4]
        if k % 5 == 0:
            continue  # a missing document
        rows.append(line)
    pred = write_jsonl(tmp_path / "p.jsonl", rows[::-1])
    one = score(pred, str(gold), bootstrap=100, with_errors=True, jobs=1).to_json()
    three = score(pred, str(gold), bootstrap=100, with_errors=True, jobs=3).to_json()
    assert one == three


def test_the_api_does_not_fork_by_default_the_command_does(tmp_path, capsys, monkeypatch):
    # Forking a process that runs threads (a notebook kernel) is unsafe: score() and compare()
    # use one process unless asked; newsfacts score keeps --jobs auto (here: 2 processes).
    from benchmark import scoring

    forks = []
    real_forked = scoring._forked
    monkeypatch.setattr(scoring, "auto_jobs", lambda predictions: 2)
    monkeypatch.setattr(scoring, "_forked", lambda chunks, work: forks.append(len(chunks)) or real_forked(chunks, work))
    docs = [small_document(f"d{k:02d}") for k in range(6)]
    gold = str(write_gold(tmp_path / "gold.jsonl", docs))
    pred = write_jsonl(tmp_path / "p.jsonl", [perfect_line(doc) for doc in docs])
    scoring.score(pred, gold, bootstrap=0)
    scoring.compare(pred, pred, gold, bootstrap=10)
    assert forks == []
    assert run(capsys, "score", str(pred), "--dataset", gold, "--bootstrap", "0")[0] == 0
    assert forks == [2]


def test_compare(tmp_path, gold, capsys):
    a = write_jsonl(tmp_path / "a.jsonl", [perfect_line(small_document("a")), perfect_line(small_document("b"))])
    weak = perfect_line(small_document("b"))
    weak["entities"] = weak["entities"][:1]
    b = write_jsonl(tmp_path / "b.jsonl", [perfect_line(small_document("a")), weak])
    out = tmp_path / "cmp.json"
    code, stdout, _ = run(capsys, "compare", str(a), str(b), "--dataset", gold, "--bootstrap", "200",
                          "--json", str(out))
    assert code == 0 and "entities.strict.f1" in stdout
    r = json.loads(out.read_text(encoding="utf-8"))
    f = r["figures"]["entities.strict.f1"]
    # B finds 4 of 6 entities with nothing wrong: P 1, R 2/3, F1 0.8.
    assert (f["a"], f["b"]) == (1.0, pytest.approx(0.8)) and f["delta"] == pytest.approx(-0.2)
    assert 0 < f["p_value"] <= 1
    assert r["figures"]["quotes.content.exact.f1"]["p_value"] == 1.0  # identical on quotes
    assert r["systems"] == {"a": "a", "b": "b"}


# ---------------------------------------------------------------------------------------------
# Bad input: one message naming file, line and field; exit 2; no traceback; no output file.

GOOD_A = {"id": "a", "entities": [{"text": "Ross", "label": "PERSON"}]}
US = at("US")


@pytest.mark.parametrize(("rows", "line", "field", "message"), [
    ([GOOD_A, '{"id": "b", "entities": [}'], 2, None, "malformed JSON"),
    ([GOOD_A, "[1, 2]"], 2, None, "Expected `object`, got `array`"),
    ([GOOD_A, '"just a string"'], 2, None, "Expected `object`, got `str`"),
    ([GOOD_A, {"entities": []}], 2, None, "missing required field `id`"),
    ([GOOD_A, {"id": "zzz", "entities": []}], 2, "id", "unknown document id 'zzz'"),
    ([GOOD_A, GOOD_A], 2, "id", "duplicate document id 'a' (also on line 1)"),
    ([{"id": "a", "entities": [{"start": -1, "end": 4, "label": "PERSON"}]}], 1, "entities[0].start", ">= 0"),
    ([{"id": "a", "entities": [{"start": 1.5, "end": 4, "label": "PERSON"}]}], 1, "entities[0].start",
     "got `float`"),
    ([{"id": "a", "entities": [{"start": "0", "end": 4, "label": "PERSON"}]}], 1, "entities[0].start",
     "got `str`"),
    ([{"id": "a", "entities": [{"start": 10, "end": 5, "label": "PERSON"}]}], 1, "entities[0].start",
     "start 10 is after end 5"),
    ([{"id": "a", "entities": [{"start": 80, "end": 1000, "label": "PERSON"}]}], 1, "entities[0].end",
     "past the end of the document text (87 characters)"),
    ([{"id": "a", "entities": [{"start": US[0], "end": US[1], "text": "UK", "label": "GPE"}]}], 1,
     "entities[0].text", "'UK' disagrees with the document text at [25, 27): 'US'"),
    ([{"id": "a", "entities": [{"text": "US", "label": "MISC"}]}], 1, "entities[0].label", "unknown label 'MISC'"),
    ([{"id": "a", "numeric_facts": [{"text": "260", "kind": "NUMBER"}]}], 1, "numeric_facts[0].kind",
     "unknown label 'NUMBER'"),
    (['{"id": "a", "numeric_facts": [{"text": "260", "kind": "CARDINAL", "value": NaN}]}'], 1,
     "numeric_facts[0].value", "not a finite number"),
    (['{"id": "a", "numeric_facts": [{"text": "260", "kind": "CARDINAL", "value": -Infinity}]}'], 1,
     "numeric_facts[0].value", "not a finite number"),
    (['{"id": "a", "numeric_facts": [{"text": "260", "kind": "CARDINAL", "value": 1e999}]}'], 1,
     "numeric_facts[0].value", "not a finite number"),
    ([{"id": "a", "entities": [{"text": "US", "label": "GPE", "score": 0.9}]}], 1, "entities[0]",
     "unknown field `score`"),
    ([{"id": "a", "entities": {"text": "US"}}], 1, "entities", "Expected `array`, got `object`"),
])
def test_bad_predictions(tmp_path, gold, capsys, rows, line, field, message):
    pred = write_jsonl(tmp_path / "pred.jsonl", rows)
    assert_bad_input(tmp_path, capsys, ["score", str(pred), "--dataset", gold], f"{pred}:{line}", field, message)


def assert_bad_input(tmp_path: Path, capsys, argv: list[str], where: str, field: str | None, message: str) -> None:
    out = tmp_path / "results.json"
    code, stdout, err = run(capsys, *argv, "--json", str(out), "--bootstrap", "0")
    assert code == 2
    assert err.startswith(f"newsfacts: error: {where}")
    assert message in err
    if field is not None:
        assert f": field {field}: " in err
    assert err.count("\n") == 1 and "Traceback" not in err  # one message
    assert stdout == "" and not out.exists()  # nothing written, not even partly


def test_invalid_utf8_names_line_and_field(tmp_path, gold, capsys):
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(json.dumps(GOOD_A).encode() + b'\n{"id": "b", "entities": [{"text": "caf\xe9", "label": "ORG"}]}\n')
    assert_bad_input(tmp_path, capsys, ["score", str(pred), "--dataset", gold], f"{pred}:2", "entities[0].text",
                     "not valid UTF-8 (byte 0xe9 at column 39)")


def test_missing_and_empty_files(tmp_path, gold, capsys):
    missing = tmp_path / "nope.jsonl"
    assert_bad_input(tmp_path, capsys, ["score", str(missing), "--dataset", gold], str(missing), None, "no such file")
    empty = write_jsonl(tmp_path / "empty.jsonl", ["", "  "])
    assert_bad_input(tmp_path, capsys, ["score", str(empty), "--dataset", gold], str(empty), None, "empty file")
    ids_only = write_jsonl(tmp_path / "ids.jsonl", [{"id": "a"}, {"id": "b"}])
    assert_bad_input(tmp_path, capsys, ["score", str(ids_only), "--dataset", gold], f"{ids_only}:1", None,
                     "no line has any of the keys")
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A])
    assert_bad_input(tmp_path, capsys, ["score", str(pred), "--dataset", str(tmp_path / "gone.jsonl")],
                     str(tmp_path / "gone.jsonl"), None, "no such file")


def test_bad_label_map_and_options(tmp_path, gold, capsys):
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A])
    label_map = tmp_path / "map.json"
    label_map.write_text('{\n  "PER": "PEOPLE"\n}\n', encoding="utf-8")
    assert_bad_input(tmp_path, capsys, ["score", str(pred), "--dataset", gold, "--label-map", str(label_map)],
                     f"{label_map}:2", "PER", "unknown target 'PEOPLE'")
    code, _, err = run(capsys, "score", str(pred), "--dataset", gold, "--rtol", "-1")
    assert code == 2 and "field --rtol" in err
    code, _, err = run(capsys, "score", str(pred), "--dataset", gold, "--fuzzy-threshold", "1.5")
    assert code == 2 and "field --fuzzy-threshold" in err


def test_an_earlier_bad_line_wins_whatever_the_jobs(tmp_path):
    docs = [small_document(f"d{k:02d}") for k in range(20)]
    gold = str(write_gold(tmp_path / "gold.jsonl", docs))
    rows: list = [perfect_line(d) for d in docs]
    rows[5] = {"id": "d05", "entities": [{"start": 0, "end": 999, "label": "PERSON"}]}
    rows[15] = "not json"
    pred = write_jsonl(tmp_path / "p.jsonl", rows)
    from benchmark.errors import InputError

    for jobs in (1, 2, 4):
        with pytest.raises(InputError) as exc:
            score(pred, gold, bootstrap=0, jobs=jobs)
        assert (exc.value.line, exc.value.field) == (6, "entities[0].end")
    rows[5], rows[15] = perfect_line(docs[5]), perfect_line(docs[3])  # a duplicate late in the file
    pred = write_jsonl(tmp_path / "p.jsonl", rows)
    for jobs in (1, 2, 4):
        with pytest.raises(InputError, match="duplicate document id 'd03' \\(also on line 4\\)") as exc:
            score(pred, gold, bootstrap=0, jobs=jobs)
        assert exc.value.line == 16


# ---------------------------------------------------------------------------------------------
# Properties

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _figures_only(results) -> dict:
    r = json.loads(results.to_json())
    return {k: r[k] for k in ("entities", "quotes", "numeric_facts", "confidence_intervals", "alignment")}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_order_of_lines_and_of_items_with_offsets_never_changes_a_figure(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("order")
    docs = [small_document(f"d{k}") for k in range(4)]
    gold = str(write_gold(tmp / "gold.jsonl", docs))
    rows = []
    for doc in docs:
        line = perfect_line(doc)
        # Drop some gold items and add a spurious one, so the figures are not all 1.
        line["entities"] = data.draw(st.lists(st.sampled_from(line["entities"]), unique_by=lambda e: e["id"]))
        line["entities"].append({"start": 0, "end": 4, "text": "Ross", "label": data.draw(st.sampled_from(
            ["PERSON", "ORG", "GPE"]))})
        rows.append(line)
    base = _figures_only(score(write_jsonl(tmp / "a.jsonl", rows), gold, bootstrap=50, jobs=1))
    shuffled = data.draw(st.permutations(rows))
    shuffled = [{**line, "entities": data.draw(st.permutations(line["entities"]))} for line in shuffled]
    jobs = data.draw(st.sampled_from([1, 2]))
    assert _figures_only(score(write_jsonl(tmp / "b.jsonl", shuffled), gold, bootstrap=50, jobs=jobs)) == base


def test_empty_prediction_scores_recall_zero(tmp_path, gold):
    pred = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "entities": [], "quotes": [], "numeric_facts": []}])
    results = score(pred, gold, bootstrap=0)
    for path in ("entities.strict.recall", "quotes.content.exact.recall", "numeric_facts.span.strict.recall"):
        assert results.figure(path) == 0.0
    assert any("1 of 2 documents have no line" in w for w in results.warnings)
