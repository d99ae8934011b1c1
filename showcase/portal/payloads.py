"""Between the editor form and a listing payload (:mod:`showcase.services.listing_payload`).

``editor_form`` draws the form for a payload or for what was posted, ``payload_from_form``
reads what was typed back into a payload, and ``attach_problems`` puts the service's
``(field path, message)`` problems next to the fields they are about, so that a refused save
shows every message beside what the user typed.
"""

import re
from dataclasses import dataclass
from datetime import date

from babel import Locale
from wtforms import Field

from showcase.i18n import LOCALES
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.portal.forms import ListingForm, listing_form_class
from showcase.services.listing_payload import TEXT_FIELDS
from showcase.services.listings import REQUIRED_ONE_OF, TEXT_LANGUAGES

# Korean and English tabs are always there: one of them needs a name before submission.
ALWAYS_SHOWN = ("ko", "en")
DIRECTIONS = {locale.content_language: locale.direction for locale in LOCALES}
NATIVE_NAMES = {locale.content_language: locale.native_name for locale in LOCALES}
# Korean and Chinese keyboards type full-width commas and the ideographic comma.
KEYWORD_SEPARATORS = re.compile(r"[,，、]")
FIELD_OF_PATH = {
    "designation.type": "designation_type",
    "designation.number": "designation_number",
    "designation.valid_from": "valid_from",
    "designation.valid_until": "valid_until",
    "classification_code": "classification_code",
    "category": "category",
    "certifications": "certifications",
    "price.amount": "price_amount",
    "price.currency": "price_currency",
    "price.unit": "price_unit",
    "booth_request": "booth_request",
}
DATE_MESSAGE = _lp("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")


@dataclass(frozen=True)
class Problem:
    """A message about the form, and the field it is shown beside (None: the whole listing)."""

    message: object
    field: Field | None = None
    language: str | None = None


def tab_languages(codes, kept=()) -> tuple[str, ...]:
    """The languages the editor shows a tab for: Korean, English, then those of ``codes``
    that are offered, in the order of the interface languages, then those the listing
    already has in ``kept`` although they are not offered (an imported German text)."""
    wanted = set(codes) | set(ALWAYS_SHOWN)
    offered = [code for code in TEXT_LANGUAGES if code in wanted and code not in ALWAYS_SHOWN]
    extra = sorted(code for code in set(kept) & wanted if code not in TEXT_LANGUAGES)
    return (*ALWAYS_SHOWN, *offered, *extra)


def text_direction(code: str) -> str:
    """``rtl`` for a language written right to left (Urdu), else ``ltr``."""
    if code in DIRECTIONS:
        return DIRECTIONS[code]
    try:
        return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"
    except (ValueError, LookupError):
        return "ltr"


def editor_form(languages: tuple[str, ...], *, payload: dict | None = None,
                edit_version: int | None = None, formdata=None) -> ListingForm:
    """The editor form with tabs for ``languages``: filled from ``payload`` (a page drawn
    from what is stored) or from ``formdata`` (what was posted)."""
    form_class = listing_form_class(languages)
    if formdata is not None:
        return form_class(formdata=formdata)
    return form_class(formdata=None, data=_form_data(payload, edit_version))


def payload_from_form(form: ListingForm, languages, base: dict) -> tuple[dict, list]:
    """What the form holds as a payload built on ``base`` (which keeps the photos and
    brochures this form does not show), and the values that could not be read as
    ``(field path, message)``. ``languages`` are the posted ones, offered or not: a language
    without a tab is kept, empty, for the service to refuse."""
    problems = []
    designation = {"type": form.designation_type.data or "",
                   "number": _clean(form.designation_number.data)}
    for name in ("valid_from", "valid_until"):
        designation[name], problem = _iso_day(form[name].data)
        if problem:
            problems.append((f"designation.{name}", problem))
    texts = {}
    for code in dict.fromkeys(languages):
        if f"text_{code}" not in form:
            texts[code] = {"name": "", "summary": "", "description": "", "keywords": []}
            continue
        text = _text_payload(form[f"text_{code}"])
        if any(text.values()):
            texts[code] = text
    payload = {
        **base,
        "category": form.category.data or "",
        "designation": designation,
        "classification_code": _clean(form.classification_code.data).replace(" ", ""),
        "certifications": _lines(form.certifications.data),
        "price": {"amount": _amount(form.price_amount.data),
                  "currency": _clean(form.price_currency.data).upper() or "KRW",
                  "unit": _clean(form.price_unit.data)},
        "booth_request": _clean(form.booth_request.data),
        "texts": texts,
    }
    return payload, problems


def attach_problems(form: ListingForm, problems) -> list[Problem]:
    """Show each ``(field path, message)`` beside its field; the list of all of them, in
    order, for the summary at the top of the page."""
    shown = []
    for path, lazy_message in problems:
        # Plain text from here on: a lazy string would reach the page marked safe.
        message = str(lazy_message)
        fields = _fields_of(form, path)
        for field in fields:
            field.errors = [*field.errors, message]
        language = path.split(".")[1] if path.startswith("texts.") else None
        shown.append(Problem(message, fields[0] if fields else None, language))
    return shown


def text_status(form: ListingForm, code: str) -> bool:
    """True when the tab of ``code`` holds a name and a summary."""
    subform = form[f"text_{code}"]
    return bool(_clean(subform.form.name.data) and _clean(subform.form.summary.data))


def _fields_of(form: ListingForm, path: str) -> list[Field]:
    if path in FIELD_OF_PATH:
        return [form[FIELD_OF_PATH[path]]]
    if path == "texts":  # no name in Korean or English: both name fields are the answer
        return [form[f"text_{code}"].form.name for code in REQUIRED_ONE_OF]
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "texts" and f"text_{parts[1]}" in form:
        return [form[f"text_{parts[1]}"].form[parts[2]]]
    return []


def _form_data(payload: dict, edit_version: int) -> dict:
    designation, price = payload["designation"], payload["price"]
    data = {
        "edit_version": edit_version,
        "designation_type": designation["type"],
        "designation_number": designation["number"],
        "valid_from": designation["valid_from"] or "",
        "valid_until": designation["valid_until"] or "",
        "classification_code": payload["classification_code"],
        "category": payload["category"],
        "certifications": "\n".join(payload["certifications"]),
        "price_amount": price["amount"] or "",
        "price_currency": price["currency"],
        "price_unit": price["unit"],
        "booth_request": payload["booth_request"],
    }
    for code, text in payload["texts"].items():
        data[f"text_{code}"] = {**text, "keywords": ", ".join(text["keywords"])}
    return data


def _text_payload(subform) -> dict:
    fields = subform.form
    text = {name: _clean(fields[name].data) for name in TEXT_FIELDS if name != "keywords"}
    text["keywords"] = [word.strip() for word in KEYWORD_SEPARATORS.split(
        fields.keywords.data or "") if word.strip()]
    return text


def _clean(value) -> str:
    # Browsers send CR LF line ends; texts are kept with LF.
    return (value or "").replace("\r\n", "\n").strip()


def _lines(value) -> list[str]:
    return [line.strip() for line in _clean(value).split("\n") if line.strip()]


def _amount(value) -> str | None:
    """The typed price without the thousands separators Korean and English write."""
    amount = _clean(value).replace(",", "").replace(" ", "")
    return amount or None


def _iso_day(value) -> tuple[str | None, object | None]:
    text = _clean(value)
    if not text:
        return None, None
    try:
        return date.fromisoformat(text).isoformat(), None
    except ValueError:
        return None, DATE_MESSAGE
