"""BM25F scoring with each segment's field lengths read into memory once.

Whoosh's BM25F scorer reads a document's field length from the segment's lengths column for
every posting it scores; a search that matches thousands of documents in several fields makes
tens of thousands of such reads. A segment's lengths never change (a deletion only hides a
document), so each segment's lengths of a field are read once, into a list, and looked up from
there. The lengths, and so the scores, are the ones Whoosh reads.
"""

import threading
from collections import OrderedDict

from whoosh import scoring

# Fields of segments kept: the text fields of the live index and of the one before a swap.
KEEP_FIELDS = 64

_lock = threading.Lock()
_lengths: OrderedDict = OrderedDict()  # (segment id, documents, field) -> length per docnum


def _field_lengths(reader, fieldname: str) -> list:
    # Segment ids are random and a segment's files never change: the id names its content.
    key = (reader.segment().segment_id(), reader.doc_count_all(), fieldname)
    with _lock:
        if key in _lengths:
            _lengths.move_to_end(key)
            return _lengths[key]
    # BM25FScorer asks with a default of 1 (used when a segment has no lengths for the field).
    lengths = [reader.doc_field_length(docnum, fieldname, 1)
               for docnum in range(reader.doc_count_all())]
    with _lock:
        _lengths[key] = lengths
        while len(_lengths) > KEEP_FIELDS:
            _lengths.popitem(last=False)
    return lengths


class SegmentLengthsBM25F(scoring.BM25F):
    """Whoosh's BM25F (same parameters, same scores), reading lengths from memory."""

    def scorer(self, searcher, fieldname, text, qf=1):
        """Whoosh's scorer for the term, with its length lookup replaced."""
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer) and searcher.is_atomic():
            scorer.dfl = _field_lengths(searcher.reader(), fieldname).__getitem__
        return scorer
