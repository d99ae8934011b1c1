"""Staff pages: companies (being written)."""
