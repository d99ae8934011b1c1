"""Answering searches: ranked product ids, facet counts, snippets and "did you mean".

A query is first run as typed (bigram phrases for unspaced scripts, folded Latin and Cyrillic
words); only when that finds nothing is it broadened (parsing.broaden), so fuzzy matching never
slows ordinary searches; and when that finds nothing either, the best correction of its words
(corrections.py) is searched instead, the response saying what was typed (``corrected_from``).
Whether a designation has expired is decided here, from the indexed ``valid_until`` and
today's date: relevance multiplies its score by ``EXPIRED_FACTOR``, and a listing staff hide
once expired is left out. Answers are cached per index generation and date, so a commit from
any process, or midnight, invalidates them at once.

Searches run on the engine's fast paths (evaluation.py, facets.py, snippets.py) where
``internals.fast_paths()`` allows, else on Whoosh's public API (plain.py): same answers.
"""

from dataclasses import dataclass, field, replace

from markupsafe import Markup
from whoosh import collectors, sorting
from whoosh import query as wq

from showcase import clock
from showcase.search import corrections, expansion, index, internals, parsing, plain, snippets
from showcase.search.caches import Bounded, clear_all
from showcase.search.collecting import MatchedTermsCollector
from showcase.search.documents import day_number
from showcase.search.evaluation import Evaluated, Ranked, ranked
from showcase.search.facets import facet_counts
from showcase.search.queries import fuzzy_corrector
from showcase.search.schema import FACET_FIELDS

SORTS = ("relevance", "newest", "name")
CACHE_SIZE = 512
# An expired designation stays findable, its score multiplied by this: it ranks below the
# valid products that match about as well.
EXPIRED_FACTOR = 0.5


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
    # Search the words as typed only, without their concepts' terms in other languages.
    literal: bool = False


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
    # The thesaurus concepts whose terms in other languages were searched too.
    concepts: tuple[str, ...] = ()
    # The query as typed, when it found nothing and ``correction`` was searched instead.
    corrected_from: str = ""
    correction: str = ""


# (request, index generation, today, fast paths) -> response
_cache = Bounded("answers", CACHE_SIZE, "answers")


def search(request: SearchRequest) -> SearchResponse:
    """Run ``request`` against the live index (or answer it from the cache)."""
    fast = internals.fast_paths()
    key = (request, index.generation(), clock.today(), fast)
    response = _cache.get(key)
    if response is None:
        response = _run(request, fast)
        _cache.put(key, response, 1)
    return response


def clear_memory() -> None:
    """Forget everything this process keeps between searches (every registered cache)."""
    clear_all()


def _run(request: SearchRequest, fast: bool, correct: bool = True) -> SearchResponse:
    searcher = index.searcher()
    if searcher.doc_count() == 0:
        return SearchResponse(total=0, hits=[])  # a fresh index: nothing to find
    text = parsing.bounded(request.text)
    # The products tagged with the query's concepts join the words as typed; when those find
    # nothing, the concepts join the words broadened (prefixes, typos) instead.
    expanded = None if request.literal else expansion.expand(
        searcher.schema, request.languages, text)
    if expanded is not None:
        found, facets = _execute(searcher, expanded.query, request, fast)
        # The words as typed find nothing when they match none of the expanded matches.
        if not found.total or not _typed_words_found(searcher, request, text, expanded, found,
                                                     fast):
            expanded = expansion.expand(searcher.schema, request.languages, text,
                                        broaden=parsing.broaden)
            found, facets = _execute(searcher, expanded.query, request, fast)
        # Snippets mark the words typed and their concepts' terms in every language.
        found.terms = set(expanded.terms)
    else:
        found, facets = _execute(searcher, _parsed(searcher, request, text), request, fast)
    broadened = False
    if found.total == 0:
        words = parsing.without_particles(text)
        found, facets = _execute(searcher, parsing.broaden(_parsed(searcher, request, words)),
                                 request, fast)
        broadened = True
    suggestion = (_did_you_mean(searcher, text, fast, every_script=found.total == 0)
                  if text and (broadened or found.total < 3) else "")
    if found.total == 0 and suggestion and correct and not request.literal:
        # Nothing as typed: the best correction is searched at once, and the page says so
        # (a literal search only suggests it: the visitor asked for these words alone).
        corrected = _run(replace(request, text=suggestion), fast, correct=False)
        if corrected.total:
            return replace(corrected, corrected_from=text, correction=suggestion,
                           suggestion="")
    return SearchResponse(
        total=found.total,
        hits=_hits(searcher, found, request, fast),
        facets=facets if facets is not None else facet_counts(searcher, found.docnums),
        suggestion=suggestion,
        broadened=broadened,
        concepts=expanded.concepts if expanded is not None else (),
    )


def _parsed(searcher, request: SearchRequest, text: str):
    """The query of the words ``text`` (every document for none)."""
    return parsing.parse(searcher.schema, request.languages, text) if text else wq.Every()


def _typed_words_found(searcher, request: SearchRequest, text: str,
                       expanded: expansion.Expanded, found: Ranked, fast: bool) -> bool:
    """Whether the words of ``text`` as typed match one of the matches of ``expanded``: told
    by the evaluation itself when it reported where each piece's words match (a results page
    by relevance), else searched for among the matches."""
    if expanded.typed_pieces and len(found.typed) == expanded.typed_pieces:
        return bool(set.intersection(*found.typed.values()))
    return _finds_any(searcher, _parsed(searcher, request, text), found, fast)


def _finds_any(searcher, query, found: Ranked, fast: bool) -> bool:
    """Whether ``query`` matches one of the documents of ``found``: its best first, where
    the words as typed (weighing more than their concepts) would have put such a match."""
    if not fast:
        return any(docnum in found.docnums for docnum in searcher.docs_for_query(query))
    best = {docnum for docnum, _score in found.top}
    if ranked(searcher, query, best, 0).total:
        return True
    rest = set(found.docnums) - best
    return bool(rest) and ranked(searcher, query, rest, 0).total > 0


def _execute(searcher, query, request: SearchRequest, fast: bool) -> tuple[Ranked, dict | None]:
    """Every match of ``query`` allowed by the request's filters, the first pages of them in
    the request's order, and the query terms found in them (as ``searcher.search(...,
    terms=True)`` would give); with the facet counts where they came with it."""
    limit = request.page * request.per_page
    sortedby, reverse = sort_order(searcher, request)
    allowed = _allowed(searcher, request)
    if allowed is not None and not allowed:
        # Whoosh reads an empty set of allowed documents as no filter at all.
        return Ranked(0, [], (), set()), {name: [] for name in FACET_FIELDS}
    demoted = _expired_docs(searcher) if sortedby is None and request.include_expired else ()
    if not fast:
        return plain.execute(searcher, query, filter_query(searcher, request), limit,
                             sortedby, reverse, demoted, EXPIRED_FACTOR)
    if sortedby is None:
        return ranked(searcher, query, allowed, limit, demoted, EXPIRED_FACTOR), None
    # Facets count every match: a sorted search keeps every docnum besides its top.
    terms = MatchedTermsCollector(searcher.collector(limit=limit, sortedby=sortedby,
                                                     reverse=reverse))
    collector = (collectors.FilterCollector(terms, allow=allowed) if allowed is not None
                 else terms)
    searcher.search_with_collector(Evaluated(query), collector)
    results = collector.results()
    return Ranked(len(results), [(hit.docnum, hit.score) for hit in results[:limit]],
                  results.docs(), terms.terms), None


def sort_order(searcher, request: SearchRequest) -> tuple[object, bool]:
    """``(sortedby, reverse)`` of the request (None: by relevance). By name: the name in the
    first of the visitor's languages the product has, as category pages sort."""
    if request.sort == "newest":
        return "published", True
    if request.sort != "name":
        return None, False
    chain = [sorting.FieldFacet(f"sort_name_{language}") for language in request.languages
             if f"sort_name_{language}" in searcher.schema]
    return sorting.TranslateFacet(_first_name, *chain, sorting.FieldFacet("sort_name")), False


def _first_name(*names):
    return next((name for name in names if name), names[-1])


def expired_query(searcher):
    """The documents whose designation ended before today."""
    if "valid_until" not in searcher.schema:  # an index built before schema version 2
        return wq.Term("expired", True)
    return wq.NumericRange("valid_until", None, day_number(clock.today()), endexcl=True)


def _expired_docs(searcher) -> frozenset:
    """The docnums of ``expired_query`` (they rank below valid designations), worked out once
    per searcher and day: kept on the searcher, which is replaced when the index changes."""
    today = clock.today()
    kept = getattr(searcher, "showcase_expired", None)
    if kept is None or kept[0] != today:
        kept = (today, frozenset(searcher.docs_for_query(expired_query(searcher))))
        searcher.showcase_expired = kept
    return kept[1]


def _facet_terms(request: SearchRequest) -> list:
    return [wq.Term(name, value) for name, value in request.filters if name in FACET_FIELDS]


def hidden_query(searcher):
    """The documents of listings staff hide once expired whose designation ended before
    today; None when the index holds no such flag (built before schema version 3)."""
    if "hidden_when_expired" not in searcher.schema:
        return None
    return wq.And([wq.Term("hidden_when_expired", True), expired_query(searcher)])


def filter_query(searcher, request: SearchRequest):
    """What the request's filters allow, as a query (None: everything)."""
    terms = _facet_terms(request)
    if not request.include_expired:
        terms.append(wq.Not(expired_query(searcher)))
    if _flagged_docs(searcher):
        # Only an index with flagged listings pays for the date range: most have none.
        terms.append(wq.Not(hidden_query(searcher)))
    return wq.And(terms) if terms else None


def _allowed(searcher, request: SearchRequest) -> set | None:
    """The global docnums the request's filters allow (None: every document)."""
    terms = _facet_terms(request)
    allowed = set(searcher.docs_for_query(wq.And(terms))) if terms else None
    if not request.include_expired:
        # The few expired documents are found and taken away (a Not query would step
        # through every document of the index).
        if allowed is None:
            allowed = set(range(searcher.doc_count_all()))
        allowed.difference_update(_expired_docs(searcher))
    gone = _hidden_docs(searcher)
    if gone:
        if allowed is None:
            allowed = set(range(searcher.doc_count_all()))
        allowed.difference_update(gone)
    return allowed


def _hidden_docs(searcher) -> set:
    """The docnums of ``hidden_query``: the flag's few documents first, so that an index
    without any (the usual case) costs one term lookup and its searches stay unfiltered."""
    flagged = _flagged_docs(searcher)
    if not flagged:
        return flagged
    return flagged.intersection(_expired_docs(searcher))


def _flagged_docs(searcher) -> set:
    """The docnums of listings staff hide once expired, expired or not (one term lookup)."""
    if "hidden_when_expired" not in searcher.schema:
        return set()
    return set(searcher.docs_for_query(wq.Term("hidden_when_expired", True)))


def _hits(searcher, found: Ranked, request: SearchRequest, fast: bool) -> list[SearchHit]:
    start = (request.page - 1) * request.per_page
    matched = {text.decode() if isinstance(text, bytes) else text for _field, text in found.terms}
    marked = snippets.snippet if fast else plain.snippet
    hits = []
    for docnum, _score in found.top[start:start + request.per_page]:
        stored = searcher.stored_fields(docnum)
        available = stored["language"].split(",")
        language = next((code for code in request.languages if code in available), available[0])
        text = stored.get(f"local_{language}", "")
        hits.append(SearchHit(int(stored["product_id"]), stored["ref"],
                              marked(text, matched), language))
    return hits


def _did_you_mean(searcher, text: str, fast: bool, every_script: bool) -> str:
    """The query with each unknown word replaced by the closest known word, or ``""``
    (corrections.py; words of unspaced scripts only when ``every_script``)."""
    corrector = (fuzzy_corrector(searcher.reader(), corrections.FIELD) if fast
                 else plain.corrector(searcher, corrections.FIELD))
    return corrections.correct(searcher, text, corrector, every_script)
