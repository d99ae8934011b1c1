"""The catalog exchange format (JSON Lines): validating records read from a file.

A record is one product with its company and category, as documented in the README. The
validator never touches the database; it returns the problems found, each tied to a field.
Every field is held to its rule in :mod:`showcase.rules`. Language keys are accepted as the
interface spells them and as BCP 47 tags, and come out in their canonical form (``zh``).
"""

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask_babel import lazy_gettext as _l

from showcase import rules, thesaurus
from showcase.models import DESIGNATION_TYPES, ProductStatus

log = logging.getLogger(__name__)
REQUIRED_TEXT_LANGUAGES = ("en", "ko")
# Room for every field at its longest in two dozen languages of three-byte characters.
MAX_LINE_BYTES = 4_000_000
BOM = b"\xef\xbb\xbf"
CANNOT_CHECK = _l("could not be checked")


@dataclass
class FieldProblem:
    """One problem in a record: the field's dotted path and a translatable message."""

    field: str
    message: str


@dataclass
class Line:
    """One non-blank line of a file: its number, the clean record or None, the problems."""

    number: int
    record: dict | None
    problems: list[FieldProblem] = field(default_factory=list)


def read_lines(path: Path) -> Iterator[Line]:
    """Every non-blank line of ``path``, read as bytes and decoded and checked on its own, so
    that no line (not UTF-8, too long, not JSON, nested too deeply) stops the reading."""
    with path.open("rb") as file:
        number = 0
        while raw := file.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES:
                while raw and not raw.endswith(b"\n"):  # skip the rest, never holding it
                    raw = file.readline(MAX_LINE_BYTES)
                yield Line(number, None, [FieldProblem("line", str(_l(
                    "is longer than %(limit)s bytes", limit=MAX_LINE_BYTES)))])
            elif raw.strip():
                if number == 1 and raw.startswith(BOM):
                    raw = raw[len(BOM):]
                yield _read_line(number, raw)


def _read_line(number: int, raw: bytes) -> Line:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _bad_line(number, _l("is not valid UTF-8"))
    try:
        decoded = json.loads(text)
    except RecursionError:
        return _bad_line(number, _l("is nested too deeply"))
    except ValueError as error:  # JSONDecodeError, or an integer of too many digits
        reason = getattr(error, "msg", str(error))
        return _bad_line(number, _l("is not valid JSON: %(reason)s", reason=reason))
    try:
        record, problems = validate_record(decoded)
    except Exception:  # noqa: BLE001 - one odd line must not end the reading without a report
        log.exception("line %s could not be checked", number)
        return _bad_line(number, CANNOT_CHECK)
    return Line(number, None if problems else record, problems)


def _bad_line(number: int, message) -> Line:
    return Line(number, None, [FieldProblem("line", str(message))])


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

    def follows(self, field_rule: rules.Rule, field: str, value) -> bool:
        """Hold ``value`` to ``field_rule``; report the problem under ``field``."""
        message = field_rule.check(value)
        if message is not None:
            self.fail(field, message)
        return message is None

    def string(self, record: dict, field: str, field_rule: rules.Rule,
               required: bool = True, label: str | None = None) -> str:
        """The text at ``field`` held to ``field_rule``, problems reported under ``label``."""
        value = _get(record, field)
        field = label or field
        if value in (None, "") and not required:
            return ""
        if isinstance(value, str):
            value = value.strip()
        if not isinstance(value, str) or not value:
            self.fail(field, _l("is required and must be text"))
            return ""
        return value if self.follows(field_rule, field, value) else ""

    def day(self, record: dict, field: str) -> date | None:
        value = _get(record, field)
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(field, _l("must be a date as YYYY-MM-DD"))
            return None

    def languages(self, mapping: dict, field: str) -> dict:
        """``mapping`` keyed by canonical language codes; bad or repeated keys reported."""
        clean = {}
        for tag, value in mapping.items():
            language = rules.canonical_language(tag)
            if language is None:
                self.fail(f"{field}.{tag}", _l("is not a language code"))
            elif language in clean:
                self.fail(f"{field}.{tag}", _l("names the same language as another key"))
            else:
                clean[language] = value
        return clean

    def localized(self, record: dict, field: str) -> dict:
        names = self.languages(self.mapping(record, field), field)
        if names and not any(isinstance(names.get(code), str) and names[code].strip()
                             for code in REQUIRED_TEXT_LANGUAGES):
            self.fail(field, _l("needs English or Korean"))
        clean = {}
        for code, text in names.items():
            if isinstance(text, str) and text.strip() and self.follows(
                    rules.LOCALIZED_NAME, f"{field}.{code}", text.strip()):
                clean[code] = text.strip()
        return clean


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
        "ref": check.string(record, "ref", rules.REF),
        "company": _company(check, record),
        "designation": _designation(check, record),
        "category": {
            "code": check.string(record, "category.code", rules.CATEGORY_CODE_RULE),
            "name": check.localized(record, "category.name"),
        },
        "classification_code": check.string(record, "classification_code",
                                            rules.CLASSIFICATION),
        "texts": _texts(check, record),
        "keywords": _keywords(check, record),
        "price": _price(check, record),
        "certifications": _string_list(check, record, "certifications", rules.CERTIFICATIONS),
        "booth": check.string(record, "booth", rules.BOOTH, required=False),
        "images": _image_paths(check, record),
        "status": _status(check, record),
        "featured": bool(record.get("featured", False)),
        "hidden_concepts": _concept_ids(check, record),
    }
    return clean, check.problems


def _concept_ids(check: _Checker, record: dict) -> list[str]:
    """``hidden_concepts``: ids of thesaurus concepts not to show as the product's tags."""
    values = record.get("hidden_concepts", [])
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        check.fail("hidden_concepts", _l("must be a list of concept ids"))
        return []
    known = thesaurus.load().concepts
    for position, value in enumerate(values):
        if value not in known:
            check.fail(f"hidden_concepts.{position}", _l("is not a concept of the thesaurus"))
    return [value for value in dict.fromkeys(values) if value in known]


def _company(check: _Checker, record: dict) -> dict:
    check.mapping(record, "company")
    number = check.string(record, "company.registration_number", rules.REGISTRATION_NUMBER)
    return {
        "name": check.localized(record, "company.name"),
        "registration_number": rules.normalize_registration_number(number) if number else "",
        "website": check.string(record, "company.website", rules.WEBSITE, required=False),
        "email": check.string(record, "company.email", rules.EMAIL, required=False),
        "phone": check.string(record, "company.phone", rules.PHONE, required=False),
    }


def _designation(check: _Checker, record: dict) -> dict:
    check.mapping(record, "designation")
    kind = _get(record, "designation.type")
    if not isinstance(kind, str) or kind not in DESIGNATION_TYPES:
        check.fail("designation.type", _l("is not a known designation type"))
        kind = ""
    valid_from = check.day(record, "designation.valid_from")
    valid_until = check.day(record, "designation.valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        check.fail("designation.valid_until", _l("is before the start date"))
    return {
        "type": kind,
        "number": check.string(record, "designation.number", rules.DESIGNATION_NUMBER),
        "valid_from": valid_from,
        "valid_until": valid_until,
    }


def _texts(check: _Checker, record: dict) -> dict:
    texts = check.languages(check.mapping(record, "texts"), "texts")
    if not any(code in texts for code in REQUIRED_TEXT_LANGUAGES):
        check.fail("texts", _l("needs English or Korean"))
    clean = {}
    for language, text in texts.items():
        field = f"texts.{language}"
        if not isinstance(text, dict):
            check.fail(field, _l("must be an object"))
            continue
        clean[language] = {
            "name": check.string(text, "name", rules.PRODUCT_NAME, label=f"{field}.name"),
            "summary": check.string(text, "summary", rules.SUMMARY, required=False,
                                    label=f"{field}.summary"),
            "description": check.string(text, "description", rules.DESCRIPTION,
                                        required=False, label=f"{field}.description"),
        }
    return clean


def _keywords(check: _Checker, record: dict) -> dict:
    keywords = check.languages(check.mapping(record, "keywords", required=False), "keywords")
    clean = {}
    for language, words in keywords.items():
        if words is not None and check.follows(rules.KEYWORDS, f"keywords.{language}", words):
            clean[language] = [word.strip() for word in words if word.strip()]
    return clean


def _price(check: _Checker, record: dict) -> dict:
    if record.get("price") is None:
        return {}
    check.mapping(record, "price")
    amount = _get(record, "price.amount")
    if amount is None:
        check.fail("price.amount", _l("must be a number of zero or more"))
    elif not check.follows(rules.PRICE_AMOUNT, "price.amount", amount):
        amount = None
    return {
        "amount": rules.to_decimal(amount),
        "currency": check.string(record, "price.currency", rules.PRICE_CURRENCY),
        "unit": check.string(record, "price.unit", rules.PRICE_UNIT, required=False),
    }


def _string_list(check: _Checker, record: dict, field: str, field_rule: rules.Rule) -> list:
    values = _get(record, field)
    if values is None or not check.follows(field_rule, field, values):
        return []
    return [value.strip() for value in values if value.strip()]


def _image_paths(check: _Checker, record: dict) -> list[str]:
    paths = _string_list(check, record, "images", rules.IMAGE_PATHS)
    for position, path in enumerate(paths):
        if path.startswith(("/", "\\")) or ".." in path.replace("\\", "/").split("/"):
            check.fail(f"images.{position}", _l("must be a path inside the import folder"))
    return paths


def _status(check: _Checker, record: dict) -> str:
    status = record.get("status", ProductStatus.DRAFT.value)
    if not isinstance(status, str) or status not in {item.value for item in ProductStatus}:
        check.fail("status", _l("must be draft, submitted, published or withdrawn"))
        return ProductStatus.DRAFT.value
    return status
