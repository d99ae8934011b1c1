"""Answering searches: ranked product ids, facet counts, snippets and "did you mean".

A query is first run as typed (bigram phrases for unspaced scripts, folded Latin and Cyrillic
words); only when that finds nothing is it broadened: whole words of every spaced script match
as prefixes (Nepali अस्पताल finds अस्पतालमा), Latin and Cyrillic words also with 1-2 letter typos
or two swapped neighbours, a one-character CJK word matches the bigrams it begins and Korean
particles are dropped from the query's nouns; so fuzzy matching never slows ordinary searches.
Answers are cached per index generation, so a commit from any process invalidates them at once.
"""

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from markupsafe import Markup
from whoosh import collectors
from whoosh import query as wq
from whoosh.qparser import MultifieldParser, plugins

from showcase.search import index, postings, snippets
from showcase.search.analysis import (
    fold,
    is_lone_ideograph,
    is_whole_word,
)
from showcase.search.collecting import MatchedTermsCollector
from showcase.search.evaluation import Evaluated, Ranked, ranked
from showcase.search.facets import facet_counts
from showcase.search.queries import ExpandedFuzzyTerm, ExpandedPrefix, FuzzyCorrector
from showcase.search.schema import FACET_FIELDS, FIELD_BOOSTS, LOCAL_BOOST

SORTS = ("relevance", "newest", "name")
CACHE_SIZE = 512
# Words in these scripts can also be matched by edit distance (and corrected by "did you mean").
_ALPHABETIC = re.compile(r"^[a-z\u00c0-\u024f\u0400-\u04ff']+$")
# Korean particles a visitor may leave on a noun (정수기를, 온실에서). The index holds bigrams, so
# 드론 finds 드론을, but the query's last bigram (기를) is in no text: when nothing is found, the
# particle is dropped from words of three or more syllables.
_PARTICLE = re.compile(r"(?<=[가-힣]{2})(?:에서|에게|으로|까지|부터|처럼|"
                       r"을|를|은|는|이|가|의|에|로|와|과|도|만)(?![가-힣])")


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


def clear_memory() -> None:
    """Forget the answers, term scores, phrase documents and snippets this process keeps (not
    the tables read once per segment): the next search works as if it were the first of its
    words, as the benchmark's cold figures measure."""
    with _cache_lock:
        _cache.clear()
    postings.forget()
    snippets.forget()


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
    """Let words match as prefixes, and Latin/Cyrillic ones with a typo or two."""
    if not (isinstance(query, wq.Term) and isinstance(query.text, str)):
        return query.apply(_broaden) if query.is_leaf() is False else query
    word, field = query.text, query.fieldname
    if is_lone_ideograph(word):
        # A one-character Chinese/Japanese/Korean word (氢, 鉛, 불): the bigrams it begins.
        return wq.Or([query, ExpandedPrefix(field, word, boost=0.5)])
    if not is_whole_word(word):
        return query  # a bigram of an unspaced script: already matches inside words
    options = [query]
    if len(word) >= 4:
        # Suffixes and postpositions attach to words in many scripts (Russian and Mongolian
        # case endings, Bengali -এর, Nepali -मा, Sinhala -වල): a stem finds its forms.
        options.append(ExpandedPrefix(field, word, boost=0.8))
    if len(word) >= 5 and _ALPHABETIC.match(word):
        distance = 1 if len(word) < 8 else 2
        options.append(ExpandedFuzzyTerm(field, word, boost=0.5, maxdist=distance, prefixlength=1))
        if distance == 1:
            # Whoosh's edit distance has no transpositions: a swap would cost 2 edits.
            options.extend(wq.Term(field, swapped, boost=0.5) for swapped in _transpositions(word))
    return wq.Or(options) if len(options) > 1 else query


def _transpositions(word: str) -> list[str]:
    """``word`` with each pair of neighbouring letters swapped ("haeroum" -> "haeorum", ...)."""
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    swaps.discard(word)
    return sorted(swaps)


def _run(request: SearchRequest) -> SearchResponse:
    searcher = index.searcher()
    text = request.text.strip()
    parsed = _parser(request.languages).parse(text) if text else wq.Every()
    found = _execute(searcher, parsed, request)
    broadened = False
    if found.total == 0:
        if text and _PARTICLE.search(text):
            parsed = _parser(request.languages).parse(_PARTICLE.sub("", text))
        found = _execute(searcher, _broaden(parsed), request)
        broadened = True
    suggestion = _did_you_mean(searcher, text) if text and (broadened or found.total < 3) else ""
    return SearchResponse(
        total=found.total,
        hits=_hits(searcher, found, request),
        facets=facet_counts(searcher, found.docnums),
        suggestion=suggestion,
        broadened=broadened,
    )


def _execute(searcher, query, request: SearchRequest) -> Ranked:
    """Every match of ``query`` allowed by the request's filters, the first pages of them in
    the request's order, and the query terms found in them (as ``searcher.search(...,
    terms=True)`` would give)."""
    limit = request.page * request.per_page
    if request.sort not in ("newest", "name"):
        return ranked(searcher, query, _allowed(searcher, request), limit)
    sortedby, reverse = {"newest": ("published", True), "name": ("sort_name", False)}[
        request.sort]
    # Facets count every match: a sorted search keeps every docnum besides its top.
    terms = MatchedTermsCollector(searcher.collector(limit=limit, sortedby=sortedby,
                                                     reverse=reverse))
    allowed = _filter(request)
    collector = collectors.FilterCollector(terms, allow=allowed) if allowed else terms
    searcher.search_with_collector(Evaluated(query), collector)
    results = collector.results()
    return Ranked(len(results), [(hit.docnum, hit.score) for hit in results[:limit]],
                  results.docs(), terms.terms)


def _allowed(searcher, request: SearchRequest) -> set | None:
    allowed = _filter(request)
    return None if allowed is None else set(searcher.docs_for_query(allowed))


def _hits(searcher, found: Ranked, request: SearchRequest) -> list[SearchHit]:
    start = (request.page - 1) * request.per_page
    matched = {text.decode() if isinstance(text, bytes) else text for _field, text in found.terms}
    hits = []
    for docnum, _score in found.top[start:start + request.per_page]:
        stored = searcher.stored_fields(docnum)
        available = stored["language"].split(",")
        language = next((code for code in request.languages if code in available), available[0])
        text = stored.get(f"local_{language}", "")
        hits.append(SearchHit(int(stored["product_id"]), stored["ref"],
                              snippets.snippet(text, matched), language))
    return hits


def _did_you_mean(searcher, text: str) -> str:
    """The query with each unknown word replaced by the closest indexed word, or ``""``."""
    corrector = FuzzyCorrector(searcher.reader(), "names", searcher.schema["names"])
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
