#!/usr/bin/env python3
"""Time ``labelstudio tasks`` and ``labelstudio import`` on N synthetic copies of the bundled article.

    .venv/bin/python scripts/bench_labelstudio.py            # 10,000 documents
    .venv/bin/python scripts/bench_labelstudio.py -n 1000

The inputs are those of scripts/bench_build.py (the real seed and gold, each copy with its own
id and closing paragraph). Timed, in this process: ``tasks`` (read and validate every seed and
gold file, convert, write one tasks file) and ``import`` (read the tasks file, check every task
against its seed, convert and rule-check every annotation, write every gold file). The import
must give back the gold files byte for byte (checked, not timed).

Peers in the same run: ``validate`` (``gold.read_gold``: parse and check every seed and gold
file, which ``tasks`` does first) and ``json.loads`` of the tasks file (which ``import`` does
first). The ratios are what the figures claim; the goal is under 30 s each for 10,000 documents.
CPU seconds are printed beside the wall-clock seconds: on a shared machine (the load average is printed first) they show what the
work costs when the CPUs are not taken by others.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import make_inputs  # noqa: E402

from newsfacts.dataset.gold import read_gold  # noqa: E402
from newsfacts.labelstudio.convert import import_tasks  # noqa: E402
from newsfacts.labelstudio.tasks import iter_tasks, write_tasks  # noqa: E402


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn):
    """((wall seconds, CPU seconds), result) of ``fn()``."""
    w, c = time.perf_counter(), _cpu()
    result = fn()
    return (time.perf_counter() - w, _cpu() - c), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000, help="documents (default 10,000)")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seeds, gold, out = work / "seeds", work / "annotations", work / "imported"
        make_inputs(args.n, seeds, gold)
        out.mkdir()
        tasks_file = work / "tasks.json"

        (t_validate, c_validate), report = timed(lambda: read_gold([seeds], gold))
        assert report.ok and len(report.documents) == args.n
        (t_tasks, c_tasks), _ = timed(lambda: write_tasks(tasks_file, iter_tasks(seeds=seeds, annotations=gold)))
        (t_json, c_json), _ = timed(lambda: json.loads(tasks_file.read_text(encoding="utf-8")))
        (t_import, c_import), result = timed(lambda: import_tasks(tasks_file, out, seeds=seeds))

        assert len(result.written) == args.n
        for path in list(gold.glob("*.json"))[:: max(1, args.n // 100)]:
            if (out / path.name).read_bytes() != path.read_bytes():
                raise SystemExit(f"bench_labelstudio: {path.name} did not survive the round trip")
        size = tasks_file.stat().st_size

    n = args.n
    print(f"{n:,} documents, tasks file {size / 1e6:.1f} MB; Python {platform.python_version()}")
    print(f"load average before: {load:.1f} on {os.cpu_count()} CPUs")
    print(f"{'step':<34}{'seconds':>9}{'CPU s':>8}{'docs/s':>10}{'ratio':>8}")
    rows = [("validate (peer)", t_validate, c_validate, None), ("labelstudio tasks", t_tasks, c_tasks, t_validate),
            ("json.loads of the tasks (peer)", t_json, c_json, None),
            ("labelstudio import", t_import, c_import, t_json)]
    for name, seconds, cpu, peer in rows:
        ratio = f"{seconds / peer:.1f}x" if peer else ""
        print(f"{name:<34}{seconds:>9.2f}{cpu:>8.2f}{n / seconds:>10,.0f}{ratio:>8}")
    print("ratios: tasks / validate, import / json.loads; goal: tasks and import each under 30 s")
    return 0 if max(t_tasks, t_import) < 30 or n != 10_000 else 1


if __name__ == "__main__":
    sys.exit(main())
