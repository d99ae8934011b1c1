"""Forms of the listing editor; labels are translated when the page is drawn.

The forms only carry what was typed: the listings service holds every field rule
(:func:`showcase.services.listings.check_payload`), so a value is judged in one place and the
messages the service gives are shown next to the fields here (see
:mod:`showcase.portal.payloads`).
"""

from functools import lru_cache

from flask_wtf import FlaskForm
from wtforms import Form, FormField, HiddenField, SelectField, StringField, TextAreaField

from showcase.i18n import portal_lazy_gettext as _lp
from showcase.rules import MAX_CERTIFICATION_LENGTH, MAX_KEYWORD_LENGTH


class LanguageTextForm(Form):
    """The product's texts in one language (a tab of the editor)."""

    name = StringField(_lp("Product name"), render_kw={"maxlength": 300})
    summary = TextAreaField(_lp("Summary"), render_kw={"rows": 3},
                            description=_lp("One or two sentences: what it is and who it is "
                                            "for."))
    description = TextAreaField(_lp("Description"), render_kw={"rows": 10},
                                description=_lp("Plain text; blank lines separate "
                                                "paragraphs."))
    keywords = StringField(_lp("Keywords"),
                           description=_lp("Separate keywords with commas, each at most "
                                           "%(limit)s characters.", limit=MAX_KEYWORD_LENGTH))


class ListingForm(FlaskForm):
    """The whole editable listing; ``text_<language>`` fields are added per language by
    :func:`listing_form_class`, which also names them in ``languages``."""

    languages: tuple[str, ...] = ()

    edit_version = HiddenField()
    designation_type = SelectField(_lp("Designation type"), validate_choice=False)
    designation_number = StringField(_lp("Designation number"), render_kw={"maxlength": 64})
    valid_from = StringField(_lp("Valid from"), render_kw={"type": "date"})
    valid_until = StringField(_lp("Valid until"), render_kw={"type": "date"})
    classification_code = StringField(
        _lp("Classification code"), description=_lp("The 8-digit procurement classification "
                                                    "code, e.g. 43211503."),
        render_kw={"inputmode": "numeric", "maxlength": 8, "autocomplete": "off"})
    category = SelectField(_lp("Category"), validate_choice=False)
    certifications = TextAreaField(
        _lp("Certifications"), render_kw={"rows": 4},
        description=_lp("One per line, each at most %(limit)s characters.",
                        limit=MAX_CERTIFICATION_LENGTH))
    price_amount = StringField(_lp("Price"), render_kw={"inputmode": "decimal"},
                               description=_lp("Leave empty when the price is on request."))
    price_currency = StringField(_lp("Currency"), default="KRW",
                                 render_kw={"maxlength": 3, "autocapitalize": "characters"},
                                 description=_lp("Three letters, e.g. KRW or USD."))
    price_unit = StringField(_lp("Unit"), render_kw={"maxlength": 16},
                             description=_lp("What the price is for, e.g. unit, set, "
                                             "licence."))
    booth_request = TextAreaField(
        _lp("Booth request"), render_kw={"rows": 2, "maxlength": 200},
        description=_lp("Wishes for your booth at the venue, e.g. near the entrance, power "
                        "for two machines."))
    new_language = SelectField(_lp("Add a language"), validate_choice=False)


@lru_cache(maxsize=256)
def listing_form_class(languages: tuple[str, ...]) -> type[ListingForm]:
    """The editor form with a tab of texts for each of ``languages`` (field ``text_<code>``,
    inputs named ``text_<code>-name`` and so on)."""
    fields = {f"text_{code}": FormField(LanguageTextForm) for code in languages}
    return type("ListingFormIn" + "".join(code.title() for code in languages),
                (ListingForm,), {"languages": languages, **fields})


class ListingActionForm(FlaskForm):
    """Submit, withdraw or withdraw pending changes: the version the page was drawn with."""

    edit_version = HiddenField()


class NewListingForm(FlaskForm):
    """The "New listing" button: nothing but its CSRF token."""
