"""Field rules in one place: what a valid value of each catalog field is.

Every check is a small function that takes a value and returns a translatable message, or
``None`` when the value is good. A :class:`Rule` strings checks together for one field. The
exchange-format validator, WTForms forms (through :func:`wtforms_validator`), the API and the
models' ``@validates`` methods (through :meth:`Rule.enforce`) all read these rules, so each
limit is written once. Lengths match the database columns.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

Check = Callable[[object], object | None]

# Numeric(16, 2): fourteen digits before the point, two after.
MAX_PRICE = Decimal("99999999999999.99")
MAX_KEYWORDS = 30
MAX_KEYWORD_LENGTH = 60
MAX_CERTIFICATIONS = 20
MAX_CERTIFICATION_LENGTH = 100
MAX_IMAGES = 20
MAX_IMAGE_PATH_LENGTH = 300
MAX_LANGUAGE_TAG_LENGTH = 35
_REGISTRATION_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_REGISTRATION_FORMAT = re.compile(r"^[0-9]{3}-?[0-9]{2}-?[0-9]{5}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*$")
# Tags Babel resolves to a real locale although they name no language.
_NOT_LANGUAGES = {"und", "root", "mul", "zxx"}
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")
CATEGORY_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
CLASSIFICATION_CODE = re.compile(r"^[0-9]{8}$")
BOOTH_CODE = re.compile(r"^([A-Z])-([0-9]{1,3})$")
CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


class RuleViolation(ValueError):
    """A value broke a field rule; ``field`` names the field, ``message`` says why."""

    def __init__(self, field: str, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# Checks: each returns a translatable message, or None for a good value.

def required(value) -> object | None:
    """Text that is not blank."""
    if not isinstance(value, str) or not value.strip():
        return _l("is required and must be text")
    return None


def max_length(limit: int) -> Check:
    """Text of at most ``limit`` characters."""

    def check(value):
        if isinstance(value, str) and len(value) > limit:
            return _l("is longer than %(limit)s characters", limit=limit)
        return None

    return check


def matches(pattern: re.Pattern, message) -> Check:
    """Text matching ``pattern`` (empty text is left to ``required``)."""

    def check(value):
        if isinstance(value, str) and value and not pattern.match(value):
            return message
        return None

    return check


def email_format(value) -> object | None:
    """An e-mail address: something, an at sign, a domain with a dot."""
    if isinstance(value, str) and value and not _EMAIL.match(value):
        return _l("is not an e-mail address")
    return None


def web_address(value) -> object | None:
    """A web address starting with https:// (or http://)."""
    if isinstance(value, str) and value and not value.startswith(("https://", "http://")):
        return _l("must start with https://")
    return None


def registration_number(value) -> object | None:
    """A Korean business registration number with a correct check digit."""
    if isinstance(value, str) and value:
        try:
            normalize_registration_number(value)
        except ValueError:
            return _l("is not a valid business registration number")
    return None


def price_amount(value) -> object | None:
    """A finite amount of zero or more that fits the price column."""
    if value is None or value == "":
        return None
    amount = to_decimal(value)
    if amount is None or amount < 0:
        return _l("must be a number of zero or more")
    if amount > MAX_PRICE:
        return _l("must be at most 99,999,999,999,999.99")
    return None


def text_list(count: int, length: int) -> Check:
    """A list of at most ``count`` texts of at most ``length`` characters each."""

    def check(value):
        if value is None:
            return None
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            return _l("must be a list of texts")
        if len(value) > count:
            return _l("has more than %(count)s entries", count=count)
        if any(len(item) > length for item in value):
            return _l("has an entry longer than %(limit)s characters", limit=length)
        return None

    return check


def language_code(value) -> object | None:
    """A language tag Babel knows (``zh-Hans``, ``zh_Hans``, ``pt-BR``, ``fil``)."""
    if canonical_language(value) is None:
        return _l("is not a language code")
    return None


def canonical_language_code(value) -> object | None:
    """A language code in the one form texts are stored under (``zh``, not ``zh-Hans``)."""
    canonical = canonical_language(value)
    if canonical is None:
        return _l("is not a language code")
    if canonical != value:
        return _l("must be written as %(code)s", code=canonical)
    return None


def min_length(limit: int) -> Check:
    """Text of at least ``limit`` characters."""

    def check(value):
        if not isinstance(value, str) or len(value) < limit:
            return _l("needs at least %(limit)s characters", limit=limit)
        return None

    return check


# Helpers the checks share with their callers.

def to_decimal(value) -> Decimal | None:
    """``value`` as a finite Decimal, or None for anything else (booleans, inf, NaN, text)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def canonical_language(tag) -> str | None:
    """The content-language code a tag is stored under, or None when it names no language.

    The interface's spellings and BCP 47 tags are one language: ``zh_Hans``, ``zh-Hans``,
    ``zh-CN`` and ``ZH`` are all ``zh``; ``tl`` is ``fil``, ``in`` is ``id``; a region or
    script is dropped (``pt-BR`` is ``pt``), as product texts are kept per language.
    """
    if not isinstance(tag, str) or len(tag) > MAX_LANGUAGE_TAG_LENGTH:
        return None
    tag = tag.strip()
    if not _LANGUAGE_TAG.match(tag):
        return None
    language, *rest = tag.replace("-", "_").split("_")
    if language.lower() in _NOT_LANGUAGES:
        return None
    try:
        locale = Locale.parse("_".join([language.lower(), *rest]))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return locale.language


def normalize_registration_number(value: str) -> str:
    """Return the number as ``123-45-67890``; raise ValueError when it is malformed or its
    check digit is wrong."""
    value = (value or "").strip()
    if not _REGISTRATION_FORMAT.match(value):
        raise ValueError("expected ten digits as 123-45-67890")
    digits = [int(char) for char in value if char.isdigit()]
    total = sum(d * w for d, w in zip(digits[:9], _REGISTRATION_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    if (10 - total % 10) % 10 != digits[9]:
        raise ValueError("check digit does not match")
    plain = "".join(map(str, digits))
    return f"{plain[:3]}-{plain[3:5]}-{plain[5:]}"


@dataclass(frozen=True)
class Rule:
    """The checks of one field, run in order; the first message found is the answer."""

    field: str
    checks: tuple[Check, ...]

    def check(self, value) -> object | None:
        """The first problem with ``value`` as a translatable message, or None."""
        for check in self.checks:
            message = check(value)
            if message is not None:
                return message
        return None

    def enforce(self, value, allow_empty: bool = False):
        """Return ``value`` when good; raise RuleViolation otherwise (for ``@validates``).
        ``allow_empty`` lets a stored draft hold an empty value that a submission needs."""
        if allow_empty and value in (None, ""):
            return value
        message = self.check(value)
        if message is not None:
            raise RuleViolation(self.field, str(message))
        return value


def rule(field: str, *checks: Check) -> Rule:
    """A rule for ``field`` made of ``checks``."""
    return Rule(field, checks)


def optional_text(field: str, limit: int, *checks: Check) -> Rule:
    """Text that may be empty, of at most ``limit`` characters."""
    return rule(field, max_length(limit), *checks)


def required_text(field: str, limit: int, *checks: Check) -> Rule:
    """Text that must be given, of at most ``limit`` characters."""
    return rule(field, required, max_length(limit), *checks)


_FORMAT = _l("has an invalid format")

REF = required_text("ref", 40, matches(REF_PATTERN, _FORMAT))
PRODUCT_NAME = required_text("name", 300)
SUMMARY = optional_text("summary", 2_000)
DESCRIPTION = optional_text("description", 20_000)
KEYWORDS = rule("keywords", text_list(MAX_KEYWORDS, MAX_KEYWORD_LENGTH))
CERTIFICATIONS = rule("certifications", text_list(MAX_CERTIFICATIONS, MAX_CERTIFICATION_LENGTH))
DESIGNATION_NUMBER = required_text("designation.number", 64)
CLASSIFICATION = optional_text("classification_code", 8, matches(CLASSIFICATION_CODE, _FORMAT))
BOOTH = optional_text("booth", 8, matches(BOOTH_CODE, _l("must look like A-12")))
IMAGE_PATHS = rule("images", text_list(MAX_IMAGES, MAX_IMAGE_PATH_LENGTH))
PRICE_AMOUNT = rule("price.amount", price_amount)
PRICE_CURRENCY = required_text("price.currency", 3, matches(CURRENCY_CODE, _FORMAT))
PRICE_UNIT = optional_text("price.unit", 16)
CATEGORY_CODE_RULE = required_text("category.code", 64, matches(CATEGORY_CODE, _FORMAT))
LOCALIZED_NAME = optional_text("name", 300)
REGISTRATION_NUMBER = required_text("registration_number", 12, registration_number)
WEBSITE = optional_text("website", 300, web_address)
EMAIL = optional_text("email", 254, email_format)
ACCOUNT_EMAIL = required_text("email", 254, email_format)
PHONE = optional_text("phone", 40)
LANGUAGE = rule("language", language_code)
STORED_LANGUAGE = rule("language", canonical_language_code)
PASSWORD = rule("password", min_length(12))


def wtforms_validator(field_rule: Rule):
    """A WTForms validator running ``field_rule`` on the field's data."""

    def validate(_form, form_field) -> None:
        message = field_rule.check(form_field.data)
        if message is not None:
            raise ValidationError(str(message))

    return validate
