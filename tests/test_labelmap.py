"""Label maps: the built-in OntoNotes map, spelling variants, CoNLL labels, --label-map files."""

from __future__ import annotations

import json

import pytest

from newsfacts.errors import InputError
from newsfacts.scoring.labelmap import ONTONOTES_LABELS, LabelMap, Target
from newsfacts.model import ENTITY_LABELS, NUMERIC_KINDS

WHERE = {"file": "pred.jsonl", "line": 7, "field": "entities[2].label"}


def test_builtin_map_covers_the_18_ontonotes_labels():
    m = LabelMap.builtin()
    assert len(ONTONOTES_LABELS) == 18
    for label in ENTITY_LABELS:
        assert m.target(label, **WHERE) == Target("entities", label)
    for kind in NUMERIC_KINDS:
        assert m.target(kind, **WHERE) == Target("numeric_facts", kind)


@pytest.mark.parametrize(("label", "expected"), [
    ("person", "PERSON"), ("Work of art", "WORK_OF_ART"), ("work-of-art", "WORK_OF_ART"), (" gpe ", "GPE"),
])
def test_spelling_variants(label, expected):
    assert LabelMap.builtin().target(label, **WHERE).label == expected


@pytest.mark.parametrize("label", ["PER", "MISC", "LOCATION", "B-PER", ""])
def test_unknown_label_is_an_error_naming_label_file_line_field(label):
    with pytest.raises(InputError) as exc:
        LabelMap.builtin().target(label, **WHERE)
    msg = str(exc.value)
    assert msg.startswith("pred.jsonl:7: field entities[2].label: unknown label")
    assert repr(label) in msg and "--label-map" in msg


def test_conll_hint():
    with pytest.raises(InputError, match="CoNLL's MISC has no OntoNotes counterpart"):
        LabelMap.builtin().target("MISC", **WHERE)


def test_file_map_overrides_and_extends_the_builtin(tmp_path):
    path = tmp_path / "conll.json"
    path.write_text(json.dumps({"PER": "PERSON", "LOC": "GPE", "MISC": None, "NUM": "CARDINAL"}), encoding="utf-8")
    m = LabelMap.load(path)
    assert m.target("PER", **WHERE) == Target("entities", "PERSON")
    assert m.target("LOC", **WHERE) == Target("entities", "GPE")  # overrides the built-in LOC -> LOC
    assert m.target("MISC", **WHERE) is None  # dropped
    assert m.target("NUM", **WHERE) == Target("numeric_facts", "CARDINAL")
    assert m.target("ORG", **WHERE) == Target("entities", "ORG")  # not in the file: built-in
    assert "conll.json (4 entries)" in m.describe()


def test_file_map_keys_are_exact(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"PER": "PERSON"}), encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown label 'per' .*, not in .*m\.json"):
        LabelMap.load(path).target("per", **WHERE)


def test_bad_target_names_file_line_and_label(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{\n  "PER": "PERSON",\n  "MISC": "MISCELLANEOUS"\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        LabelMap.load(path)
    assert str(exc.value).startswith(f"{path}:3: field MISC: unknown target 'MISCELLANEOUS'")


@pytest.mark.parametrize(("content", "expected"), [
    ('["PER"]', "Expected `object`, got `array`"),
    ('{"PER": 3}', "Expected `str | null`, got `int`"),
    ('{"PER": "PERSON",}', "malformed JSON"),
    ("", "empty"),
])
def test_malformed_map_files(tmp_path, content, expected):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=expected) as exc:
        LabelMap.load(path)
    assert str(exc.value).startswith(str(path))


@pytest.mark.parametrize(("content", "where", "message"), [
    # msgspec says only "[...]" for a bad dict value: the label and its own line are named.
    (b'{\n "PER": "PERSON",\n "LOC": 3\n}', ":3: field LOC: ", "Expected `str | null`, got `int`"),
    (b'{"a.b[0]": {"x": 1}}', ":1: field a.b[0]: ", "got `object`"),  # a label that looks like a path
    (b'{"PER": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", ":1: field PER: ", "got `array`"),
    (b'{"P\xe9R": "PERSON"}', ":1: ", "not valid UTF-8 (byte 0xe9)"),
    (b'{\n "PER": "PERSON",\n "PER": null\n}', ":3: field PER: ", "duplicate label 'PER' (also on line 2)"),
])
def test_bad_entries_name_their_label_and_line(tmp_path, content, where, message):
    path = tmp_path / "m.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        LabelMap.load(path)
    assert str(exc.value).startswith(f"{path}{where}") and message in str(exc.value)


def test_a_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "m.json"
    path.write_bytes(b'\xef\xbb\xbf{"PER": "PERSON",\n "MISC": "NOPE"}')
    with pytest.raises(InputError) as exc:
        LabelMap.load(path)
    assert str(exc.value).startswith(f"{path}:2: field MISC: unknown target 'NOPE'")  # lines as without the mark
    path.write_bytes(b'\xef\xbb\xbf{"PER": "PERSON"}')
    assert LabelMap.load(path).target("PER", **WHERE) == Target("entities", "PERSON")


def test_missing_map_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        LabelMap.load(tmp_path / "nope.json")
