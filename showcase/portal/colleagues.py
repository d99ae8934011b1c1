"""Portal pages: colleagues (being written)."""
