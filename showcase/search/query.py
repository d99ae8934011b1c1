"""Answering searches: ranked product ids, facet counts, snippets and "did you mean".

A query is first run as typed (bigram phrases for unspaced scripts, folded Latin and Cyrillic
words); only when that finds nothing is it broadened with prefixes and 1-2 letter typos, so
fuzzy matching never slows ordinary searches. Answers are cached per index generation, so a
commit from any process invalidates them at once.
"""

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from markupsafe import Markup
from whoosh import highlight, sorting
from whoosh import query as wq
from whoosh.qparser import MultifieldParser, plugins

from showcase.search import index
from showcase.search.analysis import fold, index_analyzer
from showcase.search.schema import FACET_FIELDS, FIELD_BOOSTS, LOCAL_BOOST

SORTS = ("relevance", "newest", "name")
MULTI_VALUED = {"certification", "language"}
CACHE_SIZE = 512
# Words in these scripts can be matched by prefix and by edit distance.
_ALPHABETIC = re.compile(r"^[a-z\u00c0-\u024f\u0400-\u04ff']+$")


@dataclass(frozen=True)
class SearchRequest:
    """What a visitor asked for; hashable so it can key the cache."""

    text: str
    languages: tuple[str, ...] = ("en", "ko")
    filters: tuple[tuple[str, str], ...] = ()
    include_expired: bool = True
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass
class SearchHit:
    """One result: the product, and a snippet with the matched words marked."""

    product_id: int
    ref: str
    snippet: Markup
    snippet_language: str


@dataclass
class SearchResponse:
    """A page of results with the facet counts of everything that matched."""

    total: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str = ""
    broadened: bool = False


_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


def search(request: SearchRequest) -> SearchResponse:
    """Run ``request`` against the live index (or answer it from the cache)."""
    key = (request, index.generation())
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    response = _run(request)
    with _cache_lock:
        _cache[key] = response
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return response


def _parser(languages: tuple[str, ...]) -> MultifieldParser:
    boosts = dict(FIELD_BOOSTS)
    boosts[f"name_{languages[0]}"] = LOCAL_BOOST
    searcher = index.searcher()
    parser = MultifieldParser(list(boosts), searcher.schema, fieldboosts=boosts)
    # Apostrophes belong to Uzbek words; field and wildcard syntax is not for visitors.
    for plugin in (plugins.SingleQuotePlugin, plugins.FieldsPlugin, plugins.WildcardPlugin):
        parser.remove_plugin_class(plugin)
    return parser


def _filter(request: SearchRequest):
    terms = [wq.Term(name, value) for name, value in request.filters if name in FACET_FIELDS]
    if not request.include_expired:
        terms.append(wq.Not(wq.Term("expired", True)))
    return wq.And(terms) if terms else None


def _broaden(query):
    """Let long Latin/Cyrillic words match as prefixes and with a typo or two."""
    if isinstance(query, wq.Term) and isinstance(query.text, str) and _ALPHABETIC.match(query.text):
        word = query.text
        options = [query]
        if len(word) >= 4:
            options.append(wq.Prefix(query.fieldname, word, boost=0.8))
        if len(word) >= 5:
            distance = 1 if len(word) < 8 else 2
            options.append(wq.FuzzyTerm(query.fieldname, word, boost=0.5, maxdist=distance,
                                        prefixlength=1))
        return wq.Or(options)
    return query.apply(_broaden) if query.is_leaf() is False else query


def _run(request: SearchRequest) -> SearchResponse:
    searcher = index.searcher()
    text = request.text.strip()
    parsed = _parser(request.languages).parse(text) if text else wq.Every()
    results = _execute(searcher, parsed, request)
    broadened = False
    if len(results) == 0:
        results = _execute(searcher, _broaden(parsed), request)
        broadened = True
    suggestion = _did_you_mean(searcher, text) if text and len(results) < 3 else ""
    return SearchResponse(
        total=len(results),
        hits=_hits(results, request),
        facets={name: _facet_counts(results, name) for name in FACET_FIELDS},
        suggestion=suggestion,
        broadened=broadened,
    )


def _execute(searcher, query, request: SearchRequest):
    sortedby, reverse = {"newest": ("published", True), "name": ("sort_name", False)}.get(
        request.sort, (None, False))
    facets = {name: sorting.FieldFacet(name, allow_overlap=name in MULTI_VALUED)
              for name in FACET_FIELDS}
    return searcher.search(
        query, limit=request.page * request.per_page, filter=_filter(request),
        sortedby=sortedby, reverse=reverse, groupedby=facets, maptype=sorting.Count,
        terms=True,
    )


def _facet_counts(results, name: str) -> list[tuple[str, int]]:
    counts = results.groups(name)
    return sorted(((str(value), count) for value, count in counts.items() if value),
                  key=lambda item: (-item[1], item[0]))


_formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
_fragmenter = highlight.ContextFragmenter(maxchars=180, surround=60)


def _hits(results, request: SearchRequest) -> list[SearchHit]:
    start = (request.page - 1) * request.per_page
    matched = {text.decode() if isinstance(text, bytes) else text
               for _field, text in results.matched_terms()}
    analyzer = index_analyzer()
    hits = []
    for hit in results[start:start + request.per_page]:
        available = hit["language"].split(",")
        language = next((code for code in request.languages if code in available), available[0])
        text = hit.get(f"local_{language}", "")
        snippet = highlight.highlight(text, matched, analyzer, _fragmenter, _formatter, top=2)
        if not snippet:
            snippet = str(Markup.escape(text[:180]))
        hits.append(SearchHit(int(hit["product_id"]), hit["ref"], Markup(snippet), language))
    return hits


def _did_you_mean(searcher, text: str) -> str:
    """The query with each unknown word replaced by the closest indexed word, or ``""``."""
    corrector = searcher.corrector("names")
    words, changed = text.split(), False
    for position, word in enumerate(words):
        folded = fold(word)
        if len(folded) < 4 or not _ALPHABETIC.match(folded):
            continue
        if searcher.doc_frequency("names", folded) or searcher.doc_frequency("body", folded):
            continue
        candidates = corrector.suggest(folded, limit=1, maxdist=2, prefix=1)
        if candidates:
            words[position], changed = candidates[0], True
    return " ".join(words) if changed else ""
