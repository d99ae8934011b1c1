"""Portal pages: editor (being written)."""
