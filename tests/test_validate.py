"""Each validation rule fails on a hand-made bad annotation, with the right field and message."""

from __future__ import annotations

import json

import msgspec
import pytest

from newsfacts.cli import main
from newsfacts.dataset.gold import read_gold, write_annotations
from newsfacts.model import Cluster, Span
from newsfacts.dataset.seeds import parse_seed
from newsfacts.dataset.rules import check_layers, is_iso8601, validate_annotations

from .helpers import small_gold, write_seed

replace = msgspec.structs.replace


@pytest.fixture
def seed(tmp_path):
    return parse_seed(write_seed(tmp_path))


@pytest.fixture
def gold(seed):
    return small_gold(seed.text, seed.text_sha256)


def problems(seed, ann):
    return [(p.field, p.message) for p in validate_annotations(
        ann, text=seed.text, text_sha256=seed.text_sha256, doc_id=seed.id, file="a.json")]


def with_item(ann, layer, index, **changes):
    items = list(getattr(ann, layer))
    items[index] = replace(items[index], **changes)
    return replace(ann, **{layer: tuple(items)})


def test_the_small_gold_is_valid(seed, gold):
    assert problems(seed, gold) == []


# Canonical text of the small seed (87 characters), with the offsets the cases use:
#   'Ross says deal near\n\nThe US received 260 requests.\n\n"It is close," Ross said on Sunday.'
#   Ross [0, 4)  The [21, 24)  US [25, 27)  260 [37, 40)  260 requests [37, 49)  It [53, 55)  said [72, 76)
CASES = [
    # offsets and span text
    ("entities", 0, dict(start=-1), "entities[0].start", "negative offset -1"),
    ("entities", 0, dict(end=999), "entities[0].end", "past the end of the text (87 characters)"),
    ("entities", 0, dict(start=4, end=4), "entities[0].end", "empty or inverted span [4, 4)"),
    ("entities", 0, dict(start=4, end=2), "entities[0].end", "empty or inverted span [4, 2)"),
    ("entities", 0, dict(text="Rose"), "entities[0].text", "'Rose' disagrees with the document text at [0, 4): 'Ross'"),
    ("entities", 0, dict(end=5, text="Ross "), "entities[0].end", "leading or trailing whitespace"),
    ("entities", 1, dict(start=25, end=28, text="US "), "entities[1].end", "leading or trailing whitespace"),
    # closed sets
    ("entities", 0, dict(label="PER"), "entities[0].label", "unknown label 'PER'"),
    ("quotes", 0, dict(kind="reported"), "quotes[0].kind", "unknown quote kind 'reported'"),
    ("quotes", 0, dict(kind=None), "quotes[0].kind", "missing quote kind"),
    ("numeric_facts", 0, dict(kind="NUMBER"), "numeric_facts[0].kind", "unknown numeric kind 'NUMBER'"),
    ("numeric_facts", 0, dict(bound="roughly"), "numeric_facts[0].bound", "unknown bound 'roughly'"),
    ("numeric_facts", 0, dict(bound=None), "numeric_facts[0].bound", "missing bound"),
    # ids
    ("entities", 1, dict(id="e1"), "entities[1].id", "duplicate id 'e1' (also entities[0].id)"),
    ("quotes", 0, dict(id="e2"), "quotes[0].id", "duplicate id 'e2' (also entities[1].id)"),
    ("entities", 0, dict(id="e 1"), "entities[0].id", "id 'e 1': use letters, digits"),
    ("entities", 0, dict(id=".."), "entities[0].id", "id '..': use letters, digits"),
    # references
    ("entities", 0, dict(cluster="wilbur"), "entities[0].cluster", "unknown cluster 'wilbur'"),
    ("entities", 0, dict(cluster=None), "entities[0].cluster", "missing cluster"),
    ("entities", 1, dict(cluster="ross"), "entities[1].label", "label GPE differs from its cluster 'ross' (PERSON)"),
    ("quotes", 0, dict(speaker_cluster="nobody"), "quotes[0].speaker_cluster", "unknown cluster 'nobody'"),
    ("quotes", 0, dict(speaker_cluster=None), "quotes[0].speaker_cluster", "both be set or both be null"),
    ("quotes", 0, dict(speaker_cluster="us"), "quotes[0].speaker_cluster",
     "the speaker span is an entity mention of cluster 'ross', not 'us'"),
    ("quotes", 0, dict(speaker="Ross"), "quotes[0].speaker", "gold must give a span"),
    ("quotes", 0, dict(cue=Span(start=72, end=76, text="sad ")), "quotes[0].cue.text", "'sad ' disagrees with the document text"),
    ("quotes", 0, dict(cue=Span(start=53, end=55, text="It")), "quotes[0].cue", "overlaps the quote content"),
    # numbers and dates
    ("numeric_facts", 0, dict(value=float("inf")), "numeric_facts[0].value", "value inf is not a finite number"),
    ("numeric_facts", 0, dict(value=None), "numeric_facts[0].value", "CARDINAL facts need a finite number, not null"),
    ("numeric_facts", 0, dict(normalized="260.0.1"), "numeric_facts[0].normalized", "plain decimal string"),
    ("numeric_facts", 0, dict(normalized="26"), "numeric_facts[0].normalized", "'26' differs from value 260.0"),
    ("numeric_facts", 0, dict(unit=" "), "numeric_facts[0].unit", "empty unit"),
    ("numeric_facts", 0, dict(measured=Span(start=37, end=49, text="260 requests")), "numeric_facts[0].measured",
     "overlaps the number itself"),
    ("numeric_facts", 1, dict(normalized="2019-11-31"), "numeric_facts[1].normalized", "'2019-11-31' is not ISO 8601"),
    ("numeric_facts", 1, dict(normalized="Sunday"), "numeric_facts[1].normalized", "'Sunday' is not ISO 8601"),
    ("numeric_facts", 1, dict(value=3.0), "numeric_facts[1].value", "value must be null"),
]


@pytest.mark.parametrize("layer, index, changes, field, message", CASES,
                         ids=[f"{c[3]}-{c[4][:25]}" for c in CASES])
def test_each_rule_reports_its_field(seed, gold, layer, index, changes, field, message):
    found = problems(seed, with_item(gold, layer, index, **changes))
    assert any(f == field and message in m for f, m in found), found


def test_overlapping_entities_are_reported(seed, gold):
    # e2 widened to "The US" [21, 27), then a second mention "US" [25, 27) inside it
    bad = with_item(gold, "entities", 1, start=21, end=27, text="The US")
    bad = replace(bad, entities=bad.entities + (replace(bad.entities[1], id="e9", start=25, end=27, text="US"),))
    assert ("entities[3]", "span [25, 27) overlaps entities[1] [21, 27); entities are flat") in problems(seed, bad)


def test_unused_cluster_and_alias_rules(seed, gold):
    clusters = gold.clusters + (Cluster(id="ghost", name="Ghost", label="ORG", aliases=("ghost", "")),)
    found = problems(seed, replace(gold, clusters=clusters))
    assert ("clusters[2]", "cluster 'ghost' has no mention and is no quote's speaker") in found
    assert ("clusters[2].aliases[0]", "alias 'ghost' repeats the name or another alias") in found
    assert ("clusters[2].aliases[1]", "empty alias") in found


def test_sha_mismatch_stops_span_checks(seed, gold):
    bad = with_item(replace(gold, text_sha256="0" * 64), "entities", 0, start=-5)
    assert problems(seed, bad) == [("text_sha256", "does not match the canonical text of the seed: seed parsing "
                                                   "or the seed changed, so the offsets may be misaligned")]


def test_id_must_match_the_seed(seed, gold):
    assert ("id", "id 'other' differs from the seed id 'small'") in problems(seed, replace(gold, id="other"))


def test_every_violation_is_reported_not_only_the_first(seed, gold):
    bad = with_item(with_item(gold, "entities", 0, label="X"), "numeric_facts", 0, bound="y")
    assert {f for f, _ in problems(seed, bad)} == {"entities[0].label", "numeric_facts[0].bound"}


def test_boundary_rule_allows_abbreviations():
    from newsfacts.model import Entity
    text = "U.S. and Ross."
    ents = (Entity(id="a", start=0, end=4, text="U.S.", label="GPE", cluster="us"),)
    assert check_layers(text, ents, (Cluster(id="us", name="United States", label="GPE"),), (), (), file="f") == []


def test_iso8601_forms():
    good = ["2019", "2019-11", "2019-11-03", "2019-W45", "2019-W45-1", "2019-11-04T00:42", "2019-11-04T00:42:59Z",
            "2019-11-04T00:42:59+00:00", "T14:30", "P3Y", "P1Y2M", "PT5H", "2019-05/2019-10"]
    bad = ["19", "2019-13", "2019-02-29", "2019-W54", "2019-11-04T25:00", "P", "PT", "May 2019", "2019/05/01", ""]
    assert [v for v in good if not is_iso8601(v)] == []
    assert [v for v in bad if is_iso8601(v)] == []


# ---- the project level: files, pairing, line numbers, exit statuses ----

def run_validate(root, capsys):
    code = main(["validate", "--seeds", str(root / "seeds"), "--annotations", str(root / "annotations")])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_cli_validate_ok(small_project, capsys):
    code, out = run_validate(small_project, capsys)
    assert code == 0
    assert "ok: 1 document(s), 6 gold item(s), every check passed" in out


def test_cli_validate_reports_line_and_field_and_exits_1(small_project, capsys):
    path = small_project / "annotations" / "small.json"
    ann = read_gold([small_project / "seeds"], small_project / "annotations").documents[0]
    data = json.loads(path.read_text())
    data["entities"][2]["label"] = "PEOPLE"
    data["numeric_facts"][1]["normalized"] = "2019-11-32"
    path.write_text(json.dumps(data, indent=1))
    code, out = run_validate(small_project, capsys)
    assert code == 1
    assert ann.entities[2].text == "Ross"
    lines = path.read_text().splitlines()
    label_line = next(i for i, l in enumerate(lines, 1) if "PEOPLE" in l)
    date_line = next(i for i, l in enumerate(lines, 1) if "2019-11-32" in l)
    assert f"small.json:{label_line}: field entities[2].label: unknown label 'PEOPLE'" in out
    assert f"small.json:{date_line}: field numeric_facts[1].normalized: '2019-11-32' is not ISO 8601" in out


def test_the_written_layout_gives_item_lines(small_project, capsys):
    # write_annotations puts one item per line: the problem names that line
    path = small_project / "annotations" / "small.json"
    lines = path.read_text().splitlines()
    assert lines[4].lstrip().startswith('{"id":"e1"')
    path.write_text(path.read_text().replace('"label":"GPE"', '"label":"LOCATION"'))
    code, out = run_validate(small_project, capsys)
    assert code == 1
    assert "small.json:6: field entities[1].label: unknown label 'LOCATION'" in out


def test_missing_and_orphan_annotation_files(small_project, capsys):
    (small_project / "annotations" / "small.json").rename(small_project / "annotations" / "other.json")
    code, out = run_validate(small_project, capsys)
    assert code == 1
    assert "other.json: orphan annotation file: no seed other.txt" in out
    assert "small.json: missing annotation file for seed" in out


def _replace_in(path, old, new):
    path.write_text(path.read_text().replace(old, new))


@pytest.mark.parametrize("mutate, code, message", [
    # wrong type: the file cannot be used at all -> 2
    (lambda root: (root / "annotations" / "small.json").write_text('{"id": "small", "text_sha256": 5}'), 2,
     "small.json:1: field text_sha256: Expected `str`, got `int`"),
    # malformed JSON on the line of entity e2 -> 2, naming that line
    (lambda root: _replace_in(root / "annotations" / "small.json", '"e2"', '"e2",,'), 2,
     "small.json:6: malformed JSON"),
    # the seed changed after annotation: the offsets may be misaligned -> a rule violation, 1
    (lambda root: _replace_in(root / "seeds" / "small.txt", "Ross says", "Wilbur Ross says"), 1,
     "field text_sha256: does not match the canonical text of the seed"),
], ids=["wrong-type", "malformed-json", "seed-changed"])
def test_file_level_failures(small_project, capsys, mutate, code, message):
    mutate(small_project)
    got, out = run_validate(small_project, capsys)
    assert got == code
    assert message in out


def test_write_then_read_round_trip(small_project, seed, gold, tmp_path):
    from newsfacts.dataset.gold import read_annotations
    path = tmp_path / "g.json"
    write_annotations(path, gold)
    back, text = read_annotations(path)
    assert back == gold
    write_annotations(path, back)
    assert path.read_text() == text  # the layout is canonical: rewriting changes nothing


def test_validate_with_no_seeds_is_an_error(tmp_path, capsys):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "annotations").mkdir()
    code, out = run_validate(tmp_path, capsys)
    assert code == 2
    assert "no seed articles (*.txt) found" in out


def test_gold_with_nan_or_a_bom(small_project, capsys):
    path = small_project / "annotations" / "small.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # a byte-order mark is accepted
    assert run_validate(small_project, capsys)[0] == 0
    path.write_text(path.read_text(encoding="utf-8-sig").replace('"value":260.0', '"value":NaN'))
    code, out = run_validate(small_project, capsys)
    assert code == 2
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "NaN" in l)
    assert f"small.json:{line}: field numeric_facts[0].value: not a finite number" in out
