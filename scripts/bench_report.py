#!/usr/bin/env python3
"""Size and time of the HTML report for a large run, against ``newsfacts score`` in the same run.

    .venv/bin/python scripts/bench_report.py                 # 10,000 documents, --max-docs 50
    .venv/bin/python scripts/bench_report.py --docs 1000 --max-docs 1000

The load: ``--docs`` copies of the bundled article (all three layers, under ids ``doc00000``,
...) in a gold ``.jsonl``, and predictions made from the gold with seeded noise per item (75%
exact, 8% a boundary moved, 7% another label or kind, 10% missed; about 5 spurious entities per
document; a wrong quote speaker or cue and a wrong numeric value or bound now and then), so that
documents differ and every outcome occurs.

Timed as whole processes (start-up, reading, scoring with the default 1,000-resample bootstrap,
output), wall clock, best of ``--runs``, peak RSS from ``getrusage``:

* peer: ``newsfacts score PRED --json OUT`` (what a user runs anyway);
* ``newsfacts report PRED --html OUT`` (scores with items, then draws the page);
* ``newsfacts score PRED --json OUT --items`` then ``newsfacts report OUT --html PAGE``.

The page's size is the figure the README states (it must stay under 20 MB for 10,000 documents).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSFACTS = Path(sys.executable).parent / "newsfacts"


def make_load(directory: Path, docs: int, seed: int = 0) -> tuple[Path, Path]:
    """Write ``gold.jsonl`` and ``pred.jsonl``; returns their paths."""
    import msgspec

    from newsfacts.dataset.gold import load_documents
    from newsfacts.model import ENTITY_LABELS, NUMERIC_KINDS, QUOTE_KINDS, to_builtins

    rng = random.Random(seed)
    base = load_documents()[0]
    row = to_builtins(base)
    text = base.text
    enc = msgspec.json.Encoder()
    labels = {"entities": ("label", ENTITY_LABELS), "quotes": ("kind", QUOTE_KINDS),
              "numeric_facts": ("kind", NUMERIC_KINDS)}

    def noisy(layer: str, item: dict) -> dict | None:
        item = {k: v for k, v in item.items() if k not in ("id", "cluster", "speaker_cluster")}
        r = rng.random()
        if r < 0.10:
            return None
        if r < 0.18:  # move a boundary by one character, inside the text
            item["start"] = max(0, min(item["end"] - 1, item["start"] + rng.choice((-1, 1))))
            item["text"] = text[item["start"]:item["end"]]
        elif r < 0.25:
            key, names = labels[layer]
            item[key] = rng.choice([n for n in names if n != item[key]])
        if layer == "quotes" and rng.random() < 0.15:
            item[rng.choice(("speaker", "cue"))] = None
        if layer == "numeric_facts" and rng.random() < 0.15:
            if item.get("value") is not None:
                item["value"] = item["value"] + 1
            else:
                item["bound"] = "approx"
        return item

    gold_path, pred_path = directory / "gold.jsonl", directory / "pred.jsonl"
    words = [(m, m + len(w)) for m, w in ((text.find(w), w) for w in ("official", "licences", "deal", "track"))
             if m >= 0]
    with open(gold_path, "wb") as gf, open(pred_path, "wb") as pf:
        for d in range(docs):
            doc_id = f"doc{d:05d}"
            gf.write(enc.encode({**row, "id": doc_id}) + b"\n")
            line: dict = {"id": doc_id}
            for layer in labels:
                line[layer] = [x for x in (noisy(layer, dict(i)) for i in row[layer]) if x is not None]
            for start, end in rng.sample(words, k=min(len(words), rng.randint(3, 5))):
                line["entities"].append({"start": start, "end": end, "text": text[start:end], "label": "ORG"})
            pf.write(enc.encode(line) + b"\n")
    return gold_path, pred_path


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """Best wall time (s) of ``runs`` runs and the largest peak RSS (MB) of the process."""
    best, rss = float("inf"), 0.0
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        best = min(best, time.perf_counter() - t0)
        if status:
            raise SystemExit(f"failed: {' '.join(cmd)}")
        rss = max(rss, usage.ru_maxrss / 1024)
    return best, rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--max-docs", type=int, default=50)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        gold, pred = make_load(d, args.docs)
        items = pred.read_bytes().count(b'"start"')
        print(f"load: {args.docs:,} documents, {gold.stat().st_size / 1e6:.1f} MB gold, "
              f"{pred.stat().st_size / 1e6:.1f} MB predictions ({items:,} predicted spans, speakers, cues and "
              "measured spans)")
        common = ["--dataset", str(gold)]
        score_s, score_rss = timed([str(NEWSFACTS), "score", str(pred), *common, "--json", str(d / "r.json")],
                                   args.runs)
        page = d / "report.html"
        report_s, report_rss = timed([str(NEWSFACTS), "report", str(pred), *common, "--html", str(page),
                                      "--max-docs", str(args.max_docs)], args.runs)
        items_s, items_rss = timed([str(NEWSFACTS), "score", str(pred), *common, "--json", str(d / "items.json"),
                                    "--items"], args.runs)
        from_json_s, from_json_rss = timed([str(NEWSFACTS), "report", str(d / "items.json"), *common, "--html",
                                            str(d / "from-json.html"), "--max-docs", str(args.max_docs)], args.runs)
        rows = [("newsfacts score --json (peer)", score_s, score_rss, ""),
                ("newsfacts report PRED --html", report_s, report_rss,
                 f"page {page.stat().st_size / 1e6:.1f} MB, {args.max_docs} documents drawn"),
                ("newsfacts score --json --items", items_s, items_rss,
                 f"results JSON {(d / 'items.json').stat().st_size / 1e6:.0f} MB "
                 f"(without items {(d / 'r.json').stat().st_size / 1e6:.1f} MB)"),
                ("newsfacts report RESULTS.json --html", from_json_s, from_json_rss,
                 f"page {(d / 'from-json.html').stat().st_size / 1e6:.1f} MB")]
        for name, seconds, rss, note in rows:
            print(f"{name:38s} {seconds:7.1f} s {seconds / score_s:5.2f}x the peer  {rss:6,.0f} MB  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
