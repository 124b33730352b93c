"""The dataset: seeds, canonical text, gold files, the gold rules engine, the Hub build, the card, statistics
and the dataset sources the scorer reads (``load_gold``)."""
