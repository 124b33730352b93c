"""Label Studio conversions without a server: config, tasks, import, adjudication, agreement, bad input."""

from __future__ import annotations

import copy
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import msgspec
import pytest

from newsfacts.dataset.gold import read_annotations
from newsfacts.labelstudio.tasks import tasks_for, to_results
from newsfacts.model import (
    BOUNDS, ENTITY_LABELS, NUMERIC_KINDS, QUOTE_KINDS, Annotations, Cluster, Entity,
)

from .helpers import ROOT, at, per_region, region, relation, run, small_gold


# --------------------------------------------------------------------------- config


def test_config_lists_every_label_of_the_model(capsys):
    status, xml, _ = run(capsys, "labelstudio", "config")
    assert status == 0
    root = ET.fromstring(xml)
    labels = {c.get("name"): [l.get("value") for l in c] for c in root.iter("Labels")}
    assert labels == {"entity": list(ENTITY_LABELS), "quote": ["QUOTE", "SPEAKER", "CUE"],
                      "numeric": [*NUMERIC_KINDS, "MEASURED"]}
    choices = {c.get("name"): [x.get("value") for x in c] for c in root.iter("Choices")}
    assert choices == {"kind": list(QUOTE_KINDS), "bound": list(BOUNDS)}
    assert [r.get("value") for r in root.iter("Relation")] == ["speaker", "cue", "measured"]
    value = next(root.iter("Number"))
    assert value.get("whenLabelValue").split(",") == [k for k in NUMERIC_KINDS if k not in ("DATE", "TIME")]


# --------------------------------------------------------------------------- round trips


def _bundled(tmp_path: Path) -> tuple[Path, Path]:
    seeds, annotations = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(ROOT / "seeds", seeds)
    annotations.mkdir()
    for path in (ROOT / "annotations").glob("*.json"):
        shutil.copy(path, annotations)
    return seeds, annotations


@pytest.mark.parametrize("name", ["tasks.json", "tasks.jsonl"])
@pytest.mark.parametrize("as_", ["annotations", "predictions"])
def test_gold_to_tasks_to_gold_is_identical(capsys, tmp_path, name, as_):
    seeds, annotations = _bundled(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    status, _, err = run(capsys, "labelstudio", "tasks", "--out", tmp_path / name, "--seeds", seeds,
                             "--annotations", annotations, "--as", as_)
    assert status == 0, err
    if as_ == "predictions":  # pre-annotations are not gold until someone submits them
        tasks = json.loads((tmp_path / name).read_text()) if name.endswith(".json") else \
            [json.loads(line) for line in (tmp_path / name).read_text().splitlines()]
        assert all(t["annotations"] == [] and t["predictions"][0]["model_version"] == "gold" for t in tasks)
        for t in tasks:  # as an annotator who accepts the pre-annotation would
            t["annotations"] = [{"result": t["predictions"][0]["result"]}]
        (tmp_path / name).write_text(json.dumps(tasks) if name.endswith(".json") else
                                     "".join(json.dumps(t) + "\n" for t in tasks))
    status, _, err = run(capsys, "labelstudio", "import", tmp_path / name, "--out", out, "--seeds", seeds)
    assert status == 0, err
    originals = sorted(annotations.glob("*.json"))
    assert [p.name for p in sorted(out.glob("*.json"))] == [p.name for p in originals]
    for path in originals:
        assert (out / path.name).read_bytes() == path.read_bytes()


def test_tasks_carry_document_data_and_seeds_without_gold_get_empty_tasks(small_project, tmp_path):
    (small_project / "seeds" / "fresh.txt").write_text(
        (small_project / "seeds" / "small.txt").read_text().replace("Ross says", "Ross writes"))
    tasks = tasks_for(seeds=small_project / "seeds", annotations=small_project / "annotations")
    by_id = {t["data"]["doc_id"]: t for t in tasks}
    assert sorted(by_id) == ["fresh", "small"]
    assert by_id["fresh"]["annotations"] == []
    data = by_id["small"]["data"]
    assert set(data) == {"doc_id", "text_sha256", "title", "url", "source", "author", "published_at", "text"}
    assert data["title"] == "Ross says deal near" and data["source"] == "ZDNet"
    result = by_id["small"]["annotations"][0]["result"]
    # one region per item; shared speaker/cue/measured regions; relations last
    ids = [r["id"] for r in result if r["type"] == "labels"]
    assert ids[:6] == ["e1", "e2", "e3", "q1", "n1", "n2"]
    assert {i.split("-")[0] for i in ids[6:]} == {"speaker", "cue", "measured"}
    assert [(r["from_id"], r["labels"]) for r in result if r["type"] == "relation"] == \
        [("q1", ["speaker"]), ("q1", ["cue"]), ("n1", ["measured"])]


def test_system_predictions_become_pre_annotations(capsys, small_project, tmp_path):
    pred = tmp_path / "pred.jsonl"
    # offset-free, as an LLM answers: aligned to the text before it becomes a region
    pred.write_text(json.dumps({"id": "small", "entities": [{"text": "Ross", "label": "PERSON"}],
                                "numeric_facts": [{"text": "260", "kind": "CARDINAL", "value": 260}]}) + "\n")
    status, _, err = run(capsys, "labelstudio", "tasks", "--out", tmp_path / "t.json", "--seeds", small_project / "seeds",
                             "--annotations", small_project / "annotations", "--predictions", pred,
                             "--system", "spacy-sm")
    assert status == 0, err
    (task,) = json.loads((tmp_path / "t.json").read_text())
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == "spacy-sm"
    labels = [(r["value"]["text"], r["value"]["labels"]) for r in prediction["result"] if r["type"] == "labels"]
    assert labels == [("Ross", ["PERSON"]), ("260", ["CARDINAL"])]
    assert len(task["annotations"]) == 1  # the gold stays the annotation to correct


# --------------------------------------------------------------------------- import of editor output


def _small_task(small_project: Path) -> dict:
    (task,) = tasks_for(seeds=small_project / "seeds", annotations=small_project / "annotations")
    return task


def _import(capsys, tmp_path: Path, small_project: Path, tasks: list | str, *extra: object) -> tuple[int, str, str, Path]:
    export = tmp_path / "export.json"
    export.write_text(tasks if isinstance(tasks, str) else json.dumps(tasks))
    out = tmp_path / "imported"
    out.mkdir(exist_ok=True)
    status, stdout, err = run(capsys, "labelstudio", "import", export, "--out", out, "--seeds",
                                  small_project / "seeds", *extra)
    return status, stdout, err, out


def test_editor_regions_and_unlabelled_relations_are_understood(capsys, small_project, tmp_path):
    task = _small_task(small_project)
    text = task["data"]["text"]
    result = [r for r in task["annotations"][0]["result"]
              if r.get("from_name") != "clusters" and not r.get("id", "").startswith("speaker")
              and r.get("labels") != ["speaker"]]
    s, e = at(text, "Ross", 1)
    result.append(relation("e3", "q1"))  # drawn from the mention to the quote, no label: the speaker
    a, b = at(text, "US")
    result = [r for r in result if r.get("id") != "e2"]
    result += [region("Ab3-xY9zQk", "entity", a, b, "US", "GPE"),
               per_region("Ab3-xY9zQk", "cluster", a, b, "textarea", ["usa"])]  # no clusters line: made from it
    task["annotations"] = [{"id": 7, "result": result}]
    status, _, err, out = _import(capsys, tmp_path, small_project, [task])
    assert status == 0, err
    ann, _ = read_annotations(out / "small.json")
    gold = small_gold(text, task["data"]["text_sha256"])
    (quote,) = ann.quotes
    assert quote == gold.quotes[0]  # speaker span and cluster from the entity mention
    assert [c.id for c in ann.clusters] == ["ross", "usa"]
    assert ann.clusters[1] == Cluster(id="usa", name="US", label="GPE", aliases=())
    assert ann.clusters[0] == Cluster(id="ross", name="Ross", label="PERSON", aliases=())
    assert [e.id for e in ann.entities] == ["e1", "Ab3-xY9zQk", "e3"]


# --------------------------------------------------------------------------- bad input


def _mutate(task: dict, fn) -> list:
    task = copy.deepcopy(task)
    fn(task)
    return [task]


def _result(task: dict) -> list:
    return task["annotations"][0]["result"]


def _item(task: dict, rid: str, control: str) -> dict:
    return next(r for r in _result(task) if r.get("id") == rid and r.get("from_name") == control)


BAD = {
    "unknown label": (lambda t: _item(t, "e1", "entity")["value"].update(labels=["PERSN"]),
                      "task #1 (doc_id 'small'), annotation 1, region 'e1': unknown label 'PERSN'"),
    "region without offsets": (lambda t: [_item(t, "q1", "quote")["value"].pop(k) for k in ("start", "end")],
                               "annotation 1, region 'q1': region without offsets"),
    "relation to a missing region": (lambda t: _result(t).append(relation("q1", "gone")),
                                     "annotation 1, relation 'q1' -> 'gone': points to a missing region 'gone'"),
    "offsets disagree with the text": (lambda t: _item(t, "e2", "entity")["value"].update(start=23, end=25),
                                       "annotation 1, region 'e2': offsets disagree with the text: "
                                       "the region says 'US', the text at [23, 25) is 'e '"),
    "task without doc_id": (lambda t: t["data"].pop("doc_id"), "task #1: task without data.doc_id"),
    "annotations not a list": (lambda t: t.update(annotations=5),
                               "task #1 (doc_id 'small'): 'annotations' is not a list of objects"),
    "an annotation that is not an object": (lambda t: t["annotations"].insert(0, "x"),
                                            "task #1 (doc_id 'small'): 'annotations' is not a list of objects"),
    "unknown doc_id": (lambda t: t["data"].update(doc_id="nope"),
                       "task #1 (doc_id 'nope'): unknown doc_id: no seed nope.txt"),
    "text that no longer matches the seed": (
        lambda t: t["data"].update(text=t["data"]["text"].replace("close", "near")),
        "task #1 (doc_id 'small'): the task's text no longer matches the canonical text of seed small.txt"),
    "a gold rule broken": (lambda t: _item(t, "n1", "value")["value"].update(number=26),
                           "annotation 1, region 'n1' (numeric_facts[0].normalized): '260' differs from value 26.0"),
    "a speaker without its quote": (
        lambda t: _result(t).__setitem__(slice(None), [r for r in _result(t) if r.get("labels") != ["speaker"]]),
        "annotation 1, region 'speaker-"),
    "several annotations without a policy": (lambda t: t["annotations"].append(copy.deepcopy(t["annotations"][0])),
                                             "task #1 (doc_id 'small'): 2 annotations; choose one in Label Studio "
                                             "or import with --adjudicate majority"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_export_is_one_message_exit_2_nothing_written(capsys, small_project, tmp_path, case):
    mutate, expected = BAD[case]
    good = _small_task(small_project)
    # A good task first: it must not be written either when a later one fails.
    other = copy.deepcopy(good)
    other["data"]["doc_id"] = "small2"
    shutil.copy(small_project / "seeds" / "small.txt", small_project / "seeds" / "small2.txt")
    status, stdout, err, out = _import(capsys, tmp_path, small_project, [other, *_mutate(good, mutate)])
    assert status == 2, (stdout, err)
    assert expected.replace("task #1", "task #2") in err
    assert err.startswith("newsfacts: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert list(out.iterdir()) == []


def test_an_export_without_tasks_is_refused(capsys, small_project, tmp_path):
    status, _, err, out = _import(capsys, tmp_path, small_project, [])
    assert status == 2 and "export.json: no task in this file" in err and err.count("\n") == 1
    assert list(out.iterdir()) == []
    status, _, err = run(capsys, "labelstudio", "agreement", tmp_path / "export.json", "--seeds", small_project / "seeds",
                         "--json", tmp_path / "a.json")
    assert status == 2 and "no task in this file" in err and not (tmp_path / "a.json").exists()


def test_malformed_file_names_the_line(capsys, small_project, tmp_path):
    status, _, err, out = _import(capsys, tmp_path, small_project, '[\n{"data": {"doc_id": "small"}},\n{"data": }\n]')
    assert status == 2
    assert "export.json:3: malformed JSON" in err
    assert list(out.iterdir()) == []


def test_unreachable_server_names_the_url(capsys, small_project, tmp_path, monkeypatch):
    from .helpers import labelstudio_server_module

    url = f"http://127.0.0.1:{labelstudio_server_module().free_port()}"
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "secret-token-value")
    status, out, err = run(capsys, "labelstudio", "push", "--seeds", small_project / "seeds",
                               "--annotations", small_project / "annotations")
    assert status == 2
    assert err.startswith(f"newsfacts: error: {url}: cannot reach Label Studio")
    assert "secret-token-value" not in out + err


@pytest.mark.parametrize("option", ["--report", "--export"])
def test_pull_refuses_a_bad_output_before_asking_the_server(capsys, tmp_path, monkeypatch, option):
    # The server is not even reachable: the output path is checked first, so no gold file is
    # written before a report or export that cannot be.
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "secret-token-value")
    (tmp_path / "gold").mkdir()
    (tmp_path / "adir").mkdir()
    status, _, err = run(capsys, "labelstudio", "pull", "--out", tmp_path / "gold", option, tmp_path / "adir")
    assert status == 2 and err == f"newsfacts: error: {tmp_path / 'adir'}: exists and is not a regular file; give a file path\n"
    assert list((tmp_path / "gold").iterdir()) == []


# --------------------------------------------------------------------------- several annotators


def _annotator_b(text: str, sha: str) -> Annotations:
    """Annotator B's version of the small document (A's is the gold of conftest.small_gold).

    Entities: "Ross" the same; "The US" for A's "US" (overlap, same label); the second "Ross" as ORG
    (same span, other label, own cluster). Quote the same (speaker: B's mention, which covers A's).
    Numbers: 250 for A's 260; "Sunday" the same.
    """
    a = small_gold(text, sha)
    us_s, us_e = at(text, "The US")
    ross2 = a.entities[2]
    entities = (a.entities[0], Entity(id="e2", start=us_s, end=us_e, text="The US", label="GPE", cluster="us"),
                msgspec.structs.replace(ross2, label="ORG", cluster="ross_co"))
    clusters = (*a.clusters, Cluster(id="ross_co", name="Ross Co", label="ORG", aliases=()))
    quotes = (msgspec.structs.replace(a.quotes[0], speaker_cluster="ross_co"),)
    n1 = msgspec.structs.replace(a.numeric_facts[0], value=250.0, normalized="250")
    return msgspec.structs.replace(a, entities=entities, clusters=clusters, quotes=quotes,
                                   numeric_facts=(n1, a.numeric_facts[1]))


def _two_annotators(small_project: Path) -> dict:
    task = _small_task(small_project)
    text, sha = task["data"]["text"], task["data"]["text_sha256"]
    b = _annotator_b(text, sha)
    task["id"] = 41
    task["annotations"] = [
        {"id": 1, "completed_by": {"id": 2, "email": "a@x"}, "updated_at": "2026-01-01T10:00:00Z",
         "result": _result(task)},
        {"id": 2, "completed_by": {"id": 3, "email": "b@x"}, "updated_at": "2026-01-02T10:00:00Z",
         "result": to_results(b.entities, b.clusters, b.quotes, b.numeric_facts)},
    ]
    return task


def _agreement(capsys, small_project: Path, tmp_path: Path) -> tuple[str, Path]:
    """``labelstudio agreement --json`` on the two annotators' export: (stdout, the JSON's path)."""
    export = tmp_path / "export.json"
    export.write_text(json.dumps([_two_annotators(small_project)]))
    status, stdout, err = run(capsys, "labelstudio", "agreement", export, "--seeds", small_project / "seeds",
                                  "--json", tmp_path / "agreement.json")
    assert status == 0, err
    return stdout, tmp_path / "agreement.json"


def test_agreement_of_two_annotators_matches_the_hand_derivation(capsys, small_project, tmp_path):
    stdout, path = _agreement(capsys, small_project, tmp_path)
    result = json.loads(path.read_text())
    (pair,) = result["pairs"]
    assert pair["annotators"] == ["a@x", "b@x"]
    f = result["overall"]
    assert f == pair["figures"]  # one document, one pair
    # Entities, A as reference: Ross exact (COR); US vs "The US" overlap, same label; second Ross
    # same span, other label. strict: COR 1, INC 2 -> P = R = 1/3, F1 = 1/3.
    # partial: COR = exact spans (2), PAR = 1 -> P = R = (2 + 0.5) / 3 = 5/6.
    assert f["entities.strict_f1"] == pytest.approx(1 / 3)
    assert f["entities.partial_f1"] == pytest.approx(5 / 6)
    # Tokens (\w+ or one punctuation mark): 21. Entity labels per token differ on "The" (O vs GPE)
    # and the second "Ross" (PERSON vs ORG): p_o = 19/21. Marginals A: PERSON 2, GPE 1, O 18;
    # B: PERSON 1, GPE 2, ORG 1, O 17 -> p_e = (2*1 + 1*2 + 18*17) / 21^2 = 310/441.
    # kappa = (399/441 - 310/441) / (1 - 310/441) = 89/131.
    assert f["entities.kappa"] == pytest.approx(89 / 131)
    assert f["quotes.exact_f1"] == 1.0 and f["quotes.speaker_agreement"] == 1.0
    assert f["quotes.kappa"] == 1.0
    # Numbers: both facts match; 250 vs 260 disagree (0 of 1 values), Sunday agrees (1 of 1 dates).
    assert f["numeric_facts.strict_f1"] == 1.0
    assert f["numeric_facts.value_agreement"] == 0.0
    assert f["numeric_facts.date_agreement"] == 1.0
    assert "entities.kappa" in stdout


def test_adjudication_majority_ties_to_the_most_recent_and_reports_each_disagreement(capsys, small_project, tmp_path):
    task = _two_annotators(small_project)
    status, stdout, err, out = _import(capsys, tmp_path, small_project, [task], "--adjudicate", "majority",
                                       "--report", tmp_path / "report.json")
    assert status == 0, err
    ann, _ = read_annotations(out / "small.json")
    text, sha = task["data"]["text"], task["data"]["text_sha256"]
    b = _annotator_b(text, sha)
    # Two annotators: every disagreement is a tie, so B (the more recent) wins each of them; an
    # item only A has ("US") is present in half: the most recent (B) has none, so it goes.
    assert ann.entities == b.entities
    assert ann.numeric_facts == b.numeric_facts
    assert ann.quotes == b.quotes
    report = json.loads((tmp_path / "report.json").read_text())["disagreements"]
    keys = sorted((d["layer"], d.get("start"), d.get("cluster")) for d in report)
    us, the_us, ross2 = at(text, "US"), at(text, "The US"), at(text, "Ross", 1)
    n260 = at(text, "260")
    assert keys == sorted([("entities", us[0], None), ("entities", the_us[0], None), ("entities", ross2[0], None),
                           ("quotes", at(text, "It is close")[0], None), ("numeric_facts", n260[0], None),
                           ("clusters", None, "ross_co")])
    assert all(d["votes"][0]["annotator"] == "a@x" and d["task"] == 41 for d in report)
    assert "6 disagreement(s) adjudicated (majority)" in stdout


def test_adjudication_ground_truth_wins_and_three_make_a_majority(capsys, small_project, tmp_path):
    task = _two_annotators(small_project)
    third = copy.deepcopy(task["annotations"][0])
    third.update(id=3, completed_by={"id": 4, "email": "c@x"}, updated_at="2026-01-03T10:00:00Z")
    task["annotations"].insert(1, third)  # A, B, A' (A' the most recent): A's version wins 2 to 1
    status, _, err, out = _import(capsys, tmp_path, small_project, [task], "--adjudicate", "majority")
    assert status == 0, err
    gold = small_gold(task["data"]["text"], task["data"]["text_sha256"])
    assert read_annotations(out / "small.json")[0] == gold

    task["annotations"] = [task["annotations"][0], task["annotations"][2]]  # A, B
    task["annotations"][0]["ground_truth"] = True  # A is older but marked ground truth
    status, _, err, out = _import(capsys, tmp_path, small_project, [task], "--adjudicate", "majority")
    assert status == 0, err
    assert read_annotations(out / "small.json")[0] == gold


def test_unknown_entity_label_in_the_middle_of_an_export_names_it(capsys, small_project, tmp_path):
    task = _small_task(small_project)
    for r in _result(task):
        if r.get("id") == "e3" and r["type"] == "labels":
            r["value"]["labels"] = ["DATE"]  # a numeric kind in the entity control
    status, _, err, _ = _import(capsys, tmp_path, small_project, [task])
    assert status == 2
    assert "region 'e3': unknown label 'DATE' for control 'entity'" in err


def test_publish_dry_run_checks_the_card_and_lists_files(capsys, tmp_path):
    from newsfacts.dataset.gold import load_documents
    from newsfacts.dataset.hub import build

    folder = tmp_path / "built"
    build(load_documents(), folder)
    status, out, err = run(capsys, "publish", "someone/newsfacts", "--dataset", folder, "--dry-run")
    assert status == 0, err
    assert "would upload 2 file(s) to the dataset repository someone/newsfacts" in out
    assert "data/test-00000-of-00001.parquet" in out
    card = folder / "README.md"
    card.write_text(card.read_text().replace("pretty_name:", "pretty:"))
    status, out, err = run(capsys, "publish", "someone/newsfacts", "--dataset", folder, "--dry-run")
    assert status == 2 and "lacks pretty_name" in err
    text = card.read_text()
    card.write_text("# no metadata\n")
    status, out, err = run(capsys, "publish", "someone/newsfacts", "--dataset", folder, "--dry-run")
    assert status == 2 and err.startswith("newsfacts: error: ") and err.count("\n") == 1 and "lacks license" in err
    card.write_text("---\n: : [\n---\n")  # YAML whose error spans several lines: said on one
    status, out, err = run(capsys, "publish", "someone/newsfacts", "--dataset", folder, "--dry-run")
    assert status == 2 and "does not parse" in err and err.count("\n") == 1
    card.write_text(text)
    status, out, err = run(capsys, "publish", "someone/newsfacts", "--dataset", tmp_path / "nothing", "--dry-run")
    assert status == 2 and "build it first" in err
    card.write_text(card.read_text().replace("pretty:", "pretty_name:"))
    (folder / "data" / "test-00000-of-00001.parquet").write_bytes(b"not parquet")  # would upload as is
    status, out, err = run(capsys, "publish", "someone/newsfacts", "--dataset", folder, "--dry-run")
    assert status == 2 and "test-00000-of-00001.parquet" in err and err.count("\n") == 1, err



def test_editor_offsets_in_utf16_code_units_are_converted(capsys, small_project, tmp_path):
    seed = (small_project / "seeds" / "small.txt").read_text()
    seed = seed.replace("The US received", "\U0001F600 The US received").replace("on\u00a0Sunday", "on \U0001F600 Sunday")
    (small_project / "seeds" / "emoji.txt").write_text(seed)
    task = next(t for t in tasks_for(seeds=small_project / "seeds", annotations=small_project / "annotations")
                if t["data"]["doc_id"] == "emoji")
    text = task["data"]["text"]
    us, sunday = at(text, "US"), at(text, "Sunday")

    def utf16(offset: int) -> int:  # what the browser counts: an emoji is two code units
        return len(text[:offset].encode("utf-16-le")) // 2

    assert (utf16(us[0]), utf16(sunday[1])) == (us[0] + 1, sunday[1] + 2) and utf16(sunday[1]) > len(text)
    u, s = (utf16(us[0]), utf16(us[1])), (utf16(sunday[0]), utf16(sunday[1]))
    task["annotations"] = [{"id": 5, "result": [
        region("e1", "entity", *u, "US", "GPE"), per_region("e1", "cluster", *u, "textarea", ["us"]),
        region("n1", "numeric", *s, "Sunday", "DATE"), per_region("n1", "bound", *s, "choices", ["exact"]),
        per_region("n1", "normalized", *s, "textarea", ["2019-11-03"])]}]
    status, _, err, out = _import(capsys, tmp_path, small_project, [task])
    assert status == 0, err
    gold = read_annotations(out / "emoji.json")[0]
    assert [(e.start, e.end, e.text) for e in gold.entities] == [(*us, "US")]
    assert [(n.start, n.end, n.text) for n in gold.numeric_facts] == [(*sunday, "Sunday")]


def test_tasks_from_a_built_folder_carry_the_same_gold(capsys, tmp_path):
    from newsfacts.dataset.gold import load_documents
    from newsfacts.dataset.hub import build

    build(load_documents(), tmp_path / "built")
    out = tmp_path / "out"
    out.mkdir()
    status, _, err = run(capsys, "labelstudio", "tasks", "--out", tmp_path / "t.json", "--dataset", tmp_path / "built")
    assert status == 0, err
    status, _, err = run(capsys, "labelstudio", "import", tmp_path / "t.json", "--out", out)
    assert status == 0, err
    for path in (ROOT / "annotations").glob("*.json"):
        assert (out / path.name).read_bytes() == path.read_bytes()


def test_the_card_states_agreement_figures_when_there_are_several_annotators(capsys, small_project, tmp_path):
    _, path = _agreement(capsys, small_project, tmp_path)
    status, _, err = run(capsys, "build", "--out", tmp_path / "built", "--agreement", path)
    assert status == 0, err
    card = (tmp_path / "built" / "README.md").read_text()
    assert "not yet measured" not in card
    assert "on the 1 article(s) that two or more people annotated" in card
    assert f"| entities.kappa | {89 / 131:.3f} |" in card  # the hand-derived kappa above
    (tmp_path / "other.json").write_text('{"a": 1}')
    status, _, err = run(capsys, "build", "--out", tmp_path / "built2", "--agreement", tmp_path / "other.json")
    assert status == 2 and "expected the JSON of 'newsfacts labelstudio agreement --json'" in err


BAD_AGREEMENT = {  # what the card could not state: one message naming the field, nothing built
    "documents is a boolean": ('{"documents": true, "overall": {}}', "field documents: expected a count"),
    "documents is negative": ('{"documents": -1, "overall": {}}', "field documents: expected a count"),
    "pairs is not a list": ('{"documents": 1, "pairs": "x", "overall": {}}', "field pairs: expected a list"),
    "a figure is a string": ('{"documents": 1, "overall": {"entities.kappa": "high"}}',
                             "field overall.entities.kappa: expected a number or null, got 'high'"),
    "a figure is an object": ('{"documents": 1, "overall": {"entities": {"f1": 1}}}',
                              "field overall.entities: expected a number or null"),
}


@pytest.mark.parametrize("case", sorted(BAD_AGREEMENT))
def test_build_refuses_an_agreement_json_of_the_wrong_shape(capsys, tmp_path, case):
    content, expected = BAD_AGREEMENT[case]
    (tmp_path / "agreement.json").write_text(content)
    status, _, err = run(capsys, "build", "--out", tmp_path / "built", "--agreement", tmp_path / "agreement.json")
    assert status == 2 and expected in err and "agreement.json" in err
    assert err.startswith("newsfacts: error: ") and err.count("\n") == 1
    assert not (tmp_path / "built").exists()
