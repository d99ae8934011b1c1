"""Staff pages: people (being written)."""
