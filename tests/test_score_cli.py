"""``newsfacts score`` and ``compare`` end to end: figures, bad input, output files, jobs.

Gold for most tests: two copies ("a", "b") of the small document of tests/conftest.py, whose
canonical text is::

    Ross says deal near\\n\\nThe US received 260 requests.\\n\\n"It is close," Ross said on Sunday.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsfacts.cli as cli
from newsfacts.errors import InputError
from newsfacts.dataset.gold import load_documents
from newsfacts.model import Document
from newsfacts.scoring.api import compare, score
from newsfacts.dataset.sources import ListGold
from . import helpers
from .helpers import REAL_SEED, ROOT, perfect_line, run, small_document, write_gold, write_jsonl

GOLD = ListGold(load_documents(), "bundled", "bundled")
# The first bundled article alone: the figures derived by hand below are its figures, whatever
# other articles the bundled benchmark holds.
REAL = ListGold([GOLD.get(REAL_SEED.stem)], "real seed")
TEXT = small_document().text


def at(s: str, k: int = 0) -> tuple[int, int]:
    return helpers.at(TEXT, s, k)


@pytest.fixture
def gold(tmp_path: Path) -> str:
    return str(write_gold(tmp_path / "gold.jsonl", [small_document("a"), small_document("b")]))


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


def test_perfect_prediction_on_the_bundled_benchmark_scores_one_everywhere(tmp_path, capsys):
    docs = load_documents()
    pred = write_jsonl(tmp_path / "perfect.jsonl", [perfect_line(doc) for doc in docs])
    results = score(pred, bootstrap=50)
    for path in ("entities.strict.f1", "entities.partial.f1", "entities.macro.strict.f1",
                 "quotes.content.exact.f1", "quotes.content.tokens.f1", "quotes.speaker.accuracy",
                 "quotes.cue.accuracy", "quotes.kind.accuracy", "numeric_facts.span.strict.f1",
                 "numeric_facts.value.accuracy", "numeric_facts.normalized.accuracy", "numeric_facts.bound.accuracy",
                 "numeric_facts.measured.accuracy"):
        assert results.figure(path) == 1.0, path
    # An attribute that neither gold nor prediction carries (no unit in these articles) is undefined.
    has_unit = any(f.unit is not None for doc in docs for f in doc.numeric_facts)
    assert results.figure("numeric_facts.unit.accuracy") == (1.0 if has_unit else None)
    assert results.figure("entities.strict.correct") == sum(len(doc.entities) for doc in docs)
    assert results.dataset.source == "bundled"
    # fewer documents than the configuration's minimum: no intervals, said once
    few = ["no confidence intervals"] if len(docs) < 10 else []
    assert [w.split(":")[0] for w in results.warnings] == few


def offset_free_gold(doc: Document, entity_order: list[int], numeric_order: list[int]) -> dict:
    """The gold of ``doc`` as an LLM would write it: text and label (kind) only, in the given order."""
    return {"id": doc.id,
            "entities": [{"text": doc.entities[i].text, "label": doc.entities[i].label} for i in entity_order],
            "numeric_facts": [{"text": doc.numeric_facts[i].text, "kind": doc.numeric_facts[i].kind}
                              for i in numeric_order]}


def same_strings_in_reading_order(items, order: list[int]) -> list[int]:
    """``order`` with the items of each normalized string put back in reading order, in the
    places that string has in ``order``."""
    from newsfacts.scoring.align import normalize

    queues: dict[str, list[int]] = {}
    for i in sorted(range(len(items)), key=lambda i: items[i].start):
        queues.setdefault(normalize(items[i].text), []).append(i)
    return [queues[normalize(items[i].text)].pop(0) for i in order]


SPAN_FIGURES = [f"{layer}.{schema}.{value}" for layer in ("entities", "numeric_facts.span")
                for schema in ("strict", "exact", "partial", "type") for value in ("precision", "recall", "f1")]


@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_offset_free_gold_of_the_real_seed_scores_one_in_any_order(tmp_path_factory, data):
    # Every one of the 49 gold entities and 15 numeric facts must land on its own span:
    # "Wilbur Ross" is placed before "Ross" whatever the order, so no "Ross" lands inside it.
    (doc,) = REAL.documents
    n_e, n_n = len(doc.entities), len(doc.numeric_facts)
    orders = data.draw(st.sampled_from(["reading", "reversed", "shuffled"]))
    if orders == "shuffled":
        e_order, n_order = data.draw(st.permutations(range(n_e))), data.draw(st.permutations(range(n_n)))
    else:
        e_order = sorted(range(n_e), key=lambda i: doc.entities[i].start, reverse=orders == "reversed")
        n_order = sorted(range(n_n), key=lambda i: doc.numeric_facts[i].start, reverse=orders == "reversed")
    line = offset_free_gold(doc, same_strings_in_reading_order(doc.entities, e_order),
                            same_strings_in_reading_order(doc.numeric_facts, n_order))
    pred = write_jsonl(tmp_path_factory.mktemp("free") / "p.jsonl", [line])
    results = score(pred, REAL, bootstrap=0)
    assert {path: results.figure(path) for path in SPAN_FIGURES} == dict.fromkeys(SPAN_FIGURES, 1.0)
    assert (results.figure("entities.strict.correct"), results.figure("numeric_facts.span.strict.correct")) == (49, 15)
    assert results.alignment["exact"] == 49 + 15 and results.alignment["unaligned"] == 0


def test_the_example_file_figures():
    # examples/llm_predictions.jsonl, entities (strict): 42 correct, 2 incorrect (labels), 5 missed,
    # 1 spurious (the unaligned "Commerce Department"): P = 42/45, R = 42/49, F1 = 84/94. (The
    # file predicts the first bundled article, so the figures are that article's.)
    results = score(ROOT / "examples" / "llm_predictions.jsonl", REAL, bootstrap=0)
    strict = results.figure("entities.strict")
    assert [strict[k] for k in ("correct", "incorrect", "partial", "missed", "spurious")] == [42, 2, 0, 5, 1]
    assert strict["f1"] == pytest.approx(84 / 94) and results.figure("entities.unaligned") == 1


def test_llm_style_prediction_on_the_real_seed(tmp_path):
    docs = load_documents()
    doc = GOLD.get(REAL_SEED.stem)
    first = min(doc.entities, key=lambda e: e.start)  # its text occurs first where it is annotated
    pred = write_jsonl(tmp_path / "llm.jsonl", [{"id": doc.id, "entities": [
        {"text": first.text, "label": first.label},
        {"text": "Nobody Anywhere Incorporated", "label": "ORG"},
    ]}])
    results = score(pred, bootstrap=0)
    strict = results.figure("entities.strict")
    assert strict["correct"] == 1 and strict["missed"] == sum(len(d.entities) for d in docs) - 1
    assert strict["spurious"] == 1 and results.figure("entities.unaligned") == 1
    assert results.figures["quotes"] == {"scored": False}
    assert any("could not be aligned" in w for w in results.warnings)


def test_missing_documents_are_predicted_empty_with_a_warning(tmp_path, gold, capsys):
    pred = write_jsonl(tmp_path / "pred.jsonl", [perfect_line(small_document("a"))])
    code, stdout, err = run(capsys, "score", str(pred), "--dataset", gold, "--bootstrap", "0")
    assert code == 0
    assert "warning: 1 of 2 documents has no line" in err and "(b)" in err
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
    import newsfacts.scoring.api as scoring

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
                          "--min-documents", "2", "--json", str(out))
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
    ([{"id": "a", "entities": [{"text": "US", "label": "GPE", "confidence": 0.9}]}], 1, "entities[0]",
     "unknown field `confidence`"),
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


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_deeply_nested_line_is_one_message_whatever_the_jobs(tmp_path, gold, capsys, jobs):
    # 30,000 brackets, past Python's recursion limit: a RecursionError traceback before (with
    # --jobs 3 "a scoring worker failed"). The blank line of spaces puts the deep line in the
    # second chunk, scored by a child process.
    deep = '{"id": "b", "entities": [' + "[" * 30_000 + "]" * 30_000 + "]}"
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A, " " * 100_000, deep])
    assert_bad_input(tmp_path, capsys, ["score", str(pred), "--dataset", gold, "--jobs", jobs], f"{pred}:3",
                     "entities[0]", "Expected `object`, got `array`")
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A, "not json", " " * 100_000, deep])
    assert_bad_input(tmp_path, capsys, ["score", str(pred), "--dataset", gold, "--jobs", jobs], f"{pred}:2",
                     None, "malformed JSON")  # the earlier bad line still wins


def test_deeply_nested_gold_line_is_one_message(tmp_path, capsys):
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"id": "a", "entities": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A])
    assert_bad_input(tmp_path, capsys, ["score", str(pred), "--dataset", str(deep)], f"{deep}:1", "entities[0]",
                     "Expected `object`, got `array`")
    code, stdout, err = run(capsys, "stats", "--dataset", str(deep))
    assert (code, stdout) == (2, "")
    assert err == f"newsfacts: error: {deep}:1: field entities[0]: Expected `object`, got `array`\n"


def test_byte_order_marks_in_every_input(tmp_path, gold, capsys):
    bom = b"\xef\xbb\xbf"
    pred = write_jsonl(tmp_path / "pred.jsonl", [perfect_line(small_document("a")), perfect_line(small_document("b"))])
    label_map = tmp_path / "map.json"
    label_map.write_bytes(bom + b'{"PER": "PERSON"}')
    plain = json.loads(score(pred, gold, bootstrap=0).to_json())
    for path in (pred, Path(gold)):
        path.write_bytes(bom + path.read_bytes())
    out = tmp_path / "out.json"
    code, _, err = run(capsys, "score", str(pred), "--dataset", gold, "--label-map", str(label_map), "--jobs", "2",
                       "--bootstrap", "0", "--json", str(out))
    assert (code, err) == (0, "")
    marked = json.loads(out.read_text(encoding="utf-8"))
    assert marked["entities"] == plain["entities"] and marked["dataset"] == plain["dataset"]


def test_an_earlier_bad_line_wins_whatever_the_jobs(tmp_path):
    docs = [small_document(f"d{k:02d}") for k in range(20)]
    gold = str(write_gold(tmp_path / "gold.jsonl", docs))
    rows: list = [perfect_line(d) for d in docs]
    rows[5] = {"id": "d05", "entities": [{"start": 0, "end": 999, "label": "PERSON"}]}
    rows[15] = "not json"
    pred = write_jsonl(tmp_path / "p.jsonl", rows)
    from newsfacts.errors import InputError

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
# --json: refused before any work when it would destroy an input or cannot be a regular file


def test_json_onto_an_input_is_refused_and_the_input_kept(tmp_path, gold, capsys):
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A])
    before = pred.read_bytes()
    for argv in (["score", str(pred), "--dataset", gold, "--json", str(pred)],
                 ["score", str(pred), "--dataset", gold, "--json", gold],
                 ["compare", str(pred), str(pred), "--dataset", gold, "--json", str(pred)]):
        code, stdout, err = run(capsys, *argv, "--bootstrap", "1")
        assert (code, stdout) == (2, "") and err.count("\n") == 1
        assert "is also an input" in err and "refusing to overwrite it" in err
    assert pred.read_bytes() == before


def test_json_and_errors_out_naming_one_file_are_refused_before_any_work(tmp_path, gold, capsys):
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A])
    out = tmp_path / "out.txt"
    code, stdout, err = run(capsys, "score", str(pred), "--dataset", gold, "--json", str(out), "--errors-out", str(out))
    assert (code, stdout, err) == (2, "", f"newsfacts: error: {out}: --json and --errors-out name the same file\n")
    assert not out.exists()


@pytest.mark.parametrize(("target", "message"), [
    ("adir", "exists and is not a regular file; give a file path"),
    ("missing/out.json", "the directory of this output file does not exist"),
    ("/dev/null", "exists and is not a regular file; give a file path"),  # a rename would replace the device
])
def test_json_onto_a_directory_a_device_or_into_a_missing_directory(tmp_path, gold, capsys, target, message):
    (tmp_path / "adir").mkdir()
    out = target if target.startswith("/") else str(tmp_path / target)
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A])
    for argv in (["score", str(pred), "--dataset", gold], ["stats", "--dataset", gold]):
        code, stdout, err = run(capsys, *argv, "--json", out)
        assert (code, stdout, err) == (2, "", f"newsfacts: error: {out}: {message}\n")
    assert (tmp_path / "adir").is_dir() and not (tmp_path / "missing").exists()
    assert Path("/dev/null").is_char_device()  # never replaced by a file


def test_json_is_written_through_atomic_write_with_the_inputs(tmp_path, gold, monkeypatch):
    # The run takes a while: the write checks the inputs again (a link made meanwhile is caught).
    import newsfacts.jsonio as jsonio

    calls = []
    monkeypatch.setattr(jsonio, "atomic_write", lambda path, data, inputs=(): calls.append((path, list(inputs))))
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A])
    assert cli.main(["score", str(pred), "--dataset", gold, "--bootstrap", "0", "--json", str(tmp_path / "o")]) == 0
    assert cli.main(["compare", str(pred), str(pred), "--dataset", gold, "--bootstrap", "1",
                     "--json", str(tmp_path / "c")]) == 0
    assert [(Path(path).name, pred in inputs, gold in inputs) for path, inputs in calls] == [
        ("o", True, True), ("c", True, True)]


# ---------------------------------------------------------------------------------------------
# The API checks its arguments: InputError naming the argument, never a bare TypeError/ValueError


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"seed": -1}, "--seed", "must be at least 0, got -1"),
    ({"seed": 1.5}, "--seed", "must be an integer, got 1.5 (float)"),
    ({"bootstrap": True}, "--bootstrap", "must be an integer, got True (bool)"),
    ({"bootstrap": 1_000_001}, "--bootstrap", "must be between 0 and 1,000,000, got 1000001"),
    ({"jobs": "2"}, "--jobs", "must be an integer, got '2' (str)"),
    ({"jobs": 0}, "--jobs", "must be between 1 and 64, got 0"),
    ({"jobs": 65}, "--jobs", "must be between 1 and 64, got 65"),
    ({"confidence": "x"}, "--confidence", "must be a number between 0 and 1 (exclusive), got 'x'"),
    ({"confidence": 1.0}, "--confidence", "must be a number between 0 and 1 (exclusive), got 1.0"),
    ({"rtol": float("nan")}, "--rtol", "must be a finite number >= 0, got nan"),
    ({"fuzzy_threshold": 0}, "--fuzzy-threshold", "must be a number in (0, 1], got 0"),
    ({"label_map": {"PER": "PERSON"}}, "--label-map", "expected a path to a JSON label map, a LabelMap or None"),
    ({"dataset": 5}, "--dataset", "expected None, a folder, a .jsonl file, a Hub dataset id, a GoldSource or an "
                                  "iterable of Document records, got int"),
    ({"system": 3}, "--system", "expected a string or None, got int"),
    ({"with_errors": "yes"}, "with_errors", "expected True or False, got str"),
])
def test_bad_api_arguments_raise_input_error(tmp_path, gold, kwargs, field, message):
    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A])
    kwargs = {"dataset": gold, **kwargs}
    with pytest.raises(InputError) as exc:
        score(pred, **kwargs)
    assert exc.value.field == field and exc.value.message.startswith(message)
    if field not in ("--system", "with_errors", "--bootstrap"):  # compare() checks the others alike
        with pytest.raises(InputError) as exc:
            compare(pred, pred, **{"bootstrap": 10, **kwargs})
        assert exc.value.field == field and exc.value.message.startswith(message)


def test_api_bounds_are_the_command_line_bounds(tmp_path, gold, capsys):
    import newsfacts.config as config

    pred = write_jsonl(tmp_path / "pred.jsonl", [GOOD_A])
    for option, value in (("--jobs", config.MAX_JOBS + 1), ("--bootstrap", config.MAX_BOOTSTRAP + 1), ("--seed", -1)):
        # the command line passes options through to the API, whose check is the one place for bounds
        assert cli.main(["score", str(pred), "--dataset", gold, option, str(value)]) == 2
        assert f"field {option}: must be" in capsys.readouterr().err
    assert score(pred, gold, bootstrap=0, jobs=config.MAX_JOBS, seed=2**70).figure("entities.strict.correct") == 1
    with pytest.raises(InputError, match="must be at least 1 for a paired test, got 0"):
        compare(pred, pred, gold, bootstrap=0)
    with pytest.raises(InputError, match="expected two names"):
        compare(pred, pred, gold, bootstrap=1, systems=("a",))


# ---------------------------------------------------------------------------------------------
# Properties


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
    assert any("1 of 2 documents has no line" in w for w in results.warnings)
