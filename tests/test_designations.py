"""Importing PPS's designation list: preview, apply, re-import, and the command line."""

import csv
from datetime import date

from openpyxl import Workbook
from sqlalchemy import select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import (
    AuditEvent,
    Company,
    CompanyState,
    Product,
    ProductRevision,
    ProductStatus,
    RevisionState,
    Setting,
)
from showcase.services import designations, listings
from showcase.services.designations import Action
from tests import factories
from tests.conftest import _registration_number

HEADERS = ["연번", "제품명", "업체명", "사업자등록번호", "지정번호", "지정일", "유효기간",
           "물품분류번호", "혁신제품 구분"]
HANBIT = _registration_number(101)
BADA = _registration_number(102)


def good_rows(until="2028.12.31") -> list[list]:
    """Three products of two companies, as PPS lists them."""
    return [
        [1, "자율주행 순찰 로봇", "(주)한빛로보틱스", HANBIT, "2025-0001", "2025.01.01", until,
         "43211503", "혁신시제품"],
        [2, "실내 방역 로봇", "(주)한빛로보틱스", HANBIT, "2025-0002", "2025.02.01",
         "2025.02.01~2029.01.31", "43211504", "우수연구개발 혁신제품"],
        [3, "수중 탐사 드론", "바다기술", BADA, "2025-0003", "20250301", until, "25101702",
         "우수조달물품"],
    ]


def bad_rows() -> list[list]:
    """Rows PPS should never publish, each with one kind of mistake."""
    return [
        [4, "잘못된 번호", "오류상사", "123-45-67890", "2025-0004", "2025.01.01", "2028.12.31",
         "43211503", "혁신시제품"],
        [5, "번호 없음", "바다기술", BADA, "", "2025.01.01", "2028.12.31", "43211503",
         "혁신시제품"],
        [6, "날짜 오류", "바다기술", BADA, "2025-0006", "내년", "2028.12.31", "43211503",
         "혁신시제품"],
        [7, "거꾸로", "바다기술", BADA, "2025-0007", "2028.01.01", "2025.12.31", "43211503",
         "혁신시제품"],
        [8, "분류 오류", "바다기술", BADA, "2025-0008", "2025.01.01", "2028.12.31", "4321",
         "혁신시제품"],
        [9, "중복", "바다기술", BADA, "2025-0001", "2025.01.01", "2028.12.31", "43211503",
         "혁신시제품"],
    ]


def write_xlsx(path, rows, headers=HEADERS, title=True):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["혁신제품 지정 현황 (조달청)"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, rows, headers=HEADERS, encoding="cp949"):
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows([headers, *rows])
    return path


def apply_file(path, mapping=None):
    with unit_of_work.committed():
        return designations.apply(designations.preview(path, mapping))


def product(number: str) -> Product:
    return db.session.scalar(select(Product).where(Product.designation_number == number))


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_preview_of_an_excel_list_tells_what_would_happen_and_changes_nothing(
        app_context, tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", good_rows())

    plan = designations.preview(path)

    assert plan.header_row == 2
    assert [row.number for row in plan.rows] == [3, 4, 5]
    assert [row.action for row in plan.rows] == [Action.CREATE] * 3
    assert plan.new_companies == 2
    assert plan.rows[1].values["valid_from"] == date(2025, 2, 1)
    assert plan.rows[1].values["valid_until"] == date(2029, 1, 31)
    assert plan.rows[1].values["designation_type"] == "excellent-rnd"
    assert db.session.scalar(select(Product.id)) is None
    assert db.session.scalar(select(Company.id)) is None


def test_bad_rows_are_reported_with_their_row_numbers_and_fields(app_context, tmp_path):
    path = write_csv(tmp_path / "list.csv", good_rows() + bad_rows())

    plan = designations.preview(path)

    problems = {row.number: [name for name, _message in row.problems] for row in plan.rejected}
    assert problems == {
        5: ["registration_number"],
        6: ["designation_number"],
        7: ["valid_from"],
        8: ["valid_until"],
        9: ["classification_code"],
        10: ["designation_number"],
    }
    messages = {row.number: str(row.problems[0][1]) for row in plan.rejected}
    assert "123-45-67890 is not a valid business registration number" in messages[5]
    assert messages[6] == "The designation number is missing."
    assert "“내년” is not a date" in messages[7]
    assert "comes before" in messages[8]
    assert "must be 8 digits" in messages[9]
    assert messages[10] == "Designation number 2025-0001 is also in row 2."
    assert plan.count(Action.CREATE) == 3


def test_applying_creates_approved_companies_and_draft_products_for_them(app_context,
                                                                         tmp_path):
    path = write_csv(tmp_path / "list.csv", good_rows() + bad_rows())

    report = apply_file(path)

    assert len(report.created_companies) == 2
    assert len(report.created_products) == 3
    assert [row["row"] for row in report.rejected] == [5, 6, 7, 8, 9, 10]
    hanbit = db.session.scalar(select(Company).where(Company.registration_number == HANBIT))
    assert hanbit.state == CompanyState.APPROVED
    assert hanbit.names == {"ko": "(주)한빛로보틱스"}
    robot = product("2025-0001")
    assert robot.status == ProductStatus.DRAFT
    assert robot.company == hanbit
    assert robot.texts["ko"].name == "자율주행 순찰 로봇"
    assert (robot.valid_from, robot.valid_until) == (date(2025, 1, 1), date(2028, 12, 31))
    assert robot.designation_type == "innovative-prototype"
    assert robot.classification_code == "43211503"
    assert robot.ref.startswith("SC-")
    assert product("2025-0004") is None
    assert len(events("designations.create_company")) == 2
    assert len(events("designations.create_product")) == 3
    # The drafts are the companies' own to complete and submit.
    missing = dict(listings.missing_for_submission(listings.editable_payload(robot)))
    assert set(missing) == {"category"}


def test_the_same_file_applied_twice_changes_nothing_the_second_time(app_context, tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", good_rows())
    apply_file(path)
    audit_count = len(list(db.session.scalars(select(AuditEvent.id))))

    again = designations.preview(path)
    report = apply_file(path)

    assert [row.action for row in again.rows] == [Action.UNCHANGED] * 3
    assert report.applied == 0 and report.unchanged == 3 and not report.created_companies
    assert len(list(db.session.scalars(select(AuditEvent.id)))) == audit_count
    assert len(list(db.session.scalars(select(Product.id)))) == 3


def test_reimport_with_changed_validity_updates_products_and_says_what_changed(
        app_context, tmp_path):
    apply_file(write_xlsx(tmp_path / "2025.xlsx", good_rows()))
    with unit_of_work.committed():
        live = product("2025-0003")
        live.category = factories.category()
        live.change_status(ProductStatus.SUBMITTED)
        live.change_status(ProductStatus.PUBLISHED)
    version = product("2025-0001").edit_version

    changed = good_rows(until="2030.06.30")
    changed[0][8] = "우수조달물품"
    plan = designations.preview(write_csv(tmp_path / "2026.csv", changed, encoding="utf-8-sig"))
    report = apply_file(tmp_path / "2026.csv")

    assert [row.action for row in plan.rows] == [Action.UPDATE, Action.UNCHANGED,
                                                 Action.UPDATE]
    assert plan.rows[0].changes == {
        "valid_until": (date(2028, 12, 31), date(2030, 6, 30)),
        "designation_type": ("innovative-prototype", "excellent-procurement")}
    assert [(item["row"], item["designation_number"]) for item in report.updated] == [
        (2, "2025-0001"), (4, "2025-0003")]
    assert report.updated[1]["changes"] == {"valid_until": ["2028-12-31", "2030-06-30"]}
    assert product("2025-0001").valid_until == date(2030, 6, 30)
    assert product("2025-0001").designation_type == "excellent-procurement"
    assert product("2025-0001").edit_version == version + 1
    # A live listing takes the change at once: it comes from PPS itself.
    assert product("2025-0003").status == ProductStatus.PUBLISHED
    assert product("2025-0003").valid_until == date(2030, 6, 30)
    updates = events("designations.update")
    assert [event.subject_id for event in updates] == [product("2025-0001").id,
                                                       product("2025-0003").id]
    assert updates[0].details["before"] == {"valid_until": "2028-12-31",
                                            "designation_type": "innovative-prototype"}
    assert updates[0].details["after"] == {"valid_until": "2030-06-30",
                                           "designation_type": "excellent-procurement"}
    assert updates[1].details["designation_number"] == "2025-0003"


def test_a_pending_revision_of_a_live_listing_gets_the_new_validity_too(app_context,
                                                                        tmp_path):
    apply_file(write_xlsx(tmp_path / "2025.xlsx", good_rows()))
    with unit_of_work.committed():
        live = product("2025-0003")
        live.category = factories.category()
        live.change_status(ProductStatus.SUBMITTED)
        live.change_status(ProductStatus.PUBLISHED)
        payload = listings.editable_payload(live)
        payload["texts"]["ko"]["summary"] = "새 요약"
        listings.save(live, payload, live.edit_version, None)

    apply_file(write_xlsx(tmp_path / "2026.xlsx", good_rows(until="2030.06.30")))

    revision = db.session.scalar(select(ProductRevision))
    assert revision.state == RevisionState.PENDING
    assert revision.payload["designation"]["valid_until"] == "2030-06-30"
    assert revision.payload["texts"]["ko"]["summary"] == "새 요약"


def test_existing_companies_are_found_by_registration_number_and_left_as_they_are(
        app_context, tmp_path):
    with unit_of_work.committed():
        factories.add_company(CompanyState.PENDING, names={"en": "Hanbit Robotics"},
                              registration_number=HANBIT)

    report = apply_file(write_csv(tmp_path / "list.csv", good_rows()[:2]))

    assert report.created_companies == []
    hanbit = db.session.scalar(select(Company).where(Company.registration_number == HANBIT))
    assert hanbit.names == {"en": "Hanbit Robotics"}
    assert {item.designation_number for item in hanbit.products} == {"2025-0001", "2025-0002"}


def test_a_designation_number_held_by_another_company_is_refused(app_context, tmp_path):
    with unit_of_work.committed():
        other = factories.add_company()
        taken = factories.add_product(other)
        taken.designation_number = "2025-0001"

    plan = designations.preview(write_csv(tmp_path / "list.csv", good_rows()))

    assert plan.rows[0].action == Action.REJECTED
    assert plan.rows[0].problems[0][0] == "registration_number"
    assert "belongs to a product of another company" in str(plan.rows[0].problems[0][1])


def test_headers_needing_a_mapping_are_remembered_for_the_next_file(app_context, tmp_path):
    headers = ["번호", "혁신제품 이름", "회사", "사업자등록번호", "지정번호", "지정일", "유효기간",
               "물품분류번호", "구분"]
    first = write_csv(tmp_path / "first.csv", good_rows(), headers=headers)

    unmapped = designations.preview(first)
    assert unmapped.missing_columns == ["name", "company"]
    assert unmapped.unknown_headers == ["번호", "혁신제품 이름", "회사"]
    assert unmapped.rows == []

    mapping = {"혁신제품 이름": "name", "회사": "company", "번호": ""}
    report = apply_file(first, mapping)
    assert len(report.created_products) == 3
    assert db.session.get(Setting, "designations.mapping").value == {
        "혁신제품이름": "name", "회사": "company", "번호": ""}
    assert events("designations.mapping")[0].details["after"]["회사"] == "company"

    second = write_xlsx(tmp_path / "second.xlsx", good_rows(until="2031.01.01"),
                        headers=headers)
    plan = designations.preview(second)
    assert plan.unknown_headers == [] and plan.missing_columns == []
    assert plan.count(Action.UPDATE) == 2  # the second row gives its validity as a range


def test_a_mapping_to_a_field_that_does_not_exist_is_refused(app_context, tmp_path):
    path = write_csv(tmp_path / "list.csv", good_rows())

    try:
        designations.preview(path, {"제품명": "price"})
    except designations.DesignationFileError as error:
        assert "price is not a field of the designation list" in str(error)
    else:
        raise AssertionError("the mapping was accepted")


# The command line.

def test_command_imports_the_list_and_reports_rejected_rows(app, runner, tmp_path):
    path = write_csv(tmp_path / "list.csv", good_rows() + bad_rows())

    result = runner.invoke(args=["import-designations", str(path)])

    assert result.exit_code == 0, result.output
    assert "row 5: registration_number: 123-45-67890 is not a valid" in result.output
    assert "row 10: designation_number: Designation number 2025-0001 is also in row 2." \
        in result.output
    assert "2 new companies, 3 new products (drafts), 0 updated, 0 unchanged, " \
           "6 rejected" in result.output
    with app.app_context():
        assert len(list(db.session.scalars(select(Product.id)))) == 3


def test_command_reimport_lists_each_changed_validity(app, runner, tmp_path):
    runner.invoke(args=["import-designations",
                        str(write_xlsx(tmp_path / "a.xlsx", good_rows()))])

    result = runner.invoke(args=["import-designations", str(write_xlsx(
        tmp_path / "b.xlsx", good_rows(until="2030.06.30")))])

    assert result.exit_code == 0, result.output
    assert "row 3: 2025-0001 (SC-" in result.output
    assert "valid_until 2028-12-31 -> 2030-06-30" in result.output
    assert "0 new products (drafts), 2 updated, 1 unchanged, 0 rejected" in result.output


def test_command_dry_run_saves_nothing(app, runner, tmp_path):
    path = write_csv(tmp_path / "list.csv", good_rows())

    result = runner.invoke(args=["import-designations", "--dry-run", str(path)])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("checked ")
    with app.app_context():
        assert db.session.scalar(select(Product.id)) is None


def test_command_takes_a_mapping_and_fails_when_nothing_could_be_applied(app, runner,
                                                                         tmp_path):
    headers = ["혁신제품 이름", *HEADERS[2:]]
    mapped = write_csv(tmp_path / "mapped.csv", [row[1:] for row in good_rows()],
                       headers=headers)
    missing = runner.invoke(args=["import-designations", str(mapped)])
    assert missing.exit_code == 1
    assert "no column found for name; unrecognised headers: 혁신제품 이름" in missing.output

    result = runner.invoke(args=["import-designations", "--map", "혁신제품 이름=name",
                                 str(mapped)])
    assert result.exit_code == 0, result.output

    again_with_a_typo = write_csv(tmp_path / "typo.csv", good_rows() + bad_rows()[:1])
    unchanged = runner.invoke(args=["import-designations", "--dry-run", str(again_with_a_typo)])
    assert unchanged.exit_code == 0, unchanged.output
    assert "0 new products (drafts), 0 updated, 3 unchanged, 1 rejected" \
        in unchanged.output

    only_bad = write_csv(tmp_path / "bad.csv", bad_rows()[:1])
    failed = runner.invoke(args=["import-designations", str(only_bad)])
    assert failed.exit_code == 1
    assert "row 2: registration_number:" in failed.output


def test_command_refuses_a_file_of_another_kind(runner, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")

    result = runner.invoke(args=["import-designations", str(path)])

    assert result.exit_code == 1
    assert "neither an Excel workbook (.xlsx) nor a CSV file" in result.output
