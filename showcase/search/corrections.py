"""Did you mean: the closest known word for each unknown word of a query, in every script.

* Latin and Cyrillic words: the closest indexed word by letters (Whoosh's corrector, 1-2
  edits, the first letter kept), as before.
* Hangul words: by edit distance over jamo (드로운 -> 드론: ㅇ and ㅜ away), so one mistyped
  key costs one edit, not a whole syllable.
* Thai, Lao, Khmer and Burmese words: by edit distance over grapheme clusters (a consonant
  with its vowel signs and tone marks is one unit: โดรนน -> โดรน).

The candidates of an unspaced-script word are the thesaurus terms and the indexed grams of
product names that begin with its first character (as the Latin corrector keeps the first
letter): a thesaurus term finds its concept's products in every language once searched; a
gram is in the index by definition. The closest wins, then the more frequent in the index.
"""

from showcase import thesaurus
from showcase.search import parsing
from showcase.search.analysis import fold
from showcase.search.scripts import grapheme_clusters, script_of

FIELD = "names"
JAMO_SCRIPTS = frozenset({"HANGUL"})
CLUSTER_SCRIPTS = frozenset({"THAI", "LAO", "KHMER", "MYANMAR"})
MAX_CANDIDATES = 5000  # of one first character: a bound on the work of one word
_HANGUL_BASE, _HANGUL_LAST = 0xAC00, 0xD7A3


def correct(searcher, text: str, corrector, every_script: bool) -> str:
    """``text`` with each unknown word replaced by the closest known one, or ``""`` when no
    word changed. ``corrector`` corrects Latin and Cyrillic words (Whoosh's, or the fast
    paths' equivalent); words of other scripts only when ``every_script`` (the query found
    nothing: the index holds grams of unspaced scripts, not their words, so a word that
    finds something cannot be told from a typo)."""
    words, changed = text.split(), False
    for position, word in enumerate(words):
        folded = fold(word)
        replacement = _closest(searcher, folded, corrector, every_script)
        if replacement and replacement != folded:
            words[position], changed = replacement, True
    return " ".join(words) if changed else ""


def _closest(searcher, folded: str, corrector, every_script: bool) -> str:
    if parsing.ALPHABETIC.match(folded):
        if len(folded) < 4 or _known(searcher, folded):
            return ""
        candidates = corrector.suggest(folded, limit=1, maxdist=2, prefix=1)
        return candidates[0] if candidates else ""
    if not every_script:
        return ""
    script = script_of(folded)
    if script in JAMO_SCRIPTS and all(_HANGUL_BASE <= ord(c) <= _HANGUL_LAST for c in folded):
        units = _jamo
    elif script in CLUSTER_SCRIPTS:
        units = grapheme_clusters
    else:
        return ""
    typed = units(folded)
    if len(typed) < 3 or _known(searcher, folded):
        return ""
    limit = 1 if len(typed) <= 6 else 2
    best = None
    for candidate in _candidates(searcher, folded):
        if abs(len(candidate) - len(folded)) > limit + 1:
            continue
        distance = _distance(typed, units(candidate), limit)
        if distance <= limit:
            key = (distance, -searcher.doc_frequency(FIELD, candidate), candidate)
            best = key if best is None or key < best else best
    return best[2] if best else ""


def _known(searcher, folded: str) -> bool:
    """Whether the word (or a thesaurus term it is) finds something as typed."""
    return bool(thesaurus.load().concepts_of(folded)
                or searcher.doc_frequency(FIELD, folded)
                or searcher.doc_frequency("body", folded))


def _candidates(searcher, folded: str) -> list[str]:
    """Thesaurus terms and indexed name grams that begin with the word's first character."""
    first = folded[0]
    terms = [term for term in _terms_by_first().get(first, ())]
    field = searcher.schema[FIELD]
    for btext in searcher.reader().expand_prefix(FIELD, first):
        terms.append(field.from_bytes(btext))
        if len(terms) >= MAX_CANDIDATES:
            break
    return terms


_by_first: dict[str, dict[str, tuple[str, ...]]] = {}  # thesaurus version: terms by first char


def _terms_by_first() -> dict[str, tuple[str, ...]]:
    known = thesaurus.load()
    found = _by_first.get(known.version)
    if found is None:
        grouped: dict[str, list[str]] = {}
        for term in known.by_term:
            if " " not in term and script_of(term) in JAMO_SCRIPTS | CLUSTER_SCRIPTS:
                grouped.setdefault(term[0], []).append(term)
        found = _by_first[known.version] = {k: tuple(v) for k, v in grouped.items()}
    return found


def _jamo(word: str) -> tuple[str, ...]:
    """The jamo of Hangul syllables: initial, vowel and (if any) final of each."""
    out = []
    for char in word:
        code = ord(char) - _HANGUL_BASE
        if not 0 <= code <= _HANGUL_LAST - _HANGUL_BASE:
            out.append(char)
            continue
        out.append(chr(0x1100 + code // 588))
        out.append(chr(0x1161 + code % 588 // 28))
        if code % 28:
            out.append(chr(0x11A7 + code % 28))
    return tuple(out)


def _distance(a, b, limit: int) -> int:
    """Edit distance with swaps of neighbours (optimal string alignment) between two
    sequences; anything above ``limit`` is reported as ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2]
                    and a[i - 2] == b[j - 1]):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
