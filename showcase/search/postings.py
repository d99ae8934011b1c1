"""Reading a term's postings into lists, with the recently used ones kept in memory.

Whoosh stores a term's postings in blocks: each block's docnums, weights and values (positions)
are one pickled, often compressed tuple. Reading whole blocks costs far less than stepping a
matcher through them. A segment never changes (a deletion only hides documents), so the lists
read from it stay right for as long as it is live: the terms of recent searches are kept, up to
``KEEP_POSTINGS`` postings in all, and forgotten when their segment is merged away or the
index is swapped (the key names the segment).
"""

import threading
from collections import OrderedDict

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

# About 100 bytes each: some 30 MB per process for the terms of the most recent searches.
KEEP_POSTINGS = 300_000

_lock = threading.Lock()
_kept: OrderedDict = OrderedDict()  # (segment id, documents, field, btext) -> postings
_kept_size = 0


def postings(searcher, fieldname: str, text, within=None):
    """``(btext, ids, weights, values)`` of a term's live postings in the segment of
    ``searcher`` (only of documents in ``within`` when given), or None if it has none."""
    if fieldname not in searcher.schema:
        return None
    try:
        btext = searcher.schema[fieldname].to_bytes(text)
    except ValueError:
        return None
    reader = searcher.reader()
    if (fieldname, btext) not in reader:
        return None
    ids, weights, values = _all_postings(reader, fieldname, btext)
    if within is not None:
        keep = [i for i, docnum in enumerate(ids) if docnum in within]
        ids, weights, values = ([column[i] for i in keep] for column in (ids, weights, values))
    return btext, ids, weights, values


def _all_postings(reader, fieldname: str, btext: bytes) -> tuple[list, list, list]:
    # Segment ids are random and a segment's files never change: the id names its content.
    key = (reader.segment().segment_id(), reader.doc_count_all(), fieldname, btext)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    found = _read(reader, fieldname, btext)
    _keep(key, found)
    return found


def _keep(key, found) -> None:
    global _kept_size
    with _lock:
        if key not in _kept:
            _kept[key] = found
            _kept_size += len(found[0])
        while _kept_size > KEEP_POSTINGS and len(_kept) > 1:
            _key, (ids, _weights, _values) = _kept.popitem(last=False)
            _kept_size -= len(ids)


def _read(reader, fieldname: str, btext: bytes) -> tuple[list, list, list]:
    matcher = reader.postings(fieldname, btext)
    deleted = None
    if isinstance(matcher, FilterMatcher):  # the segment has deleted documents
        deleted, matcher = reader.deleted_docs_set, matcher.child
    ids, weights, values = [], [], []
    if isinstance(matcher, W3LeafMatcher):
        # The block loaders are Whoosh's own (whoosh.codec.whoosh3).
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            matcher._read_values()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            values.extend(matcher._values)
            matcher._next_block()
    else:  # few postings, stored inline with the term
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
    if deleted:
        keep = [i for i, docnum in enumerate(ids) if docnum not in deleted]
        ids, weights, values = ([column[i] for i in keep] for column in (ids, weights, values))
    return ids, weights, values
