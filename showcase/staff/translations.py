"""Staff pages: translations (being written)."""
