"""Completions while a visitor types: product names, companies and categories by prefix.

The completions live in memory as one sorted list of folded keys, one key for every word
start of every label, so a keystroke costs a binary search. The list is rebuilt when the
index generation changes, i.e. after any commit.
"""

import bisect
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from showcase.extensions import db
from showcase.models import Category, Company, Product, ProductStatus, ProductText
from showcase.search import index
from showcase.search.analysis import fold


@dataclass(frozen=True)
class Suggestion:
    """One completion: what to show, what kind of thing it is, and where it leads."""

    label: str
    kind: str  # product, company or category
    target: str  # product ref, company id or category code
    language: str


FOLDED_WORDS = 32768
_SPACES = re.compile(r"([ \t\n\r]+)")  # captured: the separators stay in the output
_state = {"generation": None, "keys": [], "entries": []}
_lock = threading.Lock()


def _labels(session: Session):
    # Only the columns needed, in the order whole products used to be loaded (products by id,
    # each one's texts by id, then companies and categories in order of first use): loading
    # products with their descriptions took most of the rebuild.
    published = Product.status == ProductStatus.PUBLISHED
    rows = session.execute(
        select(Product.ref, ProductText.name, ProductText.language, Product.company_id,
               Product.category_id)
        .outerjoin(ProductText, ProductText.product_id == Product.id)
        .where(published).order_by(Product.id, ProductText.id))
    companies: dict[int, dict] = {}
    categories: dict[int, tuple[str, dict]] = {}
    for ref, name, language, company_id, category_id in rows:
        if language is not None:
            yield Suggestion(name, "product", ref, language)
        companies.setdefault(company_id, {})
        categories.setdefault(category_id, ("", {}))
    used = select(Product.company_id).where(published)
    companies.update((row.id, row.names) for row in session.execute(
        select(Company.id, Company.names).where(Company.id.in_(used))))
    used = select(Product.category_id).where(published)
    categories.update((row.id, (row.code, row.names)) for row in session.execute(
        select(Category.id, Category.code, Category.names).where(Category.id.in_(used))))
    for company_id, names in companies.items():
        for language, name in names.items():
            yield Suggestion(name, "company", str(company_id), language)
    for code, names in categories.values():
        for language, name in names.items():
            yield Suggestion(name, "category", code, language)


@lru_cache(maxsize=FOLDED_WORDS)
def _fold_word(word: str) -> str:
    return fold(word)


def _fold(label: str) -> str:
    """``fold(label)``, a word at a time: folding never looks across ASCII whitespace, and the
    words of labels repeat far more than the labels do."""
    return "".join(_fold_word(piece) for piece in _SPACES.split(label))


def _word_starts(label: str) -> list[str]:
    folded = _fold(label)
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
