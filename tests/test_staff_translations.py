"""The translation grid: which texts each published product has in which language, and staff
writing a translation straight onto the live listing."""

import re
from html import unescape

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import AuditEvent, Product, ProductStatus
from showcase.services import listings
from showcase.services.listing_payload import snapshot
from showcase.services.translations import save_translation
from tests.factories import add_company, add_product, category

TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
THAI_NAME = "ทุ่นเฝ้าระวังน้ำขึ้นน้ำลงในท่าเรือ"


@pytest.fixture
def catalog(app):
    """Three published products: TR-FULL has complete English, Korean and Thai texts, TR-GAP
    English and Korean only, TR-OTHER (another category) English only; and a draft."""
    with app.app_context(), unit_of_work.committed():
        company = add_company()
        full = add_product(company, ProductStatus.PUBLISHED, ref="TR-FULL",
                           texts={"en": "Harbour crane monitor", "ko": "항만 크레인 감시기",
                                  "th": "เครื่องตรวจเครนท่าเรือ"})
        gap = add_product(company, ProductStatus.PUBLISHED, ref="TR-GAP",
                          texts={"en": "Harbour tidewatch buoy", "ko": "항만 조류 부표"})
        add_product(company, ProductStatus.PUBLISHED, ref="TR-OTHER",
                    category=category("water", {"en": "Water"}), texts={"en": "Rain gauge"})
        add_product(company, ref="TR-DRAFT")
        for product in (full, gap):
            for text in product.texts.values():
                text.description = f"{text.name}: a longer description."
    return app


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def _rows(page: str) -> list[str]:
    return re.findall(r'<span class="muted" dir="ltr">(TR-[A-Z]+)</span>', page)


def _save(client, ref: str, language: str, query: str = "", **fields):
    """Submit the editor of ``ref`` in ``language``, opened from the grid with ``query``."""
    url = f"/en/staff/translations/{ref}/{language}{query}"
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="edit_version" type="hidden" value="(\d+)"', page).group(1)
    data = {"csrf_token": TOKEN.search(page).group(1), "edit_version": version,
            "name": "", "summary": "", "description": "", "keywords": ""}
    return client.post(url, data={**data, **fields})


def test_the_grid_shows_which_texts_exist_and_filters_what_is_missing(catalog, client, login_as):
    login_as("staff")
    grid = _text(client, "/en/staff/translations")
    assert _rows(grid) == ["TR-FULL", "TR-GAP", "TR-OTHER"]  # published ones only
    assert grid.count('<th scope="col" lang=') == 24
    thai_only = _text(client, "/en/staff/translations?languages=th")
    assert thai_only.count('<th scope="col" lang=') == 1
    full_row = thai_only.split(">TR-FULL<")[1].split("</tr>")[0]
    assert "ไทย: Name written, Summary written, Description written" in " ".join(
        full_row.split())
    gap_row = thai_only.split(">TR-GAP<")[1].split("</tr>")[0]
    assert "Name missing" in gap_row and 'class="is-missing"' in gap_row
    assert _rows(_text(client, "/en/staff/translations?languages=th&missing=y")) == [
        "TR-GAP", "TR-OTHER"]
    assert _rows(_text(client, "/en/staff/translations?languages=ko&missing=y")) == [
        "TR-OTHER"]
    assert _rows(_text(client, "/en/staff/translations?languages=ko&languages=en&missing=y"
                       "&category=water")) == ["TR-OTHER"]
    assert _rows(_text(client, "/en/staff/translations?q=tidewatch")) == ["TR-GAP"]
    assert client.get("/en/staff/translations?page=2").status_code == 404


def test_the_grid_pages_by_fifty(app, client, login_as):
    with app.app_context(), unit_of_work.committed():
        company = add_company()
        for number in range(51):
            add_product(company, ProductStatus.PUBLISHED, ref=f"TR-{number:03d}")
    login_as("staff")
    first = _text(client, "/en/staff/translations?languages=th")
    assert first.count('<th scope="row">') == 50 and "Page 1 of 2" in first
    second = _text(client, "/en/staff/translations?languages=th&page=2")
    assert second.count('<th scope="row">') == 1 and "TR-050" in second


def test_a_thai_translation_by_staff_shows_on_the_thai_page_marked_and_is_found(
        catalog, app, client, login_as):
    staff = login_as("staff")
    editor = _text(client, "/en/staff/translations/TR-GAP/th?languages=th&missing=y")
    assert "Harbour tidewatch buoy: a longer description." in editor  # English beside it
    assert "항만 조류 부표" in editor  # and Korean
    assert '<input dir="ltr" id="name" lang="th"' in editor
    with app.app_context():
        version = db.session.scalar(select(Product.edit_version)
                                    .where(Product.ref == "TR-GAP"))
    response = _save(client, "TR-GAP", "th", "?languages=th&missing=y", name=THAI_NAME,
                     summary="ทุ่นวัดระดับน้ำ",
                     description="ทุ่นลอยน้ำที่วัดระดับน้ำขึ้นน้ำลงแบบเรียลไทม์",
                     keywords="ทุ่น, ท่าเรือ")
    assert response.status_code == 302
    assert response.location == "/en/staff/translations?languages=th&missing=y"
    assert "The translation is saved" in _text(client, response.location)

    page = _text(client, "/th/products/TR-GAP")
    assert THAI_NAME in page
    with app.test_request_context(), force_locale("th"):
        note = gettext("Translated by PPS staff")
    assert note in page
    assert note not in _text(client, "/en/products/TR-GAP")  # the English text is the company's
    assert "TR-GAP" in _text(client, "/th/search?q=ทุ่นเฝ้าระวัง")
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.ref == "TR-GAP"))
        text = product.texts["th"]
        assert text.staff_written and text.keywords == ["ทุ่น", "ท่าเรือ"]
        assert product.edit_version == version + 1
        event = db.session.scalar(select(AuditEvent)
                                  .where(AuditEvent.action == "translation.save"))
        assert event.actor_id == staff.id and event.details["language"] == "th"
        assert event.details["before"] == {}
        assert event.details["after"]["name"] == THAI_NAME
    row = _text(client, "/en/staff/translations?languages=th").split(">TR-GAP<")[1]
    assert "written by staff" in row.split("</tr>")[0]


def test_correcting_a_company_text_keeps_what_was_there_in_the_history(catalog, app, client,
                                                                        login_as):
    login_as("staff")
    _save(client, "TR-FULL", "th", name="เครื่องตรวจจับเครนท่าเรือ")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent)
                                  .where(AuditEvent.action == "translation.save"))
        assert event.details["before"]["name"] == "เครื่องตรวจเครนท่าเรือ"
        assert event.details["before"]["staff_written"] is False
    assert "เครื่องตรวจจับเครนท่าเรือ" in _text(client, "/th/products/TR-FULL")


def test_a_translation_needs_a_name_and_keeps_what_was_typed(catalog, app, client, login_as):
    login_as("staff")
    response = _save(client, "TR-GAP", "th", summary="ทุ่นวัดระดับน้ำ")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Some fields need attention." in page and "is required" in page
    assert "ทุ่นวัดระดับน้ำ" in page
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.ref == "TR-GAP"))
        assert "th" not in product.texts


def test_an_editor_opened_before_another_save_does_not_overwrite_it(catalog, app, client,
                                                                     login_as):
    login_as("staff")
    stale = client.get("/en/staff/translations/TR-GAP/vi").get_data(as_text=True)
    _save(client, "TR-GAP", "vi", name="Phao theo dõi thủy triều")
    version = re.search(r'name="edit_version" type="hidden" value="(\d+)"', stale).group(1)
    response = client.post("/en/staff/translations/TR-GAP/vi", data={
        "csrf_token": TOKEN.search(stale).group(1), "edit_version": version,
        "name": "Something older", "summary": "", "description": "", "keywords": ""})
    page = unescape(response.get_data(as_text=True))
    assert "Someone else saved this listing" in page and "Something older" in page
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.ref == "TR-GAP"))
        assert product.texts["vi"].name == "Phao theo dõi thủy triều"


def test_a_pending_company_edit_keeps_the_staff_translation(catalog, app_context):
    product = db.session.scalar(select(Product).where(Product.ref == "TR-GAP"))
    with unit_of_work.committed():
        payload = snapshot(product)
        payload["texts"]["en"]["summary"] = "A new summary from the company"
        listings.save(product, payload, product.edit_version, None)
    with unit_of_work.committed():
        assert save_translation(product, "th", {"name": THAI_NAME}, None)
    revision = listings.open_revision(product)
    assert revision.payload["texts"]["th"]["name"] == THAI_NAME
    assert revision.payload["texts"]["en"]["summary"] == "A new summary from the company"


def test_only_published_listings_and_offered_languages_are_translated(catalog, client, login_as):
    login_as("staff")
    assert client.get("/en/staff/translations/TR-DRAFT/th").status_code == 404
    assert client.get("/en/staff/translations/TR-GAP/de").status_code == 404
    assert client.get("/en/staff/translations/NOPE/th").status_code == 404


def test_a_company_rewrite_of_a_staff_translation_is_no_longer_marked_staff_written(app_context):
    from showcase import unit_of_work
    from showcase.models import CompanyState, ProductStatus
    from showcase.services import listings
    from showcase.services.listing_payload import apply_payload, snapshot
    from tests import factories

    with unit_of_work.committed():
        product = factories.add_product(factories.add_company(CompanyState.APPROVED),
                                        ProductStatus.DRAFT)
        product.texts["en"].staff_written = True
        untouched = snapshot(product)
        apply_payload(product, untouched)
        assert product.texts["en"].staff_written
        rewritten = listings.editable_payload(product)
        rewritten["texts"]["en"]["summary"] = "Rewritten by the company."
        apply_payload(product, rewritten)
        assert not product.texts["en"].staff_written
