"""Stems of Latin and Cyrillic words, so that a word finds its inflected forms.

The index does not know which language a word is in (a product's texts in every language
share its fields), so a word's stem depends on its script alone, and the same function runs
at index time (the stem joins the word and its folded form at their position) and at query
time (a query asks for the stem only):

* **Cyrillic**: Russian Snowball (``whoosh.lang.snowball.russian``), then a light stripper of
  Kazakh, Kyrgyz, Mongolian and Tajik case, plural and possessive suffixes
  (:data:`CYRILLIC_SUFFIXES`, longest first: a case ending and the plural before it, as
  long as a stem of at least :data:`MIN_STEM` letters remains; Snowball again on what they
  hid), then one final vowel
  (Kazakh сутегі and сутеги, Mongolian орчуулга). Snowball first: it removes Russian
  endings, so the stripper sees stems, which rarely end in a Turkic suffix.
* **Latin**: English plurals (drones, batteries, boxes) and Uzbek plural and case suffixes
  (-lar, -larning, -dagi, -dan, -da, -ga, -ni), on words long enough to keep :data:`MIN_STEM`
  letters.

What this costs in precision (two different words sharing a stem) is measured by the
relevance suite (``tests/test_search_relevance.py``), which runs with it.
"""

import unicodedata
from functools import lru_cache

from whoosh.lang.snowball.russian import RussianStemmer

MIN_STEM = 4
# Not the Kyrgyz -дор and -тор: they end too many Russian nouns (коридор, генератор).
CYRILLIC_PLURALS = frozenset({
    "лар", "лер", "лор", "лөр", "дар", "дер", "дөр", "тар", "тер", "төр",
    "ууд", "үүд", "нууд", "нүүд", "чууд", "ҳо"})
# Kazakh/Kyrgyz (vowel-harmony variants), Mongolian and Tajik suffixes, longest first.
CYRILLIC_SUFFIXES = tuple(sorted(CYRILLIC_PLURALS | {
    "ҳои",
    # genitive
    "ның", "нің", "дың", "дің", "тың", "тің", "нын", "нин", "нун", "нүн", "дын", "дин",
    "дун", "дүн", "тын", "тин", "тун", "түн", "ын", "ийн", "ний",
    # dative, accusative
    "ға", "ге", "қа", "ке", "на", "не", "ны", "ні", "ды", "ді", "ты", "ті", "ну", "нү",
    "ду", "дү", "ту", "тү", "ни", "ди", "ти", "го", "гө", "ко", "кө", "ыг", "ийг", "ро",
    # locative, ablative, instrumental, comitative
    "да", "де", "та", "те", "до", "дө", "то", "тө", "нда", "нде", "дан", "ден", "тан",
    "тен", "нан", "нен", "дон", "дөн", "тон", "төн", "мен", "бен", "пен", "аас", "ээс",
    "оос", "өөс", "аар", "ээр", "оор", "өөр", "тай", "тэй", "той", "дағы", "дегі",
    # possessive
    "сы", "сі",
} | {
    # a plural with a case ending whose vowel Snowball took (дрондарды -> дрондард)
    plural + consonant for plural in ("лар", "лер", "дар", "дер", "тар", "тер")
    for consonant in "дтнгғқк"
}, key=len, reverse=True))
CYRILLIC_VOWELS = frozenset("аеэоөуүұыиіәӣӯ")
LATIN_SUFFIXES = ("larning", "lardan", "larni", "larga", "larda", "lari", "dagi", "lar",
                  "dan", "da", "ga", "ni")
LATIN_PLURALS = frozenset({"lar", "lari"})
MAX_SUFFIXES = 2

_russian = RussianStemmer()


@lru_cache(maxsize=65536)
def stem(word: str, script: str) -> str:
    """The stem of ``word`` (folded: lower case, no accents) written in ``script``
    ("LATIN" or "CYRILLIC"; any other script: the word itself)."""
    if script == "CYRILLIC":
        return _cyrillic(word)
    if script == "LATIN":
        return _latin(word)
    return word


def stem_words(text: str) -> str:
    """Each word of ``text`` (folded) stemmed by the script of its first letter."""
    return " ".join(stem(word, _script(word)) for word in text.split())


def _script(word: str) -> str:
    letter = next((char for char in word if char.isalpha()), None)
    return unicodedata.name(letter, "").split(" ", 1)[0] if letter else ""


def _strip(word: str, suffixes: tuple[str, ...], plurals: frozenset[str]) -> str:
    """``word`` without one of ``suffixes`` (longest first) and, when that was a case
    ending, a plural before it (a plural comes before the case: дрон-дар-ды), keeping
    MIN_STEM letters."""
    for _round in range(MAX_SUFFIXES):
        suffix = next((suffix for suffix in suffixes if word.endswith(suffix)
                       and len(word) - len(suffix) >= MIN_STEM), None)
        if suffix is None:
            break
        word = word[:-len(suffix)]
        if suffix in plurals:
            break
        suffixes = tuple(plural for plural in suffixes if plural in plurals)
    return word


def _cyrillic(word: str) -> str:
    if len(word) < MIN_STEM or not word.isalpha():
        return word  # short words (и, ИИ) and codes stay as typed
    stemmed = _russian.stem(word)
    word = _strip(stemmed, CYRILLIC_SUFFIXES, CYRILLIC_PLURALS)
    if word != stemmed:
        # What the suffixes hid may end as Snowball cuts it (туннель-дер -> туннел).
        word = _russian.stem(word)
    if word[-1] in CYRILLIC_VOWELS and len(word) > MIN_STEM:
        word = word[:-1]
    return word


def _latin(word: str) -> str:
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    return _strip(_english_singular(word), LATIN_SUFFIXES, LATIN_PLURALS)


def _english_singular(word: str) -> str:
    """``word`` without an English plural ending (batteries, boxes, sensors; not status,
    glass or analysis)."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
