"""``newsfacts report``: the self-contained HTML error analysis of a run or a leaderboard."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import TextIO

from .scoring import _common, _inputs, _score_args


def cmd_report(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Read the input, render the page, write it atomically (nothing is written on an error)."""
    from ..jsonio import atomic_write, output_path
    from ..report.html import build_report
    from ..scoring.results import ScoringWarning

    stderr = stderr or sys.stderr
    inputs = [args.input, *_inputs(args)]
    output_path(args.html, inputs=inputs)  # before any work: a bad target fails fast
    options = _common(args)
    dataset = options.pop("dataset")
    with warnings.catch_warnings():  # printed below, once each
        warnings.simplefilter("ignore", ScoringWarning)
        report = build_report(args.input, dataset, max_docs=args.max_docs, system=args.system, **options)
    if args.json and report.results is not None:
        atomic_write(args.json, report.results.to_json(), inputs=inputs)
    for w in report.results.warnings if report.results is not None else ():
        print(f"newsfacts: warning: {w}", file=stderr)
    page = report.html.encode("utf-8")
    atomic_write(args.html, page, inputs=inputs)
    print(f"newsfacts: wrote {args.html} ({len(page) / 1e6:.1f} MB)", file=stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="self-contained HTML error analysis of a run (results JSON or predictions) or a leaderboard",
        description="Write one HTML file (no external assets) showing the scorer's figures and, for one "
                    "system, every scored item in the text of the worst documents. INPUT is a results JSON "
                    "written with 'newsfacts score --json OUT --items', a predictions file (scored first, with "
                    "the scoring options below), or a leaderboard JSON from 'newsfacts baselines --json'.")
    p.add_argument("input", type=Path, metavar="RESULTS.json|PRED.jsonl|LEADERBOARD.json")
    p.add_argument("--html", type=Path, required=True, metavar="OUT.html", help="the page to write")
    p.add_argument("--max-docs", type=int, default=50, metavar="N",
                   help="documents drawn in full, worst first (default 50); the others are listed with their figures")
    p.add_argument("--system", help="system name for a predictions file (default: the file name)")
    _score_args(p)  # for a predictions file; --json then writes its results JSON, items included
    p.set_defaults(func=cmd_report)
