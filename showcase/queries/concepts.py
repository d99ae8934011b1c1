"""Concept tags: the thesaurus concepts a product's texts name, in the visitor's language.

A product written only in Korean and English still tells a Thai or Uzbek delegate what it is
and what it is for: the concepts found in its names and summaries are shown as a few tags in
the visitor's language, each a link to the search for that word (which finds the concept's
terms in every language). What a product is and does comes first, where it is used next, then
its qualities, parts and buyers. Staff can hide a wrong tag of a product
(``Product.hidden_concepts``, the exchange format's ``hidden_concepts``).
"""

from functools import lru_cache

from showcase import thesaurus

DOMAIN_ORDER = ("products", "functions", "fields", "properties", "components", "buyers")
TAG_LIMIT = 4


def concept_tags(product, language: str, limit: int = TAG_LIMIT) -> list[str]:
    """Labels in ``language`` of the concepts named in ``product``'s names and summaries
    (every language it is written in), the most telling first, at most ``limit``; not those
    staff hid for the product."""
    known = thesaurus.load()
    hidden = set(product.hidden_concepts or ())
    labels: list[str] = []
    for concept_id in named_concepts(product):
        label = known.concepts[concept_id].label(language)
        if concept_id not in hidden and label not in labels:
            labels.append(label)
    return labels[:limit]


def tag_choices(product, language: str, limit: int = TAG_LIMIT) -> list[tuple[str, str, bool]]:
    """``(concept id, label in language, hidden)`` of the tags a product shows and of those
    staff hid, for the staff's control."""
    known = thesaurus.load()
    hidden = set(product.hidden_concepts or ())
    shown = [concept_id for concept_id in named_concepts(product)
             if concept_id not in hidden][:limit]
    return [(concept_id, known.concepts[concept_id].label(language), concept_id in hidden)
            for concept_id in named_concepts(product)
            if concept_id in shown or concept_id in hidden]


def named_concepts(product) -> list[str]:
    """Ids of the concepts named in ``product``'s names and summaries, the most telling
    first."""
    known = thesaurus.load()
    found: list[str] = []
    for text in product.texts.values():
        for concept_id in _named(f"{text.name}\n{text.summary}", text.language):
            if concept_id not in found:
                found.append(concept_id)
    rank = {domain: position for position, domain in enumerate(DOMAIN_ORDER)}
    found.sort(key=lambda concept_id: rank.get(known.concepts[concept_id].domain,
                                               len(rank)))
    return found


@lru_cache(maxsize=2048)
def _named(text: str, language: str) -> tuple[str, ...]:
    """The concepts ``text`` names, remembered: every card of every list page asks again, and
    scanning a text against the thesaurus takes about a third of a millisecond."""
    return tuple(thesaurus.load().concepts_in(text, language))
