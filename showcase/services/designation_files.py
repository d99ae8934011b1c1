"""Reading the designation list PPS publishes: an Excel workbook (.xlsx) or a CSV file.

This module only reads. :func:`read_table` turns a file into a :class:`Table` of raw cells
with their row numbers as a spreadsheet shows them; :func:`recognise` finds which column
holds which field from the headers (Korean or English, spacing ignored) and a mapping of the
other headers; the ``parse_*`` helpers turn a cell into a date, a validity range or a
designation type code and raise ``ValueError`` for a cell they cannot read. What to do with
the rows is :mod:`showcase.services.designations`' business.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from showcase.i18n import portal_lazy_gettext as _lp

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_CELL_LENGTH = 1_000
# The header is the first row with at least this many filled cells, within the first rows.
HEADER_MIN_CELLS = 3
HEADER_SEARCH_ROWS = 30
EXTENSIONS = ("xlsx", "csv")
CSV_ENCODINGS = ("utf-8-sig", "cp949")
CSV_DELIMITERS = ",;\t"

# The fields a row can fill, in the order pages list them.
FIELDS = ("name", "company", "registration_number", "designation_number", "valid_from",
          "valid_until", "classification_code", "designation_type")
IGNORE = ""  # a mapping to this leaves the column out
# Headers (normalised as by :func:`normalise_header`) recognised without a mapping.
HEADER_FIELDS = {
    **dict.fromkeys(("제품명", "품명", "상품명", "혁신제품명", "productname", "product"), "name"),
    **dict.fromkeys(("업체명", "기업명", "회사명", "company", "companyname"), "company"),
    **dict.fromkeys(("사업자등록번호", "사업자번호", "registrationnumber",
                     "businessregistrationnumber"), "registration_number"),
    **dict.fromkeys(("지정번호", "인증번호", "designationnumber"), "designation_number"),
    **dict.fromkeys(("지정일", "지정일자", "인증일", "유효기간시작일", "designatedon",
                     "validfrom"), "valid_from"),
    **dict.fromkeys(("유효기간", "유효기간만료일", "만료일", "validuntil", "validity"),
                    "valid_until"),
    **dict.fromkeys(("물품분류번호", "세부품명번호", "분류번호", "classificationcode",
                     "classification"), "classification_code"),
    **dict.fromkeys(("혁신제품구분", "구분", "지정구분", "type", "designationtype"),
                    "designation_type"),
    # Running numbers, not data.
    **dict.fromkeys(("연번", "순번", "no"), IGNORE),
}
# Labels PPS uses for each designation programme (normalised), and their codes.
TYPE_LABELS = {
    "혁신시제품": "innovative-prototype",
    "우수연구개발혁신제품": "excellent-rnd",
    "우수조달물품": "excellent-procurement",
    "기타혁신제품": "other-innovative",
    "기타": "other-innovative",
    "innovativeprototype": "innovative-prototype",
    "excellentr&dproduct": "excellent-rnd",
    "excellentprocurementproduct": "excellent-procurement",
    "otherinnovativeproduct": "other-innovative",
}
# Words that name a programme inside a longer label ("우수연구개발 혁신제품(R&D)").
TYPE_WORDS = (("시제품", "innovative-prototype"), ("연구개발", "excellent-rnd"),
              ("r&d", "excellent-rnd"), ("우수조달", "excellent-procurement"),
              ("기타", "other-innovative"))
TYPE_CODES = ("innovative-prototype", "excellent-rnd", "excellent-procurement",
              "other-innovative")
_HEADER_NOISE = re.compile(r"[\s_\-.*:·]+")
_DATE = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?"
                   r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_RANGE = re.compile(r"\s*[~～〜]\s*")
_EXCEL_EPOCH = date(1899, 12, 30)
_OLD_EXCEL = b"\xd0\xcf\x11\xe0"
# What a damaged or foreign zip file makes the workbook reader raise.
_UNREADABLE = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError,
               ParseError, IndexError)
_NEITHER = _lp("The file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8 or "
               "CP949.")


class DesignationFileError(ValueError):
    """The file cannot be read as a designation list; ``message`` says why (translatable)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    """The cells of a file below its header: ``rows`` holds ``(row number, cells)``."""

    headers: list[str]
    header_row: int
    rows: list[tuple[int, list]] = field(default_factory=list)


def read_table(path: Path) -> Table:
    """The header and rows of the .xlsx or .csv file at ``path``; raises
    :class:`DesignationFileError` for a file that is too big, of another kind or empty."""
    path = Path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DesignationFileError(_lp("The file is larger than %(size)s MB.",
                                       size=MAX_FILE_BYTES // (1024 * 1024)))
    with path.open("rb") as file:
        start = file.read(4)
    if zipfile.is_zipfile(path):
        lines = _xlsx_lines(path)
    elif start == _OLD_EXCEL or path.suffix.lower() == ".xls":
        raise DesignationFileError(_lp("This is an old Excel file (.xls). Save it as .xlsx "
                                       "(Excel workbook) or CSV and upload it again."))
    else:
        lines = _csv_lines(path.read_bytes())
    return _table(lines)


def normalise_header(header) -> str:
    """A header as it is compared and remembered: width-folded, lower case, without spaces
    and punctuation (``"혁신제품 구분"`` and ``"혁신제품구분"`` are one header)."""
    text = unicodedata.normalize("NFKC", str(header or "")).lower()
    return _HEADER_NOISE.sub("", text)


def recognise(headers: list[str], mapping: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """``(field -> column index, headers neither recognised nor mapped)``. ``mapping`` maps
    normalised headers to fields (or to ``IGNORE``) and wins over the built-in names; when two
    columns hold one field the first counts."""
    columns: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        wanted = mapping.get(key, HEADER_FIELDS.get(key))
        if wanted is None:
            unknown.append(header)
        elif wanted != IGNORE and wanted not in columns:
            columns[wanted] = index
    return columns, unknown


def cell_text(value) -> str:
    """A cell as trimmed text; whole numbers without ``.0`` (Excel stores numbers as
    floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_date(value) -> date | None:
    """A date from an Excel date or serial number, or text such as ``2025-01-01``,
    ``2025.01.01``, ``20250101`` or ``2025. 1. 1.``; None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    text = cell_text(value)
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if not match:
        if text.isdigit():
            return _from_serial(int(text))
        raise ValueError(f"not a date: {text!r}")
    year, month, day = (int(part) for part in match.groups())
    return date(year, month, day)


def parse_validity(value) -> tuple[date | None, date | None]:
    """``(valid_from, valid_until)`` of a validity cell: a range ``2025.01.01~2028.12.31``
    gives both, a single date only the end."""
    if isinstance(value, str) and _RANGE.search(value):
        start, end = _RANGE.split(value.strip(), maxsplit=1)
        return parse_date(start), parse_date(end)
    return None, parse_date(value)


def parse_type(value) -> str:
    """The designation type code of a label (``혁신시제품`` -> ``innovative-prototype``), of
    a code itself, or ``""`` for an empty cell; raises ValueError for anything else."""
    text = cell_text(value)
    if not text:
        return ""
    if text.lower() in TYPE_CODES:
        return text.lower()
    key = normalise_header(text)
    if key in TYPE_LABELS:
        return TYPE_LABELS[key]
    for word, code in TYPE_WORDS:
        if word in key:
            return code
    raise ValueError(f"not a designation type: {text!r}")


def _from_serial(number: float) -> date:
    """The date of an Excel serial day number (the 1900 system, as Excel writes it)."""
    if not 1 <= number < 2_958_466:  # 9999-12-31
        raise ValueError(f"not a date: {number!r}")
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _xlsx_lines(path: Path):
    """The cell values of the first sheet of a workbook, row by row."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except _UNREADABLE as error:
        raise DesignationFileError(_NEITHER) from error
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(values[:MAX_COLUMNS])
    except _UNREADABLE as error:
        raise DesignationFileError(_NEITHER) from error
    finally:
        workbook.close()


def _csv_lines(data: bytes):
    """The cells of a CSV file in UTF-8 (with or without BOM) or CP949, row by row."""
    text = None
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise DesignationFileError(_NEITHER)
    sample = "\n".join(text.splitlines()[:5])
    delimiter = max(CSV_DELIMITERS, key=sample.count)  # a tie (none at all) is a comma
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield cells[:MAX_COLUMNS]
    except csv.Error as error:
        raise DesignationFileError(_lp("Line %(line)s of the CSV file cannot be read (a cell "
                                       "too long or a stray quote).",
                                       line=reader.line_num)) from error


def _table(lines) -> Table:
    """Find the header (the first row with enough filled cells) and collect the rows below
    it, numbered as in the file; blank rows are skipped."""
    table = None
    for number, cells in enumerate(lines, start=1):
        if table is None:
            if number > HEADER_SEARCH_ROWS:
                break
            if sum(1 for cell in cells if cell_text(cell)) >= HEADER_MIN_CELLS:
                table = Table([cell_text(cell) for cell in cells], number)
            continue
        if not any(cell_text(cell) for cell in cells):
            continue
        # No field is longer: the field rules refuse what is cut here.
        cells = [cell[:MAX_CELL_LENGTH + 1] if isinstance(cell, str) else cell
                 for cell in cells]
        if len(table.rows) >= MAX_ROWS:
            raise DesignationFileError(_lp("The file has more than %(count)s rows. Split it "
                                           "into smaller files.", count=f"{MAX_ROWS:,}"))
        table.rows.append((number, cells))
    if table is None:
        raise DesignationFileError(_lp("No header row was found: the first rows of the file "
                                       "should name its columns (제품명, 업체명, 지정번호, …)."))
    return table
