"""Snippets: a hit's summary and description in the visitor's language, matched words marked.

A snippet shows the fragments Whoosh's ``highlight()`` chooses with
``ContextFragmenter(maxchars=180, surround=60)``, the basic fragment scorer and the two best
fragments in text order, as ``marking.format_fragments`` shows them (whole words, whole marks,
ellipses). Whoosh chooses them with a Token object per word passed through three generators;
here the same steps run over the text's token tuples (``tests/test_search_equivalence.py``
compares the two), which matters for unspaced scripts, whose texts have a token per pair of
characters.
"""

import re
import sys
from collections import deque
from heapq import nlargest

from markupsafe import Markup

from showcase.search.caches import Bounded
from showcase.search.marking import fallback, format_fragments, snippet_body
from showcase.search.tokens import snippet_tokens

MAX_CHARS = 180  # of a fragment
SURROUND = 60  # characters of context around the matched words
CHAR_LIMIT = 2**15  # Whoosh's: words further into the text are not looked at
# Tokens of the text up to the first whitespace after CHAR_LIMIT (or this far, without one)
# are those of the whole text: a token that the cut changes ends after CHAR_LIMIT either way.
TOKENIZED_CHARS = CHAR_LIMIT + 256
FRAGMENTS = 2
# Results pages show the same products' texts again and again: their tokens and snippets are
# kept, bounded by bytes (a product's text can be enormous: 45 hostile products once took a
# worker from 78 to 853 MB when they were bounded by count). A text's tokens take about
# TOKEN_BYTES each; an entry over an eighth of its cache is not kept.
KEEP_TOKEN_BYTES = 32 * 2**20
KEEP_SNIPPET_BYTES = 8 * 2**20
TOKEN_BYTES = 200

Token = tuple[str, int, int]  # text, startchar, endchar
_SPACE = re.compile(r"[ \t\n\r]")
# text -> (tokens, their distinct words)
_kept_tokens = Bounded("snippet tokens", KEEP_TOKEN_BYTES, "bytes",
                       largest=KEEP_TOKEN_BYTES // 8)
# (text, matched words) -> snippet
_kept_snippets = Bounded("snippets", KEEP_SNIPPET_BYTES, "bytes",
                         largest=KEEP_SNIPPET_BYTES // 8)


def snippet(text: str, matched: set[str]) -> Markup:
    """Up to two fragments of a stored text's summary and description around the tokens in
    ``matched``, marked; else their beginning."""
    body = snippet_body(text)
    looked_at = _looked_at(body)
    return _marked(body, looked_at, _tokens(looked_at)[1].intersection(matched))


def _looked_at(text: str) -> str:
    """``text`` without what lies past TOKENIZED_CHARS or the first whitespace after
    CHAR_LIMIT: its tokens there are never marked, and the fallback shows only the start."""
    if len(text) <= CHAR_LIMIT:
        return text
    space = _SPACE.search(text, CHAR_LIMIT, TOKENIZED_CHARS)
    return text[:space.start() if space else TOKENIZED_CHARS]


def _tokens(text: str) -> tuple[tuple[Token, ...], frozenset[str]]:
    found = _kept_tokens.get(text)
    if found is None:
        # A tuple of tuples of strings and numbers: the garbage collector stops tracking it.
        tokens = tuple(snippet_tokens(text))
        found = tokens, frozenset([token for token, _first, _last in tokens])
        _kept_tokens.put(text, found, sys.getsizeof(text) + TOKEN_BYTES * len(tokens))
    return found


def _marked(body: str, looked_at: str, found: frozenset[str]) -> Markup:
    """The snippet of ``body`` whose beginning ``looked_at`` holds the words ``found``: the
    fragments come from its beginning, but may widen past it, or end in an ellipsis."""
    # A snippet depends only on the text and which of its words matched, whatever the query.
    key = (body, found)
    marked = _kept_snippets.get(key)
    if marked is None:
        marked = ""
        if found:
            fragments = _fragments(looked_at, _tokens(looked_at)[0], found)
            marked = format_fragments(body, _best(fragments))
        marked = Markup(marked or fallback(body))
        _kept_snippets.put(key, marked, sys.getsizeof(body) + sys.getsizeof(marked)
                           + 64 * len(found))
    return marked


def _fragments(text: str, tokens: tuple[Token, ...], found: frozenset[str]):
    """``(startchar, endchar, matched tokens)`` of each fragment: ContextFragmenter's walk."""
    first = None
    firsts: deque = deque()
    countdown = -1  # < 0: not in a fragment; else characters of context still to take
    kept: list[Token] = []
    endchar = None
    length = 0
    for token in tokens:
        _word, startchar, endchar = token
        size = endchar - startchar
        if endchar > CHAR_LIMIT:
            break
        matched = token[0] in found
        if countdown < 0 and not matched:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > SURROUND:
                firsts.popleft()
        elif length + size > MAX_CHARS:
            countdown = 0
        elif matched:
            countdown = SURROUND
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += SURROUND
            kept.append(token)
        if countdown >= 0:
            length += size
            countdown -= size
            if countdown <= 0:
                yield _fragment(text, kept, first, endchar)
                kept, firsts, first, length = [], deque(), None, 0
    if kept:
        yield _fragment(text, kept, first, endchar)


def _fragment(text: str, kept: list[Token], first, endchar) -> tuple[int, int, list[Token]]:
    if first is None:
        first = kept[0][1] if kept else 0
    return max(0, first), min(len(text), endchar), kept


def _best(fragments) -> list[tuple[int, int, list[Token]]]:
    """The two best-scored fragments (score at least 1), in text order. A fragment scores its
    matched words times 100 per distinct word; ties go to the later fragment, as in Whoosh."""
    scored = ((len(kept) * ((len({word for word, _s, _e in kept}) * 100) or 1), start, end, kept)
              for start, end, kept in fragments)
    best = [(start, end, kept) for score, start, end, kept
            in nlargest(FRAGMENTS, scored, key=lambda item: item[:2]) if score >= 1]
    return sorted(best, key=lambda fragment: fragment[0])
