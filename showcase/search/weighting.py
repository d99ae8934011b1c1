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


def _field_lengths(reader, fieldname: str) -> array:
    # Segment ids are random and a segment's files never change: the id names its content.
    key = (internals.segment_id(reader), reader.doc_count_all(), fieldname)
    with _lock:
        if key in _lengths:
            _lengths.move_to_end(key)
            return _lengths[key]
    # An array, which the garbage collector need not walk through (a list of ten thousand
    # numbers per field and segment made its full collections pause searches). A document
    # without a length (None) has no postings in the field, so its length is never read: 0.
    lengths = array("I", [length or 0 for length in internals.read_lengths(reader, fieldname)])
    with _lock:
        _lengths[key] = lengths
        while len(_lengths) > KEEP_FIELDS:
            _lengths.popitem(last=False)
    return lengths


def _forget() -> None:
    with _lock:
        _lengths.clear()


register("field lengths", KEEP_FIELDS, "fields of segments", lambda: len(_lengths), _forget,
         per_segment=True)


class SegmentLengthsBM25F(scoring.BM25F):
    """Whoosh's BM25F (same parameters, same scores), reading lengths from memory where the
    fast paths run (internals.fast_paths)."""

    def scorer(self, searcher, fieldname, text, qf=1):
        """Whoosh's scorer for the term, with its length lookup replaced."""
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if (isinstance(scorer, scoring.BM25FScorer) and searcher.is_atomic()
                and internals.fast_paths()):
            internals.with_lengths(scorer, _field_lengths(searcher.reader(), fieldname)
                                   .__getitem__)
        return scorer
