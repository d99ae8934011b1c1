"""Snippets: a hit's text in the visitor's language with the matched words marked.

A snippet is what Whoosh's ``highlight()`` gives with ``ContextFragmenter(maxchars=180,
surround=60)``, the basic fragment scorer, the two best fragments in text order and
``HtmlFormatter(tagname="mark", between=" … ")``. Whoosh does it with a Token object per word
passed through three generators; here the same steps run over the text's token tuples
(``tests/test_search_equivalence.py`` compares the two), which matters for unspaced scripts,
whose texts have a token per pair of characters.
"""

from collections import deque
from functools import lru_cache
from heapq import nlargest
from html import escape

from markupsafe import Markup

from showcase.search.tokens import snippet_tokens

FALLBACK_CHARS = 180
MAX_CHARS = 180  # of a fragment
SURROUND = 60  # characters of context around the matched words
CHAR_LIMIT = 2**15  # Whoosh's: words further into the text are not looked at
FRAGMENTS = 2
BETWEEN = " … "
TERM_CLASSES = 5  # "match term0" ... "match term4", by order of first appearance
# Results pages show the same products' texts again and again: their tokens and snippets are
# kept (a few MB).
CACHED_TEXTS = 2048
CACHED_SNIPPETS = 4096

Token = tuple[str, int, int]  # text, startchar, endchar


def snippet(text: str, matched: set[str]) -> Markup:
    """Up to two fragments of ``text`` around the tokens in ``matched``, marked; else the text's
    beginning."""
    return _marked(text, _tokens(text)[1].intersection(matched))


def forget() -> None:
    """Forget the tokens and snippets kept."""
    _tokens.cache_clear()
    _marked.cache_clear()


@lru_cache(maxsize=CACHED_TEXTS)
def _tokens(text: str) -> tuple[tuple[Token, ...], frozenset[str]]:
    # A tuple of tuples of strings and numbers: the garbage collector stops tracking it.
    tokens = tuple(snippet_tokens(text))
    return tokens, frozenset([token for token, _first, _last in tokens])


@lru_cache(maxsize=CACHED_SNIPPETS)
def _marked(text: str, found: frozenset[str]) -> Markup:
    # A snippet depends only on the text and which of its words matched, whatever the query.
    marked = ""
    if found:
        fragments = _fragments(text, _tokens(text)[0], found)
        marked = _format(text, _best(fragments))
    return Markup(marked or Markup.escape(text[:FALLBACK_CHARS]))


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
