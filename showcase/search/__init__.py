"""Search: the only package that imports Whoosh, and its facade.

The rest of the site uses only what this module exposes: :func:`search` with a
:class:`SearchRequest`, :func:`suggest`, :func:`drain`, :func:`rebuild`, :func:`check` and
:class:`SearchUnavailable`. Behind it (``docs/search.md`` walks through the pipeline):
``index`` owns the index directory (open, swap, writer lock), ``documents`` turns products into
search documents, ``sync`` applies the outbox and rebuilds or checks the index, ``query``
answers searches, ``completions`` completes what a visitor types, and ``internals`` holds every use
of Whoosh's private internals.
"""

from contextlib import contextmanager

from flask import Flask

from showcase.search.query import SORTS, SearchRequest, SearchResponse

__all__ = ["SORTS", "SearchRequest", "SearchResponse", "SearchUnavailable", "check", "drain",
           "init_app", "rebuild", "search", "suggest", "warm_up"]


class SearchUnavailable(Exception):
    """The search index is missing or damaged: searches and completions cannot be answered
    until it is rebuilt (``showcase reindex``); the rest of the site keeps working."""


def search(request: SearchRequest) -> SearchResponse:
    """Ranked results, facet counts and a suggestion for ``request``; raises
    SearchUnavailable when the index cannot be read."""
    from showcase.search import query

    with _answering():
        return query.search(request)


def suggest(prefix: str, languages: tuple[str, ...], limit: int = 8) -> list:
    """Up to ``limit`` completions of ``prefix``, the visitor's languages first; raises
    SearchUnavailable when the index cannot be read."""
    from showcase.search import completions

    with _answering():
        return completions.suggest(prefix, tuple(languages), limit)


def drain() -> int:
    """Apply the pending outbox rows to the index; the number of products updated."""
    from showcase.search import sync

    return sync.drain()


def rebuild() -> int:
    """Build the index from the database in a new directory and swap it in; the number of
    documents."""
    from showcase.search import sync

    return sync.rebuild()


def check(repair: bool = True):
    """Compare index and database (``sync.IndexCheck``); repair drift when ``repair``."""
    from showcase.search import sync

    return sync.check(repair=repair)


@contextmanager
def _answering():
    """Turn a failure into SearchUnavailable when the index itself cannot be read (a missing
    or garbled table of contents, a truncated segment...); any other failure stays what it
    is."""
    try:
        yield
    except SearchUnavailable:
        raise
    except Exception as error:
        damage = _unreadable()
        if damage is not None:
            raise SearchUnavailable(damage) from error
        raise


def _unreadable() -> str | None:
    """Why the live index cannot be read, or None when it can."""
    from showcase.search import index

    try:
        with index.open_live().reader() as reader:
            for leaf, _offset in reader.leaf_readers():
                if leaf.doc_count_all():
                    leaf.stored_fields(leaf.doc_count_all() - 1)
    except Exception as error:  # noqa: BLE001 - whatever reading a damaged index raises
        return f"{type(error).__name__}: {error}"
    return None


def warm_up(app: Flask) -> None:
    """Load what the first search and completion of a process would otherwise load while a
    visitor waits: the thesaurus and its tagger, the index's searcher and tables, the completion
    list (at 10k products, 0.5 s, 0.9 s and 0.8 s of first requests), and the tokens a snippet
    marks for each concept (1 s, about 0.3 ms of each search naming a concept). An index that
    cannot be read is logged and left for the first search to report."""
    from showcase import thesaurus
    from showcase.search import caches, expansion, index, tagging

    tagging.tagger()
    with app.app_context():
        try:
            searcher = index.searcher()
            for concept_id in thesaurus.load().concepts:
                expansion.concept_tokens(searcher.schema, concept_id)
            search(SearchRequest(text=""))
            suggest("a", ("en",))
            # What was loaded after the tagger (the completion list alone is some 40,000
            # objects) is taken out of the collector's walks too: left in, 300 searches at
            # 10k products met a full collection of 85 ms; settled, none.
            caches.settle()
        except SearchUnavailable as error:
            app.logger.warning("search not warmed up: %s", error)


def init_app(app: Flask) -> None:
    """Register the index commands (``sync`` applies index updates through the outbox)."""
    from showcase.search import cli

    cli.init_app(app)
