"""Gold sources: .jsonl, Hub folder, bundled, Hub id; the fingerprint; checks with file, line, field."""

from __future__ import annotations

import hashlib

import pytest

import newsfacts.cli as cli
from newsfacts.errors import InputError
from newsfacts.dataset.gold import load_documents
from newsfacts.dataset.hub import build
from newsfacts.model import Entity, to_json
from newsfacts.dataset.sources import JsonlGold, ListGold, load_gold
from .helpers import small_document, write_gold


def docs3():
    return [small_document(i) for i in ("b", "a", "c")]


def test_fingerprint_definition():
    docs = docs3()
    digests = [hashlib.sha256(to_json(d).encode()).hexdigest() for d in sorted(docs, key=lambda d: d.id)]
    assert ListGold(docs, "x").fingerprint == hashlib.sha256("\n".join(digests).encode()).hexdigest()


def test_same_documents_same_fingerprint_from_every_source(tmp_path):
    docs = docs3()
    in_memory = ListGold(docs, "memory")
    with load_gold(str(write_gold(tmp_path / "gold.jsonl", docs))) as jsonl:
        assert jsonl.kind == "jsonl" and jsonl.ids == ("a", "b", "c")
        assert jsonl.fingerprint == in_memory.fingerprint
        assert jsonl.get("b") == in_memory.get("b")
    with load_gold(str(write_gold(tmp_path / "reversed.jsonl", docs[::-1]))) as reordered:
        assert reordered.fingerprint == in_memory.fingerprint  # file order does not matter
    build(docs, tmp_path / "hub")
    folder = load_gold(str(tmp_path / "hub"))
    assert folder.kind == "folder" and folder.fingerprint == in_memory.fingerprint
    assert folder.documents == sorted(docs, key=lambda d: d.id)


def test_a_changed_document_changes_the_fingerprint():
    import msgspec

    docs = docs3()
    changed = docs[:2] + [msgspec.structs.replace(docs[2], title="Another title")]
    assert ListGold(docs, "x").fingerprint != ListGold(changed, "x").fingerprint


def test_a_rebuilt_folder_is_never_served_stale(tmp_path):
    import msgspec

    out = tmp_path / "hub"
    doc = small_document()
    build([doc], out)
    first = load_gold(str(out))
    assert first.get("small").title == doc.title
    build([msgspec.structs.replace(doc, title="Rebuilt")], out)  # same path, same card layout
    second = load_gold(str(out))
    assert second.get("small").title == "Rebuilt"
    assert second.fingerprint != first.fingerprint


def test_bundled_gold_is_the_validated_bundled_documents():
    with load_gold(None) as gold:
        assert gold.kind == "bundled" and gold.source == "bundled"
        assert gold.documents == load_documents()


def test_jsonl_is_indexed_then_read_one_document_at_a_time(tmp_path):
    path = write_gold(tmp_path / "gold.jsonl", docs3())
    gold = JsonlGold(path)
    assert gold.ids == ("a", "b", "c") and len(gold) == 3
    assert gold.get("c").id == "c"
    with pytest.raises(KeyError):
        gold.get("zzz")
    gold.close()


def bad_gold(tmp_path, lines: list[str]) -> str:
    path = tmp_path / "gold.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n")
    return str(path)


def fetch_all(src: str) -> None:
    with load_gold(src) as gold:
        gold.documents  # noqa: B018 -- each document is decoded and checked when fetched


GOOD = to_json(small_document("a"))


def line_with(**changes) -> str:
    import msgspec

    return to_json(msgspec.structs.replace(small_document("b"), **changes))


@pytest.mark.parametrize(("lines", "line", "field", "message"), [
    ([GOOD, GOOD], 2, "id", "duplicate document id 'a' (also on line 1)"),
    ([GOOD, '{"id": "bad id"}'], 2, "id", "document id 'bad id': use letters, digits"),
    ([GOOD, '{"id": ".."}'], 2, "id", "document id '..': use letters"),  # a file name that climbs
    # Nested past Python's recursion limit: the first element that is not an entity is named,
    # never a RecursionError from re-parsing the line.
    ([GOOD, '{"id": "b", "entities": ' + "[" * 100_000 + "]" * 100_000 + "}"], 2, "entities[0]",
     "Expected `object`, got `array`"),
    ([GOOD, line_with(entities=(Entity(id="e", start=0, end=4, text="Ross", label="PERSON"),
                                Entity(id="e", start=21, end=23, text="Th", label="PERSON")))],
     2, "entities[1].id", "duplicate id 'e' (also entities[0].id)"),
    ([GOOD, '{"id": "b", "title": '], 2, None, "truncated"),
    ([GOOD, '{"id": "b", "title": "x",}'], 2, None, "malformed JSON"),
    ([GOOD, "[1, 2]"], 2, None, "Expected `object`, got `array`"),
    ([GOOD, line_with(entities=(Entity(id="e", start=0, end=4, text="Rose", label="PERSON"),))],
     2, "entities[0].text", "'Rose' disagrees with the document text at [0, 4): 'Ross'"),
    ([GOOD, line_with(entities=(Entity(id="e", start=0, end=400, text="Ross", label="PERSON"),))],
     2, "entities[0].end", "offset 400 is past the end of the text (87 characters)"),
    ([GOOD, line_with(entities=(Entity(id="e", start=0, end=4, text="Ross", label="PER"),))],
     2, "entities[0].label", "unknown label 'PER'"),
    ([GOOD, line_with(entities=(Entity(id="e", start=0, end=4, text="Ross", label="PERSON", cluster="nope"),))],
     2, "entities[0].cluster", "unknown cluster 'nope'"),
    ([GOOD, '{"id": "b", "title": "caf\udce9"}'], 2, "title", "not valid UTF-8"),
])
def test_jsonl_gold_errors_name_file_line_and_field(tmp_path, lines, line, field, message):
    src = bad_gold(tmp_path, lines)
    with pytest.raises(InputError) as exc:
        fetch_all(src)
    err = exc.value
    assert message in err.message
    assert (err.file, err.line, err.field) == (src, line, field)


def test_jsonl_gold_may_start_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "".join(to_json(d) + "\n" for d in docs3()).encode("utf-8"))
    with load_gold(str(path)) as gold:
        assert gold.ids == ("a", "b", "c")
        assert gold.fingerprint == ListGold(docs3(), "x").fingerprint  # the mark is not part of any document


def rewrite_first_row(folder, change) -> None:
    """Change the first row of a built Hub folder's Parquet file in place (same schema)."""
    import pyarrow.parquet as pq

    path = next((folder / "data").glob("*.parquet"))
    table = pq.read_table(path)
    rows = table.to_pylist()
    change(rows[0])
    pq.write_table(table.from_pylist(rows, schema=table.schema), path)


@pytest.mark.parametrize(("change", "field", "message"), [
    (lambda row: row.update(id="../etc/x"), "rows[0].id", "row 1: document id '../etc/x': use letters"),
    (lambda row: row.update(id="."), "rows[0].id", "row 1: document id '.': use letters"),
    (lambda row: row["entities"][1].update(id=row["entities"][0]["id"]), "entities[1].id", "duplicate id 'e1'"),
    (lambda row: row["quotes"][0].update(id=row["clusters"][0]["id"]), "quotes[0].id", "duplicate id 'ross'"),
])
def test_folder_gold_checks_ids_like_jsonl_gold(tmp_path, change, field, message):
    build([small_document("a")], tmp_path / "hub")
    rewrite_first_row(tmp_path / "hub", change)
    with pytest.raises(InputError) as exc:
        load_gold(str(tmp_path / "hub"))
    assert message in exc.value.message and exc.value.field == field
    assert exc.value.file == str(tmp_path / "hub")


def test_empty_jsonl_gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no documents"):
        load_gold(str(path))


def test_unknown_sources(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_gold(str(tmp_path / "missing.jsonl"))
    with pytest.raises(InputError, match="not a Hub dataset id"):
        load_gold(str(tmp_path / "missing" / "dir" / "x"))
    (tmp_path / "gold.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="expected a Hub-format folder"):
        load_gold(str(tmp_path / "gold.txt"))


def test_hub_id_offline_not_in_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty cache
    with pytest.raises(InputError) as exc:
        load_gold("newsfacts-test/does-not-exist")
    assert "cannot load Hub dataset 'newsfacts-test/does-not-exist'" in str(exc.value)
    assert "only datasets already in the local cache" in str(exc.value)


def test_stats_command_reads_a_jsonl_source(tmp_path, capsys):
    path = write_gold(tmp_path / "gold.jsonl", docs3())
    assert cli.main(["stats", "--dataset", str(path)]) == 0
    assert "3" in capsys.readouterr().out


def test_a_missing_local_path_is_not_sent_to_the_hub(tmp_path, monkeypatch):
    # "out/newsfacts" before `newsfacts build` wrote it: "out" exists, so it is a local path, and
    # the error says so at once instead of asking the Hub for a dataset called out/newsfacts.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    with pytest.raises(InputError) as exc:
        load_gold("out/newsfacts")
    assert exc.value.file == "out/newsfacts"
    assert "the folder 'out' exists here" in exc.value.message and "hf:out/newsfacts" in exc.value.message


def test_hf_prefix_names_the_hub_explicitly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty cache: nothing can be found offline
    with pytest.raises(InputError) as exc:
        load_gold("hf:out/newsfacts")
    assert "cannot load Hub dataset 'out/newsfacts'" in str(exc.value)
    assert "offline" in str(exc.value)
