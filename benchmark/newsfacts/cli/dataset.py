"""``newsfacts validate | build | stats``: the dataset commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _gold_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seeds", type=Path, action="append", metavar="DIR",
                   help="seed directory or file (repeatable; default: the bundled seeds/)")
    p.add_argument("--annotations", type=Path, action="append", metavar="DIR",
                   help="gold annotation directory (repeatable; default: the bundled annotations/)")
    p.add_argument("--quiet", action="store_true", help="no progress bars (shown only on a terminal anyway)")


def cmd_validate(args: argparse.Namespace) -> int:
    from ..dataset.gold import read_gold

    report = read_gold(args.seeds, args.annotations, progress=not args.quiet)
    for e in report.errors:
        print(f"error: {e}")
    for p in report.problems:
        print(f"problem: {p}")
    n_docs = len(report.documents)
    if report.errors:
        print(f"{len(report.errors)} unusable file(s), {len(report.problems)} problem(s); "
              f"{n_docs} of {report.seeds} seed(s) valid", file=sys.stderr)
        return 2
    if report.problems:
        print(f"{len(report.problems)} problem(s); {n_docs} of {report.seeds} seed(s) valid", file=sys.stderr)
        return 1
    items = sum(len(d.entities) + len(d.quotes) + len(d.numeric_facts) for d in report.documents)
    print(f"ok: {n_docs} document(s), {items} gold item(s), every check passed")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from ..dataset.gold import load_documents
    from ..dataset.hub import build

    agreement = None
    if args.agreement is not None:
        from ..dataset.card import read_agreement

        agreement = read_agreement(args.agreement)
    documents = load_documents(args.seeds, args.annotations, progress=not args.quiet)
    result = build(documents, args.out, agreement=agreement, progress=not args.quiet)
    print(result.summary())
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from ..dataset.sources import load_gold
    from ..dataset.stats import compute

    gold = load_gold(args.dataset)
    stats = compute(gold.documents)
    if args.json:
        from ..jsonio import atomic_write
        atomic_write(args.json, stats.to_json())
    print(stats.to_table())
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check seeds and gold: every rule, every error with file and field")
    _gold_args(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="build the Hugging Face Hub-format dataset folder")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    _gold_args(p)
    p.add_argument("--agreement", type=Path, metavar="FILE",
                   help="inter-annotator agreement for the card (from 'newsfacts labelstudio agreement --json')")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("stats", help="counts per layer, label and kind")
    p.add_argument("--dataset", metavar="SRC", help="dataset source (default: the bundled benchmark)")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the counts as JSON")
    p.set_defaults(func=cmd_stats)
