"""The form a delegate fills in to ask a company for a meeting or for information.

Labels and messages are translated when the page is drawn (``_l``); the choices of country,
language and time slot are filled in per request, in the visitor's language.
"""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from showcase import rules
from showcase.i18n import LOCALES, InterfaceLocale
from showcase.models import InquiryKind
from showcase.queries.meeting_slots import meeting_slots
from showcase.services.inquiries import MESSAGE_LENGTH, InquiryRequest

# CLDR territory codes that name no country a delegate comes from.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def _valid_email(_form, field) -> None:
    if rules.ACCOUNT_EMAIL.check(field.data) is not None:
        raise ValidationError(_l("Enter an e-mail address such as name@example.org."))


def _text(label, required_message, limit: int, **render_kw) -> StringField:
    presence = DataRequired(required_message) if required_message else Optional()
    return StringField(label, default="", filters=[_stripped], render_kw=render_kw, validators=[
        presence, Length(max=limit, message=_l("Use at most %(max)d characters."))])


class InquiryForm(FlaskForm):
    """Who the delegate is, what they want and when; ``homepage`` is a trap for robots."""

    kind = RadioField(_l("I would like"), default=InquiryKind.MEETING.value, choices=[
        SelectChoice(InquiryKind.MEETING.value, _l("a meeting with the company")),
        SelectChoice(InquiryKind.INFORMATION.value, _l("more information")),
    ], validators=[DataRequired(_l("Choose a meeting or information."))])
    name = _text(_l("Your name"), _l("Enter your name."), 200, autocomplete="name")
    organisation = _text(_l("Organisation"), _l("Enter your organisation."), 300,
                         autocomplete="organization")
    country = SelectField(_l("Country"), validators=[DataRequired(_l("Choose your country."))])
    email = EmailField(_l("E-mail address"), filters=[_stripped], validators=[
        DataRequired(_l("Enter your e-mail address.")), _valid_email],
        render_kw={"autocomplete": "email", "spellcheck": "false", "dir": "ltr"})
    language = SelectField(_l("Language for the answer"),
                           validators=[DataRequired(_l("Choose a language."))])
    wants_interpreter = BooleanField(_l("I need an interpreter at the meeting"))
    interpreter_language = SelectField(_l("Interpreter from Korean into"))
    time_slot = SelectField(_l("Preferred time"), default="",
                            description=_l("For a meeting at the venue."))
    message = TextAreaField(_l("Message"), filters=[_stripped], default="", validators=[
        Length(max=MESSAGE_LENGTH, message=_l("Use at most %(max)d characters."))],
        render_kw={"dir": "auto"})
    # Hidden from people (CSS) and screen readers (aria-hidden): only robots fill it in.
    homepage = StringField(_l("Leave this field empty"), default="",
                           render_kw={"autocomplete": "off", "tabindex": "-1"})
    submit = SubmitField(_l("Send the request"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [SelectChoice("", _l("Choose a country")), *country_choices()]
        self.language.choices = language_choices()
        self.interpreter_language.choices = [SelectChoice("", _l("Choose a language")),
                                             *language_choices()]
        self.time_slot.choices = [SelectChoice("", _l("Any time"))] + [
            SelectChoice(slot.code, f"{slot.day_text()} · {slot.hours_text()}")
            for slot in meeting_slots()]

    def validate_message(self, field) -> None:
        """A question needs words; a meeting request may come without any."""
        if self.kind.data == InquiryKind.INFORMATION.value and not field.data:
            raise ValidationError(_l("Tell the company what you would like to know."))

    def validate_interpreter_language(self, field) -> None:
        if self.wants_interpreter.data and not field.data:
            raise ValidationError(_l("Choose the interpreter's language."))

    def is_robot(self) -> bool:
        """True when the hidden trap field was filled in."""
        return bool(self.homepage.data)

    def inquiry_request(self) -> InquiryRequest:
        """What the delegate asked for, for ``services.inquiries.submit``."""
        return InquiryRequest(
            kind=InquiryKind(self.kind.data), name=self.name.data,
            organisation=self.organisation.data, country=self.country.data,
            email=self.email.data, locale=self.language.data,
            interpreter_language=self.interpreter_language.data
            if self.wants_interpreter.data else "",
            time_slot=self.time_slot.data, message=self.message.data)


def country_choices() -> list[SelectChoice]:
    """Every country by its ISO code, named and sorted in the visitor's language."""
    names = get_locale().territories
    countries = sorted((name, code) for code, name in names.items()
                       if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES)
    return [SelectChoice(code, name) for name, code in countries]


def language_choices() -> list[SelectChoice]:
    """The 24 interface languages by Babel code: their own name, then the visitor's."""
    return [SelectChoice(locale.code, _language_label(locale)) for locale in LOCALES]


def _language_label(locale: InterfaceLocale) -> str:
    """``ไทย (Thai)`` on an English page; the own name alone on a page in that language."""
    here = get_locale()
    if locale.code == str(here):
        return locale.native_name
    name = here.languages.get(locale.content_language) or locale.code
    return f"{locale.native_name} ({name})"
