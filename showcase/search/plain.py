"""Answering a search with Whoosh's public API only: ``searcher.search`` with its own
``Prefix``, ``FuzzyTerm``, BM25F, ``FieldFacet`` counts and ``terms=True``, snippets by
``whoosh.highlight`` and "did you mean" by its ``ReaderCorrector``.

This is what runs when the fast paths are off (``internals.fast_paths()``: an unverified
Whoosh version, or the setting ``SEARCH_PLAIN_WHOOSH``), and the reference the fast paths are
tested against: the same requests give the same results either way.
"""

from collections.abc import Collection

from markupsafe import Markup
from whoosh import highlight, sorting
from whoosh import query as wq
from whoosh.analysis import CompositeAnalyzer

from showcase.search.analysis import MultilingualTokenizer
from showcase.search.evaluation import Ranked
from showcase.search.facets import MULTI_VALUED
from showcase.search.marking import FragmentFormatter, fallback, snippet_body
from showcase.search.queries import ExpandedFuzzyTerm, ExpandedPrefix
from showcase.search.schema import FACET_FIELDS
from showcase.search.snippets import FRAGMENTS, MAX_CHARS, SURROUND
from showcase.search.tokens import SNIPPET_GRAM


def plain_query(query):
    """``query`` with Whoosh's own classes in place of the engine's faster ones."""
    if isinstance(query, ExpandedPrefix):
        return wq.Prefix(query.fieldname, query.text, boost=query.boost,
                         constantscore=query.constantscore)
    if isinstance(query, ExpandedFuzzyTerm):
        return wq.FuzzyTerm(query.fieldname, query.text, boost=query.boost,
                            maxdist=query.maxdist, prefixlength=query.prefixlength,
                            constantscore=query.constantscore)
    return query.apply(plain_query) if query.is_leaf() is False else query


def execute(searcher, query, allowed, limit: int, sortedby=None, reverse: bool = False,
            demoted: Collection[int] = (), factor: float = 1.0
            ) -> tuple[Ranked, dict[str, list[tuple[str, int]]]]:
    """The matches of ``query`` allowed by the filter query ``allowed``, the first ``limit`` in
    order (relevance unless ``sortedby``; the score of a document in ``demoted`` multiplied
    by ``factor``), and the facet counts of them all."""
    facets = {name: sorting.FieldFacet(name, allow_overlap=name in MULTI_VALUED)
              for name in FACET_FIELDS}
    rescored = sortedby is None and bool(demoted)
    results = searcher.search(plain_query(query), limit=None if rescored else limit,
                              filter=allowed, sortedby=sortedby, reverse=reverse,
                              groupedby=facets, maptype=sorting.Count, terms=True)
    counts = {name: sorted(((str(value), count) for value, count in results.groups(name).items()
                            if value), key=lambda item: (-item[1], item[0]))
              for name in FACET_FIELDS}
    if rescored:
        # Every match, rescored, ranked as Whoosh ranks: highest score, then lowest docnum.
        scores = [(hit.docnum, hit.score * (factor if hit.docnum in demoted else 1.0))
                  for hit in results]
        top = sorted(scores, key=lambda item: (-item[1], item[0]))[:limit]
    else:
        top = [(hit.docnum, hit.score) for hit in results[:limit]]
    return Ranked(len(results), top, results.docs(), results.matched_terms()), counts


def snippet(text: str, matched: set[str]) -> Markup:
    """What ``snippets.snippet`` gives, by Whoosh's ``highlight``."""
    analyzer = CompositeAnalyzer(MultilingualTokenizer(forced_mode="snippet",
                                                       longest_gram=SNIPPET_GRAM))
    body = snippet_body(text)
    marked = highlight.highlight(
        body, matched, analyzer, highlight.ContextFragmenter(maxchars=MAX_CHARS,
                                                             surround=SURROUND),
        FragmentFormatter(), top=FRAGMENTS)
    return Markup(marked or fallback(body))


def corrector(searcher, fieldname: str):
    """Whoosh's corrector of the words of ``fieldname``."""
    return searcher.corrector(fieldname)
