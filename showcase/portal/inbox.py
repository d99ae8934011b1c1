"""Portal pages: inbox (being written)."""
