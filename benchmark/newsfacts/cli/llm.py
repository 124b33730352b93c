"""``newsfacts prompt``: one LLM prompt per document; the responses are scored with
``newsfacts score --format llm`` (see :mod:`newsfacts.systems.llm`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO


def cmd_prompt(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``newsfacts prompt``: the prompts written atomically, a one-line summary on stderr."""
    from ..systems.llm import write_prompts

    stderr = stderr or sys.stderr
    n = write_prompts(args.out, args.dataset)
    if not args.quiet:
        print(f"newsfacts prompt: {n:,} documents -> {args.out}", file=stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("prompt", help="write one LLM prompt per document (JSON Lines: id, prompt)")
    p.add_argument("--dataset", metavar="SRC",
                   help="Hub-format folder, Hub dataset id, or .jsonl of document records "
                        "(default: the bundled benchmark)")
    p.add_argument("--out", type=Path, required=True, metavar="PROMPTS.jsonl", help="where to write the prompts")
    p.add_argument("--quiet", action="store_true", help="no summary line")
    p.set_defaults(func=cmd_prompt)
