"""Reading PPS's designation list: Excel workbooks and CSV files as PPS and staff save them."""

import csv
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from showcase.services import designation_files
from showcase.services.designation_files import (
    DesignationFileError,
    normalise_header,
    parse_date,
    parse_type,
    parse_validity,
    read_table,
    recognise,
)

KOREAN_HEADERS = ["연번", "제품명", "업체명", "사업자등록번호", "지정번호", "지정일", "유효기간",
                  "물품분류번호", "혁신제품 구분"]
ROW = ["1", "자율주행 순찰 로봇", "(주)한빛로보틱스", "123-45-67891", "2025-0001", "2025.01.01",
       "2028.12.31", "43211503", "혁신시제품"]


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file, delimiter=delimiter).writerows(rows)
    return path


def test_excel_list_with_a_title_above_the_header_is_read_from_its_header_row(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2025년 혁신제품 지정 현황"])
    sheet.append([])
    sheet.append(KOREAN_HEADERS)
    sheet.append([1, "자율주행 순찰 로봇", "(주)한빛로보틱스", 1234567891, "2025-0001",
                  datetime(2025, 1, 1), datetime(2028, 12, 31), 43211503, "혁신시제품"])
    sheet.append([None] * 9)
    sheet.append([2, "수중 드론", "바다기술", "123-45-67891", "2025-0002", "2025. 3. 4.",
                  "20290303", "43211504", "우수조달물품"])
    path = tmp_path / "지정현황.xlsx"
    workbook.save(path)

    table = read_table(path)

    assert table.header_row == 3
    assert table.headers == KOREAN_HEADERS
    assert [number for number, _cells in table.rows] == [4, 6]
    first = table.rows[0][1]
    assert parse_date(first[5]) == date(2025, 1, 1)
    assert designation_files.cell_text(first[3]) == "1234567891"
    assert designation_files.cell_text(first[7]) == "43211503"


def test_cp949_csv_from_korean_excel_is_read(tmp_path):
    path = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, ROW], encoding="cp949")

    table = read_table(path)

    assert table.headers == KOREAN_HEADERS
    assert table.rows == [(2, ROW)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_utf8_csv_with_byte_order_mark_and_any_delimiter_is_read(tmp_path, delimiter):
    path = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, ROW], encoding="utf-8-sig",
                     delimiter=delimiter)

    table = read_table(path)

    assert table.headers[0] == "연번"
    assert table.rows[0][1] == ROW


def test_headers_are_recognised_in_korean_and_english_whatever_the_spacing():
    headers = ["품명", "기업명", "사업자 번호", "인증번호", "지정 일자", "유효기간 만료일",
               "세부품명번호", "지정구분", "비고"]
    columns, unknown = recognise(headers, {})
    assert columns == {"name": 0, "company": 1, "registration_number": 2,
                       "designation_number": 3, "valid_from": 4, "valid_until": 5,
                       "classification_code": 6, "designation_type": 7}
    assert unknown == ["비고"]

    english = ["Product name", "Company", "Registration number", "Designation Number",
               "Designated on", "Valid until", "Classification code", "Type"]
    columns, unknown = recognise(english, {})
    assert len(columns) == 8 and unknown == []


def test_a_mapping_names_other_headers_and_can_leave_a_column_out():
    headers = ["혁신제품 이름", "업체명", "사업자등록번호", "지정번호", "담당자"]
    mapping = {normalise_header("혁신제품 이름"): "name", normalise_header("담당자"): ""}

    columns, unknown = recognise(headers, mapping)

    assert columns["name"] == 0
    assert unknown == []


@pytest.mark.parametrize("cell", ["2025-01-01", "2025.01.01", "20250101", "2025. 1. 1.",
                                  "2025/1/1", "2025-01-01 00:00:00", datetime(2025, 1, 1),
                                  date(2025, 1, 1), 45658])
def test_dates_are_read_in_every_form_the_list_uses(cell):
    assert parse_date(cell) == date(2025, 1, 1)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
       st.sampled_from(["{d:%Y-%m-%d}", "{d:%Y.%m.%d}", "{d:%Y%m%d}",
                        "{d.year}. {d.month}. {d.day}.", "{d.year}/{d.month}/{d.day}"]))
def test_any_date_written_in_a_supported_form_reads_back(day, form):
    assert parse_date(form.format(d=day)) == day


@pytest.mark.parametrize("cell", ["2025-13-01", "next year", "2025.02.30", "1.1.2025"])
def test_a_cell_that_is_no_date_is_refused(cell):
    with pytest.raises(ValueError):
        parse_date(cell)


def test_a_validity_range_in_one_cell_gives_both_dates():
    assert parse_validity("2025.01.01~2028.12.31") == (date(2025, 1, 1), date(2028, 12, 31))
    assert parse_validity("2025-01-01 ～ 2028-12-31") == (date(2025, 1, 1), date(2028, 12, 31))
    assert parse_validity("2028.12.31") == (None, date(2028, 12, 31))
    assert parse_validity("") == (None, None)


@pytest.mark.parametrize(("label", "code"), [
    ("혁신시제품", "innovative-prototype"),
    ("우수연구개발 혁신제품", "excellent-rnd"),
    ("우수조달물품", "excellent-procurement"),
    ("기타 혁신제품", "other-innovative"),
    ("기타", "other-innovative"),
    ("Excellent procurement product", "excellent-procurement"),
    ("excellent-rnd", "excellent-rnd"),
    ("", ""),
])
def test_designation_types_are_read_from_the_korean_labels(label, code):
    assert parse_type(label) == code


def test_an_unknown_designation_type_is_refused():
    with pytest.raises(ValueError):
        parse_type("일반제품")


def test_a_file_that_is_neither_excel_nor_csv_gets_a_clear_message(app_context, tmp_path):
    picture = tmp_path / "list.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    document = tmp_path / "list.xlsx"
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    old_excel = tmp_path / "list.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))

    for path in (picture, document):
        with pytest.raises(DesignationFileError) as refused:
            read_table(path)
        assert "neither an Excel workbook (.xlsx) nor a CSV file" in str(refused.value)
    with pytest.raises(DesignationFileError) as refused:
        read_table(old_excel)
    assert "Save it as .xlsx" in str(refused.value)


def test_a_file_without_a_header_row_is_refused(app_context, tmp_path):
    path = write_csv(tmp_path / "list.csv", [["only", "two"], ["cells", "here"]])

    with pytest.raises(DesignationFileError) as refused:
        read_table(path)

    assert "No header row was found" in str(refused.value)


def test_files_beyond_the_limits_are_refused(app_context, tmp_path, monkeypatch):
    rows = [KOREAN_HEADERS] + [ROW] * (designation_files.MAX_ROWS + 1)
    many = write_csv(tmp_path / "many.csv", rows)
    with pytest.raises(DesignationFileError) as refused:
        read_table(many)
    assert "more than 20,000 rows" in str(refused.value)

    monkeypatch.setattr(designation_files, "MAX_FILE_BYTES", 1000)
    big = write_csv(tmp_path / "big.csv", [KOREAN_HEADERS] + [ROW] * 50)
    with pytest.raises(DesignationFileError) as refused:
        read_table(big)
    assert "larger than" in str(refused.value)


def test_an_overlong_cell_is_cut_to_the_cell_limit(tmp_path):
    long_row = [*ROW[:1], "긴" * 50_000, *ROW[2:]]
    path = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, long_row])

    table = read_table(path)

    assert len(table.rows[0][1][1]) == designation_files.MAX_CELL_LENGTH + 1
