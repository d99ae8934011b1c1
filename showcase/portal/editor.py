"""The listing editor: a company's listings, drafts with texts per language, a preview as
delegates will see it, submission for review, withdrawal, and changes to live listings that
wait for staff.

Every route that names a listing answers 404 unless it belongs to the signed-in member's
company. Nothing is judged here: the form becomes a payload (:mod:`showcase.portal.payloads`)
and :mod:`showcase.services.listings` saves it or says what is wrong, field by field.
"""

from contextlib import contextmanager

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale, format_datetime
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from showcase import auth
from showcase.extensions import db
from showcase.i18n import LOCALES, LOCALES_BY_SLUG, content_chain, current_locale
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import DESIGNATION_TYPES, Category, Product, ProductStatus, RevisionState
from showcase.portal import bp, payloads
from showcase.portal.forms import ListingActionForm, ListingForm, NewListingForm
from showcase.services import listings
from showcase.services.listing_payload import detached_product
from showcase.templating import language_name

# The portal's sections, in the order of the navigation bar.
PORTAL_NAV = (("portal.listings", _lp("Listings")), ("portal.inbox", _lp("Inquiries")),
              ("portal.colleagues", _lp("Colleagues")))
STATUS_NAMES = {
    ProductStatus.DRAFT: _lp("Draft"),
    ProductStatus.SUBMITTED: _lp("Waiting for review"),
    ProductStatus.PUBLISHED: _lp("Published"),
    ProductStatus.REJECTED: _lp("Rejected"),
    ProductStatus.WITHDRAWN: _lp("Offline"),
}


@bp.context_processor
def portal_navigation() -> dict:
    """The portal's sections for the navigation bar, and the names of listing states."""
    return {"portal_nav": PORTAL_NAV,
            "status_names": STATUS_NAMES}


@bp.get("/", endpoint="listings")
def listing_overview():
    """Every listing of the member's company, with its status and the staff's feedback."""
    company = current_user.company
    products = db.session.scalars(
        select(Product).where(Product.company_id == company.id)
        .options(selectinload(Product.texts), selectinload(Product.revisions))
        .order_by(Product.updated_at.desc(), Product.id.desc())
    ).all()
    return render_template("portal/listings.html", company=company,
                           rows=[_overview_row(product) for product in products],
                           new_form=NewListingForm())


@bp.post("/listings/new", endpoint="create")
def create_listing():
    """Start a new, empty draft and open it in the editor."""
    if not NewListingForm().validate_on_submit():
        abort(400)
    product = listings.create_draft(current_user.company, current_user)
    flash(_p("A new draft was created. Save it as often as you like; nobody else sees it "
             "until you submit it for review."))
    return redirect(url_for("portal.edit", ref=product.ref))


@bp.route("/listings/<ref>", methods=["GET", "POST"])
def edit(ref: str):
    """The editor; a save stays on the page, a refused one shows what was typed with the
    reasons beside the fields."""
    product = own_listing(ref)
    if request.method == "GET":
        return _editor_page(product, _stored_form(product))
    stored = listings.editable_payload(product)
    posted_languages = request.form.getlist("language")
    if request.form.get("action") == "add_language":
        posted_languages.append(request.form.get("new_language", ""))
    form = payloads.editor_form(payloads.tab_languages(posted_languages, stored["texts"]),
                                formdata=request.form)
    if not form.validate():
        abort(400)
    if request.form.get("action") == "add_language":
        return _add_language(product, form)
    payload, problems = payloads.payload_from_form(form, posted_languages, stored)
    if problems:
        return _editor_page(product, form, problems + listings.check_edit(product, payload),
                            message=_p("Some fields need attention."), status=422)
    try:
        listings.save(product, payload, _version(form.edit_version.data), current_user)
    except listings.EditConflict as conflict:
        return _editor_page(product, form, message=conflict.message, status=409)
    except listings.ListingError as error:
        return _editor_page(product, form, error.problems, message=error.message, status=422)
    flash(_saved_message(product))
    return redirect(url_for("portal.edit", ref=product.ref))


@bp.post("/listings/<ref>/submit")
def submit(ref: str):
    """Send the saved listing to staff; when it is not complete, the editor shows what is
    missing beside the fields."""
    product = own_listing(ref)
    try:
        listings.submit(product, current_user, _action_version())
    except listings.ListingError as error:
        if error.problems:
            return _editor_page(product, _stored_form(product), error.problems,
                                message=error.message, status=422)
        flash(str(error.message), "error")
    else:
        flash(_p("Submitted for review. PPS staff will look at it; you will see their "
                 "decision here."))
    return redirect(url_for("portal.edit", ref=product.ref))


@bp.post("/listings/<ref>/withdraw")
def withdraw(ref: str):
    """Take a listing back from review (it becomes a draft) or take a live listing offline."""
    product = own_listing(ref)
    was_live = product.status == ProductStatus.PUBLISHED
    try:
        listings.withdraw(product, current_user, _action_version())
    except listings.ListingError as error:
        flash(str(error.message), "error")
    else:
        flash(_p("The listing is offline. Submit it again to have it published.") if was_live
              else _p("The listing was taken back from review and is a draft again."))
    return redirect(url_for("portal.edit", ref=product.ref))


@bp.post("/listings/<ref>/discard-changes", endpoint="discard_revision")
def discard_revision(ref: str):
    """Withdraw the changes waiting for staff; the live listing stays as it is."""
    product = own_listing(ref)
    try:
        listings.discard_revision(product, current_user, _action_version())
    except listings.ListingError as error:
        flash(str(error.message), "error")
    else:
        flash(_p("Your pending changes were withdrawn. The live listing is unchanged."))
    return redirect(url_for("portal.edit", ref=product.ref))


@bp.get("/listings/<ref>/preview")
def preview(ref: str):
    """The public product page as a delegate will see it, in any interface language, showing
    the listing as last saved (a live listing's pending changes included). Nothing is
    written: the page shows a copy of the listing that never enters the database session."""
    product = own_listing(ref)
    shown_in = LOCALES_BY_SLUG.get(request.args.get("as", ""), current_locale())
    shown = detached_product(product, listings.editable_payload(product),
                             Category(code="-", names={current_locale().content_language:
                                                       _p("No category chosen yet")}))
    # The banner speaks the member's language; the page around it the chosen one.
    banner = {"lang": current_locale().html_lang, "locale": shown_in,
              "edit_url": url_for("portal.edit", ref=ref),
              "languages": [(locale, url_for("portal.preview", ref=ref, **{"as": locale.slug}))
                            for locale in LOCALES],
              "title": _p("Preview"), "back": _p("Back to the editor"),
              "choose": _p("Show the preview in"),
              "note": _p("This is how delegates will see the listing once it is published. "
                         "It shows what you last saved.")}
    with _speaking(shown_in):
        return render_template("portal/preview.html", product=shown, banner=banner,
                               designation=DESIGNATION_TYPES.get(shown.designation_type))


def _editor_page(product: Product, form: ListingForm, problems=(), message=None,
                 status: int = 200, active_tab: str | None = None):
    """The editor for ``product`` showing ``form``, with ``problems`` beside their fields;
    ``active_tab`` names the language tab to open first."""
    languages = form.languages
    _fill_choices(form, languages)
    shown_problems = payloads.attach_problems(form, problems)
    tabs = [_tab(form, code) for code in languages]
    return render_template(
        "portal/edit.html", product=product, form=form, message=message and str(message),
        problems=shown_problems, tabs=tabs, status_conflict=status == 409, active_tab=active_tab,
        tab_labels={tab["code"]: tab["label"] for tab in tabs},
        revision=listings.open_revision(product),
        read_only=product.status == ProductStatus.SUBMITTED,
        action_form=ListingActionForm(formdata=None, edit_version=product.edit_version),
    ), status


def _add_language(product: Product, form: ListingForm):
    """The editor again, with a tab for the chosen language; nothing is saved yet."""
    code = form.new_language.data
    if code in listings.TEXT_LANGUAGES:
        return _editor_page(product, form, active_tab=code)
    form.new_language.errors = [_p("This language is not offered.") if code
                                else _p("Choose the language to add.")]
    return _editor_page(product, form, status=422)


def _stored_form(product: Product) -> ListingForm:
    payload = listings.editable_payload(product)
    return payloads.editor_form(payloads.tab_languages(payload["texts"], payload["texts"]),
                                payload=payload, edit_version=product.edit_version)


def _fill_choices(form: ListingForm, languages: tuple[str, ...]) -> None:
    """The options of the select fields, in the member's language; a value that is not an
    option (a category since removed) stays shown so that nothing typed disappears."""
    chain = content_chain()
    form.designation_type.choices = [("", _p("Choose a designation type"))] + [
        (code, str(kind.label)) for code, kind in DESIGNATION_TYPES.items()]
    categories = db.session.scalars(select(Category).order_by(Category.code))
    form.category.choices = [("", _p("Choose a category"))] + [
        (category.code, category.name_in(chain)[0]) for category in categories]
    for field in (form.designation_type, form.category):
        if field.data and field.data not in {value for value, _label in field.choices}:
            field.choices.append((field.data, field.data))
    form.new_language.choices = [("", _p("Choose a language"))] + [
        (code, _language_label(code)) for code in listings.TEXT_LANGUAGES
        if code not in languages]


def _tab(form: ListingForm, code: str) -> dict:
    return {"code": code, "label": _language_label(code), "fields": form[f"text_{code}"],
            "dir": payloads.text_direction(code),
            "complete": payloads.text_status(form, code),
            "has_errors": any(field.errors for field in form[f"text_{code}"].form)}


def _language_label(code: str) -> str:
    """``Thai · ไทย``: the language's name in the member's language and in its own."""
    own = payloads.NATIVE_NAMES.get(code, code)
    translated = language_name(code)
    return own if translated == own else f"{translated} · {own}"


def _overview_row(product: Product) -> dict:
    revision = listings.open_revision(product)
    changed = max(filter(None, (product.updated_at,
                                revision and (revision.updated_at or revision.created_at))))
    text = product.text_in(content_chain())
    return {"product": product, "text": text, "revision": revision,
            "sent_back": revision is not None and revision.state == RevisionState.SENT_BACK,
            "changed": format_datetime(changed, "short") if changed else ""}


def _saved_message(product: Product) -> str:
    if product.status != ProductStatus.PUBLISHED:
        return _p("Saved.")
    if listings.open_revision(product) is None:
        return _p("The listing is as it is live, so nothing waits for review.")
    return _p("Saved. Your changes wait for approval by PPS staff; the live listing stays as "
              "it is until then.")


def own_listing(ref: str) -> Product:
    """The listing ``ref`` of the member's own company; any other listing is a 404."""
    product = db.session.scalar(select(Product).where(Product.ref == ref))
    auth.own_or_404(product.company_id if product is not None else None)
    return product


def _action_version() -> int:
    """The edit version a status button's page was drawn with."""
    form = ListingActionForm()
    if not form.validate_on_submit():
        abort(400)
    return _version(form.edit_version.data)


def _version(value) -> int:
    """A form's edit version; a missing or garbled one matches no listing (a conflict)."""
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else -1


@contextmanager
def _speaking(locale):
    """Render in ``locale`` (interface strings, formats, product texts, links) for a while."""
    previous = current_locale()
    g.locale = locale
    try:
        with force_locale(locale.code):
            yield
    finally:
        g.locale = previous
