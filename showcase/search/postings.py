"""Reading a term's postings into lists and finding phrases, the recently used kept in memory.

Whoosh stores a term's postings in blocks: each block's docnums, weights and values (positions)
are one pickled, often compressed tuple. Reading whole blocks (internals.py) costs far less
than stepping a matcher through them. A phrase's documents are those of its rarest word where
every next word sits one position further; most searches in Korean, Chinese, Japanese, Thai,
Khmer, Lao and Burmese are such phrases of character pairs, so comparing positions is most of
their work.

A segment's files never change and its documents are only ever deleted, never undeleted: what
is read from a segment stays right as long as its live count is the same (:func:`segment_state`
names both). So the documents and BM25F scores of recent terms (up to ``KEEP_POSTINGS``
postings) and the documents of recent phrases (up to ``KEEP_PHRASE_DOCUMENTS``) are kept, and
forgotten once their segment changes, is merged away or the index is swapped (scores also
depend on statistics of the whole index: on its other segments too).
"""

from array import array

from whoosh import scoring

from showcase.search import internals
from showcase.search.caches import Bounded
from showcase.search.codec import RawValues
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
# (index layout, segment state, weighting, field, btext) -> (docnums, scores)
_scores = Bounded("term scores", KEEP_POSTINGS, "postings")
# (segment state, field, btext) -> (docnums, weights, values)
_reads = Bounded("term postings", KEEP_READ_POSTINGS, "postings")
# (segment state, field, btexts) -> docnums
_phrases = Bounded("phrase documents", KEEP_PHRASE_DOCUMENTS, "documents")
# (segment state, field, first letter) -> sorted words
_words = Bounded("words by first letter", KEEP_WORDS, "words")


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
    """Names what a segment reader holds: its random id, documents written and live (worked
    out once per reader: what a reader opened from the index holds never changes while it is
    open; the engine never searches through a writer's reader)."""
    state = getattr(reader, "showcase_state", None)
    if state is None:
        state = internals.segment_id(reader), reader.doc_count_all(), reader.doc_count()
        reader.showcase_state = state
    return state


def _layout(searcher) -> tuple:
    """The states of every segment of the index ``searcher`` (a leaf searcher) belongs to,
    worked out once per index reader."""
    reader = searcher.get_parent().reader()
    layout = getattr(reader, "showcase_layout", None)
    if layout is None:
        layout = tuple(segment_state(leaf) for leaf, _offset in reader.leaf_readers())
        reader.showcase_layout = layout
    return layout


def term_scores(searcher, weighting, fieldname: str, text, within=None):
    """``(btext, docnums, scores)``: the BM25F score (``weighting``'s, one of
    ``SCORED_BY_BM25F``) of each live posting of a term in the segment of ``searcher``, only
    of documents in ``within`` when given; None if the segment does not hold the term."""
    btext = _btext(searcher, fieldname, text)
    if btext is None:
        return None
    # Scores depend on statistics of the whole index (idf, average length): its layout too.
    key = (_layout(searcher), segment_state(searcher.reader()), weighting.B, weighting.K1,
           fieldname, btext)
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
    return array("d", internals.bm25f_scores(scorer, ids, weights))


def postings_of(reader, fieldname: str, btext: bytes) -> tuple:
    """``(docnums, weights, values)`` of a term's live postings in the segment of ``reader``
    (empty if it does not hold the term); recent ones are kept, so a search reads each term
    once however many of its parts ask. The values (positions) come with the blocks anyway:
    keeping them spares reading a phrase's words twice."""
    key = (segment_state(reader), fieldname, btext)
    found = _reads.get(key)
    if found is None:
        if (fieldname, btext) not in reader:
            return array("I"), array("f"), RawValues(b"", ())
        # Arrays and one byte string: nothing the garbage collector has to walk through.
        found = internals.read_postings(reader, fieldname, btext, values=True)
        _reads.put(key, found, len(found[0]) + 1)
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
        # The words' postings kept whole serve as they are; the others are read where wanted.
        wanted = sorted(within)
        state = segment_state(reader)
        words = [_reads.get((state, fieldname, btext))
                 or internals.read_postings(reader, fieldname, btext, values=True,
                                            wanted=wanted)
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
    # phrase): the phrase starts wherever every word has the same number. The first word's
    # numbers are the starts; each next word keeps those it has too.
    starts = None
    for place, (ids, _weights, values) in enumerate(words):
        kept = [i for i, docnum in enumerate(ids) if docnum in docs]
        bases = [(ids[i] << 32) - place for i in kept]
        positions_of = internals.decode_positions(format_, values.at(kept))
        if starts is None:
            starts = {base + position for base, positions in zip(bases, positions_of, strict=True)
                      for position in positions}
        else:
            starts = {number for base, positions in zip(bases, positions_of, strict=True)
                      for position in positions if (number := base + position) in starts}
        if not starts:
            return set()
    return {number >> 32 for number in starts}
