"""Completions while a visitor types: product names, companies and categories by prefix.

The completions live in memory as one sorted list of folded keys, one key for every word
start of every label, so a keystroke costs a binary search. Keys are bounded (a label's first
words, each key's first characters), so a very long name costs no more than a normal one.

When the index generation changes (a drain committed), the products named by the outbox rows
added since the last look are dropped and added again, with their companies and categories;
the whole list is rebuilt only when the index directory was swapped (a reindex), when the
rows needed were purged, or when so many products changed that a rebuild is cheaper.
"""

import bisect
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from sqlalchemy import Connection, exists, func, select
from sqlalchemy.orm import Session

from showcase import clock
from showcase.extensions import db
from showcase.models import Category, Company, IndexOutbox, Product, ProductStatus, ProductText
from showcase.search import caches, index
from showcase.search.analysis import fold
from showcase.search.completion_keys import KEY_CHARS, LABEL_CHARS, keys_of


@dataclass(frozen=True)
class Suggestion:
    """One completion: what to show, what kind of thing it is, and where it leads."""

    label: str
    kind: str  # product, company or category
    target: str  # product ref, company id or category code
    language: str


# Above this many changed products, updating entry by entry costs more than a rebuild.
UPDATE_AT_MOST = 2000
IDS_PER_QUERY = 500
# Outbox rows read again at each look: where ids come from a sequence (PostgreSQL), a lower id
# may commit after a higher one was seen.
REREAD_ROWS = 1000
MERGE_FROM = 20_000  # added keys and dropped entries that make the small lists merge
_PUBLISHED = Product.status == ProductStatus.PUBLISHED

# Column queries only: a plain connection reads them without the ORM's per-row work, and
# _labels is also asked through a Session.
Reader = Connection | Session
Owner = tuple[str, int]  # ("product" | "company" | "category", database id)


class _Completions:
    """The sorted keys with the entry of each; keys added since the last merge, in a small
    sorted list of their own; entries dropped since (by identity); and which entries each
    owner added. Inserting into one list of hundreds of thousands of keys moves all the keys
    after it: changes go to the small lists, merged into the large ones now and then."""

    def __init__(self):
        self.generation = None
        self.last_outbox_id = 0
        self.recent_outbox_ids: set[int] = set()  # those seen of the last REREAD_ROWS ids
        self.parents: dict[int, tuple[int, int]] = {}  # product id: (company id, category id)
        # Ref: (id, last valid day) of the products staff hide once their designation
        # expired; from the day after, their names are not completed, nor a company or
        # category left without another product (decided when completing).
        self.hidden_after: dict[str, tuple[int, date]] = {}
        self.left_out: tuple[object, set[tuple[str, str]]] = (None, set())  # (generation, day)
        self.rebuilds = 0  # how often the whole list was built (read by tests, benchmarks)
        self.updates = 0  # how often it was updated in place
        self.replace([])

    def replace(self, pairs: list[tuple[Owner, Suggestion]]) -> None:
        keyed = [(key, entry) for _, entry in pairs for key in keys_of(entry.label)]
        keyed.sort(key=itemgetter(0))  # stable: ties keep the order of the labels
        self.keys = [key for key, _ in keyed]
        self.entries = [entry for _, entry in keyed]
        self.added_keys: list[str] = []
        self.added_entries: list[Suggestion] = []
        self.dropped: set[int] = set()  # id() of entries still in the lists; they keep them alive
        self.owned: dict[Owner, list[Suggestion]] = defaultdict(list)
        for owner, entry in pairs:
            self.owned[owner].append(entry)

    def add(self, owner: Owner, entry: Suggestion) -> None:
        for key in keys_of(entry.label):
            position = bisect.bisect_right(self.added_keys, key)
            self.added_keys.insert(position, key)
            self.added_entries.insert(position, entry)
        self.owned[owner].append(entry)

    def drop(self, owner: Owner) -> None:
        self.dropped.update(map(id, self.owned.pop(owner, ())))

    def merge_if_large(self) -> None:
        """Fold the added keys into the large list and forget the dropped entries once they
        are many enough to slow a lookup."""
        if len(self.added_keys) + len(self.dropped) < MERGE_FROM:
            return
        keyed = [(key, entry) for keys, entries in ((self.keys, self.entries),
                                                    (self.added_keys, self.added_entries))
                 for key, entry in zip(keys, entries, strict=True)
                 if id(entry) not in self.dropped]
        keyed.sort(key=itemgetter(0))  # two sorted runs: merged in linear time
        self.keys = [key for key, _ in keyed]
        self.entries = [entry for _, entry in keyed]
        self.added_keys, self.added_entries, self.dropped = [], [], set()

    def matching(self, prefix: str) -> Iterator[Suggestion]:
        """The entries with a key that starts with ``prefix``, by key (large list first)."""
        for keys, entries in ((self.keys, self.entries), (self.added_keys, self.added_entries)):
            position = bisect.bisect_left(keys, prefix)
            while position < len(keys) and keys[position].startswith(prefix):
                if id(entries[position]) not in self.dropped:
                    yield entries[position]
                position += 1

    def key_characters(self) -> int:
        """The characters held in keys (dropped ones included until the next merge)."""
        return sum(map(len, self.keys)) + sum(map(len, self.added_keys))


_state = _Completions()
_lock = threading.Lock()


def forget() -> None:
    """Drop the completion list; the next completion builds it again."""
    with _lock:
        _state.generation = None
        _state.replace([])


def _longest_label() -> int:
    """The characters of the longest label kept: what bounds the list's growth per label."""
    return max((len(entry.label) for entries in _state.owned.values() for entry in entries),
               default=0)


# The list grows with the catalog, by a label of at most LABEL_CHARS (completed from at most
# WORD_STARTS keys of KEY_CHARS) per name; like the tables read once per segment, it is kept
# by the benchmark's "cold" searches.
caches.register("completion list", LABEL_CHARS, "characters per label", _longest_label,
                forget, per_segment=True)


def _product_rows(session: Reader, product_ids: list[int] | None = None):
    # Only the columns needed, in the order whole products used to be loaded (products by id,
    # each one's texts by id): loading products with their descriptions took most of the
    # rebuild.
    query = (select(Product.id, Product.ref, ProductText.name, ProductText.language,
                    Product.company_id, Product.category_id, Product.valid_until,
                    Product.visible_when_expired)
             .outerjoin(ProductText, ProductText.product_id == Product.id)
             .where(_PUBLISHED).order_by(Product.id, ProductText.id))
    if product_ids is not None:
        query = query.where(Product.id.in_(product_ids))
    return session.execute(query)


def _parent_labels(session: Reader, companies: Iterable[int], categories: Iterable[int]
                   ) -> Iterator[tuple[Owner, Suggestion]]:
    """Labels of those ``companies`` and ``categories`` that a published product uses, in the
    order given."""
    companies, categories = list(companies), list(categories)
    names: dict[int, dict] = {}
    codes: dict[int, tuple[str, dict]] = {}
    for chunk in _chunks(companies):
        names.update((row.id, row.names) for row in session.execute(
            select(Company.id, Company.names).where(
                Company.id.in_(chunk),
                # EXISTS: one indexed lookup per company, not a scan of every product.
                exists().where(Product.company_id == Company.id, _PUBLISHED))))
    for chunk in _chunks(categories):
        codes.update((row.id, (row.code, row.names)) for row in session.execute(
            select(Category.id, Category.code, Category.names).where(
                Category.id.in_(chunk),
                exists().where(Product.category_id == Category.id, _PUBLISHED))))
    for company_id in companies:
        for language, name in names.get(company_id, {}).items():
            yield ("company", company_id), _suggestion(name, "company", str(company_id),
                                                       language)
    for category_id in categories:
        if category_id in codes:
            code, labels = codes[category_id]
            for language, name in labels.items():
                yield ("category", category_id), _suggestion(name, "category", code, language)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), IDS_PER_QUERY):
        yield ids[start:start + IDS_PER_QUERY]


def _suggestion(label: str, kind: str, target: str, language: str) -> Suggestion:
    return Suggestion(label[:LABEL_CHARS], kind, target, language)


def _owned_labels(session: Reader, parents: dict[int, tuple[int, int]],
                  hidden_after: dict[str, tuple[int, date]]
                  ) -> Iterator[tuple[Owner, Suggestion]]:
    """Every label with its owner: products by id, then companies and categories in order of
    first use. ``parents`` receives each product's company and category, ``hidden_after``
    the last valid day of each product hidden once expired."""
    companies: dict[int, None] = {}
    categories: dict[int, None] = {}
    for row in _product_rows(session):
        product_id, ref, name, language, company_id, category_id = row[:6]
        if language is not None:
            yield ("product", product_id), _suggestion(name, "product", ref, language)
        parents[product_id] = (company_id, category_id)
        _remember_hiding(hidden_after, row)
        companies.setdefault(company_id)
        categories.setdefault(category_id)
    yield from _parent_labels(session, companies, categories)


def _labels(session: Reader) -> Iterator[Suggestion]:
    """Every completion label, in the order the completion list holds ties."""
    return (entry for _, entry in _owned_labels(session, {}, {}))


def _remember_outbox(session: Reader, rows: list[tuple[int, int]] | None = None) -> None:
    if rows is None:
        rows = session.execute(select(IndexOutbox.id, IndexOutbox.product_id).where(
            IndexOutbox.id > (session.scalar(select(func.max(IndexOutbox.id))) or 0)
            - REREAD_ROWS)).all()
    last = max((row_id for row_id, _ in rows), default=_state.last_outbox_id)
    _state.last_outbox_id = last
    _state.recent_outbox_ids = {row_id for row_id, _ in rows if row_id > last - REREAD_ROWS}


def _remember_hiding(hidden_after: dict[str, tuple[int, date]], row) -> None:
    """Note (or forget) that the product of ``row`` is hidden once its designation expired."""
    if row.visible_when_expired or row.valid_until is None:
        hidden_after.pop(row.ref, None)
    else:
        hidden_after[row.ref] = (row.id, row.valid_until)


def _left_out(today: date) -> set[tuple[str, str]]:
    """``(kind, target)`` of the completions not offered on ``today``: products staff hide
    once expired whose designation has ended, and the companies and categories left without
    another product. Worked out once per index generation and day."""
    key = (_state.generation, today)
    if _state.left_out[0] == key:
        return _state.left_out[1]
    gone = {product_id: ref for ref, (product_id, last_day) in _state.hidden_after.items()
            if last_day < today}
    left_out = {("product", ref) for ref in gone.values()}
    if gone:
        kept = [parents for product_id, parents in _state.parents.items()
                if product_id not in gone]
        companies, categories = {c for c, _ in kept}, {k for _, k in kept}
        for product_id in gone:
            company_id, category_id = _state.parents.get(product_id, (None, None))
            if company_id not in companies:
                left_out.add(("company", str(company_id)))
            if category_id not in categories:
                left_out.update(("category", entry.target)
                                for entry in _state.owned.get(("category", category_id), ()))
    _state.left_out = (key, left_out)
    return left_out


def _rebuild(session: Reader) -> None:
    _remember_outbox(session)
    parents: dict[int, tuple[int, int]] = {}
    hidden_after: dict[str, tuple[int, date]] = {}
    _state.replace(list(_owned_labels(session, parents, hidden_after)))
    _state.parents, _state.hidden_after = parents, hidden_after
    _state.rebuilds += 1


def _changed_products(session: Reader) -> list[int] | None:
    """Products named by outbox rows added since the last look, or None when some of those
    rows may have been purged already."""
    first, last = session.execute(select(func.min(IndexOutbox.id),
                                         func.max(IndexOutbox.id))).one()
    if first is None or first > _state.last_outbox_id + 1 or last < _state.last_outbox_id:
        return None
    rows = session.execute(select(IndexOutbox.id, IndexOutbox.product_id).where(
        IndexOutbox.id > _state.last_outbox_id - REREAD_ROWS)).all()
    changed = {product_id for row_id, product_id in rows
               if row_id not in _state.recent_outbox_ids}
    _remember_outbox(session, rows)
    return sorted(changed)


def _update(session: Reader, product_ids: list[int]) -> None:
    """Drop the entries of ``product_ids`` and of their companies and categories, then add
    them again as the database holds them now."""
    companies: dict[int, None] = {}
    categories: dict[int, None] = {}
    for product_id in product_ids:
        _state.drop(("product", product_id))
        company_id, category_id = _state.parents.pop(product_id, (None, None))
        companies[company_id], categories[category_id] = None, None
    for chunk in _chunks(product_ids):
        for row in _product_rows(session, chunk):
            product_id, ref, name, language, company_id, category_id = row[:6]
            if language is not None:
                _state.add(("product", product_id),
                           _suggestion(name, "product", ref, language))
            _state.parents[product_id] = (company_id, category_id)
            _remember_hiding(_state.hidden_after, row)
            companies[company_id], categories[category_id] = None, None
    companies.pop(None, None)
    categories.pop(None, None)
    for company_id in companies:
        _state.drop(("company", company_id))
    for category_id in categories:
        _state.drop(("category", category_id))
    for owner, entry in _parent_labels(session, companies, categories):
        _state.add(owner, entry)
    _state.merge_if_large()
    _state.updates += 1


def _refresh(generation) -> None:
    """Bring the completions up to ``generation`` of the index, in place when possible."""
    with db.engine.connect() as session:
        swapped = _state.generation is None or _state.generation[0] != generation[0]
        changed = None if swapped else _changed_products(session)
        if changed is None or len(changed) > UPDATE_AT_MOST:
            _rebuild(session)
        elif changed:
            _update(session, changed)
    _state.generation = generation


def suggest(prefix: str, languages: tuple[str, ...], limit: int = 8) -> list[Suggestion]:
    """Up to ``limit`` completions of ``prefix``, the visitor's languages first."""
    prefix = fold(prefix).strip()[:KEY_CHARS]
    if not prefix:
        return []
    generation = index.generation()
    found: dict[tuple[str, str, str], Suggestion] = {}
    with _lock:  # held while reading too: updates change the lists in place
        if _state.generation != generation:
            _refresh(generation)
        left_out = _left_out(clock.today())
        for entry in _state.matching(prefix):
            if left_out and (entry.kind, entry.target) in left_out:
                continue
            found.setdefault((entry.kind, entry.target, entry.language), entry)
            if len(found) == 200:
                break
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
