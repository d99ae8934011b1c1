"""Search: the only package that imports Whoosh.

``index`` owns the index directory (open, swap, writer lock), ``documents`` turns products
into search documents, ``sync`` applies the outbox after commits and rebuilds or checks the
index, ``query`` answers searches and ``suggest`` completes what a visitor types.
"""

from flask import Flask


class SearchUnavailable(Exception):
    """The search index is missing or damaged: searches and completions cannot be answered
    until it is rebuilt (``showcase reindex``); the rest of the site keeps working."""


def init_app(app: Flask) -> None:
    """Register the index commands (``sync`` applies index updates through the outbox)."""
    from showcase.search import cli

    cli.init_app(app)
