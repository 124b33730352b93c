"""Reports: terminal tables and the HTML error analysis, rendered from scoring results."""
