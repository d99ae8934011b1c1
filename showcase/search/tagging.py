"""The thesaurus concepts a product's texts name, indexed with its document, so a query's
concept costs two term lookups instead of a search for its terms in every language.

A text names a concept when it holds one of the concept's terms, in any language:

* **words** (every script): the text's words, accent-folded and stemmed as the index stems
  them (stemming.py), hold a term's words in a row (English "drones", Russian
  "беспилотники", Kazakh "дрондарды" name the drone);
* **inside unspaced words** (Chinese, Japanese, Thai, Lao, Khmer, Burmese, Korean): a term
  of two or more characters anywhere in a word, as the index's bigrams find it (드론을,
  无人机系统); a one-character term only as a whole word.

The same word keys serve the query side (:func:`concepts_of_phrase`), so a query word finds
the concepts a document was tagged with. Which thesaurus tagged an index is recorded with it
(``schema.thesaurus``); a product's document digest covers its tags, so ``showcase
check-index`` re-tags the products whose tags a new thesaurus changes.
"""

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from showcase import thesaurus
from showcase.search import analysis, caches, scripts
from showcase.search.stemming import stem


def _mark_ranges() -> str:
    """Every combining mark of Unicode as regular-expression ranges (a short class)."""
    ranges: list[list[int]] = []
    for code in range(0x300, sys.maxunicode + 1):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
                   for first, last in ranges)


_LETTERS = rf"[\w{_mark_ranges()}]+"
# A word: letters, digits and the marks of every script, Uzbek apostrophes inside.
WORD = re.compile(rf"{_LETTERS}(?:['\u2018\u2019\u02bb\u02bc]{_LETTERS})*")
UNSPACED_CHARACTERS = thesaurus.UNSPACED_CHARACTERS


@dataclass(frozen=True)
class Tagger:
    """The thesaurus's terms as word keys (with every prefix of the multi-word ones) and as a
    table of the beginnings of the unspaced terms."""

    by_words: dict[tuple[str, ...], tuple[str, ...]]
    prefixes: frozenset[tuple[str, ...]]
    firsts: frozenset[str]  # the first word key of every term
    # Every beginning of an unspaced term: the concepts of the term it completes, else ().
    # One flat dictionary: a tree of them would add tens of thousands of objects for the
    # garbage collector to walk at every full collection.
    spans: dict[str, tuple[str, ...]]

    def concepts_in(self, text: str) -> list[str]:
        """Ids of the concepts ``text`` names, in order of first occurrence."""
        found: dict[str, None] = {}
        folded = thesaurus.fold(text)
        words = WORD.findall(folded)
        keys = [word_key(word) for word in words]
        by_words, prefixes, firsts = self.by_words, self.prefixes, self.firsts
        for start, key in enumerate(keys):
            if key not in firsts:
                continue  # most words begin no term
            window = (key,)
            while True:
                concept_ids = by_words.get(window)
                if concept_ids:
                    found.update(dict.fromkeys(concept_ids))
                end = start + len(window)
                if window not in prefixes or end == len(keys):
                    break
                window += (keys[end],)
        if UNSPACED_CHARACTERS.search(folded):
            for word in words:
                if UNSPACED_CHARACTERS.search(word):
                    found.update(dict.fromkeys(self._inside(word)))
        return list(found)

    def _inside(self, word: str) -> list[str]:
        """Concepts of the unspaced terms of two or more characters anywhere in ``word``."""
        found: list[str] = []
        spans, length = self.spans, len(word)
        for start in range(length):
            for end in range(start + 1, length + 1):
                concept_ids = spans.get(word[start:end])
                if concept_ids is None:
                    break  # no term begins with these characters
                found.extend(concept_ids)
        return found


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """A word as tags compare it: accent-folded and stemmed (cached: words repeat)."""
    folded = analysis.fold(word)
    return stem(folded, scripts.script_of(folded))


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The word keys of ``phrase``."""
    return tuple(word_key(word) for word in WORD.findall(thesaurus.fold(phrase)))


def tagger() -> Tagger:
    """The tagger of the current thesaurus, built once per process and thesaurus version."""
    known = thesaurus.load()
    built = _taggers.get(known.version)
    if built is None:
        built = _taggers[known.version] = _build(known)
        caches.settle()  # the thesaurus and its tagger: most of what a worker keeps
    return built


_taggers: dict[str, Tagger] = {}


def _build(known: thesaurus.Thesaurus) -> Tagger:
    """The tagger of the thesaurus ``known``: every term's word keys, and the beginnings of
    its unspaced terms written without spaces (무인 항공기 is also found in 무인항공기)."""
    by_words: dict[tuple[str, ...], tuple[str, ...]] = {}
    spans: dict[str, tuple[str, ...]] = {}
    for term, concept_ids in known.by_term.items():
        key = phrase_key(term)
        if key:
            by_words[key] = tuple(dict.fromkeys(by_words.get(key, ()) + concept_ids))
        unspaced = term.replace(" ", "")
        if len(unspaced) > 1 and UNSPACED_CHARACTERS.search(unspaced):
            for end in range(1, len(unspaced)):
                spans.setdefault(unspaced[:end], ())
            spans[unspaced] = tuple(dict.fromkeys(spans.get(unspaced, ()) + concept_ids))
    prefixes = frozenset(key[:size] for key in by_words for size in range(1, len(key)))
    return Tagger(by_words, prefixes, frozenset(key[0] for key in by_words), spans)


def concepts_of_phrase(phrase: str) -> tuple[str, ...]:
    """The concepts of the terms whose word keys are ``phrase``'s (Russian беспилотники for
    the term беспилотник, Kazakh дрондарды for дрон)."""
    return tagger().by_words.get(phrase_key(phrase), ())


def document_concepts(title_texts: list[str], body_texts: list[str], hidden: set[str]
                      ) -> tuple[str, str]:
    """The concept ids named in a product's titles (names, category names) and in its other
    texts, each space-separated, without those staff hid for it."""
    version = thesaurus.load().version
    title = {concept_id: None for text in title_texts
             for concept_id in _title_concepts(text, version) if concept_id not in hidden}
    body = {concept_id: None for text in body_texts for concept_id in tagger().concepts_in(text)
            if concept_id not in hidden}
    return " ".join(title), " ".join(body)


@lru_cache(maxsize=4096)
def _title_concepts(text: str, version: str) -> tuple[str, ...]:
    """The concepts a name or category name names in the thesaurus ``version``, remembered:
    every product of a category has the category's 24 names."""
    return tuple(tagger().concepts_in(text))


caches.register_lru("concepts of names", _title_concepts, "texts")
caches.register_lru("word keys", word_key, "words")
