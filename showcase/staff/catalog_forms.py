"""Forms of the staff's catalog pages: featuring, visibility after expiry, categories,
explanations of designation types, and the translation grid and editor.

Fields named per language (``name_th``, ``text_th``) are added for every interface language,
labelled with the language's own name.
"""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from showcase import rules
from showcase.i18n import LOCALES
from showcase.i18n import portal_lazy_gettext as _lp

# One interface locale per content language (``zh`` -> 简体中文), in the order of the menus.
LANGUAGE_LOCALES = {locale.content_language: locale for locale in LOCALES}
LANGUAGES = tuple(LANGUAGE_LOCALES)


class _Query(FlaskForm):
    """A GET form: its values are in the URL, and it changes nothing (no CSRF token)."""

    class Meta:
        csrf = False


class ProductSearchForm(_Query):
    """Find published products by name or reference."""

    q = StringField(_lp("Name or reference"))


class _ProductAction(FlaskForm):
    """A button on one product of the catalog page; ``q`` and ``page`` bring staff back to the
    list they were looking at."""

    ref = HiddenField(validators=[DataRequired()])
    q = HiddenField()
    page = HiddenField()


class FeatureForm(_ProductAction):
    """Feature, stop featuring, or move a featured product up or down."""

    action = HiddenField(validators=[AnyOf(("feature", "unfeature", "up", "down"))])


class VisibilityForm(_ProductAction):
    """Keep a listing visible once its designation expired, or hide it then."""

    visible = HiddenField(validators=[AnyOf(("0", "1"))])


class ConceptTagForm(_ProductAction):
    """Hide a thesaurus concept from a product's tags, or show it again."""

    concept = HiddenField(validators=[DataRequired()])
    hidden = HiddenField(validators=[AnyOf(("0", "1"))])


class DeleteForm(FlaskForm):
    """A confirmation button: only the CSRF token."""


def _per_language(form_class, prefix: str, make_field) -> type:
    for language, locale in LANGUAGE_LOCALES.items():
        setattr(form_class, f"{prefix}{language}", make_field(locale))
    return form_class


class _CategoryForm(FlaskForm):
    code = StringField(_lp("Code"), validators=[rules.wtforms_validator(rules.CATEGORY_CODE_RULE)],
                       description=_lp("Lower-case letters, digits and hyphens, e.g. "
                                       "smart-city. It never changes once created."))

    def names(self) -> dict:
        """``{language: name}`` as typed."""
        return {language: self[f"name_{language}"].data or "" for language in LANGUAGES}


CategoryForm = _per_language(_CategoryForm, "name_", lambda locale: StringField(
    locale.native_name, validators=[rules.wtforms_validator(rules.LOCALIZED_NAME)]))


class _ExplanationForm(FlaskForm):
    def texts(self) -> dict:
        """``{language: explanation}`` as typed."""
        return {language: self[f"text_{language}"].data or "" for language in LANGUAGES}


ExplanationForm = _per_language(_ExplanationForm, "text_", lambda locale: TextAreaField(
    locale.native_name, validators=[rules.wtforms_validator(rules.SUMMARY)]))


class TranslationFilterForm(_Query):
    """Which languages (columns) and products (rows) the translation grid shows."""

    languages = SelectMultipleField(
        _lp("Languages"), choices=[SelectChoice(code, locale.native_name)
                                   for code, locale in LANGUAGE_LOCALES.items()],
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
    missing = BooleanField(_lp("Only products with missing texts"))
    category = SelectField(_lp("Category"), choices=[], validate_choice=False)
    q = StringField(_lp("Name or reference"))


class TranslationForm(FlaskForm):
    """A product's texts in one language, and the version of the listing they were drawn
    at."""

    name = StringField(_lp("Name"), validators=[rules.wtforms_validator(rules.PRODUCT_NAME)])
    summary = TextAreaField(_lp("Summary"), validators=[rules.wtforms_validator(rules.SUMMARY)])
    description = TextAreaField(_lp("Description"),
                                validators=[rules.wtforms_validator(rules.DESCRIPTION)])
    keywords = StringField(_lp("Keywords"), description=_lp("Separated by commas."))
    edit_version = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])

    def keyword_list(self) -> list[str]:
        """The keywords typed, without blanks."""
        return [word.strip() for word in (self.keywords.data or "").split(",") if word.strip()]

    def fields(self) -> dict:
        """The texts as the translation service takes them."""
        return {"name": (self.name.data or "").strip(), "summary": self.summary.data or "",
                "description": self.description.data or "", "keywords": self.keyword_list()}
