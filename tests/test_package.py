"""The package as users get it: the public API of ``import newsfacts``, ``python -m newsfacts``,
and a wheel installed into a fresh environment and run outside the checkout. (A benchmark with
more articles than the bundled one: tests/test_articles.py.)"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import newsfacts
from newsfacts.dataset.gold import load_documents
from newsfacts.dataset.hub import DATA_FILE, build

from .helpers import ROOT

EXAMPLE = ROOT / "examples" / "llm_predictions.jsonl"


# ---------------------------------------------------------------------------------------------
# The public API


def test_every_public_name_resolves_and_star_import_gives_exactly_all():
    for name in newsfacts.__all__:
        assert getattr(newsfacts, name) is not None, name
    namespace: dict = {}
    exec("from newsfacts import *", namespace)  # noqa: S102
    assert set(namespace) - {"__builtins__"} == set(newsfacts.__all__)
    assert sorted(dir(newsfacts)) == sorted(newsfacts.__all__)
    with pytest.raises(AttributeError, match="no attribute 'scroe'"):
        newsfacts.scroe  # noqa: B018


def test_the_api_is_the_one_the_modules_define():
    from newsfacts.dataset import stats
    from newsfacts.scoring import api

    assert newsfacts.score is api.score and newsfacts.compute_stats is stats.compute
    for error in (newsfacts.InputError, newsfacts.GoldInvalid):  # bad input, whichever way it is found
        assert issubclass(error, ValueError) and issubclass(error, newsfacts.NewsFactsError)


def test_import_newsfacts_stays_light():
    code = "import sys, newsfacts; print(sorted(m for m in ('datasets', 'pyarrow', 'scipy', 'newsfacts.scoring') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_python_m_newsfacts_is_the_command(tmp_path):
    run = subprocess.run([sys.executable, "-m", "newsfacts", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert (run.returncode, run.stdout.strip()) == (0, f"newsfacts {newsfacts.__version__}")


# ---------------------------------------------------------------------------------------------
# The wheel, installed outside the checkout


def _copy_source(dest: Path) -> Path:
    """What a clean clone holds for a build (so the build writes nothing into the checkout)."""
    names = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE")
    dest.mkdir()
    for name in names:
        shutil.copy2(ROOT / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "_bundled")
    for folder in ("benchmark", "seeds", "annotations"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=ignore)
    return dest


@pytest.mark.slow
def test_the_wheel_works_outside_the_checkout(tmp_path):
    # No PYTHONPATH and no NEWSFACTS_ROOT anywhere: nothing may point back at the checkout.
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSFACTS_ROOT", "PYTHONPATH")}
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels),
                    str(_copy_source(tmp_path / "src"))], check=True, capture_output=True, env=env)
    (wheel,) = wheels.glob("newsfacts-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, capture_output=True, env=env)
    # The dependencies come from the project's environment (appended after the venv's own
    # site-packages, so the wheel's newsfacts comes first; the editable install's .pth files
    # there are not processed).
    (site / "_project_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(EXAMPLE, work / "llm.jsonl")

    def run(*argv: str) -> str:
        done = subprocess.run([str(venv / "bin" / "newsfacts"), *argv], cwd=work, env=env, capture_output=True,
                              text=True)
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
        return done.stdout

    done = subprocess.run([str(py), "-c", "import newsfacts, newsfacts.dataset.gold as g; "
                           "print(newsfacts.__file__); print(g.project_root())"],
                          cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    where = done.stdout.split("\n")
    assert Path(where[0]).is_relative_to(venv) and Path(where[1]).is_relative_to(venv), where

    docs = load_documents()
    assert f"ok: {len(docs)} document(s)" in run("validate")
    n = len(docs)
    assert run("stats").startswith(f"NewsFacts statistics: {n} document{'s' * (n != 1)}, ")
    run("build", "--out", "hub")
    # the wheel's bundled copy is the checkout's benchmark: the same bytes as a build from here
    ref = build(docs, tmp_path / "ref")
    assert hashlib.sha256((work / "hub" / DATA_FILE).read_bytes()).hexdigest() == ref.parquet_sha256
    run("score", "llm.jsonl", "--bootstrap", "0", "--json", "results.json")
    results = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert results["dataset"]["source"] == "bundled"
    assert results["entities"]["strict"]["correct"] == newsfacts.score(EXAMPLE, bootstrap=0).figure(
        "entities.strict.correct")

    done = subprocess.run([str(py), "-m", "newsfacts", "validate"], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and f"ok: {len(docs)} document(s)" in done.stdout, done.stderr
