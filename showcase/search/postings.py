"""Reading a term's postings into lists and finding phrases, the recently used kept in memory.

Whoosh stores a term's postings in blocks: each block's docnums, weights and values (positions)
are one pickled, often compressed tuple. Reading whole blocks costs far less than stepping a
matcher through them. A phrase's documents are those of its rarest word where every next word
sits one position further; most searches in Korean, Chinese, Japanese, Thai, Khmer, Lao and
Burmese are such phrases of character pairs, so comparing positions is most of their work.

A segment's files never change and its documents are only ever deleted, never undeleted: what
is read from a segment stays right as long as its live count is the same (:func:`segment_state`
names both). So the documents and BM25F scores of recent terms (up to ``KEEP_POSTINGS``
postings) and the documents of recent phrases (up to ``KEEP_PHRASE_DOCUMENTS``) are kept, and
forgotten once their segment changes, is merged away or the index is swapped (scores also
depend on statistics of the whole index: on its other segments too).
"""

import threading
from array import array
from bisect import bisect_right
from collections import OrderedDict
from itertools import accumulate
from pickle import loads

from whoosh import scoring
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher

from showcase.search.weighting import SegmentLengthsBM25F

# Weightings whose scorers are BM25FScorer (Whoosh's, or with lengths read from memory).
SCORED_BY_BM25F = (scoring.BM25F, SegmentLengthsBM25F)
# 12 bytes a scored posting, about 65 a read one with its positions, 40 a phrase document and
# 60 a word: some 85 MB per process. A search of a large catalog reads a few 100,000 postings.
KEEP_POSTINGS = 2_000_000
KEEP_READ_POSTINGS = 600_000
KEEP_PHRASE_DOCUMENTS = 250_000
KEEP_WORDS = 200_000
# A term asked about for fewer documents than 1/SCORED_WHOLE_FROM of its postings, and not yet
# scored whole, is scored only there.
SCORED_WHOLE_FROM = 8
# A phrase asked about fewer documents than 1/WHOLE_PHRASE_FROM of its rarest word's is only
# checked there; else it is found everywhere and kept.
WHOLE_PHRASE_FROM = 4
_STOP = ord(".")


class _Kept:
    """A bounded memory of recent readings, sized by the documents they hold."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self.lock = threading.Lock()
        self.items: OrderedDict = OrderedDict()  # key -> (value, size)

    def get(self, key):
        """The value kept under ``key``, or None."""
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            self.items.move_to_end(key)
            return found[0]

    def clear(self) -> None:
        """Forget everything kept."""
        with self.lock:
            self.items.clear()
            self.size = 0

    def put(self, key, value, size: int) -> None:
        """Keep ``value`` (instead of any kept under ``key``), forgetting the least recently
        used beyond the limit."""
        with self.lock:
            if key in self.items:
                self.size -= self.items.pop(key)[1]
            self.items[key] = (value, size)
            self.size += size
            while self.size > self.limit and len(self.items) > 1:
                _key, (_value, forgotten) = self.items.popitem(last=False)
                self.size -= forgotten


# (index layout, segment state, weighting, field, btext) -> (docnums, scores)
_scores = _Kept(KEEP_POSTINGS)
# (segment state, field, btext) -> (docnums, weights, values)
_reads = _Kept(KEEP_READ_POSTINGS)
_phrases = _Kept(KEEP_PHRASE_DOCUMENTS)  # (segment state, field, btexts) -> docnums
_words = _Kept(KEEP_WORDS)  # (segment state, field, first letter) -> sorted words


def forget() -> None:
    """Forget the scores, phrase documents and words kept."""
    _scores.clear()
    _reads.clear()
    _phrases.clear()
    _words.clear()


def words_starting(reader, fieldname: str, letter: str) -> tuple[str, ...]:
    """The words of ``fieldname`` in the segment of ``reader`` that start with ``letter``, in
    the index's order (that of their UTF-8 bytes, which is that of Python strings). Typo and
    prefix expansions look words up in these lists instead of the segment's term file."""
    key = (segment_state(reader), fieldname, letter)
    found = _words.get(key)
    if found is None:
        field = reader.schema[fieldname]
        found = tuple(field.from_bytes(btext)
                      for btext in reader.expand_prefix(fieldname, letter))
        _words.put(key, found, len(found) + 1)
    return found


def segment_state(reader) -> tuple[str, int, int]:
    """Names what a segment reader holds: its random id, documents written and live."""
    return reader.segment().segment_id(), reader.doc_count_all(), reader.doc_count()


def term_scores(searcher, weighting, fieldname: str, text, within=None):
    """``(btext, docnums, scores)``: the BM25F score (``weighting``'s, one of
    ``SCORED_BY_BM25F``) of each live posting of a term in the segment of ``searcher``, only
    of documents in ``within`` when given; None if the segment does not hold the term."""
    btext = _btext(searcher, fieldname, text)
    if btext is None:
        return None
    # Scores depend on statistics of the whole index (idf, average length): its layout too.
    layout = tuple(segment_state(leaf) for leaf, _offset
                   in searcher.get_parent().reader().leaf_readers())
    key = (layout, segment_state(searcher.reader()), weighting.B, weighting.K1, fieldname,
           btext)
    found = _scores.get(key)
    if found is None:
        ids, weights, _values = postings_of(searcher.reader(), fieldname, btext)
        if not ids:
            return None
        if within is not None and len(within) * SCORED_WHOLE_FROM < len(ids):
            ids, weights = _only(within, ids, weights)
            return (btext, ids, _score(searcher, weighting, fieldname, btext, ids, weights)
                    ) if ids else None
        found = ids, _score(searcher, weighting, fieldname, btext, ids, weights)
        _scores.put(key, found, len(ids) + 1)
    ids, scores = found
    return (btext, *_only(within, ids, scores)) if within is not None else (btext, ids, scores)


def _only(within, ids, column) -> tuple[list, list]:
    # The docnums in ``within`` and their entries of ``column``.
    keep = [i for i, docnum in enumerate(ids) if docnum in within]
    return [ids[i] for i in keep], [column[i] for i in keep]


def term_docs(searcher, fieldname: str, text) -> set:
    """The live documents of the segment of ``searcher`` that hold a term (no scores)."""
    btext = _btext(searcher, fieldname, text)
    return set() if btext is None else set(postings_of(searcher.reader(), fieldname, btext)[0])


def _btext(searcher, fieldname: str, text) -> bytes | None:
    # The term's bytes in a scored field, or None.
    if fieldname not in searcher.schema or not searcher.schema[fieldname].scorable:
        return None
    try:
        return searcher.schema[fieldname].to_bytes(text)
    except ValueError:
        return None


def _score(searcher, weighting, fieldname: str, btext: bytes, ids, weights) -> array:
    scorer = weighting.scorer(searcher, fieldname, btext)
    # whoosh.scoring.bm25 written out: the same float operations in the same order.
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    k1_plus_1, one_minus_b, length = k1 + 1, 1 - b, scorer.dfl
    return array("d", [
        idf * ((tf * k1_plus_1) / (tf + k1 * (one_minus_b + b * length(docnum) / avgfl)))
        for docnum, tf in zip(ids, weights, strict=True)])


def postings_of(reader, fieldname: str, btext: bytes) -> tuple:
    """``(docnums, weights, values)`` of a term's live postings in the segment of ``reader``
    (empty if it does not hold the term); recent ones are kept, so a search reads each term
    once however many of its parts ask. The values (positions) come with the blocks anyway:
    keeping them spares reading a phrase's words twice."""
    key = (segment_state(reader), fieldname, btext)
    found = _reads.get(key)
    if found is None:
        if (fieldname, btext) not in reader:
            return array("I"), (), ()
        ids, weights, raw = _read(reader, fieldname, btext, values=True)
        # Arrays and a tuple of bytes: nothing the garbage collector has to walk through.
        found = array("I", ids), array("d", weights), tuple(raw)
        _reads.put(key, found, len(ids) + 1)
    return found


def phrase_docs(reader, fieldname: str, btexts: tuple[bytes, ...], within=None) -> frozenset:
    """The live documents (of ``within`` when given) where the words ``btexts`` follow each
    other in ``fieldname``."""
    key = (segment_state(reader), fieldname, btexts)
    kept = _phrases.get(key)
    if kept is not None:
        # Kept as an array, which the garbage collector need not walk through.
        return frozenset(kept) if within is None else within.intersection(kept)
    if any((fieldname, btext) not in reader for btext in btexts):
        return frozenset()
    rarest = min(reader.doc_frequency(fieldname, btext) for btext in btexts)
    if within is not None and len(within) * WHOLE_PHRASE_FROM < rarest:
        # Only a few documents are asked about: check those, and keep nothing.
        wanted = sorted(within)
        words = [_read(reader, fieldname, btext, values=True, wanted=wanted)
                 for btext in btexts]
        return frozenset(_find_phrase(reader.schema[fieldname].format, words, within))
    # Else find (and keep) all its documents: a later search with the phrase reuses them.
    words = [postings_of(reader, fieldname, btext) for btext in btexts]
    found = frozenset(_find_phrase(reader.schema[fieldname].format, words, None))
    _phrases.put(key, array("I", found), len(found) + 1)
    return found if within is None else found & within


def _find_phrase(format_, words, within) -> set:
    """The documents (of ``within`` when given) where ``words`` (each ``(docnums, weights,
    position values)``) follow each other."""
    # Rarest word first: only its documents are looked up in the others.
    docs = set(within) if within is not None else None
    for ids, _weights, _values in sorted(words, key=lambda word: len(word[0])):
        docs = set(ids) if docs is None else docs.intersection(ids)
        if not docs:
            return docs
    # Each word's positions as numbers docnum << 32 + position - (the word's place in the
    # phrase): the phrase starts wherever every word has the same number.
    starts = None
    for place, (ids, _weights, values) in enumerate(words):
        kept = [i for i, docnum in enumerate(ids) if docnum in docs]
        numbers: set = set()
        add, update = numbers.add, numbers.update
        for docnum, positions in zip([ids[i] for i in kept],
                                     _positions(format_, [values[i] for i in kept]),
                                     strict=True):
            base = (docnum << 32) - place
            if len(positions) == 1:
                add(base + positions[0])
            else:
                update([base + position for position in positions])
        starts = numbers if starts is None else starts & numbers
        if not starts:
            return set()
    return {number >> 32 for number in starts}


def _positions(format_, values) -> list:
    """The positions of each of ``values`` (a sequence per value)."""
    if type(format_).decode_positions is not Positions.decode_positions:
        decode = format_.decoder("positions")
        return [decode(value) for value in values]
    # Whoosh's Positions value: a 4-byte count, then the pickled list of position deltas
    # (its STOP byte sometimes cut off; see Positions.encode/decode_positions). All the lists
    # are unpickled in one call, as the items of one tuple.
    stream = b"".join([value[4:-1] if value[-1] == _STOP else value[4:] for value in values])
    deltas = loads(b"(" + stream + b"t.")
    return [delta if len(delta) == 1 else list(accumulate(delta)) for delta in deltas]


def _read(reader, fieldname: str, btext: bytes, values: bool,
          wanted: list[int] | None = None) -> tuple[list, list, list]:
    """Docnums, weights and (if ``values``) the raw values of a term's live postings; with
    ``wanted`` (sorted docnums), only from the blocks that may hold one of them."""
    matcher = reader.postings(fieldname, btext)
    deleted = None
    if isinstance(matcher, FilterMatcher):  # the segment has deleted documents
        deleted, matcher = reader.deleted_docs_set, matcher.child
    ids, weights, raw = [], [], []
    if isinstance(matcher, W3LeafMatcher):
        # The block loaders are Whoosh's own (whoosh.codec.whoosh3); a block's header gives
        # its last docnum, so blocks without a wanted document are not decoded.
        last = -1
        while matcher.is_active():
            if wanted is not None and not _any_between(wanted, last, matcher._maxid):
                last = matcher._maxid
                matcher._next_block()
                continue
            last = matcher._maxid
            matcher._read_data()
            # As W3LeafMatcher._read_ids, with the docnum deltas summed in C.
            stored = matcher._data[0]
            ids.extend(stored if matcher._byteids else accumulate(stored))
            matcher._read_weights()
            weights.extend(matcher._weights)
            if values:
                matcher._read_values()
                raw.extend(matcher._values)
            matcher._next_block()
    else:  # few postings, stored inline with the term
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if values:
                raw.append(matcher.value())
            matcher.next()
    if deleted:
        keep = [i for i, docnum in enumerate(ids) if docnum not in deleted]
        ids, weights = [ids[i] for i in keep], [weights[i] for i in keep]
        raw = [raw[i] for i in keep] if values else raw
    return ids, weights, raw


def _any_between(ordered: list[int], low: int, high: int) -> bool:
    """Whether the sorted list ``ordered`` holds a number in ``(low, high]``."""
    i = bisect_right(ordered, low)
    return i < len(ordered) and ordered[i] <= high
