"""Which script each character of normalised text belongs to, and where such text splits into
word runs (a change of script, a separator) and, in the unspaced scripts, into grapheme
clusters. The analyzer (analysis.py), corrections, completions and tagging all cut text here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from showcase.search.normalisation import normalise

# Uzbek Latin writes oʻ, gʻ and the tutuq belgisi with any of these, depending on the keyboard.
APOSTROPHES = frozenset("'\u2018\u2019\u02bb\u02bc")
# Khmer coeng and Myanmar virama stack the NEXT consonant under the current one.
STACKERS = frozenset("\u17d2\u1039")

FOLD_SCRIPTS = frozenset({"LATIN", "CYRILLIC"})
CLUSTER_SCRIPTS = frozenset({"HANGUL", "CJK", "THAI", "LAO", "KHMER", "MYANMAR"})
# Japanese mixes kanji and kana inside one word, so they form one run (as Lucene's cjk_bigram does);
# otherwise every particle (を, の) would become a very frequent unigram.
_SCRIPT_ALIASES = {
    "HIRAGANA": "CJK",
    "KATAKANA": "CJK",
    "KATAKANA-HIRAGANA": "CJK",
    "IDEOGRAPHIC": "CJK",
    "MODIFIER": "COMMON",
    "": "COMMON",
}
MARK, COMMON, APOS, SEP = "MARK", "COMMON", "APOS", "SEP"


@lru_cache(maxsize=8192)
def char_class(ch: str) -> str:
    """Classify one normalised character: a script name, or MARK, COMMON, APOS or SEP."""
    if ch in APOSTROPHES:
        return APOS
    category = unicodedata.category(ch)
    if category[0] == "M":
        return MARK
    if category[0] == "N":
        return COMMON  # digits belong to no script: model numbers join the word they touch
    if category[0] != "L":
        return SEP
    # The first word of a Unicode name is the script for every letter we care about
    # ("LATIN SMALL LETTER A", "HANGUL SYLLABLE HAN", "CJK UNIFIED IDEOGRAPH-4E00", ...).
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    return _SCRIPT_ALIASES.get(first, first)


def word_runs(norm: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(script, start, end)`` word runs of the normalised text, split on script changes."""
    run: list | None = None  # [script, start, end] of the run being built
    for i, ch in enumerate(norm):
        cls = char_class(ch)
        if cls == APOS:
            # Only an apostrophe between two Latin letters is part of a word (oʻzbek, don't).
            nxt = norm[i + 1] if i + 1 < len(norm) else " "
            cls = "LATIN" if run and run[0] == "LATIN" and char_class(nxt) == "LATIN" else SEP
        if cls == MARK:
            if run:  # a mark belongs to the letter before it; a dangling one is dropped
                run[2] = i + 1
            continue
        if cls == SEP:
            if run:
                yield tuple(run)
            run = None
            continue
        if run and (cls == run[0] or (cls == COMMON and run[0] not in CLUSTER_SCRIPTS)):
            run[2] = i + 1
        elif run and run[0] == COMMON and cls not in CLUSTER_SCRIPTS:
            run[0], run[2] = cls, i + 1  # "15pro": digits adopt the word script that follows
        else:
            if run:
                yield tuple(run)
            run = [cls, i, i + 1]
    if run:
        yield tuple(run)


def cluster_bounds(norm: str, start: int, end: int) -> list[int]:
    """Where the grapheme clusters of ``norm[start:end]`` begin, then ``end``: a cluster is a
    base plus its marks and stacked consonants, so none starts with a dangling vowel sign."""
    bounds = [start]
    for i in range(start + 1, end):
        if char_class(norm[i]) != MARK and norm[i - 1] not in STACKERS:
            bounds.append(i)
    bounds.append(end)
    return bounds


def _char_ranges(chars: list[str]) -> str:
    """A regular-expression character class body matching exactly ``chars`` (sorted)."""
    ranges: list[list[int]] = []
    for code in map(ord, chars):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}"
                   for low, high in ranges)


# The Unicode blocks of the scripts cut into grapheme clusters (their Hangul and Han parts
# that texts use). A piece of one script's letters and these blocks' marks (most pieces of an
# unspaced text), or of such runs with separators between them, is cut into runs whose
# clusters begin at each letter not stacked under the one before: two regular expressions
# find that instead of a loop per character. Their character classes are built with
# char_class itself, so both ways agree; anything else takes the loop.
CLUSTER_BLOCKS = {
    "THAI": ((0x0E00, 0x0E7F),),
    "LAO": ((0x0E80, 0x0EFF),),
    "KHMER": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
    "MYANMAR": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
    "HANGUL": ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7A3)),
    "CJK": ((0x3005, 0x3007), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF)),
}


def _single_script_patterns() -> dict[str, tuple[re.Pattern, re.Pattern]]:
    """Per script: a pattern of a whole one-run piece, and one of where its clusters begin
    (built once at import: 70 ms)."""
    patterns = {}
    classify = char_class.__wrapped__  # not through the cache: most are never seen again
    for script, blocks in CLUSTER_BLOCKS.items():
        chars = [chr(code) for low, high in blocks for code in range(low, high + 1)]
        letters = _char_ranges([ch for ch in chars if classify(ch) == script])
        marks = _char_ranges([ch for ch in chars if classify(ch) == MARK])
        whole = re.compile(f"[{letters}][{letters}{marks}]*")
        firsts = re.compile(f"(?<![{_char_ranges(sorted(STACKERS))}])[{letters}]")
        patterns[script] = whole, firsts
    return patterns


_SINGLE_SCRIPT = _single_script_patterns()


def cluster_runs(norm: str) -> list[tuple[str, int, int, list[int]]] | None:
    """``(script, start, end, cluster bounds)`` of each run of ``norm`` when its runs are all
    of one script cut into clusters with nothing but separators between them (a Khmer or
    Chinese sentence with its full stops), as :func:`word_runs` and :func:`cluster_bounds`
    would find them; else None."""
    script = char_class(norm[0]) if norm else SEP
    patterns = _SINGLE_SCRIPT.get(script)
    if patterns is None:
        return None
    whole, firsts = patterns
    runs, end = [], 0
    for match in whole.finditer(norm):
        start, stop = match.span()
        if not _separators_only(norm, end, start):
            return None
        bounds = [match.start() for match in firsts.finditer(norm, start + 1, stop)]
        runs.append((script, start, stop, [start, *bounds, stop]))
        end = stop
    return runs if runs and _separators_only(norm, end, len(norm)) else None


def _separators_only(norm: str, start: int, end: int) -> bool:
    return all(char_class(ch) == SEP for ch in norm[start:end])


def grapheme_clusters(word: str) -> tuple[str, ...]:
    """The grapheme clusters of ``word`` (normalised): each base with its marks and stacked
    consonants, as unspaced scripts are cut into grams."""
    norm = normalise(word)[0]
    bounds = cluster_bounds(norm, 0, len(norm))
    return tuple(norm[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a)


def script_of(word: str) -> str:
    """The script of the first letter of ``word`` (LATIN, CYRILLIC, HANGUL, CJK, THAI...;
    COMMON when it has none)."""
    return next((cls for cls in map(char_class, word)
                 if cls not in (MARK, COMMON, APOS, SEP)), COMMON)
