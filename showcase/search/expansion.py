"""Cross-lingual query expansion through the concept thesaurus (:mod:`showcase.thesaurus`).

Words and phrases of a query that are terms of a concept also match that concept's terms in
every other language, so a Thai delegate's โดรน finds products written only as "drone" and
"드론". A concept's alternatives share one word's weight (``ALTERNATIVE_BOOST``) between them, so
a product described in the visitor's own words ranks first; every concept of a multi-word
query must match (AND per concept, OR within it), as every plain word must. Terms are found
longest first, and a word of an unspaced script (Thai, Lao, Khmer, Burmese, Chinese, Japanese,
Korean) is segmented against the terms. Queries written with the search syntax (quotes,
parentheses, AND/OR/NOT) are left as typed. Expansion happens when a query is run, so a new
thesaurus applies once the processes restart; the index does not depend on it.
"""

import re
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.qparser import MultifieldParser

from showcase import thesaurus
from showcase.search import analysis, caches, parsing
from showcase.search.schema import FIELD_BOOSTS
from showcase.search.stemming import stem_words

ALTERNATIVE_BOOST = 1.0  # what all of a concept's alternatives weigh together
MAX_WINDOW = 6  # the most words a term of the thesaurus is looked up with
SYNTAX = re.compile(r'["()]|(?<!\S)(?:AND|OR|NOT)(?!\S)')


@dataclass(frozen=True)
class Expanded:
    """A query with its concepts' alternatives, and the ids of the concepts it found."""

    query: object
    concepts: tuple[str, ...]


def expand(schema, languages: tuple[str, ...], text: str, broaden=None,
           present: frozenset[str] | None = None) -> Expanded | None:
    """``text`` (already bounded) as a query whose concept words also match their concepts'
    terms in every language; None when it names no concept or uses the search syntax.
    ``broaden`` (parsing.broaden), when given, is applied to the words as typed: the query as
    typed found nothing, and its words may match as prefixes or with typos. ``present``, the
    languages the index holds texts in, leaves out the terms of the others: they match
    nothing, and each costs a lookup."""
    if not text or SYNTAX.search(text):
        return None
    pieces = _pieces(text)
    if not any(concept_ids for _words, concept_ids in pieces):
        return None
    parts, found = [], []
    for words, concept_ids in pieces:
        typed = parsing.parse(schema, languages, words)
        if broaden is not None:
            typed = broaden(typed)
        if not concept_ids:
            parts.append(typed)
            continue
        found.extend(c for c in concept_ids if c not in found)
        terms = _terms(concept_ids, words)
        # Shared out over the alternatives, so that a product naming the concept in several
        # languages and synonyms never outweighs one in the visitor's own words.
        weight = ALTERNATIVE_BOOST / max(1, len(terms))
        parts.append(wq.Or([typed, *(_scaled(_term_query(schema, term), weight)
                                     for language, term in terms
                                     if present is None or language in present)]))
    return Expanded(wq.And(parts).normalize(), tuple(found))


def _pieces(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """``text`` cut into runs of words: each a thesaurus term with its concepts, or words that
    are none (with no concepts). Longest terms first, left to right."""
    known = thesaurus.load()
    words = text.split()
    pieces, plain, start = [], [], 0
    while start < len(words):
        for size in range(min(MAX_WINDOW, len(words) - start), 0, -1):
            phrase = " ".join(words[start:start + size])
            concept_ids = known.concepts_of(phrase) or _concepts_by_stems(known, phrase)
            if concept_ids:
                break
        else:
            segments = known.segment(words[start])
            if segments:
                if plain:
                    pieces.append((" ".join(plain), ()))
                    plain = []
                pieces.extend(segments)
            else:
                plain.append(words[start])
            start += 1
            continue
        if plain:
            pieces.append((" ".join(plain), ()))
            plain = []
        pieces.append((phrase, concept_ids))
        start += size
    if plain:
        pieces.append((" ".join(plain), ()))
    return pieces


def _concepts_by_stems(known: thesaurus.Thesaurus, phrase: str) -> tuple[str, ...]:
    """The concepts of the terms whose words have the stems of ``phrase``'s words (Russian
    беспилотники for the term беспилотник, Kazakh дрондарды for дрон)."""
    stemmed = _stemmed.get(known.version)
    if stemmed is None:
        stemmed = _stemmed[known.version] = _stemmed_terms(known)
    return stemmed.get(stem_words(analysis.fold(phrase)), ())


_stemmed: dict[str, dict[str, tuple[str, ...]]] = {}  # thesaurus version: stemmed terms


def _stemmed_terms(known: thesaurus.Thesaurus) -> dict[str, tuple[str, ...]]:
    """Each term's stemmed words with the term's concepts; terms of spaced scripts only (a
    word of an unspaced one is segmented instead)."""
    stemmed: dict[str, tuple[str, ...]] = {}
    for term, concept_ids in known.by_term.items():
        if not thesaurus.UNSPACED_CHARACTERS.search(term):
            key = stem_words(analysis.fold(term))
            stemmed[key] = tuple(dict.fromkeys(stemmed.get(key, ()) + concept_ids))
    return stemmed


def _terms(concept_ids: tuple[str, ...], typed: str) -> list[tuple[str, str]]:
    """``(language, term)`` of every term of the concepts in every language, but the one
    typed."""
    known = thesaurus.load()
    typed_folded = thesaurus.fold(typed)
    terms, seen = [], set()
    for concept_id in concept_ids:
        for language, words in known.concepts[concept_id].terms.items():
            for word in words:
                if thesaurus.fold(word) != typed_folded and word not in seen:
                    seen.add(word)
                    terms.append((language, word))
    return terms


def _scaled(query, weight: float):
    """A copy of ``query`` whose every leaf weighs ``weight`` times as much (the boost is kept
    on the leaves, as the parser's field boosts are)."""
    scaled = query.copy()
    for leaf in scaled.leaves() if not scaled.is_leaf() else [scaled]:
        leaf.boost *= weight
    return scaled


def _term_query(schema, term: str):
    """A thesaurus term as a query over the text fields, no field boosted for the visitor
    (the alternatives' weight is their own); remembered per term and index fields."""
    fields = tuple(sorted(name for name in FIELD_BOOSTS if name in schema))
    key = (fields, term)
    query = _term_queries.get(key)
    if query is None:
        parser = MultifieldParser(list(fields), schema,
                                  fieldboosts={name: FIELD_BOOSTS[name] for name in fields})
        # A term of several words is searched as all of them (AND), not as a phrase: a
        # phrase's words count as matched wherever they occur, which the engine's fast paths
        # do not reproduce.
        query = parser.parse(term)
        _term_queries.put(key, query, 1)
    return query


_term_queries = caches.Bounded("thesaurus term queries", 20_000, "terms")
