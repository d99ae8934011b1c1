"""Normalising text for the search index: NFKC + casefold, with each output character's
offsets in the original text (so tokens can point at what the visitor sees).

Invisible format characters and Arabic short vowels are dropped and Arabic-keyboard letters
mapped to their Urdu/Persian forms. Almost all text changes no character's length, and takes a
fast path; Thai and Lao text does once its "am" vowels are split as NFKC splits them; the rest
is normalised a cluster (base plus marks) at a time.
"""

import re
import unicodedata
from functools import lru_cache

# Invisible format characters typed inconsistently (ZWJ/ZWNJ in Sinhala, Bengali and Persian
# conjuncts, soft hyphens, BOMs, and the zero-width spaces Khmer, Burmese, Lao and Thai web text
# puts between words but visitors never type), plus Arabic-script short vowels (fathatan..sukun)
# and tatweel, which Urdu text carries now and then: dropping them lets text with and without
# them match.
_IGNORABLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u0640" +
                       "".join(map(chr, range(0x064B, 0x0653))))
# Arabic-keyboard letters typed for the Urdu/Persian ones (ي ى -> ی, ك -> ک) and Urdu heh goal
# (ہ -> ه); one character for one, so offsets hold.
LETTER_VARIANTS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
                                  "\u06c1": "\u0647"})
# Thai and Lao "am" vowels, which NFKC splits in two (ำ -> ํ + า); most Thai text holds some.
_SPLIT_VOWELS = frozenset("\u0e33\u0eb3")
_SPLIT_TABLE = {ord(vowel): unicodedata.normalize("NFKC", vowel) for vowel in _SPLIT_VOWELS}
_SPLIT_VOWEL = re.compile("[\u0e33\u0eb3]")

def _continues_cluster(ch: str) -> bool:
    """Whether ``ch`` must be normalised together with the character before it."""
    # Marks compose with their base; conjoining Hangul vowels/finals compose into a syllable
    # (NFD Korean arrives from macOS file names and some copy-paste sources).
    code = ord(ch)
    return (
        unicodedata.category(ch)[0] == "M" or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF
    )


def normalise(text: str) -> tuple[str, list[int], list[int]]:
    """Return the NFKC+casefold text and, per output character, its original start/end offsets."""
    folded = _folded_as_is(text)
    if folded is not None:
        # Fast path (almost all real text): one character in, one character out.
        return folded, list(range(len(text))), list(range(1, len(text) + 1))
    if not _SPLIT_VOWELS.isdisjoint(text):
        # Thai and Lao text: with its "am" vowels split, as NFKC splits them, it usually takes
        # the fast path (either way the result is NFKC's: a character's NFKC has its NFKD).
        folded = _folded_as_is(text.translate(_SPLIT_TABLE))
        starts = _split_starts(text) if folded is not None else None
        if starts is not None:
            return folded, starts, [start + 1 for start in starts]
    # NFKC and casefold can change lengths (ß -> ss, ㎏ -> kg, decomposed accents compose), so
    # normalise base+marks clusters one at a time and map each output char to its cluster.
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and _continues_cluster(text[j]):
            j += 1
        piece = _normalise_cluster(text[i:j])
        pieces.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return "".join(pieces), starts, ends


def _folded_as_is(text: str) -> str | None:
    """The NFKC+casefold of ``text`` if it changes no character's length or place, else None."""
    folded = text.casefold()
    if (
        len(folded) == len(text)
        and _IGNORABLE.isdisjoint(text)
        and unicodedata.is_normalized("NFKC", text)
        and unicodedata.is_normalized("NFKC", folded)
    ):
        return folded.translate(LETTER_VARIANTS)
    return None


def _split_starts(text: str) -> list[int] | None:
    # The original offset of each character of the text with its "am" vowels split in two;
    # None where a mark follows one (mistyped text): that takes the cluster-by-cluster path.
    starts: list[int] = []
    done = 0
    for match in _SPLIT_VOWEL.finditer(text):
        if match.end() < len(text) and unicodedata.category(text[match.end()])[0] == "M":
            return None
        starts.extend(range(done, match.start()))
        starts.extend([match.start()] * len(_SPLIT_TABLE[ord(match.group())]))
        done = match.end()
    starts.extend(range(done, len(text)))
    return starts


@lru_cache(maxsize=8192)
def _normalise_cluster(cluster: str) -> str:
    # Clusters repeat: each is normalised once.
    piece = "".join(c for c in cluster if c not in _IGNORABLE)
    piece = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", piece).casefold())
    return piece.translate(LETTER_VARIANTS)
