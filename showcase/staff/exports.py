"""Staff pages: exports (being written)."""
