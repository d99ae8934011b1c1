"""The rows of a designation list: the values each row gives and what is wrong with it.

Each row is read on its own (:func:`read_row`) and checked against the field rules of
:mod:`showcase.rules`; :func:`mark_duplicates` then refuses a designation number given twice.
Problems are ``(field, translatable message)`` pairs. What a good row does to the catalog is
decided in :mod:`showcase.services.designations`.
"""

import enum
from dataclasses import dataclass, field

from showcase import rules
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.services.designation_files import (
    FIELDS,
    cell_text,
    parse_date,
    parse_type,
    parse_validity,
)


class Action(enum.StrEnum):
    """What applying a row does."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass
class PlannedRow:
    """One row of the file: its number there, the values read, the problems found (field,
    translatable message) and what applying it would do."""

    number: int
    values: dict
    read_problems: list[tuple[str, object]] = field(default_factory=list)
    problems: list[tuple[str, object]] = field(default_factory=list)
    action: Action = Action.REJECTED
    new_company: bool = False
    # field -> (before, after) of an update
    changes: dict[str, tuple] = field(default_factory=dict)
    ref: str = ""  # the product a row updates or leaves unchanged


def read_row(number: int, cells: list, columns: dict[str, int]) -> PlannedRow:
    """The values of one row, parsed, with the problems found in the row alone."""
    raw = {name: (cells[index] if index < len(cells) else None)
           for name, index in columns.items()}
    row = PlannedRow(number, dict.fromkeys(FIELDS))
    for name in ("name", "company"):
        row.values[name] = cell_text(raw.get(name))
        if rules.LOCALIZED_NAME.check(row.values[name]) is not None:
            row.read_problems.append((name, _lp("The name is longer than the catalog "
                                                "allows.")))
    _read_registration_number(row, raw.get("registration_number"))
    _read_designation_number(row, raw.get("designation_number"))
    _read_dates(row, raw.get("valid_from"), raw.get("valid_until"))
    _read_classification(row, raw.get("classification_code"))
    try:
        row.values["designation_type"] = parse_type(raw.get("designation_type"))
    except ValueError:
        row.read_problems.append(("designation_type", _p(
            "“%(value)s” is not a designation type: use 혁신시제품, 우수연구개발 혁신제품, "
            "우수조달물품 or 기타 혁신제품.", value=_shown(raw.get("designation_type")))))
    return row


def _read_registration_number(row: PlannedRow, value) -> None:
    text = cell_text(value)
    if text.isdigit() and isinstance(value, int | float):
        text = text.zfill(10)  # a number cell loses leading zeros
    if not text:
        row.read_problems.append(("registration_number",
                                  _lp("The business registration number is missing.")))
    elif rules.REGISTRATION_NUMBER.check(text) is not None:
        row.read_problems.append(("registration_number", _p(
            "%(value)s is not a valid business registration number (ten digits, the last "
            "one a check digit).", value=_shown(text))))
    else:
        row.values["registration_number"] = rules.normalize_registration_number(text)


def _read_designation_number(row: PlannedRow, value) -> None:
    text = cell_text(value)
    if not text:
        row.read_problems.append(("designation_number",
                                  _lp("The designation number is missing.")))
    elif rules.DESIGNATION_NUMBER.check(text) is not None:
        row.read_problems.append(("designation_number",
                                  _lp("The designation number is too long.")))
    else:
        row.values["designation_number"] = text


def _read_dates(row: PlannedRow, start_value, end_value) -> None:
    start = end = range_start = None
    for name, value in (("valid_from", start_value), ("valid_until", end_value)):
        try:
            if name == "valid_from":
                start = parse_date(value)
            else:
                range_start, end = parse_validity(value)
        except ValueError:
            row.read_problems.append((name, _p("“%(value)s” is not a date (write it as "
                                               "2025-01-31).", value=_shown(value))))
    start = start or range_start
    if start and end and end < start:
        row.read_problems.append(("valid_until", _lp("The end of validity comes before "
                                                     "the designation date.")))
    row.values["valid_from"], row.values["valid_until"] = start, end


def _read_classification(row: PlannedRow, value) -> None:
    text = cell_text(value)
    if text.isdigit() and isinstance(value, int | float):
        text = text.zfill(8)
    if text and rules.CLASSIFICATION.check(text) is not None:
        row.read_problems.append(("classification_code", _p(
            "The classification code must be 8 digits (it is “%(value)s”).", value=_shown(text))))
    else:
        row.values["classification_code"] = text


def mark_duplicates(rows: list[PlannedRow]) -> None:
    """A designation number given twice: the first row counts, the later ones are refused."""
    first_rows: dict[str, int] = {}
    for row in rows:
        number = row.values["designation_number"]
        if not number:
            continue
        if number in first_rows:
            row.read_problems.append(("designation_number", _p(
                "Designation number %(number)s is also in row %(row)s.", number=number,
                row=first_rows[number])))
        else:
            first_rows[number] = row.number


def _shown(value, limit: int = 40) -> str:
    """A cell as a message quotes it: shortened when long."""
    text = cell_text(value)
    return text if len(text) <= limit else text[:limit] + "…"
