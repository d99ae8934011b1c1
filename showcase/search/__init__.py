"""Search: the only package that imports Whoosh.

``index`` owns the index directory (open, swap, writer lock), ``documents`` turns products
into search documents, ``sync`` applies the outbox after commits and rebuilds or checks the
index, ``query`` answers searches and ``suggest`` completes what a visitor types.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Apply index updates after every commit and register the index commands."""
    from showcase.search import cli, sync

    sync.init_app(app)
    cli.init_app(app)
