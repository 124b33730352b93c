"""The package's layers hold: ``cli -> (labelstudio | systems | report) -> scoring -> dataset -> core``.

The contract is in pyproject.toml ([tool.importlinter]); import-linter checks it on the source
tree, indirect imports included. A second test shows the contract can fail: a copy of the package
in which a core module imports the dataset layer is reported as broken.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, capture_output=True, text=True, env={"PYTHONPATH": str(root / "benchmark"),
                                                                        "PATH": "/usr/bin:/bin"})


def test_layers_contract_is_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_core_module_importing_a_higher_layer_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "benchmark", tmp_path / "benchmark", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    errors = tmp_path / "benchmark" / "newsfacts" / "errors.py"
    errors.write_text(errors.read_text() + "\nfrom .dataset import stats  # noqa: E402\n")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert "newsfacts.errors" in result.stdout and "newsfacts.dataset" in result.stdout


def test_no_test_module_imports_another():
    """Shared helpers live in tests/helpers.py (fixtures in conftest.py), so that a test module
    can be moved, renamed or deleted without breaking another one."""
    import ast

    offenders = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] + [a.name for a in node.names] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(n.split(".")[-1].startswith("test_") or n.startswith(("tests.test_", "tests.conftest"))
                   or n == "conftest" for n in names):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_a_missing_optional_dependency_names_the_extra(tmp_path, capsys, monkeypatch):
    """A command whose optional dependency is not installed ends in one line naming the extra."""
    import builtins

    from newsfacts import cli

    real_import = builtins.__import__

    def without_jsonlines(name, *args, **kwargs):
        if name == "jsonlines" or name.startswith("jsonlines."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    export = tmp_path / "export.json"
    export.write_text("[]")
    monkeypatch.setattr(builtins, "__import__", without_jsonlines)
    code = cli.main(["labelstudio", "agreement", str(export)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == ("newsfacts: error: labelstudio needs the Python package 'jsonlines', which is not "
                           "installed: pip install 'newsfacts[labelstudio]'")
