"""Staff import the designation list through its pages: upload, preview, column mapping,
apply, report."""

import io
import re
from pathlib import Path

from sqlalchemy import select

from showcase.extensions import db
from showcase.models import AuditEvent, Company, CompanyState, Product, ProductStatus
from tests.conftest import _CSRF_FIELD
from tests.test_designations import (
    HANBIT,
    HEADERS,
    bad_rows,
    good_rows,
    write_csv,
    write_xlsx,
)

PAGE = "/en/staff/designations"


def token_of(page: str) -> str:
    return _CSRF_FIELD.search(page).group(1)


def upload(client, path: Path, lang: str = "en"):
    page = client.get(f"/{lang}/staff/designations").get_data(as_text=True)
    return client.post(f"/{lang}/staff/designations", content_type="multipart/form-data",
                       data={"csrf_token": token_of(page),
                             "list_file": (io.BytesIO(path.read_bytes()), path.name)})


def preview_of(client, path: Path, lang: str = "en") -> tuple[str, str]:
    """Upload ``path``; ``(preview URL, preview page)``."""
    response = upload(client, path, lang)
    assert response.status_code == 302, response.get_data(as_text=True)
    url = response.headers["Location"]
    return url, client.get(url).get_data(as_text=True)


def apply_preview(client, url: str, page: str):
    return client.post(f"{url}/apply", data={"csrf_token": token_of(page)})


def test_staff_upload_preview_and_apply_the_list_through_the_forms(app, client, login_as,
                                                                   tmp_path):
    login_as("staff")
    path = write_xlsx(tmp_path / "지정현황.xlsx", good_rows() + bad_rows())

    url, page = preview_of(client, path)

    assert "Designation list: preview" in page
    assert "Nothing has been saved yet" in page
    assert "123-45-67890 is not a valid business registration number" in page
    assert "Designation number 2025-0001 is also in row 3." in page
    assert "자율주행 순찰 로봇" in page
    assert re.search(r"<strong>3</strong> new products \(drafts\)", page)
    assert re.search(r"<strong>6</strong> rows with problems", page)
    kept = list((Path(app.config["DATA_DIR"]) / "imports").iterdir())
    assert [file.suffix for file in kept] == [".xlsx"]

    applied = apply_preview(client, url, page)

    assert applied.status_code == 302
    report = client.get(applied.headers["Location"]).get_data(as_text=True)
    assert "Designation list: report" in report
    assert "List applied. New products: 3; updated: 0; rows skipped: 6." in report
    assert "(주)한빛로보틱스" in report
    with app.app_context():
        products = db.session.scalars(select(Product)).all()
        assert {product.status for product in products} == {ProductStatus.DRAFT}
        company = db.session.scalar(select(Company).where(
            Company.registration_number == HANBIT))
        assert company.state == CompanyState.APPROVED
        actors = {event.actor_id for event in db.session.scalars(select(AuditEvent).where(
            AuditEvent.action.like("designations.%")))}
        assert len(actors) == 1 and None not in actors


def test_reimport_through_the_pages_shows_the_changed_validity_before_and_after(
        client, login_as, tmp_path):
    login_as("staff")
    url, page = preview_of(client, write_xlsx(tmp_path / "a.xlsx", good_rows()))
    apply_preview(client, url, page)

    url, page = preview_of(client, write_csv(tmp_path / "b.csv",
                                             good_rows(until="2030.06.30")))

    assert "Designations that change" in page
    assert "<del><span dir=\"ltr\">2028-12-31</span></del> → " \
           "<ins><span dir=\"ltr\">2030-06-30</span></ins>" in page
    report = client.get(apply_preview(client, url, page).headers["Location"])
    assert "updated: 2; rows skipped: 0." in report.get_data(as_text=True)

    url, page = preview_of(client, write_csv(tmp_path / "c.csv",
                                             good_rows(until="2030.06.30")))
    assert "Nothing to apply" in page
    assert 'action="' + url + '/apply"' not in page


def test_unrecognised_columns_are_mapped_on_the_preview_and_remembered(client, login_as,
                                                                       tmp_path):
    login_as("staff")
    headers = ["번호", "혁신제품 이름", *HEADERS[2:]]
    path = write_csv(tmp_path / "list.csv", good_rows(), headers=headers)
    url, page = preview_of(client, path)
    assert "No column was found for: Product name." in page
    assert "Columns not recognised" in page
    assert "Apply the list" not in page

    same_field = client.post(f"{url}/mapping", data={
        "csrf_token": token_of(page), "column_0": "name", "column_1": "name"})
    assert same_field.status_code == 200
    assert "번호 already holds this field." in same_field.get_data(as_text=True)

    saved = client.post(f"{url}/mapping", data={
        "csrf_token": token_of(page), "column_0": "", "column_1": "name"})
    assert saved.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Column mapping saved" in page
    assert "Columns not recognised" not in page
    assert "Apply the list" in page

    _url, later = preview_of(client, write_csv(tmp_path / "later.csv", good_rows(),
                                               headers=headers))
    assert "Columns not recognised" not in later
    upload_page = client.get(PAGE).get_data(as_text=True)
    assert "Column names remembered from earlier files" in upload_page
    assert "혁신제품이름" in upload_page


def test_a_file_that_is_not_a_list_is_refused_on_the_upload_form(app, client, login_as,
                                                                 tmp_path):
    login_as("staff")
    picture = tmp_path / "list.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    document = tmp_path / "notes.docx"
    document.write_text("hello")

    refused = upload(client, picture)
    wrong_kind = upload(client, document)

    assert refused.status_code == 200
    assert "neither an Excel workbook (.xlsx) nor a CSV file" in refused.get_data(as_text=True)
    assert "Upload the list as an Excel workbook (.xlsx) or a CSV file." in \
        wrong_kind.get_data(as_text=True)
    assert list((Path(app.config["DATA_DIR"]) / "imports").iterdir()) == []


def test_a_file_over_the_size_limit_is_refused_and_not_kept(app, client, login_as, tmp_path,
                                                            monkeypatch):
    login_as("staff")
    monkeypatch.setattr("showcase.staff.designations.MAX_FILE_BYTES", 1024 * 1024)
    path = write_csv(tmp_path / "big.csv", good_rows() * 6000)

    response = upload(client, path)

    assert response.status_code == 200
    assert "The file is larger than 1 MB." in response.get_data(as_text=True)
    assert list((Path(app.config["DATA_DIR"]) / "imports").iterdir()) == []


def test_pages_speak_korean(client, login_as, tmp_path):
    login_as("staff")
    assert client.get("/ko/staff/designations").status_code == 200
    url, page = preview_of(client, write_csv(tmp_path / "list.csv", good_rows()), lang="ko")
    assert url.startswith("/ko/staff/designations/")
    assert 'lang="ko"' in page


def test_a_post_without_the_form_token_applies_nothing(app, client, login_as, tmp_path):
    login_as("staff")
    url, _page = preview_of(client, write_csv(tmp_path / "list.csv", good_rows()))

    response = client.post(f"{url}/apply", data={})

    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Product.id)) is None


def test_company_users_and_unknown_tokens_get_not_found(client, login_as, tmp_path):
    login_as("staff")
    url, _page = preview_of(client, write_csv(tmp_path / "list.csv", good_rows()))
    assert client.get(PAGE.replace("designations", "designations/" + "0" * 32)) \
        .status_code == 404
    assert client.get(PAGE + "/../../etc").status_code == 404
    client.post("/en/account/sign-out", data={"csrf_token": token_of(client.get(PAGE)
                                                                      .get_data(as_text=True))})

    company_client = client.application.test_client()
    login_as("company", client=company_client)
    assert company_client.get(PAGE).status_code == 404
    assert company_client.get(url).status_code == 404
    home = company_client.get("/en/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    assert company_client.post(f"{url}/apply", data={"csrf_token": token}).status_code == 404


def test_a_cell_with_markup_is_shown_as_text_in_the_preview(app, client, login_as, tmp_path):
    login_as("staff")
    row = [1, "표시 시험", "바다기술", "<b>123</b>", "2025-0101", "<i>soon</i>",
           "2028.12.31", "<u>43</u>", "<s>type</s>"]
    _url, page = preview_of(client, write_xlsx(tmp_path / "markup.xlsx", [row]))

    for tag in ("<b>", "<i>", "<u>", "<s>"):
        assert tag not in page
    assert "&lt;i&gt;soon&lt;/i&gt;" in page
