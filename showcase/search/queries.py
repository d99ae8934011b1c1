"""Whoosh query classes that match the same documents with the same scores, for less work,
and :class:`Typed`, which marks the words as typed inside an expanded query.

(Phrases need no class of their own: evaluation.py compares their positions by sets.)

Prefixes and fuzzy terms: Whoosh expands them into the indexed words they stand for each time
it estimates a query's size (once per enclosing ``Or``, to shape its matcher tree) and again to
match, and a fuzzy expansion walks the term index with an automaton. They are expanded once per
reader instead.
"""

from bisect import bisect_left
from functools import lru_cache

from whoosh import query as wq
from whoosh.query.wrappers import WrappingQuery

from showcase.search import internals
from showcase.search.caches import register_lru
from showcase.search.postings import words_starting


class ExpandedPrefix(internals.ExpandOnce, wq.Prefix):
    """``whoosh.query.Prefix``, expanded once per reader from its words in memory."""

    def _expand(self, ixreader):
        if not self.text or not ixreader.is_atomic():
            return super()._expand(ixreader)
        words = words_starting(ixreader, self.fieldname, self.text[0])
        start = bisect_left(words, self.text)
        end = start
        while end < len(words) and words[end].startswith(self.text):
            end += 1
        return words[start:end]


class ExpandedFuzzyTerm(internals.ExpandOnce, wq.FuzzyTerm):
    """``whoosh.query.FuzzyTerm``, expanded once per reader, its automaton built once."""

    def _expand(self, ixreader):
        return sorted(words_within(ixreader, self.fieldname, self.text, self.maxdist,
                                   self.prefixlength))


class Typed(WrappingQuery):
    """The words as typed of piece ``piece`` of an expanded query (expansion.py): matches as
    they do, and the fast evaluation reports the documents they match (``Ranked.typed``), so
    knowing whether the words as typed find anything needs no second search."""

    def __init__(self, child, piece: int = 0):
        super().__init__(child)
        self.piece = piece

    def _rewrap(self, child):
        return Typed(child, self.piece)

    def __eq__(self, other):
        return type(other) is Typed and (self.child, self.piece) == (other.child, other.piece)

    def __hash__(self):
        return hash((Typed, self.child, self.piece))


def fuzzy_corrector(reader, fieldname: str):
    """Whoosh's ReaderCorrector (same candidates and ranking) finding words with the
    automaton of each segment, as Whoosh does for an index of one segment."""
    return internals.WordsCorrector(reader, fieldname, reader.schema[fieldname], words_within)


def words_within(reader, fieldname: str, text: str, maxdist: int, prefix: int) -> set[str]:
    """The words of ``fieldname`` within ``maxdist`` edits of ``text`` sharing its first
    ``prefix`` letters, in every segment of ``reader`` (SegmentReader.terms_within's walk)."""
    automaton = _levenshtein_automaton(text, maxdist, prefix)
    spelling = reader.schema[fieldname].spelling_fieldname(fieldname)
    words = set()
    for leaf, _offset in reader.leaf_readers():
        if prefix and text:
            words.update(_matches(automaton, words_starting(leaf, spelling, text[0])))
        else:
            words.update(internals.automaton_words(automaton, leaf, spelling))
    return words


def _matches(automaton, words: tuple[str, ...]):
    """Automata.find_matches over a sorted list: each next candidate is the first word at or
    after the smallest string the automaton accepts from there."""
    if not words:
        return
    term, start = words[0], 0
    match = internals.next_valid_string(automaton, term)
    while match:
        start = bisect_left(words, match, start)
        if start == len(words):
            return
        term = words[start]
        if match == term:
            yield match
            term += "\0"
        match = internals.next_valid_string(automaton, term)


@lru_cache(maxsize=512)
def _levenshtein_automaton(text: str, maxdist: int, prefix: int):
    # Building the automaton costs more than walking one segment's words with it; each query
    # word is looked up in several fields and segments.
    return internals.levenshtein_automaton(text, maxdist, prefix)


register_lru("typo automata", _levenshtein_automaton)
