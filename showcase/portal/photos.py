"""The photos and brochures of a listing: upload, describe, reorder and remove.

Each route names a listing by its reference and answers 404 unless it belongs to the signed-in
member's company. What is shown and changed is the listing's editable payload: the listing
itself for a draft, the revision waiting for staff for a live one (visitors keep seeing the
live photos until staff approve). Uploads are refused before their body is read when it is
larger than the limit, with a message on the page rather than a bare error.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from showcase import media
from showcase.errors import error_page
from showcase.i18n import current_locale
from showcase.i18n import portal_gettext as _p
from showcase.models import Product, ProductStatus
from showcase.portal import bp
from showcase.portal.editor import own_listing
from showcase.portal.media_forms import (
    PHOTO_TYPES,
    BrochureUploadForm,
    ListingChangeForm,
    PhotoMoveForm,
    PhotoUploadForm,
    alt_text_form,
)
from showcase.services import brochures, listings, photos
from showcase.services.listings import ListingError
from showcase.templating import language_name

# Upload routes and the setting that limits each one's file.
UPLOAD_LIMITS = {"portal.upload_photo": "MAX_PHOTO_BYTES",
                 "portal.upload_brochure": "MAX_BROCHURE_BYTES"}
# Room for the multipart boundaries, the CSRF token and the other fields around the file.
FORM_OVERHEAD = 64 * 1024
FIRST_LANGUAGES = ("ko", "en")


@bp.url_value_preprocessor
def limit_upload_size(endpoint, _values) -> None:
    """Set an upload route's body limit before anything reads the body. URL value
    preprocessors run before every ``before_request`` function, and some of those (the CSRF
    check, the NUL check) read the form: a limit set in the view would come too late."""
    setting = UPLOAD_LIMITS.get(endpoint)
    if setting is not None:
        request.max_content_length = current_app.config[setting] + FORM_OVERHEAD


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error: RequestEntityTooLarge):
    """An upload over the limit (refused from its Content-Length, unread): back to the page
    with the limit in the member's language. Other portal pages answer as everywhere."""
    setting = UPLOAD_LIMITS.get(request.endpoint)
    if setting is None:
        return error_page(error.code)
    flash(media.too_large_message(current_app.config[setting]), "error")
    return redirect(url_for("portal.photos", ref=request.view_args["ref"]))


@bp.get("/listings/<ref>/photos", endpoint="photos")
def photos_page(ref: str):
    """The listing's photos with their descriptions, and its brochures."""
    return _page(own_listing(ref))


@bp.post("/listings/<ref>/photos", endpoint="upload_photo")
def upload_photo(ref: str):
    """Add one photo at the end; a refused file is explained beside the upload field."""
    product = own_listing(ref)
    form = PhotoUploadForm()
    return _save(product, form, lambda: photos.add_photo(
        product, form.photo.data.read(), form.edit_version.data, current_user),
        done=_p("The photo was added."), upload_form=form)


@bp.post("/listings/<ref>/photos/<key>/alt", endpoint="describe_photo")
def describe_photo(ref: str, key: str):
    """Save a photo's descriptions; what was typed stays on the page if it is refused."""
    product = own_listing(ref)
    form = alt_text_form(key, _alt_languages(product))
    texts = {code: form[f"alt_{code}"].data for code in form.codes
             if form[f"alt_{code}"].raw_data}
    return _save(product, form, lambda: photos.set_alt_texts(
        product, key, texts, form.edit_version.data, current_user),
        done=_p("The descriptions were saved."),
        field_name=lambda path: path.replace(".", "_"), alt_forms={key: form})


@bp.post("/listings/<ref>/photos/<key>/move", endpoint="move_photo")
def move_photo(ref: str, key: str):
    """Move a photo one place up or down."""
    form = PhotoMoveForm()
    offset = -1 if form.direction.data == "up" else 1
    return _change(own_listing(ref), form, photos.move_photo, key, offset,
                   refused=_p("The photo could not be moved. Reload the page and try again."),
                   done=_p("The photo was moved."))


@bp.post("/listings/<ref>/photos/<key>/delete", endpoint="delete_photo")
def delete_photo(ref: str, key: str):
    """Remove a photo from the listing."""
    return _change(own_listing(ref), ListingChangeForm(), photos.delete_photo, key,
                   refused=_p("The photo could not be removed. Reload the page and "
                              "try again."),
                   done=_p("The photo was removed."))


@bp.post("/listings/<ref>/brochures", endpoint="upload_brochure")
def upload_brochure(ref: str):
    """Add one PDF brochure; a refusal keeps the title and language typed."""
    product = own_listing(ref)
    form = _brochure_form()
    return _save(product, form, lambda: brochures.add_brochure(
        product, form.brochure.data.read(), form.title.data, form.language.data,
        form.edit_version.data, current_user),
        done=_p("The brochure was added."), brochure_form=form)


@bp.post("/listings/<ref>/brochures/<key>/delete", endpoint="delete_brochure")
def delete_brochure(ref: str, key: str):
    """Remove a brochure from the listing."""
    return _change(own_listing(ref), ListingChangeForm(), brochures.delete_brochure, key,
                   refused=_p("The brochure could not be removed. Reload the page and "
                              "try again."),
                   done=_p("The brochure was removed."))


def _save(product: Product, form, change, done: str, field_name=lambda path: path,
          **page_forms):
    """Run ``change()`` once ``form`` is valid and flash ``done``, back to the page; an
    invalid form or a refused change shows the page again with ``form`` as it was posted."""
    if not form.validate():
        return _page(product, status=422, **page_forms)
    try:
        change()
    except ListingError as error:
        return _refusal(product, error, form, field_name, **page_forms)
    flash(done)
    return _back(product)


def _change(product: Product, form, service, *arguments, refused: str, done: str):
    """Run one button's change of the listing as the member, at the edit version ``form``
    carries; flash what happened (``refused`` when the form itself is not valid) and go back
    to the page."""
    if not form.validate():
        return _refused(product, refused)
    try:
        service(product, *arguments, form.edit_version.data, current_user)
    except ListingError as error:
        return _refused(product, error.message)
    flash(done)
    return _back(product)


def _closed(product: Product) -> bool:
    """Waiting for review: the page shows no forms to explain a refusal beside."""
    return product.status == ProductStatus.SUBMITTED


def _refused(product: Product, message):
    """Back to the page with ``message`` saying why nothing changed."""
    flash(message, "error")
    return _back(product)


def _back(product: Product):
    """The page again, after a change (post, redirect, get)."""
    return redirect(url_for("portal.photos", ref=product.ref))


def _refusal(product: Product, error: ListingError, form, field_name=lambda path: path,
             **page_forms):
    """The page again with ``form`` as it was posted: each problem of ``error`` beside the
    field ``field_name`` maps its path to, the message above the page when no field takes
    it. A listing waiting for review shows no forms: the message is flashed instead."""
    if _closed(product):
        return _refused(product, error.message)
    unplaced = False
    for path, message in error.problems:
        field = form._fields.get(field_name(path))
        if field is not None:
            field.errors.append(message)
        else:
            unplaced = True
    show_message = unplaced or not error.problems
    return _page(product, status=422, message=error.message if show_message else None,
                 **page_forms)


def _alt_languages(product: Product) -> list[tuple[str, str]]:
    """``(code, name)`` of the languages the listing has texts in (Korean and English
    first, and always), for the alternative texts of its photos."""
    written = listings.editable_payload(product)["texts"]
    codes = list(FIRST_LANGUAGES) + sorted(code for code in written
                                           if code not in FIRST_LANGUAGES)
    return [(code, language_name(code)) for code in codes]


def _brochure_form(**kwargs) -> BrochureUploadForm:
    """The brochure upload form, its languages Korean and English first."""
    form = BrochureUploadForm(**kwargs)
    codes = list(FIRST_LANGUAGES) + [code for code in listings.TEXT_LANGUAGES
                                     if code not in FIRST_LANGUAGES]
    form.language.choices = [(code, language_name(code)) for code in codes]
    return form


def _page(product: Product, status: int = 200, message=None, upload_form=None,
          brochure_form=None, alt_forms: dict | None = None):
    """The page, with the forms given (filled in as posted) and fresh ones for the rest,
    every one drawn at the listing's current edit version; ``message`` says above it why a
    change was refused."""
    payload = listings.editable_payload(product)
    languages = _alt_languages(product)
    alt_forms = dict(alt_forms or {})
    for photo in payload["images"]:
        if photo["key"] not in alt_forms:
            alt_forms[photo["key"]] = alt_text_form(
                photo["key"], languages, formdata=None,
                **{f"alt_{code}": photo["alt"].get(code, "") for code, _name in languages})
    forms = {
        "upload_form": upload_form or PhotoUploadForm(formdata=None),
        "brochure_form": brochure_form or _brochure_form(
            formdata=None, language=current_locale().content_language),
        "change_form": ListingChangeForm(formdata=None),
    }
    for form in (*forms.values(), *alt_forms.values()):
        form.edit_version.data = product.edit_version
    config = current_app.config
    return render_template(
        "portal/photos.html", product=product, payload=payload, alt_forms=alt_forms,
        message=message, photo_types=PHOTO_TYPES, max_photos=listings.MAX_PHOTOS,
        max_brochures=listings.MAX_BROCHURES,
        photo_limit_mb=media.megabytes(config["MAX_PHOTO_BYTES"]),
        brochure_limit_mb=media.megabytes(config["MAX_BROCHURE_BYTES"]),
        editable=not _closed(product),
        revision=listings.open_revision(product),
        live=product.status == ProductStatus.PUBLISHED, **forms), status
