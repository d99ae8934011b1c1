"""The thesaurus concepts a product's texts name, indexed with its document, so a query's
concept costs one term lookup instead of a search for its terms in every language.

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
from showcase.search import analysis
from showcase.search.stemming import stem

_MARKS = "".join(chr(code) for code in range(0x300, sys.maxunicode + 1)
                 if unicodedata.category(chr(code)).startswith("M"))
_LETTERS = rf"[\w{re.escape(_MARKS)}]+"
# A word: letters, digits and the marks of every script, Uzbek apostrophes inside.
WORD = re.compile(rf"{_LETTERS}(?:['\u2018\u2019\u02bb\u02bc]{_LETTERS})*")
_END = ""  # the trie key under which a node holds the concepts of the term ending there


@dataclass(frozen=True)
class Tagger:
    """The thesaurus's terms as word keys (with every prefix of the multi-word ones) and as a
    character trie of the unspaced terms."""

    by_words: dict[tuple[str, ...], tuple[str, ...]]
    prefixes: frozenset[tuple[str, ...]]
    longest: int
    trie: dict

    def concepts_in(self, text: str) -> list[str]:
        """Ids of the concepts ``text`` names, in order of first occurrence."""
        found: dict[str, None] = {}
        words = WORD.findall(thesaurus.fold(text))
        keys = [word_key(word) for word in words]
        for start in range(len(keys)):
            for size in range(1, min(self.longest, len(keys) - start) + 1):
                window = tuple(keys[start:start + size])
                found.update(dict.fromkeys(self.by_words.get(window, ())))
                if window not in self.prefixes:
                    break
        for word in words:
            if thesaurus.UNSPACED_CHARACTERS.search(word):
                found.update(dict.fromkeys(self._inside(word)))
        return list(found)

    def _inside(self, word: str) -> list[str]:
        """Concepts of the unspaced terms of two or more characters anywhere in ``word``."""
        found = []
        for start in range(len(word)):
            node = self.trie
            for char in word[start:]:
                node = node.get(char)
                if node is None:
                    break
                if _END in node:
                    found.extend(node[_END])
        return found


def word_key(word: str) -> str:
    """A word as tags compare it: accent-folded and stemmed (cached: words repeat)."""
    return _word_key(word)


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    folded = analysis.fold(word)
    return stem(folded, analysis.script_of(folded))


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The word keys of ``phrase``."""
    return tuple(word_key(word) for word in WORD.findall(thesaurus.fold(phrase)))


def tagger() -> Tagger:
    """The tagger of the current thesaurus, built once per process and thesaurus version."""
    known = thesaurus.load()
    built = _taggers.get(known.version)
    if built is None:
        built = _taggers[known.version] = _build(known)
    return built


_taggers: dict[str, Tagger] = {}


def _build(known: thesaurus.Thesaurus) -> Tagger:
    by_words: dict[tuple[str, ...], tuple[str, ...]] = {}
    trie: dict = {}
    for term, concept_ids in known.by_term.items():
        key = phrase_key(term)
        if key:
            by_words[key] = tuple(dict.fromkeys(by_words.get(key, ()) + concept_ids))
        unspaced = term.replace(" ", "")
        if len(unspaced) > 1 and thesaurus.UNSPACED_CHARACTERS.search(unspaced):
            node = trie
            for char in unspaced:
                node = node.setdefault(char, {})
            node[_END] = tuple(dict.fromkeys(node.get(_END, ()) + concept_ids))
    prefixes = frozenset(key[:size] for key in by_words for size in range(1, len(key)))
    return Tagger(by_words, prefixes, max(map(len, by_words), default=1), trie)


def concepts_of_phrase(phrase: str) -> tuple[str, ...]:
    """The concepts of the terms whose word keys are ``phrase``'s (Russian беспилотники for
    the term беспилотник, Kazakh дрондарды for дрон)."""
    return tagger().by_words.get(phrase_key(phrase), ())


def document_concepts(title_texts: list[str], body_texts: list[str], hidden: set[str]
                      ) -> tuple[str, str]:
    """The concept ids named in a product's titles (names, category names) and in its other
    texts, each space-separated, without those staff hid for it."""
    tagging = tagger()
    title = {concept_id: None for text in title_texts for concept_id in tagging.concepts_in(text)
             if concept_id not in hidden}
    body = {concept_id: None for text in body_texts for concept_id in tagging.concepts_in(text)
            if concept_id not in hidden}
    return " ".join(title), " ".join(body)
