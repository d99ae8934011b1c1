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

:class:`Evaluated` wraps a query for ``searcher.search_with_collector``; its matcher lists the
matches in docnum order and reports the query terms found in them, as Whoosh's term matchers do.
"""

from itertools import accumulate
from pickle import loads

from whoosh import matching, scoring
from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.query.wrappers import WrappingQuery

from showcase.search.postings import postings as _postings
from showcase.search.queries import AdjacentPhrase, ExpandedFuzzyTerm, ExpandedPrefix


class _Matches:
    """Scores by docnum, and each query term with the documents it was found in."""

    __slots__ = ("scores", "terms")

    def __init__(self, scores: dict, terms: list):
        self.scores = scores
        self.terms = terms


_NONE = _Matches({}, [])


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
        self._term_views = [_TermView(self, term, docs) for term, docs in matches.terms]

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
    if weighting is None:
        return _drained(query, searcher, context, within)  # unscored: Whoosh's own way
    if isinstance(query, wq.Term):
        return _term(query, searcher, weighting, within)
    if isinstance(query, AdjacentPhrase) and query.slop == 1 and _has_positions(query, searcher):
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
    words = [word for word in query._btexts(searcher.reader()) if word]
    terms = [wq.Term(query.fieldname, word) for word in words]
    if len(terms) <= 1:
        return evaluate(terms[0], searcher, context, within) if terms else _NONE
    return evaluate(wq.Or(terms, boost=query.boost), searcher, context, within)


def _boosted(matches: _Matches, boost: float) -> _Matches:
    if boost != 1.0:
        matches.scores = {docnum: score * boost for docnum, score in matches.scores.items()}
    return matches


def _union(parts: list[_Matches]) -> _Matches:
    # A document's score is the sum of the scores of the parts that match it.
    scores: dict = {}
    get = scores.get
    for part in parts:
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
    parts: list = [None] * len(queries)
    for i in order:
        parts[i] = evaluate(queries[i], searcher, context, within)
        within = set(parts[i].scores)
        if not within:
            return _NONE
    everyone = [part.scores for part in parts]
    scores = {docnum: sum(part[docnum] for part in everyone) for docnum in within}
    return _Matches(scores, [term for part in parts for term in part.terms])


def _has_phrase(query) -> bool:
    return isinstance(query, wq.Phrase) or (
        not query.is_leaf() and any(_has_phrase(child) for child in query.children()))


def _difference(kept: _Matches, removed: _Matches) -> _Matches:
    # The removed part's terms never sit on a kept document, so they are not reported.
    scores = {docnum: score for docnum, score in kept.scores.items()
              if docnum not in removed.scores}
    return _Matches(scores, kept.terms)


def _term(query, searcher, weighting, within) -> _Matches:
    found = _postings(searcher, query.fieldname, query.text, within)
    if found is None:
        return _NONE
    btext, ids, weights, _values = found
    scorer = weighting.scorer(searcher, query.fieldname, btext)
    if type(scorer) is not scoring.BM25FScorer:
        return _drained(query, searcher, None, within)
    scores = dict(zip(ids, _bm25(scorer, ids, weights), strict=True))
    if query.boost != 1.0:
        scores = {docnum: score * query.boost for docnum, score in scores.items()}
    return _Matches(scores, [((query.fieldname, btext), scores)])


def _bm25(scorer, ids, weights) -> list[float]:
    """BM25F of each posting: ``whoosh.scoring.bm25`` written out, so the same float
    operations in the same order give the same scores."""
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    k1_plus_1, one_minus_b, length = k1 + 1, 1 - b, scorer.dfl
    return [idf * ((tf * k1_plus_1) / (tf + k1 * (one_minus_b + b * length(docnum) / avgfl)))
            for docnum, tf in zip(ids, weights, strict=True)]


def _phrase(query, searcher, weighting, within) -> _Matches:
    """Documents where the words follow each other, scored as the sum of the words' scores
    (Whoosh sums a phrase's words in a balanced tree: so does :func:`_tree_sum`)."""
    reader = searcher.reader()
    field = searcher.schema[query.fieldname]
    try:
        btexts = [field.to_bytes(word) for word in query.words]
    except ValueError:
        return _NONE
    if any((query.fieldname, btext) not in reader for btext in btexts):
        return _NONE
    # Rarest word first: each next one is only read where the ones before occur.
    order = sorted(range(len(btexts)),
                   key=lambda i: reader.doc_frequency(query.fieldname, btexts[i]))
    words: list = [None] * len(btexts)
    docs = within
    for i in order:
        words[i] = _postings(searcher, query.fieldname, btexts[i], docs)
        docs = set(words[i][1])
        if not docs:
            return _NONE
    decode = _positions_decoder(searcher.schema[query.fieldname].format)
    columns = []
    for btext, ids, weights, values in words:
        scorer = weighting.scorer(searcher, query.fieldname, btext)
        if type(scorer) is not scoring.BM25FScorer:
            return _drained(query, searcher, None, within)
        wanted = [i for i, docnum in enumerate(ids) if docnum in docs]
        kept_ids = [ids[i] for i in wanted]
        scores = _bm25(scorer, kept_ids, [weights[i] for i in wanted])
        columns.append({docnum: (score, values[i])
                        for docnum, score, i in zip(kept_ids, scores, wanted, strict=True)})
    scores = {}
    for docnum in docs:
        starts = set(decode(columns[0][docnum][1]))
        for offset, column in enumerate(columns[1:], 1):
            starts.intersection_update([p - offset for p in decode(column[docnum][1])])
            if not starts:
                break
        if starts:
            scores[docnum] = _tree_sum([column[docnum][0] for column in columns])
    if query.boost != 1.0:
        scores = {docnum: score * query.boost for docnum, score in scores.items()}
    return _Matches(scores, [((query.fieldname, btext), scores) for btext, *_ in words])


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


def _positions_decoder(format_):
    decode_positions = format_.decoder("positions")
    if type(format_).decode_positions is not Positions.decode_positions:
        return decode_positions

    def decode(value: bytes) -> list[int]:
        # Whoosh's Positions value: a length, then the pickled position deltas without the
        # final STOP byte (see Positions.encode/decode_positions).
        return list(accumulate(loads(value[4:] + b".")))

    return decode


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
