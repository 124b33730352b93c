"""Scoring options: defaults and bounds, written once.

The API (:func:`newsfacts.scoring.api.score`), the command line and the results JSON take
their defaults and limits from here.
"""

from __future__ import annotations

RTOL = 1e-6                 # relative tolerance for numeric values
FUZZY_THRESHOLD = 0.9       # minimum similarity for fuzzy alignment of offset-free items
BOOTSTRAP = 1000            # resamples over documents for confidence intervals
CONFIDENCE = 0.95
SEED = 0
MAX_BOOTSTRAP = 1_000_000
MAX_JOBS = 64
