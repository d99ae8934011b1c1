"""Staff pages of the catalog: featured products and their order, whether a listing stays
visible once its designation expired, categories, and the explanations of the designation
types."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user

from showcase import clock
from showcase.i18n import content_chain
from showcase.i18n import portal_gettext as _p
from showcase.models import DESIGNATION_TYPES
from showcase.queries import catalog as public_queries
from showcase.queries import catalog_admin as queries
from showcase.queries.concepts import tag_choices
from showcase.services import catalog_admin
from showcase.services.catalog_admin import CatalogError
from showcase.staff import bp
from showcase.staff.catalog_forms import (
    LANGUAGE_LOCALES,
    CategoryForm,
    ConceptTagForm,
    DeleteForm,
    ExplanationForm,
    FeatureForm,
    ProductSearchForm,
    VisibilityForm,
)


def _name(product) -> str:
    text = product.text_in(content_chain())
    return text.name if text else product.ref


def _show_problems(form, problems, prefix: str) -> None:
    """Put a service's ``(field, message)`` problems next to the fields of ``form``:
    ``code`` and ``names.<language>`` / ``texts.<language>`` (as ``<prefix><language>``)."""
    for field, message in problems:
        name = field if field in form else prefix + field.partition(".")[2]
        if name in form:
            form[name].errors = [*form[name].errors, str(message)]


# Featured products and visibility after expiry

@bp.get("/catalog")
def catalog():
    """Published products to feature or keep visible after expiry (expired or soon expiring
    first), and the featured products in their home-page order."""
    search = ProductSearchForm(request.args)
    page_number = public_queries.page_number(request.args.get("page"))
    if page_number is None:
        abort(404)
    products = queries.curation_products(search.q.data or "", page_number)
    if page_number > products.pages:
        abort(404)
    return render_template(
        "staff/catalog.html", search=search, products=products,
        featured=queries.featured_order(), today=clock.today(),
        soon=clock.today() + queries.EXPIRY_WINDOW, product_name=_name,
        tag_choices=lambda product: tag_choices(product, content_chain()[0]))


def _back_to_catalog(form):
    values = {"q": form.q.data or None, "page": form.page.data or None}
    return redirect(url_for("staff.catalog", **{k: v for k, v in values.items() if v}))


def _posted_product(form):
    if not form.validate_on_submit():
        abort(400)
    product = queries.published_by_ref(form.ref.data)
    if product is None:
        abort(404)
    return product


@bp.post("/catalog/featured")
def catalog_featured():
    """Feature a product, stop featuring it, or move it up or down the home page."""
    form = FeatureForm()
    product = _posted_product(form)
    action = form.action.data
    try:
        if action in ("up", "down"):
            catalog_admin.move_featured(product, action, current_user)
        else:
            catalog_admin.set_featured(product, action == "feature", current_user)
    except CatalogError as error:
        flash(str(error.message), "error")
        return _back_to_catalog(form)
    if action == "feature":
        flash(_p("“%(name)s” is now featured on the home page.", name=_name(product)))
    elif action == "unfeature":
        flash(_p("“%(name)s” is no longer featured.", name=_name(product)))
    else:
        flash(_p("The featured order is saved."))
    return _back_to_catalog(form)


@bp.post("/catalog/visibility")
def catalog_visibility():
    """Keep a listing on the public site once its designation expired, or hide it then."""
    form = VisibilityForm()
    product = _posted_product(form)
    visible = form.visible.data == "1"
    catalog_admin.set_visible_when_expired(product, visible, current_user)
    if visible:
        flash(_p("“%(name)s” stays visible after its designation expires.", name=_name(product)))
    else:
        flash(_p("“%(name)s” leaves the public site once its designation expires.",
                 name=_name(product)))
    return _back_to_catalog(form)


@bp.post("/catalog/concepts")
def catalog_concepts():
    """Hide a wrong concept tag of a listing, or show it again."""
    form = ConceptTagForm()
    product = _posted_product(form)
    hidden = form.hidden.data == "1"
    if hidden and form.concept.data not in {concept for concept, _label, _hidden
                                            in tag_choices(product, "en")}:
        abort(400)  # only a tag the product shows can be hidden
    catalog_admin.set_concept_hidden(product, form.concept.data, hidden, current_user)
    if hidden:
        flash(_p("The tag is hidden from “%(name)s”.", name=_name(product)))
    else:
        flash(_p("The tag is shown again on “%(name)s”.", name=_name(product)))
    return _back_to_catalog(form)


# Categories

@bp.get("/categories")
def categories():
    """Every category with its names and how many products use it."""
    return render_template("staff/categories.html", categories=queries.categories_with_usage(),
                           delete_form=DeleteForm(), locale_count=len(LANGUAGE_LOCALES))


def _category_page(form, category=None, status: int = 200):
    return render_template("staff/category_form.html", form=form, category=category,
                           locales=LANGUAGE_LOCALES), status


def _save_category(form, code: str, category=None):
    """Save the category form; the page again with the problems when refused."""
    try:
        saved = catalog_admin.save_category(code, form.names(), current_user,
                                            expect_new=category is None)
    except CatalogError as error:
        _show_problems(form, error.problems, "name_")
        flash(str(error.message), "error")
        return _category_page(form, category)
    flash(_p("Category “%(code)s” is saved.", code=saved.code))
    return redirect(url_for("staff.categories"))


@bp.route("/categories/new", methods=["GET", "POST"])
def category_new():
    """Create a category: a stable code and its name in every interface language."""
    form = CategoryForm()
    if form.validate_on_submit():
        return _save_category(form, form.code.data)
    return _category_page(form)


@bp.route("/categories/<code>/edit", methods=["GET", "POST"])
def category_edit(code: str):
    """Rename a category in any interface language; its code stays."""
    category = queries.category_by_code(code)
    if category is None:
        abort(404)
    form = CategoryForm(data={"code": category.code, **{
        f"name_{language}": name for language, name in (category.names or {}).items()}})
    form.code.data = category.code  # the code in the URL, whatever was posted
    if form.validate_on_submit():
        return _save_category(form, category.code, category)
    return _category_page(form, category)


@bp.post("/categories/<code>/delete")
def category_delete(code: str):
    """Delete a category no product uses."""
    category = queries.category_by_code(code)
    if category is None:
        abort(404)
    if not DeleteForm().validate_on_submit():
        abort(400)
    try:
        catalog_admin.delete_category(category, current_user)
    except CatalogError as error:
        flash(str(error.message), "error")
    else:
        flash(_p("Category “%(code)s” is deleted.", code=code))
    return redirect(url_for("staff.categories"))


# Designation types

def _built_in_explanations(code: str) -> dict:
    """The built-in explanation of designation type ``code`` in every interface language."""
    explanations = {}
    for language, locale in LANGUAGE_LOCALES.items():
        with force_locale(locale.code):
            explanations[language] = str(DESIGNATION_TYPES[code].explanation)
    return explanations


@bp.get("/designation-types")
def designation_types():
    """The four designation types, with the languages staff wrote an explanation in."""
    written = {code: catalog_admin.designation_explanations(code) for code in DESIGNATION_TYPES}
    return render_template("staff/designation_types.html", kinds=DESIGNATION_TYPES.values(),
                           written=written, locales=LANGUAGE_LOCALES)


@bp.route("/designation-types/<code>", methods=["GET", "POST"])
def designation_type(code: str):
    """Write the explanation of a designation type per language; an empty field shows the
    built-in one."""
    if code not in DESIGNATION_TYPES:
        abort(404)
    form = ExplanationForm(data={f"text_{language}": text for language, text
                                 in catalog_admin.designation_explanations(code).items()})
    if form.validate_on_submit():
        try:
            catalog_admin.set_designation_explanation(code, form.texts(), current_user)
        except CatalogError as error:
            _show_problems(form, error.problems, "text_")
            flash(str(error.message), "error")
        else:
            flash(_p("The explanation is saved."))
            return redirect(url_for("staff.designation_types"))
    return render_template("staff/designation_type_form.html", form=form,
                           kind=DESIGNATION_TYPES[code], built_in=_built_in_explanations(code),
                           locales=LANGUAGE_LOCALES)
