"""Integration: push, annotate through the REST API as the editor does, pull, validate, against a real server.

The server comes from the ``labelstudio`` fixture (started here unless LABEL_STUDIO_URL is set).
The project is a copy of the bundled benchmark plus a new article without gold; in the copy, the
seed article's "over 100" fact is removed so that the annotator can add it back.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from newsfacts.dataset.gold import read_annotations, read_gold, write_annotations
from newsfacts.model import Span

from .helpers import ROOT, api, per_region, region, relation, run, write_seed

pytestmark = pytest.mark.labelstudio

DOC = "000_d42d46c449c189f0"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    seeds, annotations = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(ROOT / "seeds", seeds)
    shutil.copytree(ROOT / "annotations", annotations)
    (annotations / "GUIDELINES.md").unlink(missing_ok=True)
    write_seed(seeds, "new_article")  # a new article: no gold yet
    ann, _ = read_annotations(annotations / f"{DOC}.json")
    kept = tuple(n for n in ann.numeric_facts if n.text != "over 100")
    assert len(kept) == len(ann.numeric_facts) - 1
    write_annotations(annotations / f"{DOC}.json", ann.__class__(**{**_fields(ann), "numeric_facts": kept}))
    return seeds, annotations


def _fields(record) -> dict:
    return {name: getattr(record, name) for name in record.__struct_fields__}


def _project_id(url: str, token: str, title: str) -> int:
    found = [p for p in api(url, token, "GET", f"/api/projects?title={title}")["results"] if p["title"] == title]
    assert len(found) == 1
    return found[0]["id"]


def _tasks(url: str, token: str, pid: int) -> list[dict]:
    return api(url, token, "GET", f"/api/tasks?project={pid}&fields=all&page_size=1000")["tasks"]


def test_push_annotate_pull_round_trip(capsys, labelstudio, project, tmp_path, monkeypatch):
    url, token = labelstudio
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", token)
    seeds, annotations = project
    title = f"newsfacts-test-{uuid.uuid4().hex[:8]}"
    n_seeds = len(list(seeds.glob("*.txt")))

    status, out, err = run(capsys, "labelstudio", "push", "--project", title, "--seeds", seeds,
                               "--annotations", annotations)
    assert status == 0, err
    assert f"added {n_seeds} task(s), kept 0" in out
    assert token not in out + err
    pid = _project_id(url, token, title)
    tasks = {t["data"]["doc_id"]: t for t in _tasks(url, token, pid)}
    assert sorted(tasks) == sorted(p.stem for p in seeds.glob("*.txt"))
    assert tasks["new_article"]["annotations"] == []

    # The annotator's edit of the seed article, saved as the editor saves it (PATCH of the result).
    task = tasks[DOC]
    (annotation,) = task["annotations"]
    text = task["data"]["text"]
    result = annotation["result"]
    before, _ = read_annotations(annotations / f"{DOC}.json")
    apple = next(e for e in before.entities if e.text == "Apple")
    # 1. fix an entity label (and its cluster line, as the label of a cluster follows its mentions)
    for item in result:
        if item.get("id") == apple.id and item["type"] == "labels":
            item["value"]["labels"] = ["PRODUCT"]
        if item.get("from_name") == "clusters":
            item["value"]["text"] = [line.replace("apple | ORG |", "apple | PRODUCT |") for line in item["value"]["text"]]
    # 2. add a numeric fact with value, bound and what it measures
    s, e = text.index("over 100"), text.index("over 100") + len("over 100")
    ms, me = e + 1, e + 1 + len("Chinese entities")
    assert text[ms:me] == "Chinese entities"
    result += [region("Xy7-new01", "numeric", s, e, "over 100", "CARDINAL"),
               per_region("Xy7-new01", "value", s, e, "number", 100),
               per_region("Xy7-new01", "bound", s, e, "choices", ["more_than"]),
               region("-meas0002", "numeric", ms, me, "Chinese entities", "MEASURED"),
               relation("Xy7-new01", "-meas0002")]  # no relation label: the regions say what it is
    # 3. re-attribute a quote: "a US-Huawei deal ..." goes from Ross to Bloomberg
    quote = next(q for q in before.quotes if q.text.startswith("a US-Huawei deal"))
    bs, be = text.index("Bloomberg"), text.index("Bloomberg") + len("Bloomberg")
    result[:] = [r for r in result if not (r.get("type") == "relation" and r["from_id"] == quote.id
                                             and r["labels"] == ["speaker"])]
    result += [region("spk-bloomb", "quote", bs, be, "Bloomberg", "SPEAKER"),
               per_region("spk-bloomb", "cluster", bs, be, "textarea", ["bloomberg"]),
               relation(quote.id, "spk-bloomb", "speaker")]
    api(url, token, "PATCH", f"/api/annotations/{annotation['id']}", {"result": result})

    pulled = tmp_path / "pulled"
    pulled.mkdir()
    status, out, err = run(capsys, "labelstudio", "pull", "--project", title, "--out", pulled, "--seeds", seeds)
    assert status == 0, err
    assert "without a submitted annotation left out: new_article" in out
    assert not (pulled / "new_article.json").exists()

    after, _ = read_annotations(pulled / f"{DOC}.json")
    # Exactly the three changes arrived, nothing else moved.
    assert [e for e in after.entities if e.id != apple.id] == [e for e in before.entities if e.id != apple.id]
    assert next(e for e in after.entities if e.id == apple.id).label == "PRODUCT"
    changed_clusters = [(b, a) for b, a in zip(before.clusters, after.clusters) if a != b]
    assert [(b.id, a.label) for b, a in changed_clusters] == [("apple", "PRODUCT")]
    assert [n for n in after.numeric_facts if n.id != "Xy7-new01"] == list(before.numeric_facts)
    added = next(n for n in after.numeric_facts if n.id == "Xy7-new01")
    assert (added.kind, added.value, added.normalized, added.bound, added.unit) == \
        ("CARDINAL", 100.0, "100", "more_than", None)
    assert added.measured == Span(start=ms, end=me, text="Chinese entities")
    assert [q for q in after.quotes if q.id != quote.id] == [q for q in before.quotes if q.id != quote.id]
    moved = next(q for q in after.quotes if q.id == quote.id)
    assert (moved.speaker, moved.speaker_cluster) == (Span(start=bs, end=be, text="Bloomberg"), "bloomberg")
    assert (moved.start, moved.end, moved.kind, moved.cue) == (quote.start, quote.end, quote.kind, quote.cue)

    # newsfacts validate passes on the pulled gold (the new article still has none)
    report = read_gold([seeds], pulled)
    assert not report.errors
    assert [p.message for p in report.problems] == [f"missing annotation file for seed {seeds / 'new_article.txt'}"] \
        or all("new_article" in p.file for p in report.problems)
    assert DOC in [d.id for d in report.documents]

    # A second push adds nothing and leaves the annotator's work alone.
    status, out, err = run(capsys, "labelstudio", "push", "--project", title, "--seeds", seeds,
                               "--annotations", annotations)
    assert status == 0, err
    assert f"added 0 task(s), kept {n_seeds}" in out
    again = {t["data"]["doc_id"]: t for t in _tasks(url, token, pid)}
    assert len(again) == n_seeds
    assert [a["result"] for a in again[DOC]["annotations"]] == [result]


def test_wrong_token_is_one_message_naming_the_url(capsys, labelstudio, tmp_path, monkeypatch):
    url, _ = labelstudio
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "0" * 40)
    out = tmp_path / "out"
    out.mkdir()
    status, stdout, err = run(capsys, "labelstudio", "pull", "--out", out)
    assert status == 2
    assert url in err and "refused the token" in err and "Traceback" not in err
    assert "0" * 40 not in err
    assert list(out.iterdir()) == []


def test_pull_from_a_missing_project_creates_nothing(capsys, labelstudio, tmp_path, monkeypatch):
    url, token = labelstudio
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", token)
    title = f"missing-{uuid.uuid4().hex[:8]}"
    status, _, err = run(capsys, "labelstudio", "pull", "--project", title, "--out", tmp_path)
    assert status == 2
    assert f"{url}: no project titled {title!r}" in err
    assert [p for p in api(url, token, "GET", f"/api/projects?title={title}")["results"]] == []


def test_push_with_a_systems_predictions_as_pre_annotations(capsys, labelstudio, monkeypatch):
    url, token = labelstudio
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", token)
    title = f"newsfacts-pred-{uuid.uuid4().hex[:8]}"
    example = ROOT / "examples" / "llm_predictions.jsonl"
    status, out, err = run(capsys, "labelstudio", "push", "--project", title, "--predictions", example,
                               "--system", "example-llm")
    assert status == 0, err
    tasks = {t["data"]["doc_id"]: t for t in _tasks(url, token, _project_id(url, token, title))}
    (prediction,) = tasks[DOC]["predictions"]
    assert prediction["model_version"] == "example-llm"
    labels = {r["value"]["labels"][0] for r in prediction["result"] if r["type"] == "labels"}
    assert "PERSON" in labels and "QUOTE" in labels
    assert len(tasks[DOC]["annotations"]) == 1  # the gold stays the annotation to correct
