"""Snippets: a hit's text in the visitor's language with the matched words marked."""

from functools import lru_cache

from markupsafe import Markup
from whoosh import highlight
from whoosh.analysis import Token

from showcase.search.tokens import query_tokens

FALLBACK_CHARS = 180
# Results pages show the same products' texts again and again: their tokens and snippets are
# kept (a few MB).
CACHED_TEXTS = 2048
CACHED_SNIPPETS = 4096

_fragmenter = highlight.ContextFragmenter(maxchars=180, surround=60)


class _Replay:
    """An analyzer that yields tokens computed beforehand (one reused Token, as Whoosh does)."""

    def __init__(self, tokens: list[tuple[str, int, int]]):
        self.tokens = tokens

    def __call__(self, value, chars=False, mode="", removestops=True, **kwargs):
        t = Token(False, chars, removestops=removestops, mode=mode, **kwargs)
        for text, startchar, endchar in self.tokens:
            t.text, t.startchar, t.endchar = text, startchar, endchar
            t.boost, t.stopped = 1.0, False
            yield t


def snippet(text: str, matched: set[str]) -> Markup:
    """Up to two fragments of ``text`` around the tokens in ``matched``, marked; else the text's
    beginning."""
    return _marked(text, _tokens(text)[1].intersection(matched))


@lru_cache(maxsize=CACHED_TEXTS)
def _tokens(text: str) -> tuple[list[tuple[str, int, int]], frozenset[str]]:
    # Highlighting re-tokenizes the text in query mode: memoized tokens (tokens.py), computed
    # once per text, replace the analyzer.
    tokens = query_tokens(text)
    return tokens, frozenset(token for token, _first, _last in tokens)


@lru_cache(maxsize=CACHED_SNIPPETS)
def _marked(text: str, found: frozenset[str]) -> Markup:
    # A snippet depends only on the text and which of its words matched, whatever the query.
    marked = ""
    if found:
        # A formatter per call: it remembers every term it has marked, so a shared one would
        # grow without limit and number its CSS classes by earlier searches.
        formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        marked = highlight.highlight(text, found, _Replay(_tokens(text)[0]), _fragmenter, formatter,
                                     top=2)
    return Markup(marked or Markup.escape(text[:FALLBACK_CHARS]))


def forget() -> None:
    """Forget the tokens and snippets kept."""
    _tokens.cache_clear()
    _marked.cache_clear()
