"""Staff pages: catalog (being written)."""
