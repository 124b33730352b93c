"""Extraction systems: the system interface and registry, and the systems NewsFacts ships."""
