"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsfacts.dataset.gold import join
from newsfacts.dataset.seeds import parse_seed_text
from newsfacts.model import Document, to_builtins, to_json
from tests.conftest import SMALL_SEED, small_gold


def small_document(doc_id: str = "small") -> Document:
    """The small document of conftest.py (seed and gold) under the id ``doc_id``."""
    seed = parse_seed_text(SMALL_SEED, doc_id)
    return join(seed, small_gold(seed.text, seed.text_sha256))


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    """One line per row: a dict is dumped as JSON, a str written as is."""
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def write_gold(path: Path, docs: list[Document]) -> Path:
    path.write_text("".join(to_json(d) + "\n" for d in docs), encoding="utf-8")
    return path


def perfect_line(doc: Document) -> dict:
    """The gold itself as a prediction line (every item with offsets and all attributes)."""
    row = to_builtins(doc)
    return {"id": doc.id, "entities": row["entities"], "quotes": row["quotes"], "numeric_facts": row["numeric_facts"]}


#: How Chromium runs in the tests: headless, no sandbox (containers), nothing fetched at start-up.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@contextmanager
def chromium() -> Iterator[Any]:
    """A real headless Chromium (the system's ``chromium``) driven by Playwright; no browser download.

    Fails, naming what to install, when Chromium is missing: the HTML report is checked in a real
    browser or not at all (set NEWSFACTS_SKIP_BROWSER=1 to skip those tests knowingly).
    """
    import pytest

    if os.environ.get("NEWSFACTS_SKIP_BROWSER") == "1":
        pytest.skip("NEWSFACTS_SKIP_BROWSER=1")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("the HTML report tests need Chromium on PATH (Debian: apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
