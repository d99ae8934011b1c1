"""Staff pages: designations (being written)."""
