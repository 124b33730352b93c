"""Seed parsing: the real seed, canonical text, the raw offset map, and malformed seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsfacts.dataset.canonical import SPACES, normalize_paragraph, normalize_with_map
from newsfacts.errors import InputError
from newsfacts.dataset.seeds import parse_seed, parse_seed_text, parse_seeds, text_sha256

from .helpers import REAL_SEED, SMALL_SEED, write_seed


def test_real_seed_metadata_and_paragraphs():
    seed = parse_seed(REAL_SEED)
    assert seed.id == "000_d42d46c449c189f0"
    assert seed.title == "US official says licences to sell to Huawei 'forthcoming very shortly': Report"
    assert seed.published_at == "2019-11-04T00:42:59+00:00"
    assert seed.author == "Campbell Kwan"
    assert seed.source == "ZDNet"
    assert seed.url.startswith("https://www.zdnet.com/article/us-official-says-licences")
    paragraphs = seed.text.split("\n\n")
    # headline, dek, and the three body lines of the seed
    assert len(paragraphs) == 5
    assert paragraphs[0] == seed.title
    assert paragraphs[1] == "The US government has received 260 requests for the licences."
    assert paragraphs[2].startswith("US Commerce Secretary Wilbur Ross on Sunday")
    assert paragraphs[4].endswith("certain items of footwear and clothing.")


def test_real_seed_canonical_text_is_clean():
    text = parse_seed(REAL_SEED).text
    raw = REAL_SEED.read_text(encoding="utf-8")
    assert "\u00a0" in raw  # the seed really has no-break spaces ...
    assert "\u00a0" not in text  # ... and the canonical text has none
    assert "  " not in text
    assert all(p == p.strip() for p in text.split("\n\n"))
    assert "\n\n\n" not in text


def test_offset_map_points_back_to_the_raw_seed():
    seed = parse_seed(REAL_SEED)
    raw = REAL_SEED.read_text(encoding="utf-8")
    for m in re.finditer(r"[^\s]+(?: [^\s]+){0,3}", seed.text):
        a, b = seed.offsets.to_raw(m.start(), m.end())
        # the raw slice normalizes to the canonical slice (no-break spaces, runs of spaces)
        assert normalize_paragraph(raw[a:b]) == m.group(), (m.group(), raw[a:b])
    # the dek sits after its 8 spaces of indentation in the raw file
    dek = seed.text.index("The US government")
    a, _ = seed.offsets.to_raw(dek, dek + 3)
    assert raw[a - 8:a] == " " * 8 and raw[a:a + 3] == "The"


def test_offsets_map_through_nfc_and_spaces():
    text, starts, ends = normalize_with_map("\u00a0Cafe\u0301\u2003 bar", base=100)
    assert text == "Caf\u00e9 bar"
    assert (starts[3], ends[3]) == (104, 106)  # é came from e + combining acute
    assert (starts[4], ends[4]) == (106, 108)  # one space from an em space and a space
    text, starts, ends = normalize_with_map("a\u200bb  c", base=0)  # zero-width space removed
    assert text == "ab c" and list(zip(starts, ends)) == [(0, 1), (2, 3), (3, 5), (5, 6)]


def test_space_table_matches_this_pythons_unicode():
    line_breaks = {ch for ch in map(chr, range(0x110000)) if len(("a" + ch + "b").splitlines()) > 1}
    spaces = {ch for ch in map(chr, range(0x110000)) if ch.isspace()} - line_breaks
    assert spaces == set(SPACES)


def test_text_sha256_is_of_the_canonical_text():
    seed = parse_seed(REAL_SEED)
    assert seed.text_sha256 == text_sha256(seed.text)
    assert len(seed.text_sha256) == 64


@given(st.text(alphabet=st.sampled_from(list("ab \t\u00a0\u2009\u200be\u0301\u00e9\n.")), max_size=40))
@example("a\u200b\u0301")  # a zero-width space between a letter and its accent: must compose on the first pass
def test_normalization_is_idempotent(s):
    for line in s.split("\n"):
        once = normalize_paragraph(line)
        assert normalize_paragraph(once) == once


@given(st.lists(st.text(alphabet=st.sampled_from(list("Ab \u00a0\u2009e\u0301\"'")), min_size=1, max_size=15),
                min_size=2, max_size=5))
def test_parsing_canonical_text_again_gives_the_same_text(paragraphs):
    header = ("# Headline\nPublished at: **2019-11-04T00:42:59+00:00**\nAuthor: **X**\n"
              "Original: [S](https://example.org/)\n\n")
    body = "\n".join(p for p in paragraphs)
    try:
        first = parse_seed_text(header + "  dek  \n" + body, "h")
    except InputError:
        return  # only blank paragraphs: an empty body, tested elsewhere
    again = parse_seed_text(header + "\n".join(first.text.split("\n\n")[1:]), "h")
    assert again.text == first.text


def test_several_seeds_sorted_by_id(tmp_path):
    write_seed(tmp_path, "b")
    write_seed(tmp_path, "a")
    assert [s.id for s in parse_seeds([tmp_path])] == ["a", "b"]


def _broken(tmp_path: Path, text: str | bytes, name: str = "bad") -> Path:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize("mutate, line, field, message", [
    (lambda s: s.replace("Author: **A. Writer**\n", ""), 9, "author", "missing header field 'Author:'"),
    (lambda s: s.replace("Published at: **2019-11-04T00:42:59+00:00**", "Published at: **yesterday**"), 4,
     "published_at", "unparseable date 'yesterday'"),
    (lambda s: s.replace("Original: [ZDNet](https://www.zdnet.com/article/x/)", "Original: ZDNet"), 8, "original",
     "malformed header line"),
    (lambda s: s.replace("Author: **A. Writer**", "Author: **A. Writer**\nAuthor: **B**"), 7, "author",
     "duplicate header field 'Author:'"),
    (lambda s: s.replace("# Ross says deal near", "Ross says deal near"), 2, "title", "expected the headline"),
    (lambda s: s.split("        The US")[0], 9, "text", "no dek or body paragraphs"),
    (lambda s: s.split('"It is close')[0], 11, "text", "empty body"),
    (lambda s: "\n\n  \n", 1, "title", "empty seed"),
])
def test_malformed_seed_names_file_line_and_field(tmp_path, mutate, line, field, message):
    path = _broken(tmp_path, mutate(SMALL_SEED))
    with pytest.raises(InputError) as info:
        parse_seed(path)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), line, field)
    assert message in err.message


def test_seed_that_is_not_utf8_names_the_line(tmp_path):
    data = SMALL_SEED.encode("utf-8").replace(b"260 requests", b"260 r\xe9quests")
    with pytest.raises(InputError) as info:
        parse_seed(_broken(tmp_path, data))
    assert info.value.line == 10
    assert "not valid UTF-8" in info.value.message


def test_seed_id_must_be_a_safe_file_name(tmp_path):
    with pytest.raises(InputError, match="seed id 'bad id'"):
        parse_seed(_broken(tmp_path, SMALL_SEED, name="bad id"))


def test_duplicate_seed_id_across_directories(tmp_path):
    write_seed(tmp_path / "one", "same")
    write_seed(tmp_path / "two", "same")
    with pytest.raises(InputError, match="duplicate seed id 'same'") as info:
        parse_seeds([tmp_path / "one", tmp_path / "two"])
    assert info.value.field == "id"


def test_missing_seed_path(tmp_path):
    with pytest.raises(InputError, match="no such seed file or directory"):
        parse_seeds([tmp_path / "nope"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab É\u0301\u00a0\u2003\u200b\ufeff\t\u3000.\"") + ["e\u0301", "\u212b"]))
       .map("".join))
def test_text_only_normalization_equals_the_mapped_one(raw):
    # Seed texts are read without their offset map; the map, built later, must describe that same text.
    assert normalize_paragraph(raw) == normalize_with_map(raw)[0]


def test_the_offset_map_is_built_on_first_use_and_describes_the_text():
    raw = ("# Head  line\n\nPublished at: **2019-11-04T00:00:00+00:00**\n\nAuthor: **A**\n\n"
           "Original: [S](https://s.example/a)\n\nThe\u00a0dek.\n  Body   text.\n")
    seed = parse_seed_text(raw, "s")
    assert "offsets" not in vars(seed)          # not built by the parse
    assert seed.text == "Head line\n\nThe dek.\n\nBody text."
    body = seed.text.index("Body")
    raw_start, raw_end = seed.offsets.to_raw(body, body + len("Body text"))
    assert raw[raw_start:raw_end] == "Body   text"
