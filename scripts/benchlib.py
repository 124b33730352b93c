"""What the benchmark scripts share: how a speed ratio is worded, and where their peers come from.

>>> speed(1.0, 20.44, "nervaluate")
'20.4x faster than nervaluate'
>>> speed(2.0, 1.0, "datasets")
'2.0x slower than datasets'
>>> speed(0.0, 1.0, "datasets")
'too fast to time against datasets (0 s)'
"""

from __future__ import annotations

import importlib.util

#: How to get a peer that is not installed: the quickstart's test command installs the ``[test]``
#: extra (part of ``[all]``), which holds every peer the benchmarks time against.
INSTALL_HINT = ("run 'python3 scripts/dev.py test' once (it installs the [test] extra, which holds the "
                "benchmarks' peers), or '.venv/bin/pip install -e \".[test]\"'")


def speed(ours_s: float, peer_s: float, peer: str) -> str:
    """The ratio of two wall-clock times in words: "N.Nx faster than PEER" when ours took less
    time, "N.Nx slower than PEER" when it took more; never a ratio below 1, never "inf"."""
    if ours_s <= 0 or peer_s <= 0:
        return f"too fast to time against {peer} ({min(ours_s, peer_s):g} s)"
    if ours_s <= peer_s:
        return f"{peer_s / ours_s:.1f}x faster than {peer}"
    return f"{ours_s / peer_s:.1f}x slower than {peer}"


def missing_peers(*modules: str) -> list[str]:
    """The modules of ``modules`` that cannot be imported here."""
    return [m for m in modules if importlib.util.find_spec(m) is None]
