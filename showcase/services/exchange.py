"""The catalog exchange format (JSON Lines): validating records read from a file.

A record is one product with its company and category, as documented in the README. The
validator never touches the database; it returns the problems found, each tied to a field.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from showcase.models import DESIGNATION_TYPES, ProductStatus
from showcase.models.company import normalize_registration_number
from showcase.models.product import BOOTH_CODE, CLASSIFICATION_CODE

REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")
CATEGORY_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")
REQUIRED_TEXT_LANGUAGES = ("en", "ko")


@dataclass
class FieldProblem:
    """One problem in a record: the field's dotted path and a translatable message."""

    field: str
    message: str


class _Checker:
    """Collects problems while reading one record."""

    def __init__(self):
        self.problems: list[FieldProblem] = []

    def fail(self, field: str, message) -> None:
        self.problems.append(FieldProblem(field, str(message)))

    def mapping(self, record: dict, field: str, required: bool = True) -> dict:
        value = _get(record, field)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.fail(field, _l("must be an object"))
            return {}
        return value

    def string(self, record: dict, field: str, pattern=None, required=True) -> str:
        value = _get(record, field)
        if value in (None, "") and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(field, _l("is required and must be text"))
            return ""
        if pattern is not None and not pattern.match(value.strip()):
            self.fail(field, _l("has an invalid format"))
        return value.strip()

    def day(self, record: dict, field: str) -> date | None:
        value = _get(record, field)
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(field, _l("must be a date as YYYY-MM-DD"))
            return None

    def localized(self, record: dict, field: str) -> dict:
        names = self.mapping(record, field)
        if names and not any(isinstance(names.get(code), str) and names[code].strip()
                             for code in REQUIRED_TEXT_LANGUAGES):
            self.fail(field, _l("needs English or Korean"))
        return {code: text.strip() for code, text in names.items()
                if isinstance(text, str) and text.strip() and LANGUAGE_CODE.match(code)}


def _get(record: dict, dotted: str):
    value = record
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def validate_record(record) -> tuple[dict, list[FieldProblem]]:
    """Check one decoded JSON line; return the cleaned record and the problems found."""
    check = _Checker()
    if not isinstance(record, dict):
        check.fail("line", _l("must be a JSON object"))
        return {}, check.problems
    clean = {
        "ref": check.string(record, "ref", REF_PATTERN),
        "company": _company(check, record),
        "designation": _designation(check, record),
        "category": {
            "code": check.string(record, "category.code", CATEGORY_CODE),
            "name": check.localized(record, "category.name"),
        },
        "classification_code": check.string(record, "classification_code", CLASSIFICATION_CODE),
        "texts": _texts(check, record),
        "keywords": _keywords(check, record),
        "price": _price(check, record),
        "certifications": _string_list(check, record, "certifications"),
        "booth": check.string(record, "booth", BOOTH_CODE, required=False).upper(),
        "images": _image_paths(check, record),
        "status": _status(check, record),
        "featured": bool(record.get("featured", False)),
    }
    return clean, check.problems


def _company(check: _Checker, record: dict) -> dict:
    check.mapping(record, "company")
    number = check.string(record, "company.registration_number")
    if number:
        try:
            number = normalize_registration_number(number)
        except ValueError:
            check.fail("company.registration_number",
                       _l("is not a valid business registration number"))
    website = check.string(record, "company.website", required=False)
    if website and not website.startswith(("https://", "http://")):
        check.fail("company.website", _l("must start with https://"))
    email = check.string(record, "company.email", required=False)
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        check.fail("company.email", _l("is not an e-mail address"))
    return {
        "name": check.localized(record, "company.name"),
        "registration_number": number,
        "website": website,
        "email": email,
    }


def _designation(check: _Checker, record: dict) -> dict:
    check.mapping(record, "designation")
    kind = check.string(record, "designation.type")
    if kind and kind not in DESIGNATION_TYPES:
        check.fail("designation.type", _l("is not a known designation type"))
    valid_from = check.day(record, "designation.valid_from")
    valid_until = check.day(record, "designation.valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        check.fail("designation.valid_until", _l("is before the start date"))
    return {
        "type": kind,
        "number": check.string(record, "designation.number"),
        "valid_from": valid_from,
        "valid_until": valid_until,
    }


def _texts(check: _Checker, record: dict) -> dict:
    texts = check.mapping(record, "texts")
    if texts and not any(code in texts for code in REQUIRED_TEXT_LANGUAGES):
        check.fail("texts", _l("needs English or Korean"))
    clean = {}
    for language in texts:
        if not LANGUAGE_CODE.match(language):
            check.fail(f"texts.{language}", _l("is not a language code"))
            continue
        clean[language] = {
            "name": check.string(record, f"texts.{language}.name"),
            "summary": check.string(record, f"texts.{language}.summary", required=False),
            "description": check.string(record, f"texts.{language}.description", required=False),
        }
    return clean


def _keywords(check: _Checker, record: dict) -> dict:
    keywords = check.mapping(record, "keywords", required=False)
    for language in keywords:
        _string_list(check, record, f"keywords.{language}")
    return {language: [word.strip() for word in words if word.strip()]
            for language, words in keywords.items() if isinstance(words, list)
            and all(isinstance(word, str) for word in words)}


def _price(check: _Checker, record: dict) -> dict:
    if record.get("price") is None:
        return {}
    check.mapping(record, "price")
    amount = _get(record, "price.amount")
    try:
        if isinstance(amount, bool) or amount is None:
            raise InvalidOperation
        amount = Decimal(str(amount))
        if amount < 0 or not amount.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        check.fail("price.amount", _l("must be a number of zero or more"))
        amount = None
    return {
        "amount": amount,
        "currency": check.string(record, "price.currency", CURRENCY_CODE),
        "unit": check.string(record, "price.unit", required=False),
    }


def _string_list(check: _Checker, record: dict, field: str) -> list[str]:
    values = _get(record, field)
    if values is None:
        return []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        check.fail(field, _l("must be a list of texts"))
        return []
    return [value.strip() for value in values if value.strip()]


def _image_paths(check: _Checker, record: dict) -> list[str]:
    paths = _string_list(check, record, "images")
    for position, path in enumerate(paths):
        if path.startswith(("/", "\\")) or ".." in path.split("/"):
            check.fail(f"images.{position}", _l("must be a path inside the import folder"))
    return paths


def _status(check: _Checker, record: dict) -> str:
    status = record.get("status", ProductStatus.DRAFT.value)
    if status not in {item.value for item in ProductStatus}:
        check.fail("status", _l("must be draft, submitted, published or withdrawn"))
        return ProductStatus.DRAFT.value
    return status
