"""Atomic writes refuse every output path that would destroy something or leave a partial file."""

from __future__ import annotations

import os

import pytest

from newsfacts.errors import InputError
from newsfacts.jsonio import atomic_write, list_dir


def test_atomic_write_replaces_a_regular_file(tmp_path):
    path = tmp_path / "out.json"
    atomic_write(path, "one")
    atomic_write(path, "two")
    assert path.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


@pytest.mark.parametrize("make, message", [
    (lambda d: "", "empty output path"),
    (lambda d: d, "exists and is not a regular file"),
    (lambda d: d / "missing" / "out.json", "the directory of this output file does not exist"),
    (lambda d: ((d / "f").write_text("x"), d / "f" / "out.json")[1], "is not a directory"),
    (lambda d: "/dev/null", "exists and is not a regular file"),
])
def test_atomic_write_refuses(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        atomic_write(make(tmp_path), "data")
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_atomic_write_never_overwrites_an_input(tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text("{}\n")
    link = tmp_path / "link.json"
    link.symlink_to(pred)
    for target in (pred, link):  # a symbolic link is followed to the file it names
        with pytest.raises(InputError, match="is also an input"):
            atomic_write(target, "results", inputs=[pred])
    assert pred.read_text() == "{}\n" and link.is_symlink()


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_list_dir_errors(tmp_path):
    with pytest.raises(InputError, match="no such directory"):
        list_dir(tmp_path / "nope")
    (tmp_path / "f").write_text("x")
    with pytest.raises(InputError, match="not a directory"):
        list_dir(tmp_path / "f")


def test_atomic_write_many_writes_all_or_refuses_before_writing(tmp_path):
    from newsfacts.jsonio import atomic_write_many

    (tmp_path / "b.json").write_text("old")
    atomic_write_many([(tmp_path / "a.json", "A"), (tmp_path / "b.json", b"B")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]  # no temporary left
    assert (tmp_path / "a.json").read_text() == "A" and (tmp_path / "b.json").read_text() == "B"
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        atomic_write_many([(tmp_path / "c.json", "C"), (tmp_path / "dir.json", "D")])
    assert not (tmp_path / "c.json").exists()
