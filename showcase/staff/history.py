"""Staff pages: history (being written)."""
