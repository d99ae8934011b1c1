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
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length

# Fields of segments kept: the text fields of the live index and of the one before a swap.
KEEP_FIELDS = 64

_lock = threading.Lock()
_lengths: OrderedDict = OrderedDict()  # (segment id, documents, field) -> length per docnum


def _field_lengths(reader, fieldname: str) -> array:
    # Segment ids are random and a segment's files never change: the id names its content.
    key = (reader.segment().segment_id(), reader.doc_count_all(), fieldname)
    with _lock:
        if key in _lengths:
            _lengths.move_to_end(key)
            return _lengths[key]
    # An array, which the garbage collector need not walk through (a list of ten thousand
    # numbers per field and segment made its full collections pause searches). A document
    # without a length (None) has no postings in the field, so its length is never read: 0.
    lengths = array("I", [length or 0 for length in _read_lengths(reader, fieldname)])
    with _lock:
        _lengths[key] = lengths
        while len(_lengths) > KEEP_FIELDS:
            _lengths.popitem(last=False)
    return lengths


def _read_lengths(reader, fieldname: str) -> list:
    """Each document's length of ``fieldname``, as ``reader.doc_field_length(docnum,
    fieldname, 1)`` gives it (BM25FScorer's default of 1 is for a segment without lengths)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return [reader.doc_field_length(docnum, fieldname, 1) for docnum in range(count)]
    if not perdoc.has_column(_lenfield(fieldname)):
        return [1] * count
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    # Whoosh 2.7's codec: one byte per document from the start of the column (documents
    # after its end have none). Read as one block, not a file access per document (which
    # took 65 ms per field of 10k documents).
    stored = column._dbfile.get(column._basepos, column._count)
    return [_BYTE_LENGTHS[byte] for byte in stored] + [None] * (count - column._count)


# W3PerDocReader.doc_field_length: a zero byte (no length) gives None.
_BYTE_LENGTHS = [None] + [byte_to_length(byte) for byte in range(1, 256)]


class SegmentLengthsBM25F(scoring.BM25F):
    """Whoosh's BM25F (same parameters, same scores), reading lengths from memory."""

    def scorer(self, searcher, fieldname, text, qf=1):
        """Whoosh's scorer for the term, with its length lookup replaced."""
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer) and searcher.is_atomic():
            scorer.dfl = _field_lengths(searcher.reader(), fieldname).__getitem__
        return scorer
