"""Scoring configuration: one frozen record, its defaults and bounds written once.

:class:`ScoreConfig` is what a scoring run is configured with. The Python API
(:func:`newsfacts.score`, :func:`newsfacts.compare`) builds one from its keyword arguments or
takes one (``config=``); the command line takes its option defaults and help texts from
:data:`DEFAULTS`; the results JSON records :meth:`ScoreConfig.to_builtins` under ``options``.
A value outside its bounds raises :class:`~newsfacts.errors.InputError` when the record is made,
naming the command-line option (``field --seed: must be at least 0, got -1``), so a bad value
is refused before any work.

>>> ScoreConfig().rtol, ScoreConfig().bootstrap, ScoreConfig().confidence
(1e-06, 1000, 0.95)
>>> changed = ScoreConfig(seed=7).replace(bootstrap=0)
>>> changed.seed, changed.bootstrap
(7, 0)
>>> ScoreConfig(seed=-1)
Traceback (most recent call last):
...
newsfacts.errors.InputError: field --seed: must be at least 0, got -1
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import InputError

#: Upper bounds of the integer options (the command line reports them by option name).
MAX_BOOTSTRAP = 1_000_000
MAX_JOBS = 64


def _integer(value: object, option: str, low: int, high: int | None = None) -> int:
    """``value`` as an int in ``[low, high]``, or InputError (a bool is not an integer here)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InputError(f"must be an integer, got {value!r} ({type(value).__name__})"[:200], field=option)
    if value < low or (high is not None and value > high):
        bound = f"between {low:,} and {high:,}" if high is not None else f"at least {low}"
        raise InputError(f"must be {bound}, got {value}", field=option)
    return int(value)


def _real(value: object, option: str, accept: Callable[[float], bool], expected: str) -> float:
    """``value`` as a finite float that ``accept`` takes, or InputError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) \
            or not accept(float(value)):
        raise InputError(f"must be {expected}, got {value!r}"[:200], field=option)
    return float(value)


@dataclass(frozen=True)
class ScoreConfig:
    """How a scoring run compares, resamples and reads: every scoring option in one record.

    Parameters
    ----------
    rtol : float, default 1e-6
        Relative tolerance of numeric values: ``|pred - gold| <= rtol * |gold|`` (``--rtol``;
        finite, >= 0).
    fuzzy_threshold : float, default 0.9
        Minimum similarity for fuzzy alignment of offset-free items (``--fuzzy-threshold``; in
        (0, 1]; 1 turns the fuzzy stage off).
    bootstrap : int, default 1000
        Bootstrap resamples over documents for confidence intervals and the paired test
        (``--bootstrap``; 0 to 1,000,000; 0: no intervals; ``compare`` needs at least 1).
    seed : int, default 0
        Seed of the bootstrap's random generator (``--seed``; >= 0).
    confidence : float, default 0.95
        Level of the percentile intervals (``--confidence``; in (0, 1)).
    jobs : int or None, default 1
        Processes to score with (``--jobs``; 1 to 64, None: one per 8 MB of predictions, up to
        the CPUs). The API runs in the calling process unless told otherwise, because forking a
        process that runs threads (a notebook kernel) can deadlock the child; the command line
        passes None unless ``--jobs`` is given. Results never depend on it.
    min_documents : int, default 10
        Fewer documents than this: no confidence intervals and no p-values (``--min-documents``;
        >= 2). A bootstrap over n documents has at most n^n distinct resamples (1 for one
        document, 4 for two, 3,125 for five), so below about ten documents its intervals are
        degenerate and its p-values are artefacts of the resampling, not evidence.
    allow_unknown_fields : bool, default False
        Ignore unknown fields in predictions instead of refusing them
        (``--allow-unknown-fields``; for outputs one cannot change; a typo such as ``"lable"``
        then goes unnoticed).

    Raises
    ------
    InputError
        A value of the wrong type or outside its bounds; the error's field is the option.

    Examples
    --------
    >>> config = ScoreConfig(bootstrap=0, rtol=0.01)
    >>> config.rtol, config.bootstrap, config.jobs
    (0.01, 0, 1)
    >>> ScoreConfig(jobs="2")
    Traceback (most recent call last):
    ...
    newsfacts.errors.InputError: field --jobs: must be an integer, got '2' (str)
    """

    rtol: float = 1e-6
    fuzzy_threshold: float = 0.9
    bootstrap: int = 1000
    seed: int = 0
    confidence: float = 0.95
    jobs: int | None = 1
    min_documents: int = 10
    allow_unknown_fields: bool = False

    def __post_init__(self) -> None:
        checked = {
            "rtol": _real(self.rtol, "--rtol", lambda x: x >= 0, "a finite number >= 0"),
            "fuzzy_threshold": _real(self.fuzzy_threshold, "--fuzzy-threshold", lambda x: 0 < x <= 1,
                                     "a number in (0, 1]"),
            "bootstrap": _integer(self.bootstrap, "--bootstrap", 0, MAX_BOOTSTRAP),
            "seed": _integer(self.seed, "--seed", 0),
            "confidence": _real(self.confidence, "--confidence", lambda x: 0 < x < 1,
                                "a number between 0 and 1 (exclusive)"),
            "jobs": None if self.jobs is None else _integer(self.jobs, "--jobs", 1, MAX_JOBS),
            "min_documents": _integer(self.min_documents, "--min-documents", 2),
        }
        if not isinstance(self.allow_unknown_fields, bool):
            raise InputError(f"must be True or False, got {self.allow_unknown_fields!r}"[:200],
                             field="--allow-unknown-fields")
        for name, value in checked.items():  # store the normalized values (an int rtol as a float, ...)
            object.__setattr__(self, name, value)

    def replace(self, **changes: Any) -> ScoreConfig:
        """A copy with ``changes``, checked like a new record."""
        return dataclasses.replace(self, **changes)

    def to_builtins(self) -> dict[str, Any]:
        """The options that decide the results, as a JSON-ready dict (the results JSON's
        ``options``): every field but ``jobs``, on which no result depends."""
        return {k: v for k, v in dataclasses.asdict(self).items() if k != "jobs"}

    def enough_documents(self, documents: int) -> str | None:
        """None when ``documents`` can carry intervals and p-values, else the reason why not.

        >>> print(ScoreConfig().enough_documents(1))
        1 document, fewer than the minimum of 10 (--min-documents): a bootstrap over n documents has at most n^n distinct resamples (1 here)
        >>> ScoreConfig().enough_documents(10) is None
        True
        """
        if documents >= self.min_documents:
            return None
        distinct = documents ** documents
        return (f"{documents:,} document{'s' * (documents != 1)}, fewer than the minimum of {self.min_documents} "
                f"(--min-documents): a bootstrap over n documents has at most n^n distinct resamples "
                f"({distinct:,} here)")


#: The defaults, as the command line shows them.
DEFAULTS = ScoreConfig()
