"""Progress bars: on a terminal they show, with --quiet or on a pipe they do not.

The commands run in a real pseudo-terminal (``pty``), so tqdm sees a TTY exactly as a user's
shell gives it; nothing is mocked.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from .helpers import ROOT

EXAMPLE = ROOT / "examples" / "llm_predictions.jsonl"
NEWSFACTS = [sys.executable, "-m", "newsfacts"]


def _stderr_on_a_terminal(args: list[str], cwd: Path) -> str:
    leader, follower = pty.openpty()
    # A terminal 100 columns wide, as a user's is (a new pseudo-terminal has no size at all).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        proc = subprocess.run([*NEWSFACTS, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=follower,
                              env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=300)
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(("args", "desc"), [
    (["score", str(EXAMPLE), "--bootstrap", "0"], "scoring"),
    (["validate"], "seeds"),
    (["build", "--out", "built"], "build"),
])
def test_a_bar_shows_on_a_terminal_and_not_with_quiet(tmp_path, args, desc):
    shown = _stderr_on_a_terminal(args, tmp_path)
    assert f"{desc}:" in shown and "/s]" in shown  # tqdm's "desc: ... [elapsed, rate/s]"
    if args[0] == "build":
        args = ["build", "--out", "built2"]
    quiet = _stderr_on_a_terminal([*args, "--quiet"], tmp_path)
    assert f"{desc}:" not in quiet


def test_no_bar_on_a_pipe(tmp_path):
    proc = subprocess.run([*NEWSFACTS, "score", str(EXAMPLE), "--bootstrap", "0"], cwd=tmp_path,
                          capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=300)
    assert proc.returncode == 0
    assert "scoring:" not in proc.stderr
