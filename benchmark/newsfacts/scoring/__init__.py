"""Scoring: predictions, alignment, label maps, matching, metrics, significance, results and the
``score``/``compare`` API."""
