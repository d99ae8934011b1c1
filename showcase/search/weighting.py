"""BM25F scoring with each segment's field lengths read into memory once.

Whoosh's BM25F scorer reads a document's field length from the segment's lengths column for
every posting it scores; a search that matches thousands of documents in several fields makes
tens of thousands of such reads. A segment's lengths never change (a deletion only hides a
document), so each segment's lengths of a field are read once, into a list, and looked up from
there. The lengths, and so the scores, are the ones Whoosh reads.
"""

import threading
from array import array
from collections import OrderedDict

from whoosh import scoring

from showcase.search import internals
from showcase.search.caches import register

# Fields of segments kept: the text fields of the live index and of the one before a swap.
KEEP_FIELDS = 64

_lock = threading.Lock()
_lengths: OrderedDict = OrderedDict()  # (segment id, documents, field) -> length per docnum
# (segment id, documents, field, average length, B, K1) -> BM25 length norm per docnum
_norms: OrderedDict = OrderedDict()


def _kept(store: OrderedDict, key, make):
    """``store[key]``, made by ``make()`` when missing; the least recently used beyond
    KEEP_FIELDS are forgotten."""
    with _lock:
        if key in store:
            store.move_to_end(key)
            return store[key]
    made = make()
    with _lock:
        store[key] = made
        while len(store) > KEEP_FIELDS:
            store.popitem(last=False)
    return made


def _field_lengths(reader, fieldname: str) -> array:
    # Segment ids are random and a segment's files never change: the id names its content.
    # An array, which the garbage collector need not walk through (a list of ten thousand
    # numbers per field and segment made its full collections pause searches). A document
    # without a length (None) has no postings in the field, so its length is never read: 0.
    key = (internals.segment_id(reader), reader.doc_count_all(), fieldname)
    return _kept(_lengths, key, lambda: array("I", [
        length or 0 for length in internals.read_lengths(reader, fieldname)]))


def _length_norms(reader, fieldname: str, scorer) -> array:
    # Every term of a field in a searcher shares the average length: each document's part of
    # the denominator is worked out once, not once per posting.
    key = (internals.segment_id(reader), reader.doc_count_all(), fieldname, scorer.avgfl,
           scorer.B, scorer.K1)
    return _kept(_norms, key, lambda: array("d", internals.length_norms(
        scorer, _field_lengths(reader, fieldname))))


def _forget() -> None:
    with _lock:
        _lengths.clear()
        _norms.clear()


register("field lengths", KEEP_FIELDS, "fields of segments",
         lambda: max(len(_lengths), len(_norms)), _forget, per_segment=True)


class SegmentLengthsBM25F(scoring.BM25F):
    """Whoosh's BM25F (same parameters, same scores), reading lengths from memory where the
    fast paths run (internals.fast_paths)."""

    def scorer(self, searcher, fieldname, text, qf=1):
        """Whoosh's scorer for the term, with its length lookup replaced."""
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if (isinstance(scorer, scoring.BM25FScorer) and searcher.is_atomic()
                and internals.fast_paths()):
            reader = searcher.reader()
            internals.with_lengths(scorer, _field_lengths(reader, fieldname).__getitem__,
                                   _length_norms(reader, fieldname, scorer))
        return scorer
