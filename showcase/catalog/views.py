"""Public pages: parse the request, call one query, render."""

from flask import abort, render_template, request
from flask import current_app as app

from showcase.catalog import bp
from showcase.i18n import content_chain
from showcase.models import DESIGNATION_TYPES
from showcase.queries import catalog as queries
from showcase.queries import search as searching
from showcase.services import counters


@bp.get("/")
def home():
    """Featured products, categories with counts and the designation types explained."""
    return render_template(
        "catalog/home.html",
        featured=queries.featured_products(),
        categories=queries.categories_with_counts(),
        designation_types=DESIGNATION_TYPES.values(),
    )


@bp.get("/categories/<code>")
def category(code: str):
    """A category's published products with the search page's filters and sorting."""
    found = queries.category_by_code(code)
    if found is None or queries.page_number(request.args.get("page")) is None:
        abort(404)
    languages = content_chain()
    arguments = searching.parse_arguments(request.args, languages, app.config["PAGE_SIZE"])
    page = searching.run_search(
        searching.within_category(arguments, code, "catalog.category"), languages)
    if page.page > page.pages:
        abort(404)
    return render_template("catalog/category.html", category=found, search=page,
                           **_ways_on(page, languages))


@bp.get("/products/<ref>")
def product(ref: str):
    """One published product with everything a buyer needs to know."""
    found = queries.published_product(ref)
    if found is None:
        abort(404)
    page = render_template("catalog/product.html", product=found,
                           designation=DESIGNATION_TYPES.get(found.designation_type))
    counters.count_visit(found, request)  # last: the count holds a write lock until commit
    return page


@bp.get("/companies/<int:company_id>")
def company(company_id: int):
    """A company and its published products."""
    found, products = queries.company_with_products(company_id)
    if found is None:
        abort(404)
    return render_template("catalog/company.html", company=found, products=products)


@bp.get("/search")
def search():
    """Ranked results with snippets, facets, sorting and pagination; without words, the whole
    catalog (503 without an index)."""
    languages = content_chain()
    page = searching.run_search(searching.parse_arguments(request.args, languages), languages)
    if page.page > page.pages:
        abort(404)
    return render_template("catalog/search.html", search=page, **_ways_on(page, languages))


def _ways_on(page: searching.SearchPage, languages: list[str]) -> dict:
    """Facet labels, and when nothing matched, where to go instead: the categories and the
    query in English and Korean."""
    ways = {"category_names": searching.category_names(languages)}
    if not page.total:
        ways["categories"] = queries.categories_with_counts()
        ways["other_languages"] = searching.other_language_searches(page.text, languages)
    return ways
