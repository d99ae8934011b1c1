"""Evaluating a search a posting list at a time: same matches, scores and matched terms as
Whoosh's matcher trees, for a fraction of the work.

Whoosh answers ``And``/``Or``/``Phrase`` queries with a tree of matchers that advance one
document at a time; every step of every node is a Python call, and a results page counts and
ranks every match (the facets need them all), so a multilingual query over five fields that
matches thousands of products cost tens of thousands of such steps. Here each term's postings
are read a block at a time into lists, and the tree is evaluated with dictionaries and set
operations: ``Term`` gives ``{docnum: score}``, ``And`` intersects, ``Or`` adds, a phrase
intersects its words' documents and compares positions only there. Scores are Whoosh's BM25F
arithmetic on the same numbers; query classes not handled here are run by Whoosh's own matcher
and read out, so any query gives what Whoosh would.

:func:`ranked` ranks the matches of a whole index by relevance; :class:`Evaluated` wraps a
query for ``searcher.search_with_collector`` (sorted searches), its matcher listing the matches
in docnum order and reporting the query terms found in them, as Whoosh's term matchers do.
"""

import heapq
from collections.abc import Collection
from dataclasses import dataclass, field

from whoosh import matching
from whoosh import query as wq
from whoosh.query.wrappers import WrappingQuery

from showcase.search import internals
from showcase.search.postings import SCORED_BY_BM25F, phrase_docs, term_docs, term_scores
from showcase.search.queries import ExpandedFuzzyTerm, ExpandedPrefix, Typed


class _Matches:
    """Scores by docnum, and each query term with the documents it was found in."""

    __slots__ = ("scores", "terms")

    def __init__(self, scores: dict, terms: list):
        self.scores = scores
        self.terms = terms


_NONE = _Matches({}, [])


@dataclass
class Ranked:
    """Every match of a search: their number, the best, every docnum, the terms found."""

    total: int
    top: list[tuple[int, float]]  # (docnum, score), best first
    docnums: Collection[int]
    terms: set = field(default_factory=set)  # (field, btext) found in a match
    # Piece -> the matches its words as typed match, for each Typed piece of the query.
    typed: dict = field(default_factory=dict)


def ranked(searcher, query, allowed: set | None, limit: int,
           demoted: Collection[int] = (), factor: float = 1.0) -> Ranked:
    """The matches of ``query`` among the documents ``allowed`` (global docnums; None: all)
    by relevance: highest score first, then lowest docnum (as Whoosh ranks); the score of a
    document in ``demoted`` is multiplied by ``factor`` first."""
    scores: dict = {}
    terms: set = set()
    typed: dict = {}
    context = searcher.context(needs_current=True)
    for leaf, offset in searcher.leaf_searchers():
        within = None if allowed is None else {
            docnum - offset for docnum in allowed
            if offset <= docnum < offset + leaf.doc_count_all()}
        matches = evaluate(query, leaf, context, within)
        docs = matches.scores.keys()
        for term, found_in in matches.terms:
            if isinstance(term, Typed):
                typed.setdefault(term.piece, set()).update(
                    offset + docnum for docnum in docs & found_in)
            elif term not in terms and not docs.isdisjoint(found_in):
                terms.add(term)
        if offset:
            scores.update((offset + docnum, score) for docnum, score in matches.scores.items())
        else:
            scores.update(matches.scores)
    for docnum in demoted:
        if docnum in scores:
            scores[docnum] *= factor
    top = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
    return Ranked(len(scores), top, scores.keys(), terms, typed)


class Evaluated(WrappingQuery):
    """``child``, answered by :func:`evaluate` on each segment."""

    def matcher(self, searcher, context=None):
        """The child's matches in docnum order, with their scores and matched terms."""
        matches = evaluate(self.child, searcher, context)
        if not matches.scores:
            return matching.NullMatcher()
        return _ScoresMatcher(matches)


class _ScoresMatcher(matching.ListMatcher):
    """A list of (docnum, score); its term matchers say which terms sit on the current one."""

    def __init__(self, matches: _Matches):
        ids = sorted(matches.scores)
        super().__init__(ids, weights=[matches.scores[docnum] for docnum in ids])
        self._term_views = [_TermView(self, term, docs) for term, docs in matches.terms
                            if not isinstance(term, Typed)]

    def term_matchers(self):
        """Views of the query's terms, active where the term was found in the current match."""
        return iter(self._term_views)


class _TermView:
    """What a collector asks of a term matcher: its term, and whether it is on a document."""

    __slots__ = ("_owner", "_term", "_docs")

    def __init__(self, owner, term, docs):
        self._owner, self._term, self._docs = owner, term, docs

    def term(self):
        return self._term

    def is_active(self):
        return self._owner.is_active() and self._owner.id() in self._docs

    def id(self):
        return self._owner.id()


def evaluate(query, searcher, context=None, within=None) -> _Matches:
    """The matches of ``query`` in the segment of ``searcher`` (a leaf searcher); only
    documents in ``within`` when it is given (a set of docnums)."""
    weighting = context.weighting if context else searcher.weighting
    if type(weighting) not in SCORED_BY_BM25F:
        return _drained(query, searcher, context, within)  # unscored or scored otherwise
    if isinstance(query, wq.Term):
        return _term(query, searcher, weighting, within)
    if isinstance(query, Typed):
        matches = evaluate(query.child, searcher, context, within)
        return _Matches(matches.scores, [*matches.terms, (query, frozenset(matches.scores))])
    if type(query) is wq.Phrase and query.slop == 1 and _has_positions(query, searcher):
        return _phrase(query, searcher, weighting, within)
    if isinstance(query, (ExpandedPrefix, ExpandedFuzzyTerm)):
        return _expanded(query, searcher, context, within)
    if type(query) is wq.Or and not query.scale:
        return _boosted(_union([evaluate(q, searcher, context, within)
                                for q in query.subqueries]), query.boost)
    if type(query) is wq.And:
        return _boosted(_intersection(query.subqueries, searcher, context, within),
                        query.boost)
    if type(query) is wq.AndNot:
        kept = evaluate(query.a, searcher, context, within)
        removed = evaluate(query.b, searcher, context, set(kept.scores))
        return _boosted(_difference(kept, removed), query.boost)
    return _drained(query, searcher, context, within)


def _expanded(query, searcher, context, within) -> _Matches:
    # As MultiTerm.matcher: one word is that word's term (without the query's boost), more are
    # an Or of them with the boost (the searcher's weighting scores them in either case).
    words = [word for word in internals.expanded_words(query, searcher.reader()) if word]
    terms = [wq.Term(query.fieldname, word) for word in words]
    if len(terms) <= 1:
        return evaluate(terms[0], searcher, context, within) if terms else _NONE
    return evaluate(wq.Or(terms, boost=query.boost), searcher, context, within)


def _boosted(matches: _Matches, boost: float) -> _Matches:
    if boost != 1.0:
        matches.scores = {docnum: score * boost for docnum, score in matches.scores.items()}
    return matches


def _union(parts: list[_Matches]) -> _Matches:
    # A document's score is the sum of the scores of the parts that match it, added in the
    # parts' order (the first part's are copied: 0.0 + score is score).
    scores: dict = dict(parts[0].scores) if parts else {}
    get = scores.get
    for part in parts[1:]:
        for docnum, score in part.scores.items():
            scores[docnum] = get(docnum, 0.0) + score
    return _Matches(scores, [term for part in parts for term in part.terms])


def _intersection(queries, searcher, context, within) -> _Matches:
    # Each part is only evaluated on the documents the parts before matched: first those
    # without phrases (reading postings costs little), fewest matches first, then phrases,
    # whose positions are compared only where everything else matched.
    reader = searcher.reader()
    order = sorted(range(len(queries)), key=lambda i: (
        _has_phrase(queries[i]), queries[i].estimate_size(reader)))
    if sum(map(_has_phrase, queries)) > 1:
        # Several parts compare positions: first narrow every part down to the documents that
        # hold all the words of every part, which costs set operations only.
        for query in queries:
            possible = _possible(query, searcher)
            if possible is not None:
                within = possible if within is None else within & possible
    parts: list = [None] * len(queries)
    for i in order:
        parts[i] = evaluate(queries[i], searcher, context, within)
        within = set(parts[i].scores)
        if not within:
            return _NONE
    everyone = [part.scores for part in parts]
    scores = {docnum: sum(part[docnum] for part in everyone) for docnum in within}
    return _Matches(scores, [term for part in parts for term in part.terms])


def _possible(query, searcher) -> set | None:
    """A superset of the documents ``query`` matches (None: any), from docnums alone."""
    if isinstance(query, Typed):
        return _possible(query.child, searcher)
    if isinstance(query, wq.Term):
        return term_docs(searcher, query.fieldname, query.text)
    if type(query) is wq.Phrase:
        docs = [term_docs(searcher, query.fieldname, word) for word in query.words]
        return set.intersection(*docs) if docs else None
    if type(query) is wq.Or:
        parts = [_possible(q, searcher) for q in query.subqueries]
        return None if any(part is None for part in parts) else set().union(*parts)
    if type(query) is wq.And:
        parts = [part for part in (_possible(q, searcher) for q in query.subqueries)
                 if part is not None]
        return set.intersection(*parts) if parts else None
    return None


def _has_phrase(query) -> bool:
    return isinstance(query, wq.Phrase) or (
        not query.is_leaf() and any(_has_phrase(child) for child in query.children()))


def _difference(kept: _Matches, removed: _Matches) -> _Matches:
    # The removed part's terms never sit on a kept document, so they are not reported.
    scores = {docnum: score for docnum, score in kept.scores.items()
              if docnum not in removed.scores}
    return _Matches(scores, kept.terms)


def _term(query, searcher, weighting, within) -> _Matches:
    found = term_scores(searcher, weighting, query.fieldname, query.text, within)
    if found is None:
        return _NONE
    btext, ids, term_scores_ = found
    boost = query.boost
    scores = dict(zip(ids, term_scores_ if boost == 1.0 else
                      [score * boost for score in term_scores_], strict=True))
    return _Matches(scores, [((query.fieldname, btext), scores)])


def _phrase(query, searcher, weighting, within) -> _Matches:
    """Documents where the words follow each other, scored as the sum of the words' scores
    (Whoosh sums a phrase's words in a balanced tree: so does :func:`_tree_sum`)."""
    fieldname = query.fieldname
    try:
        btexts = tuple(searcher.schema[fieldname].to_bytes(word) for word in query.words)
    except ValueError:
        return _NONE
    docs = phrase_docs(searcher.reader(), fieldname, btexts, within)
    if not docs:
        return _NONE
    columns = []
    for btext in btexts:
        _btext, ids, word_scores = term_scores(searcher, weighting, fieldname, btext, docs)
        columns.append(dict(zip(ids, word_scores, strict=True)))
    scores = {docnum: _tree_sum([column[docnum] for column in columns]) for docnum in docs}
    if query.boost != 1.0:
        scores = {docnum: score * query.boost for docnum, score in scores.items()}
    return _Matches(scores, [((fieldname, btext), scores) for btext in btexts])


def _has_positions(query, searcher) -> bool:
    if query.fieldname not in searcher.schema:
        return False
    format_ = searcher.schema[query.fieldname].format
    return format_ is not None and format_.supports("positions")


def _tree_sum(values: list[float]) -> float:
    # make_binary_tree's order: halves summed first (short phrases spelled out: most are).
    count = len(values)
    if count == 1:
        return values[0]
    if count == 2:
        return values[0] + values[1]
    if count == 3:
        return values[0] + (values[1] + values[2])
    half = count // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def _drained(query, searcher, context, within) -> _Matches:
    """Whoosh's own matcher for ``query``, read out with the terms found on each match."""
    matcher = query.matcher(searcher, context)
    scores, found = {}, {}
    while matcher.is_active():
        docnum = matcher.id()
        if within is not None and docnum not in within:
            matcher.next()
            continue
        scores[docnum] = matcher.score()
        for term_matcher in matcher.term_matchers():
            if term_matcher.is_active() and term_matcher.id() == docnum:
                found.setdefault(term_matcher.term(), set()).add(docnum)
        matcher.next()
    return _Matches(scores, list(found.items()))
