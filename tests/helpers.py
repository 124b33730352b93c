"""Helpers shared by the test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def labelstudio_server_module():
    """``scripts/labelstudio_server.py``: the one place that installs, starts and stops Label Studio."""
    import sys

    if "labelstudio_server" not in sys.modules:
        spec = importlib.util.spec_from_file_location("labelstudio_server", ROOT / "scripts" / "labelstudio_server.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["labelstudio_server"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules["labelstudio_server"]


def run_cli(*argv: object) -> tuple[int, str, str]:
    """Run ``newsfacts ARGV`` in this process; returns (status, stdout, stderr)."""
    from newsfacts.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in argv])
    return status, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------- Label Studio results


def region(rid: str, control: str, start: int, end: int, text: str, label: str) -> dict[str, Any]:
    """A labels result item, as Label Studio's editor saves it."""
    return {"id": rid, "from_name": control, "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def per_region(rid: str, control: str, start: int, end: int, kind: str, value: Any) -> dict[str, Any]:
    """A per-region control's result item (``kind``: textarea, choices or number)."""
    key = {"textarea": "text", "choices": "choices", "number": "number"}[kind]
    return {"id": rid, "from_name": control, "to_name": "text", "type": kind,
            "value": {"start": start, "end": end, key: value}}


def relation(source: str, target: str, *labels: str) -> dict[str, Any]:
    return {"from_id": source, "to_id": target, "type": "relation", "direction": "right", "labels": list(labels)}


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``needle`` in ``text``."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i, i + len(needle)


def api(url: str, token: str, method: str, path: str, body: Any = None) -> Any:
    """One Label Studio REST call, as the browser editor makes it (token auth)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{url}{path}", data=data, method=method,
                                 headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        raw = r.read()
    return json.loads(raw) if raw else None
