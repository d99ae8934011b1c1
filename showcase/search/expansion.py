"""Cross-lingual query expansion through the concept thesaurus (:mod:`showcase.thesaurus`).

Words and phrases of a query that are terms of a concept also match the products whose texts
name that concept in any language (tagged at index time, tagging.py), so a Thai delegate's
โดรน finds products written only as "drone" and "드론". A concept match weighs less than the
words as typed (``CONCEPT_BOOSTS``), so a product described in the visitor's own words ranks
first; every concept of a multi-word query must match (AND per concept, OR within it), as
every plain word must. Terms are found longest first, and a word of an unspaced script (Thai,
Lao, Khmer, Burmese, Chinese, Japanese, Korean) is segmented against the terms. Queries
written with the search syntax (quotes, parentheses, AND/OR/NOT) are left as typed. The
concepts' terms in other languages are not searched; they are only marked in snippets.
"""

import re
from dataclasses import dataclass

from whoosh import query as wq

from showcase import thesaurus
from showcase.search import caches, parsing
from showcase.search.queries import Typed
from showcase.search.schema import CONCEPT_BOOSTS
from showcase.search.tagging import concepts_of_phrase

MAX_WINDOW = 6  # the most words a term of the thesaurus is looked up with
SYNTAX = re.compile(r'["()]|(?<!\S)(?:AND|OR|NOT)(?!\S)')


@dataclass(frozen=True)
class Expanded:
    """A query with its concepts, the ids of the concepts it found, and the terms of their
    words in every language (for snippets to mark). ``typed_pieces``: how many pieces have
    their words as typed marked (``queries.Typed``) when those pieces are whole words of the
    text, so that the words as typed match where every marked piece does; else None."""

    query: object
    concepts: tuple[str, ...]
    terms: frozenset
    typed_pieces: int | None = None


def expand(schema, languages: tuple[str, ...], text: str, broaden=None) -> Expanded | None:
    """``text`` (already bounded) as a query whose concept words also match the products
    tagged with their concepts; None when it names no concept or uses the search syntax.
    ``broaden`` (parsing.broaden), when given, is applied to the words as typed: the query as
    typed found nothing, and its words may match as prefixes or with typos."""
    if not text or SYNTAX.search(text):
        return None
    pieces = _pieces(text)
    if not any(concept_ids for _words, concept_ids in pieces):
        return None
    parts, found, marked, typed_pieces = [], [], set(), 0
    for words, concept_ids in pieces:
        typed = parsing.parse(schema, languages, words)
        if broaden is not None:
            typed = broaden(typed)
        if not concept_ids:
            parts.append(typed)
            continue
        found.extend(c for c in concept_ids if c not in found)
        marked.update(_marked_terms(schema, concept_ids))
        parts.append(wq.Or([Typed(typed, typed_pieces),
                            *(wq.Term(name, concept_id, boost=boost)
                              for concept_id in concept_ids
                              for name, boost in CONCEPT_BOOSTS.items() if name in schema)]))
        typed_pieces += 1
    query = wq.And(parts).normalize()
    # A word cut into thesaurus terms is typed as one word: the pieces do not tell about it.
    whole_words = " ".join(words for words, _concept_ids in pieces) == text
    return Expanded(query, tuple(found), frozenset(marked) | set(query.iter_all_terms()),
                    typed_pieces if whole_words else None)


def _pieces(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """``text`` cut into runs of words: each a thesaurus term with its concepts, or words that
    are none (with no concepts). Longest terms first, left to right."""
    known = thesaurus.load()
    words = text.split()
    pieces, plain, start = [], [], 0
    while start < len(words):
        for size in range(min(MAX_WINDOW, len(words) - start), 0, -1):
            phrase = " ".join(words[start:start + size])
            concept_ids = known.concepts_of(phrase) or concepts_of_phrase(phrase)
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


def _marked_terms(schema, concept_ids: tuple[str, ...]) -> set:
    """The index terms of the concepts' terms in every language, as a search for them would
    find them: what a snippet marks."""
    marked: set = set()
    for concept_id in concept_ids:
        marked.update(concept_tokens(schema, concept_id))
    return marked


def concept_tokens(schema, concept_id: str) -> frozenset:
    """The query tokens of every term of a concept in every language (kept: a worker that
    warms up works them out for every concept before its first search)."""
    known = thesaurus.load()
    # An index built before trigrams were indexed analyses with bigrams only.
    key = (known.version, getattr(schema["body"].analyzer, "longest_gram", None), concept_id)
    tokens = _concept_tokens.get(key)
    if tokens is None:
        # Every text field analyses alike: one field's query tokens are every field's.
        tokens = frozenset(("body", token)
                           for words in known.concepts[concept_id].terms.values()
                           for word in words
                           for token in schema["body"].process_text(word, mode="query"))
        _concept_tokens.put(key, tokens, len(tokens) + 1)
    return tokens


# Some 105,000 tokens for the 600 concepts of the thesaurus.
_concept_tokens = caches.Bounded("thesaurus concept tokens", 250_000, "tokens")
