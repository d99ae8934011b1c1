"""The read side every blueprint shares: published-only projections for pages and the API.

``catalog`` answers the browsing pages (home, categories, products, companies), ``search``
runs a search or a completion for the search page and the API alike, ``links`` builds the
URLs of catalog things. Nothing here writes.
"""
