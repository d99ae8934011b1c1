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
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

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
# Pieces shorter than this are tokenized whole even where no marked word is (skimming one
# saves little).
SKIMMED_FROM_CHARS = 160

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
    for run in runs:
        grams.extend(_run_grams(norm, starts, ends, run[3], offset, 0, len(run[3])))
    return grams


def _run_grams(norm: str, starts: list[int], ends: list[int], bounds: list[int], offset: int,
               low: int, high: int) -> list[tuple[str, int, int]]:
    """The snippet tokens of one run (``bounds``: where its clusters begin, then its end)
    that begin at its clusters ``low`` to ``high - 1``, in text order."""
    if len(bounds) < 4:  # one cluster, or two: the run is one token
        return [(norm[bounds[0]:bounds[-1]], starts[bounds[0]] + offset,
                 ends[bounds[-1] - 1] + offset)] if low == 0 else []
    high = min(high, len(bounds) - 2)
    if low >= high:
        return []
    # Where each gram begins, and where the bigram beginning at each cluster ends: the
    # trigram beginning at cluster i ends where the bigram beginning at i + 1 does.
    firsts = [starts[a] + offset for a in bounds[low:high]]
    lasts = [ends[b - 1] + offset for b in bounds[low + 2:high + 3]]
    bigram_ends = bounds[low + 2:high + 2]
    trigram_ends = bounds[low + 3:high + 3]
    run: list = [None] * (len(bigram_ends) + len(trigram_ends))  # each bigram, its trigram
    run[::2] = zip([norm[a:b] for a, b in zip(bounds[low:high], bigram_ends, strict=True)],
                   firsts, lasts, strict=False)
    run[1::2] = zip([norm[a:b] for a, b in zip(bounds[low:high], trigram_ends, strict=False)],
                    firsts, lasts[1:], strict=False)
    return run


class Skimmed(NamedTuple):
    """A text's snippet tokens (:func:`skimmed_snippet_tokens`); ``whole``: all of them."""

    tokens: list[tuple[str, int, int]]
    whole: bool


def skimmed_snippet_tokens(text: str, sought: dict[str, tuple[str, ...]], limit: int,
                           context: int, reach: int) -> Skimmed:
    """What a snippet's fragmenter needs of the tokens of ``text`` (``snippet_tokens``, with
    ``limit``, ``context`` and ``reach`` the fragmenter's character limit, context and the
    most a fragment it is in takes of a piece), when the words it marks are ``sought``
    (``{script: words}``): a long piece of one unspaced script in which none of its script's
    words occurs gives only its first tokens (where a fragment from the pieces before may
    still end) and the tokens of its last ``context`` characters (where a fragment of the
    pieces after may start); the tokens between change nothing the fragmenter does. A Thai
    or Khmer text mostly has sentences without any of a query's words."""
    found: list[tuple[str, int, int]] = []
    whole = True
    for match in _PIECE.finditer(text):
        piece, offset = match.group(), match.start()
        if len(piece) <= CACHED_PIECE_CHARS:
            found.extend([(token, offset + first, offset + last)
                          for token, first, last in _cached_snippet_piece(piece)])
            continue
        norm, starts, ends = normalise(piece)
        runs = cluster_runs(norm)
        if runs is None:
            found.extend([(token, offset + first, offset + last)
                          for token, first, last in _snippet_piece(piece)])
            continue
        skimmed = None
        if len(piece) >= SKIMMED_FROM_CHARS and offset + len(piece) <= limit and not any(
                word in norm for word in sought.get(runs[0][0], ())):
            skimmed = _ends_of_piece(norm, starts, ends, runs, offset, context, reach)
        if skimmed is None:
            for run in runs:
                found.extend(_run_grams(norm, starts, ends, run[3], offset, 0, len(run[3])))
        else:
            found.extend(skimmed)
            whole = False
    return Skimmed(found, whole)


def _ends_of_piece(norm, starts, ends, runs, offset, context, reach):
    """The tokens of a piece's runs up to the first whose sizes add up to ``reach``, and one
    more; then those beginning in the last ``context`` characters before its last token's
    end. None when the two meet (the piece's tokens are wanted whole)."""
    head: list = []
    taken = 0
    for run_number, (_script, _start, _stop, bounds) in enumerate(runs):
        for cluster in range(max(1, len(bounds) - 2)):
            tokens = _run_grams(norm, starts, ends, bounds, offset, cluster, cluster + 1)
            for token in tokens:
                if taken > reach:  # the token after the one that took it past reach
                    head.append(token)
                    return _with_tail(head, (run_number, cluster), norm, starts, ends, runs,
                                      offset, context)
                head.append(token)
                taken += token[2] - token[1]
    return None


def _with_tail(head, place, norm, starts, ends, runs, offset, context):
    # ``head`` ends at cluster ``place`` (run number, cluster): then the tokens beginning
    # at or after ``context`` characters before the piece's last token's end.
    last_bounds = runs[-1][3]
    threshold = ends[last_bounds[-1] - 1] + offset - context
    if head[-1][1] >= threshold:
        return None
    tail: list = []
    for run_number in range(len(runs) - 1, place[0] - 1, -1):
        bounds = runs[run_number][3]
        clusters = max(1, len(bounds) - 2)
        begin = bisect_left([starts[a] + offset for a in bounds[:clusters]], threshold)
        if run_number == place[0] and begin <= place[1]:
            return None
        tail[:0] = _run_grams(norm, starts, ends, bounds, offset, begin, clusters)
        if begin > 0:
            break
    return head + tail


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
