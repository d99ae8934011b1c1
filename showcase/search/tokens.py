"""The multilingual analyzer's tokens, memoized per whitespace-separated piece.

Tokenizing (normalising, splitting scripts, folding) costs more than the rest of indexing a
product, and more than the rest of showing a results page's snippets. No token spans ASCII
whitespace: whitespace is a separator, starts a new character cluster and is never changed by
normalisation. So a text's tokens are its pieces' tokens, with character offsets shifted by
each piece's start and positions by the positions of the pieces before it. Short pieces (the
words of spaced scripts, short runs of unspaced ones) repeat across a catalog, so their tokens
are kept in a bounded cache. ``tests/test_search_equivalence.py`` checks that every token equals
the analyzer's own, in every mode.
"""

import re
from functools import lru_cache

from whoosh.analysis import Analyzer, Token

from showcase.search.analysis import index_analyzer, token_tuples
from showcase.search.caches import register_lru
from showcase.search.normalisation import normalise
from showcase.search.scripts import cluster_runs

# Longer pieces (sentences of unspaced scripts) rarely repeat and would fill the cache.
CACHED_PIECE_CHARS = 32
CACHED_PIECES = 20000
# Snippets mark bigrams and trigrams: an index holds one or both.
SNIPPET_GRAM = 3

_analyzer = index_analyzer()
_SPACE = re.compile(r"[ \t\n\r]+")
_PIECE = re.compile(r"[^ \t\n\r]+")

PieceTokens = tuple[int, tuple[tuple[str, int, int, int], ...]]


def _analyse(piece: str, query: bool, longest: int, cover: bool, followed: bool
             ) -> PieceTokens:
    """``(positions used, ((text, position, startchar, endchar), ...))`` for one piece."""
    tokens = tuple(token_tuples(piece, query, longest, cover, followed))
    return (tokens[-1][1] + 1 if tokens else 0), tokens


_cached_analyse = lru_cache(maxsize=CACHED_PIECES)(_analyse)
register_lru("tokens of short pieces", _cached_analyse, "pieces")


def _pieces(text: str, query: bool, longest: int, cover: bool) -> list:
    """``(offset, piece tokens)`` of each whitespace-separated piece of ``text``, in order."""
    spans = []
    start = 0
    for space in (*_SPACE.finditer(text), None):
        end = space.start() if space else len(text)
        if end > start:
            spans.append((start, end))
        if space:
            start = space.end()
    # Last piece first: a query's piece is covered differently when tokens follow it (see
    # analysis._cluster_grams), and only the pieces after it tell.
    analysed = []
    followed = False
    for start, end in reversed(spans):
        piece = text[start:end]
        analyse = _cached_analyse if len(piece) <= CACHED_PIECE_CHARS else _analyse
        piece_tokens = analyse(piece, query, longest, cover, followed)
        analysed.append((start, piece_tokens))
        followed = followed or (cover and bool(piece_tokens[1]))
    analysed.reverse()
    return analysed


def snippet_tokens(text: str) -> list[tuple[str, int, int]]:
    """``(text, startchar, endchar)`` of every token of ``text`` a snippet may mark, in order:
    query tokens, with every bigram and trigram of unspaced scripts (whichever an index
    holds)."""
    # Without covering (see analysis._cluster_grams), a piece's tokens do not depend on the
    # pieces after it: the pieces are taken in text order, each as its start and tokens.
    found: list[tuple[str, int, int]] = []
    append, extend = found.append, found.extend
    for match in _PIECE.finditer(text):
        piece, offset = match.group(), match.start()
        if len(piece) <= CACHED_PIECE_CHARS:
            tokens = _cached_snippet_piece(piece)
        else:
            grams = snippet_grams(piece, offset)
            if grams is not None:
                extend(grams)
                continue
            tokens = _snippet_piece(piece)
        if len(tokens) == 1:  # most pieces of spaced scripts: one word
            token, first, last = tokens[0]
            append((token, offset + first, offset + last))
        else:
            extend([(token, offset + first, offset + last) for token, first, last in tokens])
    return found


def _snippet_piece(piece: str) -> tuple[tuple[str, int, int], ...]:
    """``(text, startchar, endchar)`` of the snippet tokens of one piece."""
    # A Chinese or Korean phrase between spaces is a short piece too: built in one pass.
    grams = snippet_grams(piece, 0)
    if grams is not None:
        return tuple(grams)
    return tuple([(token, first, last) for token, _position, first, last
                  in token_tuples(piece, True, SNIPPET_GRAM, False)])


_cached_snippet_piece = lru_cache(maxsize=CACHED_PIECES)(_snippet_piece)
register_lru("snippet tokens of short pieces", _cached_snippet_piece, "pieces")


def snippet_grams(value: str, offset: int) -> list[tuple[str, int, int]] | None:
    """``(text, startchar + offset, endchar + offset)`` of every token of ``value`` that a
    snippet may mark (``token_tuples(value, True, 3, False)`` without positions) when it is
    made of runs of one unspaced script (``scripts.cluster_runs``); else None. Built in one
    pass: snippets tokenize every hit's text, and a Thai or Khmer sentence is one piece of a
    hundred tokens."""
    norm, starts, ends = normalise(value)
    runs = cluster_runs(norm)
    if runs is None:
        return None
    grams: list = []
    for _script, start, stop, bounds in runs:
        if len(bounds) < 4:  # one cluster, or two: the run is one token
            grams.append((norm[start:stop], starts[start] + offset, ends[stop - 1] + offset))
            continue
        # Where each gram begins, and where the bigram beginning at each cluster ends: the
        # trigram beginning at cluster i ends where the bigram beginning at i + 1 does.
        firsts = [starts[a] + offset for a in bounds[:-2]]
        lasts = [ends[b - 1] + offset for b in bounds[2:]]
        run: list = [None] * (2 * len(lasts) - 1)  # each bigram, then its trigram
        run[::2] = zip([norm[a:b] for a, b in zip(bounds[:-2], bounds[2:], strict=True)],
                       firsts, lasts, strict=True)
        run[1::2] = zip([norm[a:b] for a, b in zip(bounds[:-3], bounds[3:], strict=True)],
                        firsts[:-1], lasts[1:], strict=True)
        grams.extend(run)
    return grams


class CachedAnalyzer(Analyzer):
    """Yields exactly what :func:`~showcase.search.analysis.index_analyzer` yields (with the
    same ``longest_gram``).

    Whoosh pickles the schema, and so this class, into the index: renaming or moving it makes
    existing indexes unreadable (rebuild them after such a change). Indexes built before
    trigrams were indexed hold instances without ``longest_gram``: they read the class's 2, so
    such an index is still searched as it was built, until ``showcase reindex``.
    """

    longest_gram = 2

    def __init__(self, longest_gram: int = 2):
        self.longest_gram = longest_gram

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.longest_gram == other.longest_gram

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 no_morph=False, **kwargs):
        """Whoosh tokens (one reused Token object, as Whoosh's tokenizers do)."""
        if not tokenize:
            yield from _analyzer(value, positions=positions, chars=chars,
                                 keeporiginal=keeporiginal, removestops=removestops,
                                 start_pos=start_pos, start_char=start_char, tokenize=False,
                                 mode=mode, **kwargs)
            return
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        base = start_pos
        query, cover = mode in ("query", "snippet"), mode == "query"
        for offset, (count, tokens) in _pieces(value, query, self.longest_gram, cover):
            for text, pos, first, last in tokens:
                t.text, t.boost, t.stopped = text, 1.0, False
                if keeporiginal:
                    t.original = value[offset + first:offset + last]
                if positions:
                    t.pos = base + pos
                if chars:
                    t.startchar, t.endchar = start_char + offset + first, start_char + offset + last
                yield t
            base += count
