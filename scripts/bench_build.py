#!/usr/bin/env python3
"""Time the build pipeline on N synthetic copies of the bundled seed and its gold.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_build.py            # 10,000 copies
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_build.py -n 1000 --via-cli --check-determinism

Each copy is the real seed (seeds/000_d42d46c449c189f0.txt) with its own id, URL and a closing
paragraph of its own ("Benchmark copy 42 ..."), so every canonical text and text_sha256
differs; its gold is the real gold (annotations/<id>.json) with that id and hash. Appending a
paragraph after the body leaves every gold offset where it was.

Timed, in this process unless --via-cli: reading and validating the gold
(``gold.load_documents``: parse every seed, read and check every annotation file) and building
the Hub folder (``hub.build``); then, for the scorer's side, reading the folder back
(``hub.read_folder``). Prints seconds per phase, documents per second and the peak RSS.
Writing the input files is not timed. Figures and the command go to docs/dataset.md.

Peers, in the same run (API mode): the same rows written by ``datasets`` itself
(``Dataset.from_list(rows, features=hub.FEATURES).to_parquet``) against ``hub.build``, and
the folder read into Python rows by ``datasets.load_dataset`` (fresh cache) and ``to_list()``
against ``hub.read_folder``. The
ratios are what the figures claim; absolute seconds depend on the machine.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmark"))  # the package, also when the checkout is not installed

from benchlib import speed  # noqa: E402

from newsfacts.dataset.gold import dump_annotations, read_annotations  # noqa: E402
from newsfacts.dataset.hub import DATA_FILE, build, read_folder  # noqa: E402
from newsfacts.dataset.seeds import parse_seed, text_sha256  # noqa: E402

SEED_ID = "000_d42d46c449c189f0"


def make_inputs(n: int, seeds_dir: Path, ann_dir: Path) -> None:
    """Write ``n`` seed files and their gold files, copies of the bundled pair."""
    seed_path = ROOT / "seeds" / f"{SEED_ID}.txt"
    raw = seed_path.read_text(encoding="utf-8")
    seed = parse_seed(seed_path)
    gold, _ = read_annotations(ROOT / "annotations" / f"{SEED_ID}.json")
    seeds_dir.mkdir(parents=True)
    ann_dir.mkdir(parents=True)
    for k in range(n):
        doc_id = f"bench_{k:05d}"
        closing = f"Benchmark copy {k} of the article, {k % 97 + 3} paragraphs after the original."
        copy = raw.replace(seed.url, f"{seed.url}?copy={k}", 1).rstrip("\n") + f"\n{closing}\n"
        (seeds_dir / f"{doc_id}.txt").write_text(copy, encoding="utf-8")
        # Canonical text = paragraphs joined by blank lines, so the copy's text is known.
        text = f"{seed.text}\n\n{closing}"
        if k == 0 and parse_seed(seeds_dir / f"{doc_id}.txt").text != text:
            raise SystemExit("bench_build: the canonical text of a copy is not the seed's text plus the paragraph")
        ann = gold.__class__(id=doc_id, text_sha256=text_sha256(text), entities=gold.entities,
                             clusters=gold.clusters, quotes=gold.quotes, numeric_facts=gold.numeric_facts)
        (ann_dir / f"{doc_id}.json").write_text(dump_annotations(ann), encoding="utf-8")


def time_peers(documents: list, out: Path, work: Path) -> tuple[float, float]:
    """Seconds for datasets to write the same rows, and to load the built folder with a fresh cache."""
    import datasets

    from newsfacts.dataset.hub import FEATURES
    from newsfacts.model import to_builtins

    datasets.disable_progress_bars()
    t0 = time.perf_counter()
    datasets.Dataset.from_list([to_builtins(d) for d in documents], features=FEATURES).to_parquet(
        str(work / "peer.parquet"))
    peer_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    # to_list(): Python rows, the same work read_folder does (it returns records, not an Arrow view)
    rows = datasets.load_dataset(str(out), split="test", cache_dir=str(work / "peer-cache")).to_list()
    peer_read = time.perf_counter() - t0
    assert len(rows) == len(documents)
    return peer_build, peer_read


def peak_rss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of synthetic documents (default 10,000)")
    parser.add_argument("--via-cli", action="store_true",
                        help="run 'newsfacts build' in a subprocess instead of calling the API")
    parser.add_argument("--check-determinism", action="store_true",
                        help="build a second time into another folder and compare the files byte by byte")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR (kept) instead of a temporary folder")
    parser.add_argument("--no-peers", action="store_true", help="skip the datasets peers")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("-n must be at least 1")

    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as tmp:
        work = args.keep or Path(tmp)
        seeds_dir, ann_dir, out = work / "seeds", work / "annotations", work / "hub"
        t0 = time.perf_counter()
        make_inputs(args.n, seeds_dir, ann_dir)
        print(f"wrote {args.n:,} seed and gold files in {time.perf_counter() - t0:.1f} s (not timed)")

        phases: list[tuple[str, float]] = []
        if args.via_cli:
            cmd = [sys.executable, "-m", "newsfacts", "build", "--seeds", str(seeds_dir),
                   "--annotations", str(ann_dir), "--out", str(out)]
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
            phases.append(("newsfacts build (subprocess)", time.perf_counter() - t0))
            rss = peak_rss_mib(resource.RUSAGE_CHILDREN)
        else:
            from newsfacts.dataset.gold import load_documents

            t0 = time.perf_counter()
            documents = load_documents([seeds_dir], ann_dir)
            phases.append(("parse seeds + validate gold", time.perf_counter() - t0))
            t0 = time.perf_counter()
            build(documents, out)
            phases.append(("build Hub folder", time.perf_counter() - t0))
            rss = peak_rss_mib(resource.RUSAGE_SELF)
        total = sum(s for _, s in phases)

        t0 = time.perf_counter()
        back = read_folder(out)
        read_s = time.perf_counter() - t0
        assert len(back) == args.n

        print(f"\n{args.n:,} documents; Python {platform.python_version()}, {os.cpu_count()} CPU(s)")
        for name, seconds in phases:
            print(f"  {name:<30} {seconds:8.2f} s")
        print(f"  {'total':<30} {total:8.2f} s   {args.n / total:,.0f} docs/s")
        print(f"  {'read_folder (scorer side)':<30} {read_s:8.2f} s   {args.n / read_s:,.0f} docs/s")
        print(f"  peak RSS {rss:,.0f} MiB; {DATA_FILE}: {(out / DATA_FILE).stat().st_size:,} bytes")
        if not args.via_cli and not args.no_peers:
            build_s = dict(phases)["build Hub folder"]
            peer_build, peer_read = time_peers(back, out, work)
            print(f"  peer: datasets from_list + to_parquet {peer_build:8.2f} s   build is "
                  f"{speed(build_s, peer_build, 'datasets')}")
            print(f"  peer: load_dataset + to_list (fresh)  {peer_read:8.2f} s   read_folder is "
                  f"{speed(read_s, peer_read, 'datasets')}")

        if args.check_determinism:
            again = work / "hub-again"
            from newsfacts.dataset.gold import load_documents

            build(load_documents([seeds_dir], ann_dir), again)
            same = all(filecmp.cmp(out / f, again / f, shallow=False) for f in ("README.md", DATA_FILE))
            print(f"  rebuild byte-identical: {'yes' if same else 'NO'}")
            if not same:
                return 1
        return 0 if total < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
