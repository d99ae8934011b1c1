"""One code path for the search page and the search API: parse arguments, search, load.

A missing or damaged index raises ``showcase.search.SearchUnavailable`` from ``run_search`` and
``suggestions``; the error handlers answer it with a 503 page or JSON.
"""

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import Date, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from showcase import clock, thesaurus
from showcase import search as search_engine
from showcase.extensions import db
from showcase.models import Category, Product
from showcase.queries.catalog import publicly_visible

PER_PAGE = 20
MAX_QUERY_LENGTH = 200
# URL argument -> index facet field.
FILTER_ARGS = {"category": "category", "type": "designation", "certification": "certification",
               "hall": "hall", "language": "language"}


@dataclass
class SearchPage:
    """Everything a results page or API answer shows."""

    text: str
    sort: str
    page: int
    per_page: int
    filters: dict[str, str]
    include_expired: bool
    total: int = 0
    results: list[tuple[Product, object]] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str = ""
    broadened: bool = False
    literal: bool = False
    # Labels of the thesaurus concepts searched in other languages too (visitor's language,
    # English, Korean), for "also matched".
    also_matched: list[str] = field(default_factory=list)
    # The words as typed when they found nothing and ``correction`` was searched instead.
    corrected_from: str = ""
    correction: str = ""
    # The page the results are shown on, its own URL arguments (a category page's code) and
    # the filters those imply (its category): links keep to that page.
    endpoint: str = "catalog.search"
    route_args: dict[str, str] = field(default_factory=dict)
    fixed_filters: dict[str, str] = field(default_factory=dict)

    def url_args(self, **changes) -> dict:
        """URL arguments of this search with ``changes`` applied (None removes one)."""
        args = dict(self.filters, q=self.text, sort=self.sort)
        if not self.include_expired:
            args["expired"] = "0"
        if self.literal:
            args["literal"] = "1"
        args.update(changes)
        return {name: value for name, value in args.items() if value not in (None, "")}

    def link_args(self, **changes) -> dict:
        """What ``url_for(self.endpoint, ...)`` needs for this search with ``changes``."""
        args = self.url_args(**changes)
        for name in self.fixed_filters:
            args.pop(name, None)
        return {**args, **self.route_args}

    def cleared_args(self) -> dict:
        """``link_args`` of this search without the filters the visitor chose."""
        chosen = {name: None for name in self.filters if name not in self.fixed_filters}
        return self.link_args(expired=None, page=None, **chosen)

    @property
    def active_filters(self) -> int:
        """How many filters the visitor chose (those of the page itself not counted)."""
        chosen = [name for name in self.filters if name not in self.fixed_filters]
        return len(chosen) + (not self.include_expired)

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))


def parse_arguments(args, languages: list[str], per_page: int = PER_PAGE) -> SearchPage:
    """Read the search arguments of a request, ignoring anything malformed. Without words
    there is nothing to rank by relevance: the catalog is listed by name unless asked for the
    newest first."""
    text = " ".join(args.get("q", "").split())[:MAX_QUERY_LENGTH]
    sort = args.get("sort", "relevance" if text else "name")
    if sort not in search_engine.SORTS or (sort == "relevance" and not text):
        sort = "relevance" if text else "name"
    page = args.get("page", 1, type=int) or 1
    # Python's integers never overflow: a huge page is clamped, then has no results (404).
    return SearchPage(
        text=text,
        sort=sort,
        page=max(1, min(page, 500)),
        per_page=per_page,
        filters={arg: args[arg] for arg in FILTER_ARGS if args.get(arg)},
        include_expired=args.get("expired", "1") != "0",
        literal=args.get("literal") == "1",
    )


def within_category(page: SearchPage, code: str, endpoint: str) -> SearchPage:
    """``page`` narrowed to the category ``code``, its links kept to ``endpoint``."""
    page.filters["category"] = code
    page.fixed_filters = {"category": code}
    page.endpoint, page.route_args = endpoint, {"code": code}
    return page


def run_search(page: SearchPage, languages: list[str], load=None) -> SearchPage:
    """Fill ``page`` with ranked published products, facets and a suggestion (no words and
    no filters: the whole catalog). ``load(ids)`` gives each found product by id (default:
    the ORM products a results page shows; the API loads its public records instead)."""
    response = search_engine.search(search_engine.SearchRequest(
        text=page.text,
        languages=tuple(languages),
        filters=tuple(sorted((FILTER_ARGS[k], v) for k, v in page.filters.items())),
        include_expired=page.include_expired,
        sort=page.sort, page=page.page, per_page=page.per_page, literal=page.literal,
    ))
    products = (load or _published_by_id)([hit.product_id for hit in response.hits])
    page.results = [(products[hit.product_id], hit) for hit in response.hits
                    if hit.product_id in products]
    page.total, page.facets = response.total, response.facets
    page.suggestion, page.broadened = response.suggestion, response.broadened
    page.also_matched = concept_labels(response.concepts, languages)
    page.corrected_from, page.correction = response.corrected_from, response.correction
    return page


def concept_labels(concept_ids, languages: list[str]) -> list[str]:
    """The preferred terms of the concepts in the visitor's language, English and Korean,
    each once."""
    known = thesaurus.load()
    labels = []
    for concept_id in concept_ids:
        for language in dict.fromkeys([languages[0], "en", "ko"]):
            label = known.concepts[concept_id].label(language)
            if label not in labels:
                labels.append(label)
    return labels


def other_language_searches(text: str, languages: list[str]) -> dict[str, str]:
    """The query in English and in Korean, as the preferred terms of the thesaurus concepts
    it names ({} when it names none; a language it is already written in left out)."""
    known = thesaurus.load()
    concept_ids = next((found for language in dict.fromkeys([languages[0], "en", "ko"])
                        if (found := known.concepts_in(text, language))),
                       known.concepts_of(text))
    searches = {}
    for language in ("en", "ko"):
        translated = " ".join(dict.fromkeys(known.concepts[concept_id].label(language)
                                            for concept_id in concept_ids))
        if translated and thesaurus.fold(translated) != thesaurus.fold(text):
            searches[language] = translated
    return searches


def _published_by_id(ids: list[int]) -> dict[int, Product]:
    if not ids:
        return {}
    products = db.session.scalars(_published_products(),
                                  {"ids": ids, "today": clock.today()})
    return {product.id: product for product in products}


@cache
def _published_products():
    """The published products of ``ids`` (bound per call, with ``today``): one row per
    product and its company and category (joined), then its texts, images and brochures,
    four statements whatever the page size. Built once: building it cost a millisecond."""
    return (select(Product)
            .where(Product.id.in_(bindparam("ids", expanding=True)),
                   publicly_visible(bindparam("today", type_=Date)))
            .options(selectinload(Product.texts), selectinload(Product.images),
                     selectinload(Product.documents), joinedload(Product.company),
                     joinedload(Product.category)))


def category_names(languages: list[str]) -> dict[str, str]:
    """Category code -> name in the visitor's language, for facet labels."""
    return {c.code: c.name_in(languages)[0] for c in db.session.scalars(select(Category))}


def suggestions(prefix: str, languages: list[str]) -> list:
    """Completions for the search box."""
    return search_engine.suggest(prefix[:MAX_QUERY_LENGTH], tuple(languages))
