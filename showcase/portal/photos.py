"""Portal pages: photos (being written)."""
