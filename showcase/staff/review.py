"""Staff pages: review (being written)."""
