"""Account forms; labels and messages are translated when the page is drawn."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from showcase import rules
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.services import accounts


class SignInForm(FlaskForm):
    """E-mail address and password."""

    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Sign in"))



# The pages below speak Korean and English only (the portal's message domain).

def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def _password_rules(_form, field) -> None:
    """At least 12 characters and not among the common passwords."""
    problem = accounts.password_problem(field.data or "")
    if problem is not None:
        raise ValidationError(str(problem))


def _email_field(label=None) -> EmailField:
    return EmailField(
        label or _lp("E-mail address"),
        filters=[_stripped],
        validators=[DataRequired(_lp("Enter an e-mail address.")),
                    rules.wtforms_validator(rules.ACCOUNT_EMAIL)],
        render_kw={"autocomplete": "email", "spellcheck": "false", "dir": "ltr"},
    )


def _name_field(label, required_message, field_rule: rules.Rule, **render_kw) -> StringField:
    presence = DataRequired(required_message) if required_message else Optional()
    return StringField(label, default="", filters=[_stripped],
                       validators=[presence, rules.wtforms_validator(field_rule)],
                       render_kw=render_kw)


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A new password and its confirmation (neither is ever shown again)."""
    password = PasswordField(
        _lp("Password"),
        description=_lp("At least 12 characters. A few unrelated words make a good one."),
        validators=[DataRequired(_lp("Choose a password.")),
                    Length(max=200, message=_lp("Use at most 200 characters.")),
                    _password_rules],
        render_kw={"autocomplete": "new-password", "dir": "ltr"},
    )
    confirmation = PasswordField(
        _lp("Password again"),
        validators=[DataRequired(_lp("Type the password again.")),
                    EqualTo("password", _lp("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password", "dir": "ltr"},
    )
    return password, confirmation


class SignUpForm(FlaskForm):
    """A company's first account: the company's names and number, the contact person."""

    name_ko = _name_field(_lp("Company name in Korean"),
                          _lp("Enter the company's name in Korean."), accounts.COMPANY_NAME,
                          autocomplete="organization", lang="ko")
    name_en = _name_field(_lp("Company name in English"),
                          _lp("Enter the company's name in English."), accounts.COMPANY_NAME,
                          autocomplete="organization", lang="en")
    registration_number = StringField(
        _lp("Business registration number"),
        description=_lp("Ten digits, as 123-45-67890."),
        filters=[_stripped],
        validators=[DataRequired(_lp("Enter the business registration number.")),
                    rules.wtforms_validator(rules.REGISTRATION_NUMBER)],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"},
    )
    contact_name = _name_field(_lp("Your name"), _lp("Enter your name."), accounts.PERSON_NAME,
                               autocomplete="name")
    email = _email_field(_lp("Your e-mail address"))
    password, confirmation = _new_password_fields()
    submit = SubmitField(_lp("Create the account"))


class ForgotPasswordForm(FlaskForm):
    """The address to send a new-password link to."""

    email = _email_field()
    submit = SubmitField(_lp("Send me a link"))


class NewPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password, confirmation = _new_password_fields()
    submit = SubmitField(_lp("Save the new password"))


class WelcomeForm(FlaskForm):
    """What an invited person completes: their name and a password."""

    name = _name_field(_lp("Your name"), _lp("Enter your name."), accounts.PERSON_NAME,
                       autocomplete="name")
    password, confirmation = _new_password_fields()
    submit = SubmitField(_lp("Save and sign in"))


class InviteForm(FlaskForm):
    """Whom to invite: an address and, if known, the person's name."""

    email = _email_field()
    name = _name_field(_lp("Name (optional)"), None, accounts.PERSON_NAME, autocomplete="off")
    submit = SubmitField(_lp("Send the invitation"))


def show_error(form: FlaskForm, error: accounts.AccountError) -> None:
    """Put a service's refusal next to the field it concerns (the form's first field else)."""
    field = form[error.field] if error.field in form else next(iter(form))
    field.errors = [*field.errors, str(error.message)]


class ActionForm(FlaskForm):
    """A button that changes something (send again, remove, deactivate): the CSRF token only."""
