"""The multilingual concept thesaurus: what designated innovative products are, do and serve,
with each concept's terms in the 24 content languages.

The data lives in ``data/thesaurus/<domain>.toml`` (plain TOML, one table per concept, the
first term of each language its preferred label; see ``data/thesaurus/README.md``). Search
expands a visitor's words through it, so a Thai delegate's word finds a product written only in
Korean and English, and pages show the concepts found in a product's texts as tags in the
visitor's language. :func:`load` reads the files once per process; ``Thesaurus.version`` is a
digest of their content, so an index can record which thesaurus it was built with.
"""

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from showcase.i18n import LOCALES

THESAURUS_DIR = Path(__file__).resolve().parent.parent / "data" / "thesaurus"
# The content languages, in the interface's order: every concept has terms in each.
LANGUAGES = tuple(dict.fromkeys(locale.content_language for locale in LOCALES))
UNSPACED_KEY = "unspaced"  # the pattern of every unspaced-script term, whatever the language
# Scripts written without spaces between words (or, for Korean, with particles glued on): a
# term is found anywhere in a word there, elsewhere only as whole words.
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "ko"})
# Plural endings a term may carry in running text (English "drones" for "drone").
PLURAL_ENDINGS = {"en": "e?s"}
# Characters of the unspaced scripts: a query word holding one is cut at the terms inside it.
UNSPACED_CHARACTERS = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
                                 "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")
# Korean particles and verb or adjective endings left over when a noun is cut out of a word
# (드론을 -> 드론 + 을, 감시하는 -> 감시 + 하는): they are not searched for.
KOREAN_PARTICLE = re.compile(r"^(?:에서|에게|으로|까지|부터|처럼|을|를|은|는|이|가|의|에|로|"
                             r"와|과|도|만|용|하는|되는|하고|되고|하여|되어|하며|되며|하기|"
                             r"되기|해서|돼서|한|된|할|될|적인|적)$")
# A Chinese, Japanese or Korean character is a word or a part of one (車 "vehicle"); a lone
# letter of Thai, Lao, Khmer or Burmese is more often a typo (โดรนน), which is corrected.
IDEOGRAPH = re.compile("^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]$")
CONCEPT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_TERMS = 6
MAX_TERM_LENGTH = 60


def fold(text: str) -> str:
    """``text`` as terms are compared: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Concept:
    """One concept: its stable id, the domain file it comes from, its terms per language."""

    id: str
    domain: str
    terms: dict[str, tuple[str, ...]]

    def label(self, language: str) -> str:
        """The preferred term in ``language``, else in English."""
        return (self.terms.get(language) or self.terms["en"])[0]


@dataclass(frozen=True)
class Thesaurus:
    """Every concept by id, the concepts of each folded term, and the content's digest."""

    concepts: dict[str, Concept]
    version: str
    by_term: dict[str, tuple[str, ...]] = field(repr=False)
    # The terms of each language (and UNSPACED_KEY), compiled into a pattern on first use:
    # compiling them all takes about a second, which an index rebuild never needs.
    _terms: dict[str, set[str]] = field(repr=False)
    _patterns: dict[str, re.Pattern] = field(default_factory=dict, repr=False)

    def _pattern_of(self, key: str) -> re.Pattern | None:
        pattern = self._patterns.get(key)
        if pattern is None and key in self._terms:
            # Unspaced terms are found anywhere in a word, as Chinese ones are.
            style = "zh" if key == UNSPACED_KEY else key
            pattern = self._patterns[key] = _pattern(self._terms[key], style)
        return pattern

    def concepts_of(self, term: str) -> tuple[str, ...]:
        """The ids of the concepts ``term`` (any language) belongs to."""
        return self.by_term.get(fold(term), ())

    def segment(self, word: str) -> list[tuple[str, tuple[str, ...]]]:
        """A word of an unspaced script cut at the terms inside it, as ``(piece, concept
        ids)`` (folded; the rest of the word with no ids; Korean particles dropped); empty
        when the word holds no term or is written in a spaced script."""
        pattern = self._pattern_of(UNSPACED_KEY)
        if pattern is None or not UNSPACED_CHARACTERS.search(word):
            return []
        folded = fold(word)
        pieces, position = [], 0
        for match in pattern.finditer(folded):
            if match.start() > position:
                pieces.append(folded[position:match.start()])
            pieces.append(match.group(1))
            position = match.end()
        if position == 0:
            return []
        pieces.append(folded[position:])
        return _with_single_characters_attached(
            [(piece, self.by_term.get(piece, ())) for piece in pieces
             if piece and not KOREAN_PARTICLE.match(piece)])

    def concepts_in(self, text: str, language: str) -> list[str]:
        """Ids of the concepts whose ``language`` terms occur in ``text``, in order of first
        occurrence (longest term first where two overlap)."""
        pattern = self._pattern_of(language)
        if pattern is None or not text:
            return []
        found = []
        for match in pattern.finditer(fold(text)):
            for concept_id in self.by_term.get(match.group(1), ()):
                if concept_id not in found and language in self.concepts[concept_id].terms:
                    found.append(concept_id)
        return found


def _with_single_characters_attached(pieces: list[tuple[str, tuple[str, ...]]]
                                     ) -> list[tuple[str, tuple[str, ...]]]:
    """``pieces`` with each rest of one ideograph or Hangul syllable joined to the term before
    it (or else after it), keeping that term's concepts: 救急車 is 救急 (emergency) and 車, and
    a lone 車 would be searched as a word of its own, which unspaced texts hold only where it
    stands alone."""
    joined: list[tuple[str, tuple[str, ...]]] = []
    for piece, concept_ids in pieces:
        if joined and not concept_ids and IDEOGRAPH.match(piece) and joined[-1][1]:
            joined[-1] = (joined[-1][0] + piece, joined[-1][1])
        elif (joined and concept_ids and IDEOGRAPH.match(joined[-1][0])
              and not joined[-1][1]):
            joined[-1] = (joined[-1][0] + piece, concept_ids)
        else:
            joined.append((piece, concept_ids))
    return joined


def _pattern(terms: set[str], language: str) -> re.Pattern:
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    if language in UNSPACED:
        return re.compile(f"({alternatives})")
    ending = f"(?:{PLURAL_ENDINGS[language]})?" if language in PLURAL_ENDINGS else ""
    return re.compile(rf"(?<!\w)({alternatives}){ending}(?!\w)")


def read_concepts(directory: Path = THESAURUS_DIR) -> tuple[list[Concept], str]:
    """Every concept of every domain file in ``directory`` and the digest of the files."""
    concepts = []
    for path in sorted(directory.glob("*.toml")):
        content = path.read_bytes()
        for concept_id, terms in tomllib.loads(content.decode("utf-8")).items():
            concepts.append(Concept(concept_id, path.stem,
                                    {code: tuple(words) for code, words in terms.items()}))
    return concepts, digest(directory)


def digest(directory: Path = THESAURUS_DIR) -> str:
    """The digest of the thesaurus files in ``directory`` (``Thesaurus.version``), without
    reading the concepts: what an index records of the thesaurus it was built with."""
    hashed = hashlib.sha256()
    for path in sorted(directory.glob("*.toml")):
        hashed.update(path.name.encode() + b"\0" + path.read_bytes())
    return hashed.hexdigest()[:16]


@cache
def load(directory: Path = THESAURUS_DIR) -> Thesaurus:
    """The thesaurus in ``directory``, read once per process."""
    concepts, version = read_concepts(directory)
    by_term: dict[str, list[str]] = {}
    per_language: dict[str, set[str]] = {}
    for concept in concepts:
        for language, words in concept.terms.items():
            for word in words:
                folded = fold(word)
                ids = by_term.setdefault(folded, [])
                if concept.id not in ids:
                    ids.append(concept.id)
                per_language.setdefault(language, set()).add(folded)
    unspaced = {term for language in UNSPACED for term in per_language.get(language, ())
                if " " not in term}
    if unspaced:
        per_language[UNSPACED_KEY] = unspaced
    return Thesaurus(
        concepts={concept.id: concept for concept in concepts},
        version=version,
        by_term={term: tuple(ids) for term, ids in by_term.items()},
        _terms=per_language,
    )


def problems(concepts: list[Concept]) -> list[str]:
    """What breaks the format rules, one line per problem (empty when the data is sound)."""
    found, seen = [], {}
    for concept in concepts:
        where = f"{concept.domain}.{concept.id}"
        if not CONCEPT_ID.match(concept.id):
            found.append(f"{where}: the id is not lower-case words joined by hyphens")
        if concept.id in seen:
            found.append(f"{where}: the id is also in {seen[concept.id]}")
        seen[concept.id] = concept.domain
        if tuple(concept.terms) != LANGUAGES:
            found.append(f"{where}: languages {list(concept.terms)} are not {list(LANGUAGES)}")
        for language, words in concept.terms.items():
            folded = [fold(word) for word in words]
            if not 1 <= len(words) <= MAX_TERMS:
                found.append(f"{where}.{language}: {len(words)} terms")
            if len(set(folded)) != len(folded):
                found.append(f"{where}.{language}: a term is repeated")
            for word in words:
                if not isinstance(word, str) or not word.strip() or len(word) > MAX_TERM_LENGTH:
                    found.append(f"{where}.{language}: bad term {word!r}")
    return found
