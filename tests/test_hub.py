"""The Hub-format build: features, determinism, load_dataset and read_folder round trips,
refusal to replace what is not a build, atomicity, and read errors on tampered files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import yaml

from newsfacts import cli
from newsfacts.dataset import hub
from newsfacts.errors import InputError
from newsfacts.model import Cluster, Document, Entity, NumericFact, Quote, Span, to_json
from newsfacts.dataset.seeds import parse_seed, parse_seed_text
from newsfacts.dataset.stats import compute
from newsfacts.dataset.rules import validate_document

from .helpers import REAL_SEED, ROOT, find_entity, find_span

NON_ASCII_SEED = """# Zürich café prices rise

Published at: **2024-03-01T08:00:00+01:00**

Author: **Zoë Müller**

Original: [Le Temps](https://example.org/zurich)

Coffee in Zürich — dearer again.
“It’s expensive,” said Zoë Müller, who paid €4.50 😀 for an espresso in Zürich on Friday.
"""


def _doc(seed, **layers) -> Document:
    return Document(id=seed.id, title=seed.title, url=seed.url, source=seed.source, author=seed.author,
                    published_at=seed.published_at, text=seed.text, **layers)


def real_seed_document() -> Document:
    """The bundled seed with a few gold items: a quote without speaker or cue, a DATE with
    null value and measured span."""
    seed = parse_seed(REAL_SEED)
    t = seed.text
    q = find_span(t, "That's a lot of applications -- it's frankly more than we would've thought")
    q2 = find_span(t, "licences that permit US companies to sell components to Huawei could be")
    n1 = find_span(t, "260", 0)
    n2 = find_span(t, "this month")
    return _doc(
        seed,
        entities=(find_entity(t, "e1", "Wilbur Ross", 0, "PERSON", "ross"), find_entity(t, "e2", "Huawei", 0, "ORG", "huawei"),
                  find_entity(t, "e3", "Ross", 1, "PERSON", "ross")),
        clusters=(Cluster(id="ross", name="Wilbur Ross", label="PERSON", aliases=("Ross",)),
                  Cluster(id="huawei", name="Huawei", label="ORG")),
        quotes=(Quote(id="q1", start=q.start, end=q.end, text=q.text, kind="direct", speaker=find_span(t, "Ross", 2),
                      speaker_cluster="ross", cue=find_span(t, "said", 2)),
                Quote(id="q2", start=q2.start, end=q2.end, text=q2.text, kind="mixed", speaker=None,
                      speaker_cluster=None, cue=None)),
        numeric_facts=(NumericFact(id="n1", start=n1.start, end=n1.end, text="260", kind="CARDINAL", value=260.0,
                                   normalized="260", bound="exact", unit=None,
                                   measured=find_span(t, "requests for the licences")),
                       NumericFact(id="n2", start=n2.start, end=n2.end, text="this month", kind="DATE", value=None,
                                   normalized="2019-11", bound="exact", unit=None, measured=None)),
    )


def non_ascii_document() -> Document:
    seed = parse_seed_text(NON_ASCII_SEED, "zz_zurich")
    t = seed.text
    q = find_span(t, "It’s expensive")
    money = find_span(t, "€4.50")
    return _doc(
        seed,
        entities=(find_entity(t, "e1", "Zürich", 0, "GPE", "zurich"), find_entity(t, "e2", "Zürich", 1, "GPE", "zurich"),
                  find_entity(t, "e3", "Zoë Müller", 0, "PERSON", "zoe"), find_entity(t, "e4", "Zürich", 2, "GPE", "zurich")),
        clusters=(Cluster(id="zurich", name="Zürich", label="GPE"),
                  Cluster(id="zoe", name="Zoë Müller", label="PERSON", aliases=("Zoë", "Müller"))),
        quotes=(Quote(id="q1", start=q.start, end=q.end, text=q.text, kind="direct", speaker=find_span(t, "Zoë Müller"),
                      speaker_cluster="zoe", cue=find_span(t, "said")),),
        numeric_facts=(NumericFact(id="n1", start=money.start, end=money.end, text="€4.50", kind="MONEY", value=4.5,
                                   normalized="4.5", bound="exact", unit="EUR", measured=find_span(t, "espresso")),),
    )


def empty_layers_document() -> Document:
    seed = parse_seed_text(NON_ASCII_SEED, "m_no_items")
    return _doc(seed)


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    """Three documents in non-sorted order; each one is valid gold."""
    docs = [non_ascii_document(), real_seed_document(), empty_layers_document()]
    for d in docs:
        assert validate_document(d, file=d.id) == []
    return docs


def builtins_with_lists(doc: Document):
    """``model.to_builtins(doc)`` with lists for tuples, as datasets returns rows."""
    return msgspec.json.decode(to_json(doc))


# ---------------------------------------------------------------------------------------------
# Features


def test_features_follow_the_model_in_design_order():
    import datasets

    f = hub.FEATURES
    assert list(f) == list(Document.__struct_fields__)
    assert list(f["entities"].feature) == list(Entity.__struct_fields__)
    assert list(f["quotes"].feature) == list(Quote.__struct_fields__)
    assert list(f["numeric_facts"].feature) == list(NumericFact.__struct_fields__)
    for layer in ("entities", "clusters", "quotes", "numeric_facts"):
        assert type(f[layer]) is datasets.List  # never Sequence
    assert type(f["clusters"].feature["aliases"]) is datasets.List
    assert f["entities"].feature["label"] == datasets.Value("string")  # OntoNotes names, not ClassLabel
    assert f["entities"].feature["start"] == datasets.Value("int32")
    assert f["numeric_facts"].feature["value"] == datasets.Value("float64")
    span = {"start": datasets.Value("int32"), "end": datasets.Value("int32"), "text": datasets.Value("string")}
    assert f["quotes"].feature["speaker"] == span
    assert f["quotes"].feature["cue"] == span
    assert f["numeric_facts"].feature["measured"] == span
    # the pyarrow schema readers check against is the one datasets derives from the features
    assert f.arrow_schema.equals(hub.ARROW_SCHEMA)


def test_nullability_comes_from_the_model():
    quotes = hub.column("quotes").children[0]
    by_name = {c.name: c for c in quotes.children}
    assert by_name["speaker"].nullable and by_name["cue"].nullable and by_name["kind"].nullable
    assert not by_name["start"].nullable and not by_name["text"].nullable
    assert not by_name["speaker"].children[0].nullable  # a present speaker has a start


def test_reading_a_folder_does_not_import_datasets(tmp_path, documents):
    out = tmp_path / "hub"
    hub.build(documents, out)
    code = ("import sys, newsfacts.dataset.hub as h; docs = h.read_folder(sys.argv[1]); "
            "print(len(docs), 'datasets' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"}, check=True)
    assert run.stdout.split() == ["3", "False"]


# ---------------------------------------------------------------------------------------------
# Build: layout, determinism, round trips


def test_build_writes_card_and_one_parquet_file(tmp_path, documents):
    out = tmp_path / "hub"
    result = hub.build(documents, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "README.md", "data", "data/test-00000-of-00001.parquet"]
    assert result.rows == 3
    data = (out / hub.DATA_FILE).read_bytes()
    assert result.parquet_bytes == len(data)
    import hashlib
    assert result.parquet_sha256 == hashlib.sha256(data).hexdigest()
    assert result.parquet_sha256 in result.summary() and "3 rows" in result.summary()
    pf = pq.ParquetFile(out / hub.DATA_FILE)
    assert pf.metadata.created_by == f"parquet-cpp-arrow version {pa.__version__}"  # pinned by the pyarrow pin
    assert pf.read(columns=["id"]).column("id").to_pylist() == ["000_d42d46c449c189f0", "m_no_items", "zz_zurich"]
    assert b"huggingface" in pf.schema_arrow.metadata


def test_rebuild_is_byte_identical(tmp_path, documents):
    first = hub.build(documents, tmp_path / "a")
    # another directory, another input order, later in time
    second = hub.build(list(reversed(documents)), tmp_path / "b" / "nested")
    for name in ("README.md", hub.DATA_FILE):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / "nested" / name).read_bytes(), name
    assert first.parquet_sha256 == second.parquet_sha256 and first.card_sha256 == second.card_sha256
    # rebuilding in place replaces the previous build with the same bytes
    again = hub.build(documents, tmp_path / "a")
    assert again.card_sha256 == first.card_sha256 and again.parquet_sha256 == first.parquet_sha256


def test_load_dataset_round_trip_offline(tmp_path, documents, monkeypatch):
    import datasets

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    out = tmp_path / "hub"
    hub.build(documents, out)
    ds = datasets.load_dataset(str(out), split="test", cache_dir=str(tmp_path / "cache"))
    assert ds.features == hub.FEATURES
    expected = [builtins_with_lists(d) for d in sorted(documents, key=lambda d: d.id)]
    assert ds.to_list() == expected
    real, empty, zurich = ds[0], ds[1], ds[2]
    assert real["quotes"][1]["speaker"] is None and real["quotes"][1]["cue"] is None  # null structs stay None
    assert real["numeric_facts"][1]["value"] is None and real["numeric_facts"][1]["measured"] is None
    assert empty["entities"] == [] and empty["clusters"] == []
    money = zurich["numeric_facts"][0]
    assert zurich["text"][money["start"]:money["end"]] == "€4.50"  # code-point offsets survive
    assert "😀" in zurich["text"]
    # the card's dataset_info agrees with what datasets recorded while loading
    meta = yaml.safe_load((out / "README.md").read_text(encoding="utf-8").split("---\n")[1])
    recorded = ds.info.splits["test"]
    assert meta["dataset_info"]["splits"] == [
        {"name": "test", "num_bytes": recorded.num_bytes, "num_examples": recorded.num_examples}]


def test_read_folder_round_trip(tmp_path, documents):
    out = tmp_path / "hub"
    hub.build(documents, out)
    back = hub.read_folder(out)
    assert back == sorted(documents, key=lambda d: d.id)
    assert isinstance(back[0].quotes[0].speaker, Span) and back[0].quotes[1].speaker is None
    assert back[0].numeric_facts[1].value is None and back[2].numeric_facts[0].value == 4.5
    assert back[2].clusters[1].aliases == ("Zoë", "Müller")


def test_read_folder_spans_several_row_groups(tmp_path, documents):
    # 2,500 rows = row groups of 1,000, 1,000 and 500; null structs at the group edges
    base = documents[1]
    many = [msgspec.structs.replace(base, id=f"d{k:05d}") for k in range(2 * hub.ROW_GROUP_SIZE + 500)]
    out = tmp_path / "hub"
    hub.build(many, out)
    assert pq.ParquetFile(out / hub.DATA_FILE).num_row_groups == 3
    assert hub.read_folder(out) == many


def test_card_metadata_and_text(tmp_path, documents):
    out = tmp_path / "hub"
    hub.build(documents, out)
    card = (out / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n")
    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["configs"] == [{"config_name": "default", "data_files": [{"split": "test", "path": "data/test-*"}]}]
    assert meta["license"] == "other" and meta["language"] == ["en"] and meta["pretty_name"] == "NewsFacts"
    assert meta["size_categories"] == ["n<1K"]
    assert [f["name"] for f in meta["dataset_info"]["features"]] == list(Document.__struct_fields__)
    assert hub.MARKER in card
    for section in ("## How to load", "## Fields", "## Annotation process", "## Counts", "## Limitations",
                    "## Source and license", "## Reproducibility", "## Citation"):
        assert section in card
    assert "Agreement: not yet measured" in card
    assert 'load_dataset("path/to/dir", split="test")' in card
    # counts come from Stats: 3 documents, entities PERSON = 2 (real seed) + 1 (Zürich)
    stats = compute(documents)
    assert stats.to_markdown() in card and "| PERSON | 3 |" in card
    assert "Le Temps (1), ZDNet (1)" not in card  # sources are counted per document ...
    assert "Le Temps (2), ZDNet (1)" in card  # ... two rows come from the Zürich seed
    assert str(tmp_path) not in card and os.uname().nodename not in card
    # the byte-identical guarantee holds for a pyarrow version: the card names it, and it is the
    # one that wrote the Parquet file
    assert f"with pyarrow\n{pa.__version__}, which wrote `data/test-00000-of-00001.parquet`" in card
    assert pq.ParquetFile(out / hub.DATA_FILE).metadata.created_by.endswith(f"version {pa.__version__}")


# ---------------------------------------------------------------------------------------------
# What build refuses, and atomicity


def test_refuses_to_replace_what_is_not_a_build(tmp_path, documents):
    keep = tmp_path / "project"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not a NewsFacts build"):
        hub.build(documents, keep)
    assert (keep / "notes.txt").read_text(encoding="utf-8") == "mine"

    # a README.md and data/ that lack the build marker are someone else's card
    other = tmp_path / "other"
    (other / "data").mkdir(parents=True)
    (other / "README.md").write_text("# my dataset\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a NewsFacts build"):
        hub.build(documents, other)
    assert (other / "README.md").read_text(encoding="utf-8") == "# my dataset\n"

    # a previous build plus a stray file is no longer only a build
    out = tmp_path / "hub"
    hub.build(documents, out)
    (out / "data" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a NewsFacts build"):
        hub.build(documents, out)

    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a directory"):
        hub.build(documents, a_file)
    with pytest.raises(InputError, match="file.txt is not a directory"):
        hub.build(documents, a_file / "sub" / "hub")
    assert a_file.read_text(encoding="utf-8") == "x"


def test_refuses_the_current_directory(tmp_path, documents, monkeypatch):
    monkeypatch.chdir(tmp_path)  # empty, so only the "current directory" rule stops it
    with pytest.raises(InputError, match="current directory"):
        hub.build(documents, ".")
    assert list(tmp_path.iterdir()) == []


def test_builds_into_an_empty_directory(tmp_path, documents):
    out = tmp_path / "empty"
    out.mkdir()
    hub.build(documents, out)
    assert hub.is_build_folder(out)


def test_failure_mid_build_leaves_the_previous_build_untouched(tmp_path, documents):
    out = tmp_path / "hub"
    hub.build(documents, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # The bad document sorts last: the build fails while converting rows, after the temporary
    # folder and the Parquet writer were opened.
    real = documents[1]
    bad = msgspec.structs.replace(real, id="zzz_bad", quotes=(msgspec.structs.replace(real.quotes[0], speaker="Ross"),))
    # the gold rules engine's structural check, the same message the scorer gives
    with pytest.raises(InputError, match="document 'zzz_bad': gold must give a span") as err:
        hub.build([*documents, bad], out)
    assert err.value.field == "quotes[0].speaker"
    # an offset beyond int32 (and beyond the text): refused by the same check, also atomic
    huge = msgspec.structs.replace(real, id="zzz_huge", entities=(msgspec.structs.replace(real.entities[0],
                                                                                          start=2**31),))
    with pytest.raises(InputError, match="empty or inverted span") as err:
        hub.build([*documents, huge], out)
    assert err.value.field == "entities[0].end"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub"]  # no temporary folder left behind


def test_empty_input_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no documents to build"):
        hub.build([], tmp_path / "hub")
    assert not (tmp_path / "hub").exists()


def test_duplicate_ids_are_an_input_error(tmp_path, documents):
    with pytest.raises(InputError, match="two documents have the id") as err:
        hub.build([documents[0], documents[0]], tmp_path / "hub")
    assert err.value.field == "id"


# ---------------------------------------------------------------------------------------------
# read_folder on tampered folders


@pytest.fixture
def built(tmp_path, documents) -> Path:
    out = tmp_path / "hub"
    hub.build(documents, out)
    return out


def _rewrite(folder: Path, table: pa.Table) -> Path:
    path = folder / hub.DATA_FILE
    pq.write_table(table, path)
    return path


def test_read_folder_names_file_and_field_of_a_wrong_type(built):
    table = pq.read_table(built / hub.DATA_FILE)
    entities = table.schema.field("entities").type
    starts64 = pa.list_(pa.struct([pa.field(f.name, pa.int64() if f.name == "start" else f.type)
                                   for f in entities.value_type]))
    i = table.schema.get_field_index("entities")
    path = _rewrite(built, table.set_column(i, "entities", pc.cast(table.column("entities"), starts64)))
    with pytest.raises(InputError) as err:
        hub.read_folder(built)
    assert err.value.file == str(path) and err.value.field == "entities[].start"
    assert "expected int32, found int64" in err.value.message


def test_read_folder_names_a_missing_or_unknown_column(built):
    table = pq.read_table(built / hub.DATA_FILE)
    path = _rewrite(built, table.drop_columns(["quotes"]))
    with pytest.raises(InputError, match="missing column") as err:
        hub.read_folder(built)
    assert (err.value.file, err.value.field) == (str(path), "quotes")

    _rewrite(built, table.append_column("extra", pa.array([1, 2, 3])))
    with pytest.raises(InputError, match="unknown column") as err:
        hub.read_folder(built)
    assert err.value.field == "extra"


def test_read_folder_names_row_and_field_of_a_forbidden_null(built):
    table = pq.read_table(built / hub.DATA_FILE)
    rows = table.to_pylist()
    rows[2]["entities"][1]["start"] = None  # row 3 = zz_zurich
    path = _rewrite(built, pa.Table.from_pylist(rows, schema=table.schema))
    with pytest.raises(InputError) as err:
        hub.read_folder(built)
    assert (err.value.file, err.value.field) == (str(path), "entities[1].start")
    assert "row 3 (id 'zz_zurich')" in err.value.message

    rows = table.to_pylist()
    rows[0]["id"] = None
    _rewrite(built, pa.Table.from_pylist(rows, schema=table.schema))
    with pytest.raises(InputError, match="row 1") as err:
        hub.read_folder(built)
    assert err.value.field == "id"


def test_read_folder_rejects_unusable_cards_and_files(built, tmp_path):
    card = built / "README.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("configs:", "configz:"), encoding="utf-8")
    with pytest.raises(InputError, match="no 'configs'") as err:
        hub.read_folder(built)
    assert err.value.file == str(card) and err.value.field == "configs"

    card.write_text(text.replace("path: data/test-*", "path: data/dev-*"), encoding="utf-8")
    with pytest.raises(InputError, match="no file matches") as err:
        hub.read_folder(built)
    assert err.value.field == "configs[0].data_files[0].path"

    card.write_text(text, encoding="utf-8")
    (built / hub.DATA_FILE).write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match="not a readable Parquet file") as err:
        hub.read_folder(built)
    assert err.value.file == str(built / hub.DATA_FILE)

    with pytest.raises(InputError, match="not a directory"):
        hub.read_folder(card)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="not a Hub-format dataset folder: no README.md dataset card") as err:
        hub.read_folder(empty)
    assert err.value.file == str(empty)


# ---------------------------------------------------------------------------------------------
# Command line


def test_cli_build_and_stats(small_project, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["--seeds", str(small_project / "seeds"), "--annotations", str(small_project / "annotations")]
    assert cli.main(["build", "--out", str(out), *argv]) == 0
    printed = capsys.readouterr().out
    assert "1 row" in printed and hub.DATA_FILE in printed
    assert [d.id for d in hub.read_folder(out)] == ["small"]

    stats_json = tmp_path / "stats.json"
    assert cli.main(["stats", "--dataset", str(out), "--json", str(stats_json)]) == 0
    table = capsys.readouterr().out
    # SMALL_SEED's gold (tests/conftest.py): entities Ross, US, Ross -> 3, PERSON 2, GPE 1;
    # one direct quote; numeric facts 260 (CARDINAL) and Sunday (DATE)
    assert "NewsFacts statistics: 1 document" in table
    counts = json.loads(stats_json.read_text(encoding="utf-8"))
    assert counts["entities"] == {"count": 3, "labels": {**{k: 0 for k in counts["entities"]["labels"]},
                                                         "PERSON": 2, "GPE": 1}}
    assert counts["quotes"]["kinds"] == {"direct": 1, "indirect": 0, "mixed": 0}
    assert counts["numeric_facts"]["kinds"]["CARDINAL"] == 1 and counts["numeric_facts"]["kinds"]["DATE"] == 1


def test_cli_refusal_is_one_message_and_exit_status_2(tmp_path):
    target = tmp_path / "keep"
    target.mkdir()
    (target / "thesis.tex").write_text("x", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "newsfacts", "build", "--out", str(target)], cwd=ROOT,
                         capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("newsfacts: error: ") and "not a NewsFacts build" in run.stderr
    assert (target / "thesis.tex").exists()
