"""One code path for the search page and the search API: parse arguments, search, load.

A missing or damaged index raises ``showcase.search.SearchUnavailable`` from ``run_search`` and
``suggestions``; the error handlers answer it with a 503 page or JSON.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase import search as search_engine
from showcase import thesaurus
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

    def url_args(self, **changes) -> dict:
        """URL arguments of this search with ``changes`` applied (None removes one)."""
        args = dict(self.filters, q=self.text, sort=self.sort)
        if not self.include_expired:
            args["expired"] = "0"
        if self.literal:
            args["literal"] = "1"
        args.update(changes)
        return {name: value for name, value in args.items() if value not in (None, "")}

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))


def parse_arguments(args, languages: list[str]) -> SearchPage:
    """Read the search arguments of a request, ignoring anything malformed."""
    sort = args.get("sort", "relevance")
    page = args.get("page", 1, type=int) or 1
    # Python's integers never overflow: a huge page is clamped, then has no results (404).
    return SearchPage(
        text=" ".join(args.get("q", "").split())[:MAX_QUERY_LENGTH],
        sort=sort if sort in search_engine.SORTS else "relevance",
        page=max(1, min(page, 500)),
        per_page=PER_PAGE,
        filters={arg: args[arg] for arg in FILTER_ARGS if args.get(arg)},
        include_expired=args.get("expired", "1") != "0",
        literal=args.get("literal") == "1",
    )


def run_search(page: SearchPage, languages: list[str]) -> SearchPage:
    """Fill ``page`` with ranked published products, facets and a suggestion."""
    if not page.text and not page.filters:
        return page
    response = search_engine.search(search_engine.SearchRequest(
        text=page.text,
        languages=tuple(languages),
        filters=tuple(sorted((FILTER_ARGS[k], v) for k, v in page.filters.items())),
        include_expired=page.include_expired,
        sort=page.sort, page=page.page, per_page=page.per_page, literal=page.literal,
    ))
    products = _published_by_id([hit.product_id for hit in response.hits])
    page.results = [(products[hit.product_id], hit) for hit in response.hits
                    if hit.product_id in products]
    page.total, page.facets = response.total, response.facets
    page.suggestion, page.broadened = response.suggestion, response.broadened
    page.also_matched = concept_labels(response.concepts, languages)
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


def _published_by_id(ids: list[int]) -> dict[int, Product]:
    if not ids:
        return {}
    products = db.session.scalars(
        select(Product).where(Product.id.in_(ids), publicly_visible())
        .options(selectinload(Product.texts), selectinload(Product.images),
                 selectinload(Product.company), selectinload(Product.category)))
    return {product.id: product for product in products}


def category_names(languages: list[str]) -> dict[str, str]:
    """Category code -> name in the visitor's language, for facet labels."""
    return {c.code: c.name_in(languages)[0] for c in db.session.scalars(select(Category))}


def suggestions(prefix: str, languages: list[str]) -> list:
    """Completions for the search box."""
    return search_engine.suggest(prefix[:MAX_QUERY_LENGTH], tuple(languages))
