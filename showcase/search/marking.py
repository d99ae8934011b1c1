"""How a snippet shows the fragments chosen for it: whole words, whole marks, ellipses.

Fragments are chosen at token boundaries, and the tokens of unspaced scripts (Thai, Khmer,
Lao, Burmese, Chinese, Japanese, and Korean words) are overlapping pairs and triples of
grapheme clusters: a fragment would start and end inside a word, and marking only the first
of two overlapping matched tokens marks a word short (``<mark>โดร</mark>น``). So a fragment is
widened to the spaces around it when they are near (else it stays at a cluster boundary, which
every token boundary is), overlapping matched tokens are marked as one, and an ellipsis stands
where text is left out. Both ways of choosing fragments (``snippets.py`` and Whoosh's own
``highlight`` in ``plain.py``) show them through :func:`format_fragments`.

A product's stored text keeps its name, summary, description and keywords apart
(:func:`stored_text`); a snippet shows the summary and description only: the name is the
result's heading, and keywords read as a stray list glued to the end of the text.
"""

import unicodedata
from html import escape

from whoosh import highlight

PART_BREAK = "\u2029"  # PARAGRAPH SEPARATOR, between the parts of a stored text
PARTS = 4  # name, summary, description, keywords
# How far a cut may move to reach a space; beyond, it stays where it is.
SNAP_CHARS = 24
FALLBACK_CHARS = 180
ELLIPSIS = "…"
BETWEEN = f" {ELLIPSIS} "
TERM_CLASSES = 5  # "match term0" ... "match term4", by order of first appearance
# Khmer coeng and Myanmar virama stack the next consonant; ZWJ joins what follows it.
_JOINERS = frozenset("\u17d2\u1039\u200d")

Fragment = tuple[int, int, list]  # startchar, endchar, matched (text, startchar, endchar)


def stored_text(name: str, summary: str, description: str, keywords: str) -> str:
    """A product text as the index stores it for snippets: its parts kept apart."""
    parts = (name, summary, description, keywords)
    return PART_BREAK.join((part or "").replace(PART_BREAK, "\n") for part in parts)


def snippet_body(text: str) -> str:
    """What a snippet may show of a stored text: its summary and description (the whole text
    when it was stored before its parts were kept apart)."""
    parts = text.split(PART_BREAK)
    if len(parts) != PARTS:
        return text
    return "\n".join(part for part in parts[1:3] if part)


def format_fragments(text: str, fragments: list[Fragment]) -> str:
    """The fragments of ``text`` as escaped HTML, widened to whole words, matched tokens in
    ``<mark>``, joined and ended with ellipses where text is left out ("" for none)."""
    widened: list[Fragment] = []
    for start, end, kept in sorted(fragments, key=lambda fragment: fragment[0]):
        start, end = word_start(text, start), word_end(text, end)
        if widened and start <= widened[-1][1]:
            previous = widened.pop()
            start, end, kept = previous[0], max(end, previous[1]), previous[2] + kept
        widened.append((start, end, kept))
    if not widened:
        return ""
    classes: dict[str, int] = {}
    shown = BETWEEN.join(_marked(text, fragment, classes) for fragment in widened)
    return _with_ellipses(shown, widened[0][0] > 0, widened[-1][1] < len(text))


def fallback(text: str) -> str:
    """The beginning of ``text``, escaped, cut at a word (or at least a cluster) boundary."""
    if len(text) <= FALLBACK_CHARS:
        return escape(text, quote=False)
    reach = FALLBACK_CHARS - SNAP_CHARS
    space = max(text.rfind(" ", reach, FALLBACK_CHARS + 1),
                text.rfind("\n", reach, FALLBACK_CHARS + 1))
    end = space if space > 0 else cluster_start(text, FALLBACK_CHARS)
    return _with_ellipses(escape(text[:end].rstrip(), quote=False), False, True)


def word_start(text: str, start: int) -> int:
    """``start`` moved back to the beginning of its word when a space is near."""
    if start <= 0 or text[start - 1].isspace():
        return max(start, 0)
    reach = max(0, start - SNAP_CHARS)
    space = max(text.rfind(" ", reach, start), text.rfind("\n", reach, start))
    if space >= 0:
        return space + 1
    return 0 if reach == 0 else cluster_start(text, start)


def word_end(text: str, end: int) -> int:
    """``end`` moved forward to the end of its word when a space (or the text's end) is
    near."""
    if end >= len(text) or text[end].isspace():
        return min(end, len(text))
    reach = end + SNAP_CHARS
    spaces = [found for found in (text.find(" ", end, reach), text.find("\n", end, reach))
              if found >= 0]
    if spaces:
        return min(spaces)
    return len(text) if reach >= len(text) else cluster_start(text, end)


def cluster_start(text: str, index: int) -> int:
    """``index``, or the start of the grapheme cluster it falls inside: a combining mark stays
    with its base, a stacked consonant with the one above it."""
    while 0 < index < len(text) and (unicodedata.category(text[index])[0] == "M"
                                     or text[index - 1] in _JOINERS):
        index -= 1
    return index


def _marked(text: str, fragment: Fragment, classes: dict[str, int]) -> str:
    start, end, kept = fragment
    output = []
    index = start
    for first, last in _spans(kept, end):
        if first < index:
            continue
        output.append(escape(text[index:first], quote=False))
        shown = escape(text[first:last], quote=False)
        number = classes.setdefault(shown, len(classes) % TERM_CLASSES)
        output.append(f'<mark class="match term{number}">{shown}</mark>')
        index = last
    output.append(escape(text[index:end], quote=False))
    return "".join(output)


def _spans(kept: list, end: int) -> list[list[int]]:
    """The character spans of the matched tokens, overlapping or touching ones as one."""
    spans: list[list[int]] = []
    for _word, first, last in sorted(kept, key=lambda token: (token[1], token[2])):
        last = min(last, end)
        if spans and first <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], last)
        else:
            spans.append([first, last])
    return spans


def _with_ellipses(shown: str, before: bool, after: bool) -> str:
    return f"{ELLIPSIS} " * before + shown + f" {ELLIPSIS}" * after


class FragmentFormatter(highlight.Formatter):
    """A Whoosh formatter that shows fragments as :func:`format_fragments` does."""

    def __call__(self, text, fragments):
        """The fragments Whoosh chose, formatted by :func:`format_fragments`."""
        return format_fragments(text, [
            (fragment.startchar, fragment.endchar,
             [(token.text, token.startchar, token.endchar) for token in fragment.matches])
            for fragment in fragments])
