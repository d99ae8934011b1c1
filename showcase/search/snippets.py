"""Snippets: a hit's text in the visitor's language with the matched words marked."""

from markupsafe import Markup
from whoosh import highlight
from whoosh.analysis import Token

from showcase.search.tokens import query_tokens

FALLBACK_CHARS = 180

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
    # Highlighting re-tokenizes the text in query mode: memoized tokens (tokens.py), computed
    # once here, replace the analyzer.
    tokens = query_tokens(text)
    marked = ""
    if not matched.isdisjoint(token for token, _first, _last in tokens):
        # A formatter per call: it remembers every term it has marked, so a shared one would
        # grow without limit and number its CSS classes by earlier searches.
        formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        marked = highlight.highlight(text, matched, _Replay(tokens), _fragmenter, formatter,
                                     top=2)
    return Markup(marked or Markup.escape(text[:FALLBACK_CHARS]))
