"""Completions while a visitor types: product names, companies and categories by prefix.

The completions live in memory as one sorted list of folded keys, one key for every word
start of every label, so a keystroke costs a binary search. The list is rebuilt when the
index generation changes, i.e. after any commit.
"""

import bisect
import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from showcase.extensions import db
from showcase.models import Product, ProductStatus
from showcase.search import index
from showcase.search.analysis import fold


@dataclass(frozen=True)
class Suggestion:
    """One completion: what to show, what kind of thing it is, and where it leads."""

    label: str
    kind: str  # product, company or category
    target: str  # product ref, company id or category code
    language: str


_state = {"generation": None, "keys": [], "entries": []}
_lock = threading.Lock()


def _labels(session: Session):
    products = session.scalars(
        select(Product).where(Product.status == ProductStatus.PUBLISHED)
        .options(selectinload(Product.texts), selectinload(Product.company),
                 selectinload(Product.category)))
    companies, categories = {}, {}
    for product in products:
        for text in product.texts.values():
            yield Suggestion(text.name, "product", product.ref, text.language)
        companies[product.company.id] = product.company
        categories[product.category.code] = product.category
    for company in companies.values():
        for language, name in company.names.items():
            yield Suggestion(name, "company", str(company.id), language)
    for category in categories.values():
        for language, name in category.names.items():
            yield Suggestion(name, "category", category.code, language)


def _word_starts(label: str) -> list[str]:
    folded = fold(label)
    starts = [0] + [i + 1 for i, char in enumerate(folded[:-1]) if not char.isalnum()]
    return [folded[i:] for i in starts if folded[i:i + 1].isalnum()]


def _rebuild() -> None:
    pairs = []
    with Session(db.engine) as session:
        for suggestion in _labels(session):
            pairs += [(key, suggestion) for key in _word_starts(suggestion.label)]
    pairs.sort(key=lambda pair: pair[0])
    _state["keys"] = [key for key, _ in pairs]
    _state["entries"] = [entry for _, entry in pairs]


def suggest(prefix: str, languages: tuple[str, ...], limit: int = 8) -> list[Suggestion]:
    """Up to ``limit`` completions of ``prefix``, the visitor's languages first."""
    prefix = fold(prefix).strip()
    if not prefix:
        return []
    generation = index.generation()
    with _lock:
        if _state["generation"] != generation:
            _rebuild()
            _state["generation"] = generation
        keys, entries = _state["keys"], _state["entries"]
    position = bisect.bisect_left(keys, prefix)
    found: dict[tuple[str, str], Suggestion] = {}
    while position < len(keys) and keys[position].startswith(prefix) and len(found) < 200:
        entry = entries[position]
        found.setdefault((entry.kind, entry.target, entry.language), entry)
        position += 1
    rank = {code: i for i, code in enumerate(languages)}
    # Categories and companies are few and lead to many products: list them first.
    kind_order = {"category": 0, "company": 1, "product": 2}
    ordered = sorted(found.values(), key=lambda s: (rank.get(s.language, len(rank)),
                                                    kind_order[s.kind], len(s.label)))
    unique, seen = [], set()
    for entry in ordered:
        if (entry.kind, entry.target) not in seen:
            seen.add((entry.kind, entry.target))
            unique.append(entry)
    return unique[:limit]
