"""The multilingual analyzer's tokens, memoized per whitespace-separated piece.

Tokenizing (normalising, splitting scripts, folding) costs more than the rest of indexing a
product, and more than the rest of showing a results page's snippets. No token spans ASCII
whitespace: whitespace is a separator, starts a new character cluster and is never changed by
normalisation. So a text's tokens are its pieces' tokens, with character offsets shifted by
each piece's start and positions by the positions of the pieces before it. Short pieces (the
words of spaced scripts, short runs of unspaced ones) repeat across a catalog, so their tokens
are kept in a bounded cache. ``tests/test_search_equivalence.py`` checks that every token equals
the analyzer's own, in both modes.
"""

import re
from functools import lru_cache

from whoosh.analysis import Analyzer, Token

from showcase.search.analysis import index_analyzer, token_tuples

# Longer pieces (sentences of unspaced scripts) rarely repeat and would fill the cache.
CACHED_PIECE_CHARS = 32
CACHED_PIECES = 20000

_analyzer = index_analyzer()
_SPACE = re.compile(r"[ \t\n\r]+")

PieceTokens = tuple[int, tuple[tuple[str, int, int, int], ...]]


def _analyse(piece: str, query: bool) -> PieceTokens:
    """``(positions used, ((text, position, startchar, endchar), ...))`` for one piece."""
    tokens = tuple(token_tuples(piece, query))
    return (tokens[-1][1] + 1 if tokens else 0), tokens


_cached_analyse = lru_cache(maxsize=CACHED_PIECES)(_analyse)


def _pieces(text: str, query: bool):
    """``(offset, piece tokens)`` of each whitespace-separated piece of ``text``."""
    start = 0
    for space in (*_SPACE.finditer(text), None):
        end = space.start() if space else len(text)
        if end > start:
            piece = text[start:end]
            analyse = _cached_analyse if len(piece) <= CACHED_PIECE_CHARS else _analyse
            yield start, analyse(piece, query)
        if space:
            start = space.end()


def query_tokens(text: str) -> list[tuple[str, int, int]]:
    """``(text, startchar, endchar)`` of every query-mode token of ``text``, in order."""
    return [(token, offset + first, offset + last)
            for offset, (_count, tokens) in _pieces(text, query=True)
            for token, _pos, first, last in tokens]


class CachedAnalyzer(Analyzer):
    """Yields exactly what :func:`~showcase.search.analysis.index_analyzer` yields.

    Whoosh pickles the schema, and so this class, into the index: renaming or moving it makes
    existing indexes unreadable (rebuild them after such a change).
    """

    def __eq__(self, other):
        return self.__class__ is other.__class__

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
        for offset, (count, tokens) in _pieces(value, query=mode == "query"):
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
