"""Multilingual text analysis for the product search index.

One Whoosh tokenizer handles every script our visitors type:

* text is normalised with NFKC + casefold (offsets still refer to the original text; see
  ``normalisation.py``);
* a word is a run of letters, marks and digits (plus Uzbek apostrophes inside Latin words),
  split where the script changes;
* Hangul, Han and Kana runs become overlapping character bigrams (and trigrams, for the
  product index: see :func:`_cluster_grams`);
* Thai, Lao, Khmer and Burmese runs become overlapping bigrams (and trigrams) of grapheme
  clusters;
* other scripts stay whole words with their marks intact; Latin and Cyrillic words are also
  accent-folded (see :func:`fold`) and stemmed (see ``stemming.py``).

The tokenizer follows the ``mode`` Whoosh passes to analyzers: ``"index"`` (and anything else)
emits each Latin/Cyrillic word plus its folded form and its stem at the same position;
``"query"`` emits only the stem (of the folded form). So a single analyzer can serve a schema
field for both indexing and parsing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Analyzer, CompositeAnalyzer, Token, Tokenizer

from showcase.search.normalisation import LETTER_VARIANTS, normalise
from showcase.search.stemming import stem

__all__ = [
    "MultilingualTokenizer",
    "fold",
    "grapheme_clusters",
    "index_analyzer",
    "is_lone_ideograph",
    "is_whole_word",
    "query_analyzer",
    "script_of",
    "tokenize_words",
]

# Uzbek Latin writes oʻ, gʻ and the tutuq belgisi with any of these, depending on the keyboard.
APOSTROPHES = frozenset("'\u2018\u2019\u02bb\u02bc")
# Index-time spelling of all of them, so the unfolded token does not depend on the keyboard.
CANONICAL_APOSTROPHE = "'"
# Letters without a Unicode decomposition that people still type without the stroke or slash.
_FOLD_MAP = str.maketrans({"đ": "d", "ð": "d", "ł": "l", "ø": "o", "ħ": "h", "ı": "i", "ŧ": "t"})
# Khmer coeng and Myanmar virama stack the NEXT consonant under the current one.
_STACKERS = frozenset("\u17d2\u1039")

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
_MARK, _COMMON, _APOS, _SEP = "MARK", "COMMON", "APOS", "SEP"


@lru_cache(maxsize=8192)
def _char_class(ch: str) -> str:
    """Classify one normalised character: a script name, or MARK, COMMON, APOS or SEP."""
    if ch in APOSTROPHES:
        return _APOS
    category = unicodedata.category(ch)
    if category[0] == "M":
        return _MARK
    if category[0] == "N":
        return _COMMON  # digits belong to no script: model numbers join the word they touch
    if category[0] != "L":
        return _SEP
    # The first word of a Unicode name is the script for every letter we care about
    # ("LATIN SMALL LETTER A", "HANGUL SYLLABLE HAN", "CJK UNIFIED IDEOGRAPH-4E00", ...).
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    return _SCRIPT_ALIASES.get(first, first)


def fold(text: str) -> str:
    """Accent- and apostrophe-fold text the same way at index and query time.

    NFKC + casefold, then for Latin and Cyrillic letters only: strip combining marks, map
    đ/ł/ø/... to their base letter, ё -> е (й is kept: it is a separate letter, never omitted).
    Uzbek apostrophes are removed; Arabic-keyboard letters become their Urdu/Persian forms.
    Marks of other scripts are kept: Thai, Khmer, Devanagari, Bengali, Sinhala... vowel signs
    carry meaning.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(LETTER_VARIANTS)
    out: list[str] = []
    strip = False
    for ch in unicodedata.normalize("NFD", text):
        if ch in APOSTROPHES:
            continue
        if unicodedata.category(ch)[0] == "M":
            if strip and not (ch == "\u0306" and out and out[-1] == "и"):
                continue
        else:
            strip = _char_class(ch) in FOLD_SCRIPTS
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out).translate(_FOLD_MAP))


def _runs(norm: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(script, start, end)`` word runs of the normalised text, split on script changes."""
    run: list | None = None  # [script, start, end] of the run being built
    for i, ch in enumerate(norm):
        cls = _char_class(ch)
        if cls == _APOS:
            # Only an apostrophe between two Latin letters is part of a word (oʻzbek, don't).
            nxt = norm[i + 1] if i + 1 < len(norm) else " "
            cls = "LATIN" if run and run[0] == "LATIN" and _char_class(nxt) == "LATIN" else _SEP
        if cls == _MARK:
            if run:  # a mark belongs to the letter before it; a dangling one is dropped
                run[2] = i + 1
            continue
        if cls == _SEP:
            if run:
                yield tuple(run)
            run = None
            continue
        if run and (cls == run[0] or (cls == _COMMON and run[0] not in CLUSTER_SCRIPTS)):
            run[2] = i + 1
        elif run and run[0] == _COMMON and cls not in CLUSTER_SCRIPTS:
            run[0], run[2] = cls, i + 1  # "15pro": digits adopt the word script that follows
        else:
            if run:
                yield tuple(run)
            run = [cls, i, i + 1]
    if run:
        yield tuple(run)


def _cluster_bounds(norm: str, start: int, end: int) -> list[int]:
    """Where the grapheme clusters of ``norm[start:end]`` begin, then ``end``: a cluster is a
    base plus its marks and stacked consonants, so none starts with a dangling vowel sign."""
    bounds = [start]
    for i in range(start + 1, end):
        if _char_class(norm[i]) != _MARK and norm[i - 1] not in _STACKERS:
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
# _char_class itself, so both ways agree; anything else takes the loop.
_CLUSTER_BLOCKS = {
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
    classify = _char_class.__wrapped__  # not through the cache: most are never seen again
    for script, blocks in _CLUSTER_BLOCKS.items():
        chars = [chr(code) for low, high in blocks for code in range(low, high + 1)]
        letters = _char_ranges([ch for ch in chars if classify(ch) == script])
        marks = _char_ranges([ch for ch in chars if classify(ch) == _MARK])
        whole = re.compile(f"[{letters}][{letters}{marks}]*")
        firsts = re.compile(f"(?<![{_char_ranges(sorted(_STACKERS))}])[{letters}]")
        patterns[script] = whole, firsts
    return patterns


_SINGLE_SCRIPT = _single_script_patterns()


def cluster_runs(norm: str) -> list[tuple[str, int, int, list[int]]] | None:
    """``(script, start, end, cluster bounds)`` of each run of ``norm`` when its runs are all
    of one script cut into clusters with nothing but separators between them (a Khmer or
    Chinese sentence with its full stops), as :func:`_runs` and :func:`_cluster_bounds`
    would find them; else None."""
    script = _char_class(norm[0]) if norm else _SEP
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
    return all(_char_class(ch) == _SEP for ch in norm[start:end])


def grapheme_clusters(word: str) -> tuple[str, ...]:
    """The grapheme clusters of ``word`` (normalised): each base with its marks and stacked
    consonants, as unspaced scripts are cut into grams."""
    norm = normalise(word)[0]
    bounds = _cluster_bounds(norm, 0, len(norm))
    return tuple(norm[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a)


def script_of(word: str) -> str:
    """The script of the first letter of ``word`` (LATIN, CYRILLIC, HANGUL, CJK, THAI...;
    COMMON when it has none)."""
    return next((cls for cls in map(_char_class, word)
                 if cls not in (_MARK, _COMMON, _APOS, _SEP)), _COMMON)


def _canonical_apostrophes(word: str) -> str:
    return "".join(CANONICAL_APOSTROPHE if c in APOSTROPHES else c for c in word)


class MultilingualTokenizer(Tokenizer):
    """Whoosh tokenizer implementing the rules in the module docstring.

    ``forced_mode=None`` follows the ``mode`` keyword Whoosh passes ("index" when indexing,
    "query" when parsing); ``forced_mode="query"`` always emits query tokens;
    ``forced_mode="snippet"`` (or ``mode="snippet"``) emits query tokens, but every gram of
    unspaced scripts, as highlighting needs. ``longest_gram``: see :func:`_cluster_grams`.
    Whoosh pickles the schema into the index, so renaming or moving this class (or this module)
    makes existing indexes unreadable: rebuild them after such a change.
    """

    longest_gram = 2  # what an instance pickled before trigrams were indexed reads

    def __init__(self, forced_mode: str | None = None, longest_gram: int = 2):
        self.forced_mode = forced_mode
        self.longest_gram = longest_gram

    def __eq__(self, other):
        # Whoosh schemas compare field by field, analyzers included.
        return (self.__class__ is other.__class__ and self.forced_mode == other.forced_mode
                and self.longest_gram == other.longest_gram)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        """Yield Whoosh tokens (one reused Token object, as Whoosh's tokenizers do)."""
        mode = self.forced_mode or mode
        query = mode in ("query", "snippet")
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Used by range queries: the whole value is one term, normalised like the index.
            t.original = t.text = fold(value) if query else normalise(value)[0]
            t.boost, t.stopped = 1.0, False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for form, pos, startchar, endchar in token_tuples(value, query, self.longest_gram,
                                                          cover=mode == "query"):
            t.text = form
            t.boost, t.stopped = 1.0, False
            if keeporiginal:
                t.original = value[startchar:endchar]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + startchar, start_char + endchar
            yield t


def token_tuples(value: str, query: bool, longest: int = 2, cover: bool | None = None,
                 followed: bool = False) -> list[tuple[str, int, int, int]]:
    """``(text, position, startchar, endchar)`` of each token of ``value`` (offsets index
    ``value``): what the tokenizer yields as Token objects (the faster form for code that only
    reads them). ``longest``: the longest run of grapheme clusters indexed (2 or 3); ``cover``
    (default: ``query``): only the grams a query needs, not every gram; ``followed``: more of
    the query follows ``value`` (see :func:`_cluster_grams`)."""
    cover = query if cover is None else cover
    norm, starts, ends = normalise(value)
    tokens: list[tuple[str, int, int, int]] = []
    position = 0
    runs = cluster_runs(norm) or [(*run, None) for run in _runs(norm)]
    for number, (script, a, b, bounds) in enumerate(runs):
        if script in CLUSTER_SCRIPTS:
            bounds = bounds or _cluster_bounds(norm, a, b)
            more = followed or number + 1 < len(runs)
            tokens.extend(_cluster_grams(norm, starts, ends, bounds, position, longest,
                                         cover, more))
            position += max(1, len(bounds) - 2)
            continue
        text, startchar, endchar = norm[a:b], starts[a], ends[b - 1]
        if script not in FOLD_SCRIPTS:
            tokens.append((text, position, startchar, endchar))
        elif query:
            tokens.append((stem(fold(text), script), position, startchar, endchar))
        else:
            # The folded form and the stem share the position: phrases still match.
            exact, folded = _canonical_apostrophes(text), fold(text)
            stemmed = stem(folded, script)
            tokens.append((exact, position, startchar, endchar))
            if folded != exact:
                tokens.append((folded, position, startchar, endchar))
            if stemmed not in (folded, exact):
                tokens.append((stemmed, position, startchar, endchar))
        position += 1
    return tokens


def _cluster_grams(norm: str, starts: list[int], ends: list[int], bounds: list[int],
                   position: int, longest: int, cover: bool, more: bool
                   ) -> list[tuple[str, int, int, int]]:
    """The tokens of one run of an unspaced script (``bounds``: where its grapheme clusters
    begin, then where it ends).

    No dictionary segmentation for these scripts: overlapping bigrams find any word inside
    unspaced text (a lone cluster is a unigram). With ``longest=3`` trigrams are indexed too,
    each at the position of the bigram it begins with, and a query (``cover``) asks for a run
    of three or more clusters by its trigrams alone: one term for three clusters, one word
    fewer to compare positions of for longer runs. A query's tokens are one per position, as
    Whoosh's phrases expect; when ``more`` of the query follows the run, its last bigram is
    kept too, so that what follows comes at the next position, as it does in the index.
    """
    count = len(bounds) - 1
    if count == 1:
        return [(norm[bounds[0]:bounds[1]], position, starts[bounds[0]], ends[bounds[1] - 1])]
    bigrams = _grams(norm, starts, ends, bounds, 2, position)
    if longest < 3 or count < 3:
        return bigrams
    trigrams = _grams(norm, starts, ends, bounds, 3, position)
    if cover:
        return trigrams + bigrams[-1:] if more else trigrams
    grams = [None] * (len(bigrams) + len(trigrams))  # text order: each bigram, then its trigram
    grams[::2], grams[1::2] = bigrams, trigrams
    return grams


def _grams(norm: str, starts: list[int], ends: list[int], bounds: list[int], size: int,
           position: int) -> list[tuple[str, int, int, int]]:
    # Every run of ``size`` clusters: text, position (that of its first cluster), offsets.
    firsts, lasts = bounds[:-size], bounds[size:]
    return list(zip([norm[a:b] for a, b in zip(firsts, lasts, strict=True)],
                    range(position, position + len(lasts)),
                    [starts[a] for a in firsts], [ends[b - 1] for b in lasts], strict=True))


def index_analyzer(longest_gram: int = 2) -> Analyzer:
    """Analyzer for schema fields: index tokens when indexing, query tokens when Whoosh's
    query parser calls it with ``mode="query"``."""
    return CompositeAnalyzer(MultilingualTokenizer(longest_gram=longest_gram))


def query_analyzer(longest_gram: int = 2) -> Analyzer:
    """Analyzer that always emits query tokens (only folded forms for Latin/Cyrillic words)."""
    return CompositeAnalyzer(MultilingualTokenizer(forced_mode="query",
                                                   longest_gram=longest_gram))


def tokenize_words(text: str, longest_gram: int = 2) -> list[str]:
    """Index-time token texts of ``text`` in order (for tests, suggestions, "did you mean")."""
    return [t.text for t in index_analyzer(longest_gram)(text, mode="index")]


def is_whole_word(token: str) -> bool:
    """Whether ``token`` is a whole word (Latin, Cyrillic, Devanagari, Bengali, Sinhala, Arabic,
    ...) rather than a character bigram of an unspaced script, so a prefix of it is meaningful."""
    return not any(_char_class(ch) in CLUSTER_SCRIPTS for ch in token)


def is_lone_ideograph(token: str) -> bool:
    """Whether ``token`` is one Han, Kana or Hangul character: such a word (氢, 鉛, 불) is indexed
    on its own only where it stands alone, otherwise only inside the bigrams it begins."""
    return len(token) == 1 and _char_class(token) in ("CJK", "HANGUL")
