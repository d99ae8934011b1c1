"""The API's operations: each reads its parameters, calls one shared query and answers
cacheable JSON of public records (showcase.queries.public_records)."""

from flask import abort, request

from showcase.api import bp, openapi
from showcase.api import params as p
from showcase.api.http import cacheable, paged
from showcase.api.openapi import MAX_ID
from showcase.i18n import content_chain
from showcase.models import DESIGNATION_TYPES
from showcase.queries import api_lists
from showcase.queries import catalog as catalog_queries
from showcase.queries import search as searching
from showcase.queries.links import suggestion_url
from showcase.queries.public_records import (
    public_category,
    public_company,
    public_designation_type,
    public_products,
)


def _checked_page(page):
    """404 for a page past the last one (page 1 of an empty list exists)."""
    if page.page > page.pages:
        abort(404, description="no such page")
    return page


@bp.get("/search")
def search():
    """Search published products: ``q``, ``lang``, the filters, ``sort``, ``page``."""
    p.read(p.SEARCH)
    languages = content_chain()
    page = searching.run_search(searching.parse_arguments(request.args, languages), languages,
                                load=lambda ids: public_products(ids, languages))
    return cacheable({
        "query": page.text,
        "total": page.total,
        "page": page.page,
        "pages": page.pages,
        "results": [dict(record, highlights=str(hit.snippet)) for record, hit in page.results],
        "facets": {name: [{"value": value, "count": count} for value, count in counts]
                   for name, counts in page.facets.items()},
        "suggestion": page.suggestion,
        "searched_instead": page.correction,
        "also_matched": page.also_matched,
    })


@bp.get("/suggest")
def suggest():
    """Completions of ``q`` for a search box."""
    prefix = p.read(p.SUGGEST)["q"]
    found = searching.suggestions(prefix, content_chain())
    return cacheable([{"label": s.label, "kind": s.kind, "language": s.language,
                       "url": suggestion_url(s, external=True)} for s in found])


@bp.get("/products")
def products():
    """A page of published products, filtered, in order of their refs."""
    args = p.read(p.PRODUCT_LIST)
    filters = api_lists.ProductFilters(
        category=args["category"], designation=args["type"],
        certification=args["certification"], hall=args["hall"], language=args["language"],
        include_expired=args["expired"] == "1")
    page = _checked_page(api_lists.published_products(filters, args["page"], args["per_page"]))
    languages = content_chain()
    records = public_products(page.items, languages)
    return paged([records[product_id] for product_id in page.items if product_id in records],
                 page)


@bp.get("/products/<ref>")
def product(ref: str):
    """One published product in the ``lang`` language (404 for unknown or unpublished)."""
    p.read(p.LANG_ONLY)
    product_id = api_lists.published_product_id(ref)
    record = (public_products([product_id], content_chain()).get(product_id)
              if product_id is not None else None)
    if record is None:
        abort(404, description="no such product")
    return cacheable(record)


@bp.get("/categories")
def categories():
    """Every category that has published products, with its name and count."""
    p.read(p.LANG_ONLY)
    languages = content_chain()
    return cacheable({"items": [public_category(category, count, languages) for category, count
                                in catalog_queries.categories_with_counts()]})


@bp.get("/companies")
def companies():
    """A page of the companies that have published products, in order of their ids."""
    args = p.read(p.PAGED)
    page = _checked_page(api_lists.companies_with_products(args["page"], args["per_page"]))
    languages = content_chain()
    return paged([public_company(company, refs, languages) for company, refs in page.items],
                 page)


@bp.get(f"/companies/<int(max={MAX_ID}):company_id>")
def company(company_id: int):
    """One company that has published products (404 otherwise)."""
    p.read(p.LANG_ONLY)
    found = api_lists.company_with_refs(company_id)
    if found is None:
        abort(404, description="no such company")
    return cacheable(public_company(*found, content_chain()))


@bp.get("/designation-types")
def designation_types():
    """The kinds of government designation, explained in the ``lang`` language."""
    p.read(p.LANG_ONLY)
    return cacheable({"items": [public_designation_type(code) for code in DESIGNATION_TYPES]})


@bp.get("/openapi.json")
def openapi_document():
    """This API described in OpenAPI 3.1, its descriptions in the ``lang`` language."""
    p.read(p.LANG_ONLY)
    return cacheable(openapi.document(), last_modified=False)
