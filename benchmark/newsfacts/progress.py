"""Progress bars for long loops: tqdm on stderr, shown only on a terminal and unless quiet.

Used by every layer for work that can take more than a few seconds (reading and validating
gold, building, scoring, running systems, Label Studio transfers). Off by default in the Python
API (``progress=False``), on in the command line unless ``--quiet``. When the bar is off, stderr
is not a terminal or tqdm is missing, the iterable is returned unchanged, so callers never
branch on it and a non-interactive run pays nothing.

>>> list(bar([1, 2, 3], desc="x", enabled=False))
[1, 2, 3]
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def bar(items: Iterable[T], *, desc: str, total: int | None = None, enabled: bool = True,
        unit: str = "doc") -> Iterable[T] | Iterator[T]:
    """``items`` wrapped in a tqdm bar when ``enabled`` and stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(items, desc=desc, total=total, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)
