"""Booth posters: an A4 sheet per published product with a large QR code and the product's
name in Korean, English and two languages the staff choose for the visitors they expect."""

from dataclasses import dataclass

from flask import abort, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from showcase.i18n import LOCALES, LOCALES_BY_SLUG, InterfaceLocale
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.queries.catalog import published_product
from showcase.staff import bp

# Korean and English are always on the poster; the staff add two of the other languages.
FIXED_LANGUAGES = ("ko", "en")
DEFAULT_EXTRA = ("zh-hans", "vi")
EXTRA_LOCALES = [locale for locale in LOCALES if locale.slug not in FIXED_LANGUAGES]


@dataclass(frozen=True)
class PosterLine:
    """The product's name and the invitation to scan, in one language."""

    locale: InterfaceLocale
    name: str | None  # None: the product has no text in this language
    invitation: str


class PosterForm(FlaskForm):
    """The two extra languages (a GET form: choosing prints nothing and changes nothing)."""

    class Meta:
        csrf = False

    first = SelectField(_lp("Third language"))
    second = SelectField(_lp("Fourth language"))
    submit = SubmitField(_lp("Show the poster"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [SelectChoice(locale.slug, locale.native_name) for locale in EXTRA_LOCALES]
        self.first.choices = self.second.choices = choices

    def chosen(self) -> list[InterfaceLocale]:
        """The two chosen locales (the defaults for anything not among the choices)."""
        slugs = [self.first.data, self.second.data]
        picked = [slug if slug in LOCALES_BY_SLUG and slug not in FIXED_LANGUAGES else default
                  for slug, default in zip(slugs, DEFAULT_EXTRA, strict=True)]
        return [LOCALES_BY_SLUG[slug] for slug in dict.fromkeys(picked)]


def _line(product, locale: InterfaceLocale) -> PosterLine:
    text = product.texts.get(locale.content_language)
    with force_locale(locale.code):
        invitation = _("Scan the code to see this product in your language.")
    return PosterLine(locale, text.name if text and text.name else None, invitation)


@bp.get("/products/<ref>/poster")
def poster(ref: str):
    """The A4 booth poster of a published product, ready to print."""
    product = published_product(ref) or abort(404)
    form = PosterForm(request.args, first=DEFAULT_EXTRA[0], second=DEFAULT_EXTRA[1])
    locales = [LOCALES_BY_SLUG[slug] for slug in FIXED_LANGUAGES] + form.chosen()
    return render_template("staff/poster.html", product=product, form=form,
                           lines=[_line(product, locale) for locale in locales])
