"""Reading predictions: offsets and offset-free items, label maps, layers, chunks.

The small gold document (tests/conftest.py) has the canonical text::

    Ross says deal near\\n\\nThe US received 260 requests.\\n\\n"It is close," Ross said on Sunday.

with entities Ross (PERSON), US (GPE), Ross (PERSON, the second one), one direct quote
"It is close" (speaker the second Ross, cue "said") and numeric facts 260 (CARDINAL, measured
"requests") and Sunday (DATE 2019-11-03).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfacts.errors import InputError
from newsfacts.scoring.align import TAKEN
from newsfacts.scoring.labelmap import LabelMap
from newsfacts.model import Entity, NumericFact, Span
from newsfacts.scoring.predictions import Chunk, PredictionReader, Unaligned, chunks
from newsfacts.dataset.sources import ListGold
from . import helpers
from .helpers import small_document, write_jsonl


def read(tmp_path: Path, rows: list[dict | str], label_map: LabelMap | None = None, docs=None):
    """(predictions, reader) for rows against the small document(s)."""
    gold = ListGold(docs or [small_document()], "test")
    reader = PredictionReader(write_jsonl(tmp_path / "pred.jsonl", rows), gold, label_map=label_map)
    preds = [p for _, p, _ in reader]
    return preds, reader


DOC = small_document()
TEXT = DOC.text


def at(s: str, k: int = 0) -> tuple[int, int]:
    return helpers.at(TEXT, s, k)


def test_offsets_and_text_become_entities_with_generated_ids(tmp_path):
    a, b = at("US")
    (pred,), reader = read(tmp_path, [{"id": "small", "entities": [
        {"start": a, "end": b, "text": "US", "label": "GPE"},
        {"start": 0, "end": 4, "label": "PERSON", "id": "mine"},   # text may be left out
    ]}])
    assert pred.entities == (Entity(id="entities[0]", start=a, end=b, text="US", label="GPE"),
                             Entity(id="mine", start=0, end=4, text="Ross", label="PERSON"))
    assert pred.line == 1 and reader.layers == {"entities"}
    assert reader.stats.placed["offsets"] == 2


def test_offset_free_items_are_aligned_in_order(tmp_path):
    (pred,), reader = read(tmp_path, [{"id": "small", "entities": [
        {"text": "Ross", "label": "PERSON"}, {"text": "ross", "label": "PERSON"}, {"text": "Ross", "label": "PERSON"},
    ]}])
    # Two occurrences of Ross: the first "Ross" takes the first, "ross" (normalized) the second,
    # the third has none left and is unaligned.
    assert [(e.start, e.end) for e in pred.entities] == [at("Ross", 0), at("Ross", 1)]
    assert pred.unaligned == (Unaligned("entities", "Ross", "PERSON", 1, 2, TAKEN),)
    assert dict(reader.stats.placed) == {"exact": 1, "normalized": 1, "unaligned": 1}


def test_offset_free_items_avoid_items_of_their_layer(tmp_path):
    # The first Ross is given by offsets: the offset-free "Ross" may not land on it again
    # (entity spans are flat) and takes the second one.
    (pred,), reader = read(tmp_path, [{"id": "small", "entities": [
        {"text": "Ross", "label": "PERSON"}, {"start": 0, "end": 4, "label": "PERSON"}]}])
    assert sorted((e.start, e.end) for e in pred.entities) == [at("Ross", 0), at("Ross", 1)]
    assert dict(reader.stats.placed) == {"offsets": 1, "exact": 1}


def test_the_layer_an_item_is_aligned_in_is_the_one_its_label_maps_to(tmp_path):
    # "260 requests" (CARDINAL under entities) is a numeric fact: placed first, being longer, it
    # leaves "260" no free occurrence among the numeric facts. The ORG "received 260 requests"
    # overlaps it too, but in the other layer, so it is placed.
    (pred,), reader = read(tmp_path, [{"id": "small",
                                       "entities": [{"text": "260 requests", "label": "CARDINAL"},
                                                    {"text": "received 260 requests", "label": "ORG"}],
                                       "numeric_facts": [{"text": "260", "kind": "CARDINAL"}]}])
    assert [(n.text, n.id) for n in pred.numeric_facts] == [("260 requests", "entities[0]")]
    assert [(e.text, e.label) for e in pred.entities] == [("received 260 requests", "ORG")]
    assert pred.unaligned == (Unaligned("numeric_facts", "260", "CARDINAL", 1, 0, TAKEN),)


@pytest.mark.parametrize(("layer", "item", "message"), [
    ("entities", {"text": "", "label": "PERSON"}, "empty text"),
    ("numeric_facts", {"text": " \t ", "kind": "CARDINAL"}, "empty text"),
    ("quotes", {"text": "\u201c \u201d"}, "empty text: only quotation marks"),
])
def test_empty_offset_free_text_is_an_error(tmp_path, layer, item, message):
    # An empty span by offsets is an error; an empty string must not pass silently as unaligned.
    good = {"text": "Ross", "label": "PERSON"} if layer == "entities" else {"text": "Sunday"}
    with pytest.raises(InputError) as exc:
        read(tmp_path, [{"id": "small", layer: [good, item]}])
    assert (exc.value.line, exc.value.field, exc.value.message) == (1, f"{layer}[1].text", message)


def test_byte_order_mark_at_the_start_is_ignored(tmp_path):
    rows = [{"id": f"d{k}", "entities": [{"text": "Ross", "label": "PERSON"}]} for k in range(3)]
    path = write_jsonl(tmp_path / "p.jsonl", rows)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    gold = ListGold([small_document(f"d{k}") for k in range(3)], "test")
    whole = [p for _, p, _ in PredictionReader(path, gold)]
    assert [p.id for p in whole] == ["d0", "d1", "d2"]
    assert [p for c in chunks(path, 2) for _, p, _ in PredictionReader(path, gold, chunk=c)] == whole


def test_deeply_nested_line_names_the_line_and_field(tmp_path):
    # The decoder's ValidationError names the field at once; re-parsing the line with Python's
    # json module would raise RecursionError.
    deep = '{"id": "small", "entities": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    with pytest.raises(InputError, match="Expected `object`, got `array`") as exc:
        read(tmp_path, [deep])
    assert (exc.value.line, exc.value.field) == (1, "entities[0]")
    # NaN ahead of the deep part: Python's json module is asked where the NaN is and cannot
    # say, so the message names the line alone.
    nan_deep = ('{"id": "small", "numeric_facts": [{"text": "x", "value": NaN}], "quotes": '
                + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(InputError, match="not a finite number") as exc:
        read(tmp_path, [nan_deep])
    assert (exc.value.line, exc.value.field) == (1, None)


def test_numeric_label_under_entities_is_scored_as_a_numeric_fact(tmp_path):
    (pred,), reader = read(tmp_path, [{"id": "small", "entities": [
        {"text": "260", "label": "CARDINAL"}, {"text": "Ross", "label": "PERSON"}]}])
    a, b = at("260")
    assert pred.numeric_facts == (NumericFact(id="entities[0]", start=a, end=b, text="260", kind="CARDINAL"),)
    assert [e.text for e in pred.entities] == ["Ross"]
    assert reader.layers == {"entities", "numeric_facts"}  # numeric_facts: moved into by the label map
    assert dict(reader.stats.moved) == {"entities->numeric_facts": 1}


def test_entity_kind_under_numeric_facts_is_scored_as_an_entity(tmp_path):
    (pred,), reader = read(tmp_path, [{"id": "small", "numeric_facts": [{"text": "Sunday", "kind": "DATE"},
                                                                        {"text": "US", "kind": "gpe"}]}])
    assert [(n.text, n.kind) for n in pred.numeric_facts] == [("Sunday", "DATE")]
    assert [(e.text, e.label) for e in pred.entities] == [("US", "GPE")]
    assert reader.layers == {"entities", "numeric_facts"}


def test_label_mapped_to_null_is_dropped(tmp_path):
    path = tmp_path / "map.json"
    path.write_text('{"MISC": null}', encoding="utf-8")
    (pred,), reader = read(tmp_path, [{"id": "small", "entities": [{"text": "US", "label": "MISC"}]}],
                           label_map=LabelMap.load(path))
    assert pred.entities == () and pred.unaligned == () and reader.stats.dropped == 1
    assert reader.layers == {"entities"}  # the key is there: predicted, nothing found


def test_absent_key_is_not_predicted_but_an_empty_list_is(tmp_path):
    docs = [small_document("a"), small_document("b")]
    preds, reader = read(tmp_path, [{"id": "a", "quotes": []}, {"id": "b", "entities": []}], docs=docs)
    assert reader.layers == {"quotes", "entities"}
    assert reader.ids == {"a": 1, "b": 2}


def test_quote_parts_strings_text_objects_and_spans(tmp_path):
    s, e = at("Ross", 1)
    (pred,), _ = read(tmp_path, [{"id": "small", "quotes": [
        {"text": "\u201cIt is close\u201d", "speaker": {"start": s, "end": e, "text": "Ross"}, "cue": {"text": "said"},
         "kind": "Direct"},
    ]}])
    (q,) = pred.quotes
    assert (q.start, q.end, q.text) == (*at("It is close"), "It is close")  # enclosing quotation marks dropped
    assert q.speaker == Span(start=s, end=e, text="Ross")
    assert q.cue == "said" and q.kind == "direct"


def test_numeric_attributes_are_kept(tmp_path):
    (pred,), _ = read(tmp_path, [{"id": "small", "numeric_facts": [
        {"text": "260", "kind": "CARDINAL", "value": 260, "normalized": "260", "bound": "exact", "unit": None,
         "measured": "requests"}]}])
    (n,) = pred.numeric_facts
    assert (n.value, n.normalized, n.bound, n.unit, n.measured) == (260.0, "260", "exact", None, "requests")


@pytest.mark.parametrize(("item", "field", "message"), [
    ({"text": "US", "label": "GPE", "lable": "x"}, "entities[0]", "unknown field `lable`"),
    ({"start": 5, "label": "GPE"}, "entities[0].end", "end is missing"),
    ({"label": "GPE"}, "entities[0]", "needs start and end, or text"),
    ({"start": 25, "end": 25, "label": "GPE"}, "entities[0].end", "empty span"),
])
def test_item_errors(tmp_path, item, field, message):
    with pytest.raises(InputError, match=message) as exc:
        read(tmp_path, [{"id": "small", "entities": [item]}])
    assert exc.value.line == 1 and exc.value.field == field


def test_quote_and_numeric_errors(tmp_path):
    with pytest.raises(InputError, match="unknown quote kind 'said'") as exc:
        read(tmp_path, [{"id": "small", "quotes": [{"text": "It is close", "kind": "said"}]}])
    assert exc.value.field == "quotes[0].kind"
    with pytest.raises(InputError, match="unknown bound 'about'") as exc:
        read(tmp_path, [{"id": "small", "numeric_facts": [{"text": "nowhere", "kind": "CARDINAL", "bound": "about"}]}])
    assert exc.value.field == "numeric_facts[0].bound"  # checked even though the text is not found
    with pytest.raises(InputError, match="disagrees") as exc:
        read(tmp_path, [{"id": "small", "quotes": [{"text": "It is close", "speaker": {"start": 0, "end": 4,
                                                                                     "text": "Rose"}}]}])
    assert exc.value.field == "quotes[0].speaker.text"


def test_chunks_give_the_same_predictions(tmp_path):
    docs = [small_document(f"d{k}") for k in range(7)]
    rows = [{"id": f"d{k}", "entities": [{"text": "Ross", "label": "PERSON"}] * (k % 3)} for k in range(7)]
    path = write_jsonl(tmp_path / "p.jsonl", rows[:3] + ["", "   "] + rows[3:])  # blank lines are skipped
    gold = ListGold(docs, "test")
    whole = [p for _, p, _ in PredictionReader(path, gold)]
    parts = chunks(path, 3)
    assert len(parts) == 3 and parts[0] == Chunk(0, parts[1].start, 1)
    pieces = [p for c in parts for _, p, _ in PredictionReader(path, gold, chunk=c)]
    assert pieces == whole
    assert [p.line for p in whole] == [1, 2, 3, 6, 7, 8, 9]


def test_whole_file_checks(tmp_path):
    _, reader = read(tmp_path, ["", "  "])
    with pytest.raises(InputError, match="empty file"):
        reader.finish()
    _, reader = read(tmp_path, [{"id": "small"}])
    with pytest.raises(InputError, match="no line has any of the keys") as exc:
        reader.finish()
    assert exc.value.line == 1
