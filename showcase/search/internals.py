"""Every use of Whoosh's private internals, and the switch that turns them all off.

The engine's fast paths (postings.py, weighting.py, queries.py, facets.py) read what Whoosh
keeps behind its public API, all through this module: the posting blocks of
``whoosh.codec.whoosh3`` (its leaf matcher's private block readers) and of the index's own
array blocks (codec.py, which writes every index in every mode), the pickled format of
position lists, the one-byte field lengths of a segment's lengths column, segment ids, the
expansion hook of multi-term queries (``MultiTerm._btexts``), the candidate hook of
``ReaderCorrector``, the attributes of ``BM25FScorer`` and the codec's Levenshtein automata.

They were verified against the Whoosh versions in ``VERIFIED_VERSIONS``
(``tests/test_search_equivalence.py`` compares them with Whoosh's own code paths). On any
other version, or with the setting ``SEARCH_PLAIN_WHOOSH`` (environment
``SHOWCASE_SEARCH_PLAIN_WHOOSH=1``), :func:`fast_paths` is false and searches are answered with
Whoosh's public API only (plain.py): an upgrade of Whoosh can cost speed, never correctness.
"""

import os
from array import array
from bisect import bisect_right
from itertools import accumulate
from pickle import loads

import whoosh
from flask import current_app, has_app_context
from whoosh.codec.base import Automata
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.spelling import ReaderCorrector
from whoosh.util.numeric import byte_to_length

from showcase.search.codec import ArrayLeafMatcher, RawValues

VERIFIED_VERSIONS = frozenset({(2, 7, 5)})
_STOP = ord(".")


def fast_paths() -> bool:
    """Whether the fast paths may run: a verified Whoosh, and plain evaluation not asked for
    (the app's ``SEARCH_PLAIN_WHOOSH`` setting, else the environment variable)."""
    if tuple(whoosh.__version__) not in VERIFIED_VERSIONS:
        return False
    if has_app_context() and "SEARCH_PLAIN_WHOOSH" in current_app.config:
        return not current_app.config["SEARCH_PLAIN_WHOOSH"]
    return os.environ.get("SHOWCASE_SEARCH_PLAIN_WHOOSH", "").strip().lower() not in {
        "1", "true", "yes", "on"}


def segment_id(reader) -> str:
    """The random id of the segment of ``reader`` (a segment's files never change, so the id
    names its content); ``""`` for the reader of an index without segments."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else ""


def read_postings(reader, fieldname: str, btext: bytes, values: bool,
                  wanted: list[int] | None = None) -> tuple[array, array, RawValues | None]:
    """Docnums (``array("I")``), weights (``array("f")``) and (if ``values``) the raw values
    of a term's live postings in the segment of ``reader``; with ``wanted`` (sorted docnums),
    only from the blocks that may hold one of them."""
    matcher = reader.postings(fieldname, btext)
    deleted = None
    if isinstance(matcher, FilterMatcher):  # the segment has deleted documents
        deleted, matcher = reader.deleted_docs_set, matcher.child
    ids, weights = array("I"), array("f")
    joined: list[bytes] = []
    lengths = array("I")
    if isinstance(matcher, W3LeafMatcher):
        # A block's header gives its last docnum, so blocks without a wanted document are
        # not decoded.
        last = -1
        while matcher.is_active():
            if wanted is not None and not _any_between(wanted, last, matcher._maxid):
                last = matcher._maxid
                matcher._next_block()
                continue
            last = matcher._maxid
            if isinstance(matcher, ArrayLeafMatcher):
                _add_array_block(matcher, ids, weights, values and (joined, lengths))
            else:
                _add_whoosh_block(matcher, ids, weights, values and (joined, lengths))
            matcher._next_block()
    else:  # few postings, stored inline with the term: the public matcher API
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if values:
                _add_values(joined, lengths, [matcher.value()])
            matcher.next()
    if values and len(lengths) != len(ids):
        # Whoosh's writers leave out empty values: a format that wrote some would put every
        # later value beside the wrong document.
        raise ValueError(f"{fieldname}: {len(lengths)} values for {len(ids)} postings")
    raw = RawValues(b"".join(joined), lengths) if values else None
    if deleted:
        keep = [i for i, docnum in enumerate(ids) if docnum not in deleted]
        ids, weights = array("I", [ids[i] for i in keep]), array("f", [weights[i] for i in keep])
        raw = raw.only(keep) if raw is not None else None
    return ids, weights, raw


def _add_array_block(matcher, ids: array, weights: array, values) -> None:
    # A block of codec.ArrayCodec: arrays, and the values joined with their lengths.
    block_ids, block_weights, block_values = matcher.block()
    ids.extend(block_ids)
    if isinstance(block_weights, array):
        weights.extend(block_weights)
    else:
        weights.extend(array("f", [1.0 if block_weights is None else block_weights])
                       * len(block_ids))
    if values:
        joined, lengths = values
        if isinstance(block_values, tuple):
            joined.append(block_values[0])
            lengths.extend(block_values[1])
        else:
            size = matcher._fixedsize or 0
            joined.append(block_values or b"")
            lengths.extend(array("I", [size]) * len(block_ids))


def _add_whoosh_block(matcher, ids: array, weights: array, values) -> None:
    # A block of Whoosh's own codec (an index written before codec.ArrayCodec): its loaders.
    matcher._read_data()
    # As W3LeafMatcher._read_ids, with the docnum deltas summed in C.
    ids.extend(accumulate(matcher._data[0]))
    matcher._read_weights()
    weights.extend(matcher._weights)
    if values:
        matcher._read_values()
        _add_values(*values, matcher._values)


def _add_values(joined: list, lengths: array, block_values) -> None:
    # Values of Whoosh's matchers: byte strings, or None for a format without values.
    block_values = [value or b"" for value in block_values]
    joined.extend(block_values)
    lengths.extend(map(len, block_values))


def _any_between(ordered: list[int], low: int, high: int) -> bool:
    """Whether the sorted list ``ordered`` holds a number in ``(low, high]``."""
    i = bisect_right(ordered, low)
    return i < len(ordered) and ordered[i] <= high


def decode_positions(format_, values):
    """The positions of each of ``values`` (raw posting values of ``format_``), each an
    iterable."""
    if type(format_).decode_positions is not Positions.decode_positions:
        decode = format_.decoder("positions")
        return [decode(value) for value in values]
    # Whoosh's Positions value: a 4-byte count, then the pickled list of position deltas
    # (its STOP byte sometimes cut off; see Positions.encode/decode_positions). All the lists
    # are unpickled in one call, as the items of one tuple, and summed as they are read.
    stream = b"".join([value[4:-1] if value[-1] == _STOP else value[4:] for value in values])
    return map(accumulate, loads(b"(" + stream + b"t."))


def read_lengths(reader, fieldname: str) -> list:
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


def with_lengths(scorer, length, norms=None) -> None:
    """Make a ``BM25FScorer`` read document lengths with ``length(docnum)``; ``norms``, when
    given, holds each document's ``K1 * (1 - B + B * length / avgfl)`` for this scorer's
    parameters and average length (see :func:`length_norms`), so that scoring looks it up."""
    scorer.dfl = length
    scorer.showcase_norms = norms


def length_norms(scorer, lengths) -> list[float]:
    """Each document's length part of the BM25 denominator for ``scorer`` (a
    ``BM25FScorer``), from the field's ``lengths`` by docnum: the float operations of
    ``whoosh.scoring.bm25`` in the same order."""
    avgfl, b, k1 = scorer.avgfl, scorer.B, scorer.K1
    one_minus_b = 1 - b
    return [k1 * (one_minus_b + b * length / avgfl) for length in lengths]


def bm25f_scores(scorer, ids, weights) -> list[float]:
    """``scorer``'s score (a ``BM25FScorer``) of each posting (docnum, weight): the float
    operations of ``whoosh.scoring.bm25`` in the same order."""
    idf, k1_plus_1 = scorer.idf, scorer.K1 + 1
    norms = getattr(scorer, "showcase_norms", None)
    if norms is not None:
        return [idf * ((tf * k1_plus_1) / (tf + norms[docnum]))
                for docnum, tf in zip(ids, weights, strict=True)]
    avgfl, b, k1 = scorer.avgfl, scorer.B, scorer.K1
    one_minus_b, length = 1 - b, scorer.dfl
    return [idf * ((tf * k1_plus_1) / (tf + k1 * (one_minus_b + b * length(docnum) / avgfl)))
            for docnum, tf in zip(ids, weights, strict=True)]


class ExpandOnce:
    """A multi-term query mixin (before ``whoosh.query.MultiTerm``) whose words are expanded
    once per reader and query text, by its ``_expand(reader)``."""

    def _btexts(self, ixreader):
        key = (id(ixreader), self.fieldname, self.text, getattr(self, "maxdist", None),
               getattr(self, "prefixlength", None))
        expanded = self.__dict__.setdefault("_expanded", {})
        if key not in expanded:
            # The reader is kept with its words so that its id cannot be reused meanwhile.
            expanded[key] = (ixreader, list(self._expand(ixreader)))
        return expanded[key][1]

    def _expand(self, ixreader):
        return super()._btexts(ixreader)


def expanded_words(query, reader) -> list:
    """The indexed words a prefix or fuzzy term stands for in ``reader``."""
    return query._btexts(reader)


class WordsCorrector(ReaderCorrector):
    """Whoosh's ReaderCorrector (same candidates and ranking) whose candidate words come from
    ``find(reader, fieldname, text, maxdist, prefix)``."""

    def __init__(self, reader, fieldname, fieldobj, find):
        super().__init__(reader, fieldname, fieldobj)
        self._find = find

    def _suggestions(self, text, maxdist, prefix):
        frequency = self.reader.frequency
        for word in sorted(self._find(self.reader, self.fieldname, text, maxdist, prefix)):
            # As ReaderCorrector: higher is better, the edit limit first, then frequency.
            yield 0 - (maxdist + (1.0 / (frequency(self.fieldname, word) or 1) * 0.5)), word


def levenshtein_automaton(text: str, maxdist: int, prefix: int):
    """The automaton of the words within ``maxdist`` edits of ``text`` sharing its first
    ``prefix`` letters (what FuzzyTerm walks a segment's words with)."""
    return Automata.levenshtein_dfa(text, maxdist, prefix)


def automaton_words(automaton, reader, fieldname: str):
    """The words of ``fieldname`` in the segment of ``reader`` the automaton accepts."""
    return Automata.find_matches(automaton, reader.cursor(fieldname))


def next_valid_string(automaton, term: str):
    """The smallest string at or after ``term`` the automaton accepts (None: none)."""
    return automaton.next_valid_string(term)
