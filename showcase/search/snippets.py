"""Snippets: a hit's text in the visitor's language with the matched words marked.

A snippet is what Whoosh's ``highlight()`` gives with ``ContextFragmenter(maxchars=180,
surround=60)``, the basic fragment scorer, the two best fragments in text order and
``HtmlFormatter(tagname="mark", between=" … ")``. Whoosh does it with a Token object per word
passed through three generators; here the same steps run over the text's token tuples
(``tests/test_search_equivalence.py`` compares the two), which matters for unspaced scripts,
whose texts have a token per pair of characters.
"""

import re
import sys
from collections import deque
from heapq import nlargest
from html import escape

from markupsafe import Markup

from showcase.search.caches import Bounded
from showcase.search.tokens import snippet_tokens

FALLBACK_CHARS = 180
MAX_CHARS = 180  # of a fragment
SURROUND = 60  # characters of context around the matched words
CHAR_LIMIT = 2**15  # Whoosh's: words further into the text are not looked at
# Tokens of the text up to the first whitespace after CHAR_LIMIT (or this far, without one)
# are those of the whole text: a token that the cut changes ends after CHAR_LIMIT either way.
TOKENIZED_CHARS = CHAR_LIMIT + 256
FRAGMENTS = 2
BETWEEN = " … "
TERM_CLASSES = 5  # "match term0" ... "match term4", by order of first appearance
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
    """Up to two fragments of ``text`` around the tokens in ``matched``, marked; else the text's
    beginning."""
    text = _looked_at(text)
    return _marked(text, _tokens(text)[1].intersection(matched))


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


def _marked(text: str, found: frozenset[str]) -> Markup:
    # A snippet depends only on the text and which of its words matched, whatever the query.
    key = (text, found)
    marked = _kept_snippets.get(key)
    if marked is None:
        marked = ""
        if found:
            fragments = _fragments(text, _tokens(text)[0], found)
            marked = _format(text, _best(fragments))
        marked = Markup(marked or Markup.escape(text[:FALLBACK_CHARS]))
        _kept_snippets.put(key, marked, sys.getsizeof(text) + sys.getsizeof(marked)
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


def _format(text: str, fragments) -> str:
    classes: dict[str, int] = {}
    return BETWEEN.join(_format_fragment(text, fragment, classes) for fragment in fragments)


def _format_fragment(text: str, fragment, classes: dict[str, int]) -> str:
    start, end, kept = fragment
    output = []
    index = start
    # Overlapping words (character pairs): the first, longest one at a position is marked.
    for _word, startchar, endchar in sorted(kept, key=lambda t: (t[1], t[1] - t[2])):
        if startchar < index:
            continue
        if startchar > index:
            output.append(escape(text[index:startchar], quote=False))
        shown = escape(text[startchar:endchar], quote=False)
        number = classes.setdefault(shown, len(classes) % TERM_CLASSES)
        output.append(f'<mark class="match term{number}">{shown}</mark>')
        index = endchar
    output.append(escape(text[index:end], quote=False))
    return "".join(output)
