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

import unicodedata

from whoosh.analysis import Analyzer, CompositeAnalyzer, Token, Tokenizer

from showcase.search.normalisation import LETTER_VARIANTS, normalise
from showcase.search.scripts import (
    APOSTROPHES,
    CLUSTER_SCRIPTS,
    FOLD_SCRIPTS,
    char_class,
    cluster_bounds,
    cluster_runs,
    word_runs,
)
from showcase.search.stemming import stem

__all__ = [
    "MultilingualTokenizer",
    "fold",
    "index_analyzer",
    "is_lone_ideograph",
    "is_whole_word",
    "query_analyzer",
    "tokenize_words",
]

# Index-time spelling of every Uzbek apostrophe, so the unfolded token does not depend on the
# keyboard.
CANONICAL_APOSTROPHE = "'"
# Letters without a Unicode decomposition that people still type without the stroke or slash.
_FOLD_MAP = str.maketrans({"đ": "d", "ð": "d", "ł": "l", "ø": "o", "ħ": "h", "ı": "i", "ŧ": "t"})


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
            strip = char_class(ch) in FOLD_SCRIPTS
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out).translate(_FOLD_MAP))


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
    runs = cluster_runs(norm) or [(*run, None) for run in word_runs(norm)]
    for number, (script, a, b, bounds) in enumerate(runs):
        if script in CLUSTER_SCRIPTS:
            bounds = bounds or cluster_bounds(norm, a, b)
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
    return not any(char_class(ch) in CLUSTER_SCRIPTS for ch in token)


def is_lone_ideograph(token: str) -> bool:
    """Whether ``token`` is one Han, Kana or Hangul character: such a word (氢, 鉛, 불) is indexed
    on its own only where it stands alone, otherwise only inside the bigrams it begins."""
    return len(token) == 1 and char_class(token) in ("CJK", "HANGUL")
