"""Staff pages: the translation grid (published products x languages, which texts exist) and
the editor of one product's texts in one language, with the English and Korean beside it."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from showcase.i18n import content_chain
from showcase.i18n import portal_gettext as _p
from showcase.queries import catalog as public_queries
from showcase.queries import catalog_admin as queries
from showcase.services import translations as translation_service
from showcase.services.listings import EditConflict
from showcase.staff import bp
from showcase.staff.catalog_forms import (
    LANGUAGE_LOCALES,
    LANGUAGES,
    TranslationFilterForm,
    TranslationForm,
)

REFERENCE_LANGUAGES = ("en", "ko")


@bp.get("/translations")
def translations():
    """Published products (rows) by language (columns), filtered by language, category and
    missing texts, 50 rows a page."""
    filters = TranslationFilterForm(request.args)
    categories = queries.categories_with_usage()
    filters.category.choices = [SelectChoice("", _p("All categories"))] + [
        SelectChoice(category.code, category.name_in(content_chain())[0])
        for category, _used in categories]
    languages = [code for code in filters.languages.data or [] if code in LANGUAGE_LOCALES]
    languages = languages or list(LANGUAGES)
    category = queries.category_by_code(filters.category.data) if filters.category.data else None
    page_number = public_queries.page_number(request.args.get("page"))
    if page_number is None:
        abort(404)
    rows = queries.translation_rows(languages, filters.missing.data, category,
                                    filters.q.data or "", page_number)
    if page_number > rows.pages:
        abort(404)
    return render_template("staff/translations.html", filters=filters, rows=rows,
                           languages=languages, locales=LANGUAGE_LOCALES, cell=queries.cell,
                           grid_args=_grid_args())


def _product_or_404(ref: str, language: str):
    if language not in LANGUAGE_LOCALES:
        abort(404)
    product = queries.published_by_ref(ref)
    if product is None:
        abort(404)
    return product


@bp.route("/translations/<ref>/<language>", methods=["GET", "POST"])
def translation(ref: str, language: str):
    """Write or correct ``ref``'s texts in ``language``; saved straight on the live listing."""
    product = _product_or_404(ref, language)
    text = product.texts.get(language)
    form = TranslationForm(data={
        "name": text.name if text else "", "summary": text.summary if text else "",
        "description": text.description if text else "",
        "keywords": ", ".join(text.keywords or []) if text else "",
        "edit_version": product.edit_version})
    if form.validate_on_submit():
        try:
            changed = translation_service.save_translation(product, language, form.fields(),
                                                    current_user, form.edit_version.data)
        except EditConflict as error:
            flash(str(error.message), "error")
        except translation_service.TranslationError as error:
            for field, message in error.problems:
                if field in form:
                    form[field].errors = [*form[field].errors, str(message)]
            flash(str(error.message), "error")
        else:
            flash(_p("The translation is saved and shown on the public page.") if changed
                  else _p("Nothing was changed."))
            return redirect(url_for("staff.translations", **_grid_args()))
    return render_template("staff/translation_form.html", form=form, product=product,
                           language=language, locale=LANGUAGE_LOCALES[language],
                           references=[(LANGUAGE_LOCALES[code], product.texts.get(code))
                                       for code in REFERENCE_LANGUAGES if code != language],
                           grid_args=_grid_args())


def _grid_args() -> dict:
    """The grid's filters the editor was opened from, to go back to the same view."""
    return {name: request.args.getlist(name) if name == "languages" else request.args[name]
            for name in ("languages", "missing", "category", "q", "page")
            if request.args.get(name)}
