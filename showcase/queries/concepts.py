"""Concept tags: the thesaurus concepts a product's texts name, in the visitor's language.

A product written only in Korean and English still tells a Thai or Uzbek delegate what it is
and what it is for: the concepts found in its names and summaries are shown as a few tags in
the visitor's language, each a link to the search for that word (which finds the concept's
terms in every language). What a product is and does comes first, where it is used next, then
its qualities, parts and buyers.
"""

from functools import lru_cache

from showcase import thesaurus

DOMAIN_ORDER = ("products", "functions", "fields", "properties", "components", "buyers")
TAG_LIMIT = 4


def concept_tags(product, language: str, limit: int = TAG_LIMIT) -> list[str]:
    """Labels in ``language`` of the concepts named in ``product``'s names and summaries
    (every language it is written in), the most telling first, at most ``limit``."""
    known = thesaurus.load()
    found: list[str] = []
    for text in product.texts.values():
        for concept_id in _named(f"{text.name}\n{text.summary}", text.language):
            if concept_id not in found:
                found.append(concept_id)
    rank = {domain: position for position, domain in enumerate(DOMAIN_ORDER)}
    found.sort(key=lambda concept_id: rank.get(known.concepts[concept_id].domain,
                                               len(rank)))
    labels: list[str] = []
    for concept_id in found:
        label = known.concepts[concept_id].label(language)
        if label not in labels:
            labels.append(label)
    return labels[:limit]


@lru_cache(maxsize=2048)
def _named(text: str, language: str) -> tuple[str, ...]:
    """The concepts ``text`` names, remembered: every card of every list page asks again, and
    scanning a text against the thesaurus takes about a third of a millisecond."""
    return tuple(thesaurus.load().concepts_in(text, language))
