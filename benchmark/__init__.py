"""NewsFacts: news articles with gold entities, quotes and numeric facts, and an exact scorer.

The command line (``newsfacts``) is a thin shell over these modules; a notebook can call them
directly, for example ``benchmark.gold.load_documents()`` for the validated bundled gold.
"""

__version__ = "0.1.0"
