"""Facet counts over every match of a search, from per-segment tables of facet values.

Whoosh's ``FieldFacet`` rebuilds a document -> values table from the postings of each facet
field on every search, so a results page cost time in proportion to the whole index. A segment
never changes which document holds which values (a deletion only hides a document, and deleted
documents never match), so the table is built once per segment and kept until the segment is
merged away; a search then only looks up its matching documents.
"""

import threading
from collections import Counter, OrderedDict
from itertools import chain

from showcase.search import internals
from showcase.search.caches import register
from showcase.search.schema import FACET_FIELDS

MULTI_VALUED = frozenset({"certification", "language"})
# A few segments and searcher layouts stay cached: enough for the live index and the previous
# one during a swap, while merges retire old segments.
KEEP_SEGMENTS = 32
KEEP_LAYOUTS = 4

_lock = threading.Lock()
_segments: OrderedDict = OrderedDict()  # (segment id, documents) -> {field: values per docnum}
_layouts: OrderedDict = OrderedDict()  # segment keys of a searcher -> {field: values per docnum}


def _segment_key(reader) -> tuple[str, int]:
    # Segment ids are random and a segment's files never change: the id names its content.
    return internals.segment_id(reader), reader.doc_count_all()


def _segment_table(reader) -> dict[str, list]:
    """Each document's value (single-valued fields) or tuple of values (multi-valued ones)."""
    table = {}
    for name in FACET_FIELDS:
        multi = name in MULTI_VALUED
        values: list = [() if multi else None] * reader.doc_count_all()
        field = reader.schema[name]
        for btext in field.sortable_terms(reader, name):
            text = field.from_bytes(btext)
            for docnum in reader.postings(name, btext).all_ids():
                values[docnum] = values[docnum] + (text,) if multi else text
        if multi:
            # Few distinct combinations exist: share one tuple per combination.
            shared: dict = {}
            values = [shared.setdefault(combination, combination) for combination in values]
        table[name] = values
    return table


def _table(searcher) -> dict[str, list]:
    """The facet values of every document of ``searcher``, indexed by global docnum."""
    leaves = [subsearcher.reader() for subsearcher, _offset in searcher.leaf_searchers()]
    layout = tuple(_segment_key(reader) for reader in leaves)
    with _lock:
        if layout in _layouts:
            _layouts.move_to_end(layout)
            return _layouts[layout]
        parts = []
        for key, reader in zip(layout, leaves, strict=True):
            if key not in _segments:
                _segments[key] = _segment_table(reader)
            _segments.move_to_end(key)
            parts.append(_segments[key])
        while len(_segments) > KEEP_SEGMENTS:
            _segments.popitem(last=False)
        # Leaf searchers are in docnum order, so concatenating gives global docnums.
        table = parts[0] if len(parts) == 1 else {
            name: list(chain.from_iterable(part[name] for part in parts)) for name in FACET_FIELDS}
        _layouts[layout] = table
        while len(_layouts) > KEEP_LAYOUTS:
            _layouts.popitem(last=False)
        return table


def _forget() -> None:
    with _lock:
        _segments.clear()
        _layouts.clear()


register("facet tables by segment", KEEP_SEGMENTS, "segments", lambda: len(_segments),
         _forget, per_segment=True)
register("facet tables by searcher", KEEP_LAYOUTS, "searchers", lambda: len(_layouts),
         _forget, per_segment=True)


def facet_counts(searcher, docnums) -> dict[str, list[tuple[str, int]]]:
    """Per facet field, ``(value, number of documents)`` over ``docnums``, most frequent first
    (ties by value); documents without a value are not counted."""
    table = _table(searcher)
    facets = {}
    for name in FACET_FIELDS:
        counts = Counter(map(table[name].__getitem__, docnums))
        if name in MULTI_VALUED:
            combinations, counts = counts, Counter()
            for combination, count in combinations.items():
                for value in combination:
                    counts[value] += count
        facets[name] = sorted(((str(value), count) for value, count in counts.items() if value),
                              key=lambda item: (-item[1], item[0]))
    return facets
