#!/usr/bin/env python3
"""Time the whole ``newsfacts score`` process against nervaluate 1.2.1 on the same synthetic load.

    .venv/bin/python scripts/bench_scorer.py                  # 10,000 documents, both scorers
    .venv/bin/python scripts/bench_scorer.py --docs 100000 --memory-only   # our scorer's peak RSS

The load: ``--docs`` documents of synthetic text, each with ``--gold`` (50) gold entity spans and
about 60 predictions made from them with realistic noise (per gold span: 72% exact, 10% a
boundary shifted by 1-3 characters, 8% the wrong label, 2% both, 8% missed; plus about 14
spurious spans on words outside the gold). Gold is written as a ``.jsonl`` of document records,
predictions as ``PRED.jsonl`` (with ``text`` on every item, so the scorer checks it against the
document), in a temporary directory.

Both sides run as whole processes (start-up, imports, reading, scoring, output), timed by wall
clock, best of ``--runs``; peak RSS per process comes from ``getrusage(RUSAGE_CHILDREN)`` and the
peak of the whole process tree (the ``--jobs`` workers together) from sampling /proc every 20 ms.
nervaluate gets the
same spans with its inclusive end offsets, through its dict loader, from a small script that
reads the same two files with the standard library and calls ``Evaluator(...).evaluate()``.
Our side is the ``newsfacts`` console script with its default options (so the 1,000-resample
bootstrap is included) and ``--json``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmark"))  # the package, also when the checkout is not installed

from benchlib import INSTALL_HINT, missing_peers, speed  # noqa: E402

from newsfacts.model import ENTITY_LABELS, Document, Entity  # noqa: E402

_WORDS = ("the", "government", "said", "on", "a", "deal", "with", "of", "report", "market", "shares", "in",
          "after", "talks", "new", "rules", "for", "trade", "officials", "and", "companies", "to", "was",
          "expected", "week", "its", "by", "plan", "tariffs", "over")
_NAMES = ("Ross", "Huawei", "Washington", "Beijing", "Bloomberg", "Commerce", "Department", "Asean", "Samsung",
          "Apple", "Microsoft", "Dahua", "Hikvision", "Trump", "Cook", "Smith", "China", "Europe", "Senate",
          "Entity", "List", "Android", "Kirin", "Shenzhen", "Reuters")

NERVALUATE_SCRIPT = r"""
import json, sys
from nervaluate import Evaluator
gold, pred, labels = {}, {}, sys.argv[3].split(",")
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        gold[d["id"]] = [{"label": e["label"], "start": e["start"], "end": e["end"] - 1} for e in d["entities"]]
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        pred[d["id"]] = [{"label": e["label"], "start": e["start"], "end": e["end"] - 1} for e in d["entities"]]
ids = sorted(gold)
results = Evaluator([gold[i] for i in ids], [pred.get(i, []) for i in ids], tags=labels, loader="dict").evaluate()
s = results["overall"]["strict"]
print(json.dumps({"strict": [s.correct, s.incorrect, s.partial, s.missed, s.spurious]}))
"""


def make_load(directory: Path, docs: int, gold_per_doc: int = 50, seed: int = 0) -> tuple[Path, Path]:
    """Write ``gold.jsonl`` and ``pred.jsonl`` into ``directory``; returns their paths."""
    import msgspec

    rng = random.Random(seed)
    enc = msgspec.json.Encoder()
    gold_path, pred_path = directory / "gold.jsonl", directory / "pred.jsonl"
    labels = ENTITY_LABELS
    weights = (30, 8, 2, 25, 20, 4, 4, 3, 1, 2, 1)
    with open(gold_path, "wb") as gf, open(pred_path, "wb") as pf:
        for d in range(docs):
            parts: list[str] = []
            pos = 0
            ents: list[Entity] = []
            fillers: list[tuple[int, int]] = []

            def add(word: str) -> tuple[int, int]:
                nonlocal pos
                if parts:
                    parts.append(" ")
                    pos += 1
                parts.append(word)
                span = (pos, pos + len(word))
                pos += len(word)
                return span

            for k in range(gold_per_doc):
                for _ in range(rng.randint(2, 6)):
                    fillers.append(add(rng.choice(_WORDS)))
                name = " ".join(rng.choice(_NAMES) for _ in range(rng.choice((1, 1, 2, 2, 3))))
                a, b = add(name)
                ents.append(Entity(id=f"e{k}", start=a, end=b, text=name,
                                   label=rng.choices(labels, weights)[0]))
            fillers.append(add("end."))
            text = "".join(parts)
            doc_id = f"doc{d:06d}"
            gf.write(enc.encode(Document(id=doc_id, title=f"Synthetic {d}", url="https://example.org/", source="bench",
                                         author="bench", published_at="2019-11-04", text=text, entities=tuple(ents))))
            gf.write(b"\n")

            preds: list[dict] = []
            for e in ents:
                r = rng.random()
                if r < 0.08:
                    continue  # missed
                start, end, label = e.start, e.end, e.label
                if 0.80 <= r < 0.90 or r >= 0.98:  # shifted boundary
                    if rng.random() < 0.5:
                        start = max(0, min(end - 1, start + rng.choice((-3, -2, -1, 1, 2, 3))))
                    else:
                        end = min(len(text), max(start + 1, end + rng.choice((-3, -2, -1, 1, 2, 3))))
                if 0.90 <= r:  # wrong label
                    label = rng.choice([x for x in labels if x != label])
                preds.append({"start": start, "end": end, "text": text[start:end], "label": label})
            for a, b in rng.sample(fillers, min(len(fillers), 60 - len(preds))):
                preds.append({"start": a, "end": b, "text": text[a:b], "label": rng.choices(labels, weights)[0]})
            rng.shuffle(preds)
            pf.write(enc.encode({"id": doc_id, "entities": preds}))
            pf.write(b"\n")
    return gold_path, pred_path


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (Linux /proc), in MB; 0 when gone."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            with open(f"/proc/{p}/task/{p}/children", encoding="ascii") as f:
                todo.extend(int(c) for c in f.read().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def run(cmd: list[str], runs: int) -> tuple[float, float, float, str]:
    """Best wall-clock seconds over ``runs``; the largest per-process peak RSS (``getrusage``); the
    largest sampled RSS of the whole process tree (every 20 ms, so the worker processes of
    ``--jobs`` count together); stdout of the last run."""
    import threading

    best, peak, tree_peak, out = float("inf"), 0.0, 0.0, ""
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, "HF_HUB_OFFLINE": "1"})
        sampled = [0.0]
        done = threading.Event()

        def sample(pid: int = proc.pid) -> None:
            while not done.wait(0.02):
                sampled[0] = max(sampled[0], _tree_rss_mb(pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = proc.communicate()
        elapsed = time.perf_counter() - t0
        done.set()
        sampler.join()
        if proc.returncode != 0:
            raise SystemExit(f"{cmd[0]} failed ({proc.returncode}):\n{stderr.decode()}")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)  # kB on Linux; the largest child so far
        tree_peak = max(tree_peak, sampled[0])
        out = stdout.decode()
    return best, peak, tree_peak, out


def newsfacts_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("newsfacts")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "newsfacts"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=10_000)
    p.add_argument("--gold", type=int, default=50, help="gold entity spans per document")
    p.add_argument("--runs", type=int, default=3, help="runs of our scorer (best is reported)")
    p.add_argument("--nervaluate-runs", type=int, default=1)
    p.add_argument("--memory-only", action="store_true", help="only our scorer (for the 100,000-document check)")
    p.add_argument("--keep", type=Path, help="write the load here instead of a temporary directory")
    p.add_argument("--score-args", default="", help="extra arguments for newsfacts score, e.g. '--bootstrap 0'")
    args = p.parse_args(argv)
    if not args.memory_only and missing_peers("nervaluate"):
        print(f"bench_scorer: the peer nervaluate is not installed: {INSTALL_HINT}; or pass --memory-only "
              "to time newsfacts alone", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="nf-bench-") as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        gold, pred = make_load(directory, args.docs, args.gold)
        size = (gold.stat().st_size + pred.stat().st_size) / 1e6
        print(f"load: {args.docs} documents x {args.gold} gold spans, {size:.0f} MB, "
              f"written in {time.perf_counter() - t0:.1f} s")

        ours = [*newsfacts_cmd(), "score", str(pred), "--dataset", str(gold), "--json", str(directory / "out.json"),
                *args.score_args.split()]
        ours_s, ours_mb, ours_tree, _ = run(ours, args.runs)
        print(f"newsfacts score: {ours_s:.2f} s (best of {args.runs}), peak RSS {ours_mb:.0f} MB per process, "
              f"{ours_tree:.0f} MB all processes (sampled)")
        print("  command: " + " ".join(ours))
        if args.memory_only:
            ok = ours_tree < 2048 and ours_mb < 2048
            print(f"memory: {'OK' if ok else 'FAIL'} (< 2048 MB)")
            return 0 if ok else 1

        script = directory / "nervaluate_run.py"
        script.write_text(NERVALUATE_SCRIPT, encoding="utf-8")
        nerv = [sys.executable, str(script), str(gold), str(pred), ",".join(ENTITY_LABELS)]
        nerv_s, _, nerv_mb, nerv_out = run(nerv, args.nervaluate_runs)
        print(f"nervaluate 1.2.1: {nerv_s:.2f} s (best of {args.nervaluate_runs}), peak RSS {nerv_mb:.0f} MB (sampled)")
        print(f"  strict COR/INC/PAR/MIS/SPU (nervaluate): {nerv_out.strip()}")
        ok = ours_s > 0 and nerv_s / ours_s >= 10
        print(f"ratio: newsfacts is {speed(ours_s, nerv_s, 'nervaluate 1.2.1')} "
              f"({'OK' if ok else 'FAIL'}: goal at least 10x faster)")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
