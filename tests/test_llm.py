"""The LLM path: prompts (``newsfacts prompt``) and raw responses (``newsfacts score --format llm``).

The response parser is checked on broken answers of the kinds models give: prose around the
JSON, code fences (closed or cut off), trailing text, single quotes and Python literals, trailing
commas, truncation, not JSON at all, a list instead of an object, unusable items. Expected items
and counts are read off each small input by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfacts.cli import main
from newsfacts.dataset.sources import load_gold
from newsfacts.systems.llm import EXAMPLE_ANSWER, EXAMPLE_TEXT, build_prompt, parse_response

from .helpers import two_documents, write_gold

ROSS = {"text": "Ross", "label": "PERSON"}
ROSS_JSON = '{"entities": [{"text": "Ross", "label": "PERSON"}]}'


@pytest.mark.parametrize("response, status", [
    (ROSS_JSON, "ok"),
    ("Here is the extraction: " + ROSS_JSON + " Let me know if you need more.", "ok"),   # prose around
    ("```json\n" + ROSS_JSON + "\n```", "ok"),                                          # code fence
    ("Sure.\n```\n" + ROSS_JSON + "\n```\nNote: {braces} in the remark.", "ok"),        # fence, trailing text
    (ROSS_JSON + "\n\nAlso {\"entities\": []}", "ok"),                                  # a second object after
    ("{'entities': [{'text': 'Ross', 'label': 'PERSON'}]}", "repaired"),                # single quotes
    ("{entities: [{text: 'Ross', label: 'PERSON',},],}", "repaired"),                   # unquoted keys, trailing commas
    ('[{"text": "Ross", "label": "PERSON"}]', "repaired"),                              # a bare list of items
    ('[' + ROSS_JSON + ']', "repaired"),                                                # the object inside a list
])
def test_the_answer_is_found(response, status):
    parsed = parse_response(response)
    assert (parsed.status, parsed.layers["entities"], parsed.dropped) == (status, [ROSS], 0)
    assert parsed.layers["quotes"] == [] and parsed.layers["numeric_facts"] == []


def test_python_literals_and_cleaning():
    # None/True are Python's; the kind is case-folded, the bound lower-cased, a string value read
    # as a number, an integer normalized turned into its string, a span object's text kept.
    parsed = parse_response("{'quotes': [{'text': 'We won', 'kind': 'Direct', 'speaker': None, 'cue': None}],"
                            " 'numeric_facts': [{'text': '1,200 jobs', 'kind': 'cardinal', 'value': '1,200',"
                            " 'normalized': 1200, 'bound': 'EXACT', 'unit': None, 'measured': {'text': 'jobs'},"
                            " 'confident': True}]}")
    assert parsed.status == "repaired"
    assert parsed.layers["quotes"] == [{"text": "We won", "kind": "direct", "speaker": None, "cue": None}]
    assert parsed.layers["numeric_facts"] == [{"text": "1,200 jobs", "kind": "CARDINAL", "value": 1200.0,
                                               "normalized": "1200", "bound": "exact", "unit": None,
                                               "measured": "jobs"}]


@pytest.mark.parametrize("response, entities, dropped", [
    # cut inside the second item: the first is kept, the second counted as dropped
    ('{"entities": [{"text": "Ross", "label": "PERSON"}, {"text": "Hua', [ROSS], 1),
    # cut inside the next layer's key: nothing was lost from a list
    ('{"entities": [{"text": "Ross", "label": "PERSON"}], "quo', [ROSS], 0),
    # cut inside an unclosed code fence, after a complete item and a comma
    ('```json\n{"entities": [{"text": "Ross", "label": "PERSON"}, ', [ROSS], 0),
    # cut inside a number: the item is incomplete
    ('{"entities": [{"text": "Ross", "label": "PERSON"}], "numeric_facts": [{"text": "260", "value": 26', [ROSS], 1),
])
def test_truncated_output_keeps_the_complete_items(response, entities, dropped):
    parsed = parse_response(response)
    assert (parsed.status, parsed.layers["entities"], parsed.dropped) == ("truncated", entities, dropped)


def test_a_bare_list_is_sorted_into_layers_by_shape():
    parsed = parse_response('[{"text": "Ross", "label": "PERSON"},'
                            ' {"text": "We won", "kind": "direct", "speaker": "Ross", "cue": "said"},'
                            ' {"text": "260", "kind": "CARDINAL", "value": 260, "bound": "exact"},'
                            ' "stray string"]')
    assert parsed.layers["entities"] == [ROSS]
    assert [q["text"] for q in parsed.layers["quotes"]] == ["We won"]
    assert [(f["text"], f["value"]) for f in parsed.layers["numeric_facts"]] == [("260", 260.0)]
    assert (parsed.status, parsed.dropped) == ("repaired", 1)  # the stray string


def test_unusable_items_are_dropped_and_counted():
    # unknown label, no text, empty text, not an object, unknown numeric kind, a layer that is
    # not a list: 6 dropped; the one good entity stays.
    parsed = parse_response('{"entities": [{"text": "Ross", "label": "person"}, {"text": "Oslo", "label": "CITY"},'
                            ' {"label": "ORG"}, {"text": " ", "label": "ORG"}, "Huawei"],'
                            ' "numeric_facts": [{"text": "a lot", "kind": "VAGUE"}], "quotes": "none"}')
    assert parsed.layers["entities"] == [ROSS]
    assert (parsed.status, parsed.dropped) == ("repaired", 6)


@pytest.mark.parametrize("response, error", [
    ("I'm sorry, I cannot help with that.", "no JSON object or list in the response"),
    ("", "empty response"),
    ('{"answer": 42}', "the JSON found has no entities, quotes or numeric_facts"),
    ("{this is not json at all}", "not JSON"),
])
def test_no_answer_fails(response, error):
    parsed = parse_response(response)
    assert parsed.status == "failed" and parsed.error.startswith(error)
    assert all(items == [] for items in parsed.layers.values())


def test_deeply_nested_garbage_fails_cleanly():
    assert parse_response("[" * 5000).status in ("failed", "truncated")


# ---------------------------------------------------------------------------- prompts
def test_worked_example_is_consistent_and_not_from_the_dataset():
    # Every string of the example answer is copied from the example article, and the example
    # article is none of the benchmark's documents.
    for layer, items in EXAMPLE_ANSWER.items():
        for item in items:
            for key in ("text", "speaker", "cue", "measured"):
                if item.get(key):
                    assert item[key] in EXAMPLE_TEXT, (layer, item[key])
    for doc in load_gold(None):
        assert EXAMPLE_TEXT.split("\n")[0] not in doc.text


def _prompt_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_prompt_command_on_the_bundled_benchmark(tmp_path: Path):
    out = tmp_path / "prompts.jsonl"
    assert main(["prompt", "--out", str(out), "--quiet"]) == 0
    docs = list(load_gold(None))
    lines = _prompt_lines(out)
    assert [line["id"] for line in lines] == [d.id for d in docs]
    for line, doc in zip(lines, docs):
        assert line["prompt"] == build_prompt(doc)
        assert doc.text in line["prompt"] and doc.published_at in line["prompt"]


def test_prompt_command_on_a_two_document_dataset(tmp_path: Path):
    dataset = write_gold(tmp_path / "docs.jsonl", two_documents())
    out = tmp_path / "prompts.jsonl"
    assert main(["prompt", "--dataset", str(dataset), "--out", str(out), "--quiet"]) == 0
    lines = _prompt_lines(out)
    assert [line["id"] for line in lines] == ["a1", "b2"]
    assert "Acme Corp said on Monday" in lines[0]["prompt"] and "Acme Corp" not in lines[1]["prompt"]
    assert "rally in Paris" in lines[1]["prompt"]


def test_prompt_bad_dataset_is_exit_2_and_no_output(tmp_path: Path, capsys):
    out = tmp_path / "prompts.jsonl"
    assert main(["prompt", "--dataset", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 2
    assert "missing.jsonl" in capsys.readouterr().err and not out.exists()


# ---------------------------------------------------------------------------- score --format llm
def _responses(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_score_llm_end_to_end(tmp_path: Path, capsys):
    # Two documents. a1: a perfect answer wrapped in prose and a fence. b2: cut off inside its
    # second numeric fact, so "last week" is lost (1 item dropped) and "Over 100" kept.
    # Hand count: entities 3 gold, 3 correct; quotes 2 and 2; numeric facts 4 gold, 3 predicted
    # and correct -> precision 1, recall 3/4.
    a1 = {"entities": [{"text": "Acme Corp", "label": "ORG"}, {"text": "Jane Doe", "label": "PERSON"}],
          "quotes": [{"text": "it raised $45 million in a funding round", "kind": "indirect",
                      "speaker": "Acme Corp", "cue": "said"},
                     {"text": "We are growing fast", "kind": "direct", "speaker": "Jane Doe", "cue": "said"}],
          "numeric_facts": [{"text": "Monday", "kind": "DATE", "value": None, "normalized": "2021-03-08",
                             "bound": "exact", "unit": None, "measured": None},
                            {"text": "$45 million", "kind": "MONEY", "value": 45000000, "normalized": "45000000",
                             "bound": "exact", "unit": "USD", "measured": "funding round"}]}
    b2 = ('{"entities": [{"text": "Paris", "label": "GPE"}], "quotes": [], "numeric_facts": ['
          '{"text": "Over 100", "kind": "CARDINAL", "value": 100, "normalized": "100", "bound": "more_than",'
          ' "unit": null, "measured": "people"}, {"text": "last we')
    dataset = write_gold(tmp_path / "docs.jsonl", two_documents())
    responses = _responses(tmp_path / "responses.jsonl", [
        {"id": "a1", "response": "Here you go:\n```json\n" + json.dumps(a1) + "\n```"},
        {"id": "b2", "response": b2, "model": "any"},   # extra fields of a client are ignored
    ])
    out = tmp_path / "results.json"
    code = main(["score", "--format", "llm", str(responses), "--dataset", str(dataset), "--bootstrap", "0",
                 "--json", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "LLM RESPONSES  2 read: ok 1, repaired 0, truncated 1, failed 0; items dropped 1" in printed
    results = json.loads(out.read_text())
    assert results["system"] == "responses" and results["predictions"].endswith("responses.jsonl")
    assert results["entities"]["strict"]["f1"] == 1.0
    assert results["quotes"]["content"]["exact"]["f1"] == 1.0
    span = results["numeric_facts"]["span"]["strict"]
    assert (span["precision"], span["recall"]) == (1.0, 0.75)
    parse = results["parse"]
    assert (parse["responses"], parse["ok"], parse["truncated"], parse["items_dropped"]) == (2, 1, 1, 1)
    assert [(d["id"], d["line"], d["status"], d["items_dropped"]) for d in parse["documents"]] == [
        ("a1", 1, "ok", 0), ("b2", 2, "truncated", 1)]


def test_score_llm_failed_response_is_predicted_empty(tmp_path: Path, capsys):
    # b2 answers with prose only: it counts as failed and scores as predicted empty (all missed),
    # while a1 (empty but valid) is fine; every layer is still scored.
    dataset = write_gold(tmp_path / "docs.jsonl", two_documents())
    responses = _responses(tmp_path / "r.jsonl", [
        {"id": "a1", "response": '{"entities": [], "quotes": [], "numeric_facts": []}'},
        {"id": "b2", "response": "I could not find anything."}])
    out = tmp_path / "results.json"
    assert main(["score", "--format", "llm", str(responses), "--dataset", str(dataset), "--bootstrap", "0",
                 "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    assert results["parse"]["failed"] == 1 and results["parse"]["documents"][1]["error"].startswith("no JSON")
    assert results["entities"]["strict"]["missed"] == 3 and results["quotes"]["content"]["exact"]["missed"] == 2
    assert "line 2 (b2): failed" in capsys.readouterr().out


@pytest.mark.parametrize("lines, message", [
    (['{"id": "a1", "response": "{}"}', "not json"], "r.jsonl:2"),
    (['{"id": "a1"}'], "r.jsonl:1"),                                      # no response
    (['{"id": "a1", "response": 5}'], "r.jsonl:1: field response"),      # not a string
    (['{"id": "a1", "response": "{}"}', '{"id": "a1", "response": "{}"}'], "r.jsonl:2: field id"),
    (['{"id": "zz", "response": "{\\"entities\\": []}"}'], "r.jsonl:1"),  # not in the dataset
    ([], "r.jsonl: no responses"),
])
def test_score_llm_bad_responses_file(tmp_path: Path, capsys, lines, message):
    dataset = write_gold(tmp_path / "docs.jsonl", two_documents())
    responses = tmp_path / "r.jsonl"
    responses.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "results.json"
    assert main(["score", "--format", "llm", str(responses), "--dataset", str(dataset), "--json", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and not out.exists()


_FULL = {"entities": [{"text": f"Name{k}", "label": "ORG"} for k in range(4)],
         "quotes": [{"text": f"We said {k}", "kind": "direct", "speaker": "Ross", "cue": "said"} for k in range(3)],
         "numeric_facts": [{"text": str(k), "kind": "CARDINAL", "value": k, "normalized": str(k), "bound": "exact",
                            "unit": None, "measured": None} for k in range(3)]}


@given(st.integers(min_value=0, max_value=len(json.dumps(_FULL))), st.booleans())
def test_any_cut_keeps_only_true_items(cut, single):
    # Cut a valid answer (double- or single-quoted) anywhere: parsing never raises, the items
    # kept in each layer are a prefix of the full answer's items, and a cut at the very end
    # keeps everything.
    full = json.dumps(_FULL)
    text = (full.replace('"', "'") if single else full)[:cut]
    parsed = parse_response(text)
    for layer, items in parsed.layers.items():
        assert items == [{**i, **({"kind": "direct"} if layer == "quotes" else {})} for i in _FULL[layer][:len(items)]]
    if cut == len(full):
        assert parsed.status == ("repaired" if single else "ok")
        assert all(len(parsed.layers[layer]) == len(_FULL[layer]) for layer in _FULL)


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text):
    parsed = parse_response(text)
    assert parsed.status in ("ok", "repaired", "truncated", "failed")
    assert (parsed.status == "failed") == (parsed.error is not None)


def test_items_grouped_by_label_and_curly_delimiters():
    # {"PERSON": [...]} groups: one entity per string, the label from the key (a dict item in a
    # group keeps its own fields). Curly double quotes as string delimiters are read too.
    parsed = parse_response('{"entities": {"PERSON": ["Ross", "Trump"], "ORG": "Huawei"}}')
    assert parsed.layers["entities"] == [ROSS, {"text": "Trump", "label": "PERSON"}, {"text": "Huawei", "label": "ORG"}]
    assert parsed.status == "repaired"
    parsed = parse_response("{\u201centities\u201d: [{\u201ctext\u201d: \u201cRoss\u201d, \u201clabel\u201d: \u201cPERSON\u201d}]}")
    assert (parsed.status, parsed.layers["entities"]) == ("repaired", [ROSS])
