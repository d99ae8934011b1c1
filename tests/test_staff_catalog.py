"""Staff curating the catalog: featured products in order on the home page, categories named
in every language, and the explanations of the designation types."""

import re
from datetime import date
from html import unescape

from flask_babel import force_locale
from sqlalchemy import select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import DESIGNATION_TYPES, AuditEvent, Category, Product, ProductStatus
from showcase.services import catalog_admin
from showcase.services.catalog_admin import CatalogError
from tests.factories import add_company, add_product, category

TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def _post(client, page_url: str, action_url: str, data: dict):
    """Submit a form of the page at ``page_url`` with the CSRF token it was served with."""
    token = TOKEN.search(client.get(page_url).get_data(as_text=True)).group(1)
    return client.post(action_url, data={"csrf_token": token, **data})


def _published(app, count: int, **fields) -> list[str]:
    """Refs of ``count`` new published products, the first one oldest."""
    with app.app_context(), unit_of_work.committed():
        company = add_company()
        return [add_product(company, ProductStatus.PUBLISHED, **fields).ref
                for _ in range(count)]


def _name(app, ref: str) -> str:
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.ref == ref))
        return product.texts["en"].name


def _featured_names(client, lang: str = "en") -> list[str]:
    page = _page(client, f"/{lang}/")
    section = page.split('id="featured-heading"')[1].split("</section>")[0]
    return re.findall(r'<h3 lang="\w+" dir="auto">(.*?)</h3>', section)


def _feature(client, ref: str, action: str):
    return _post(client, "/en/staff/catalog", "/en/staff/catalog/featured",
                 {"ref": ref, "action": action})


def test_staff_feature_products_and_order_them_on_the_home_page(app, client, login_as):
    refs = _published(app, 10)
    first, second, third = refs[:3]  # the oldest: the home page tops up with the newest
    names = {ref: _name(app, ref) for ref in refs}
    login_as("staff")
    for ref in (third, first, second):
        response = _feature(client, ref, "feature")
        assert response.status_code == 302
        assert "is now featured" in _page(client, response.location)
    assert _featured_names(client)[:3] == [names[third], names[first], names[second]]
    staff_page = _page(client, "/en/staff/catalog")
    featured_list = staff_page.split('class="featured-list"')[1].split("</ol>")[0]
    assert [names[third], names[first], names[second]] == [
        name.strip() for name in re.findall(r'class="featured-name">([^<]+)<', featured_list)]

    _feature(client, second, "up")
    assert _featured_names(client)[:3] == [names[third], names[second], names[first]]
    _feature(client, third, "down")
    assert _featured_names(client)[:3] == [names[second], names[third], names[first]]
    _feature(client, second, "up")  # already first: stays
    assert _featured_names(client)[:3] == [names[second], names[third], names[first]]

    _feature(client, third, "unfeature")
    home = _featured_names(client)
    assert home[:2] == [names[second], names[first]]
    assert names[third] not in home
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("catalog.feature") == 4
    assert actions.count("catalog.featured_order") == 3


def test_the_order_can_be_given_at_once_and_only_featured_products_take_part(app_context):
    with unit_of_work.committed():
        company = add_company()
        products = [add_product(company, ProductStatus.PUBLISHED) for _ in range(3)]
        draft = add_product(company)
        for product in products:
            catalog_admin.set_featured(product, True, None)
    with unit_of_work.committed():
        catalog_admin.order_featured([products[2].ref, products[0].ref], None)
    assert [p.featured_position for p in products] == [2, 3, 1]
    for refs in ([draft.ref], [products[0].ref, products[0].ref]):
        try:
            catalog_admin.order_featured(refs, None)
        except CatalogError:
            pass
        else:
            raise AssertionError(f"{refs} were ordered")
    try:
        catalog_admin.set_featured(draft, True, None)
    except CatalogError as error:
        assert "published" in str(error)
    else:
        raise AssertionError("a draft was featured")


def test_a_category_created_with_names_in_several_languages_shows_in_those_languages(
        app, client, login_as):
    login_as("staff")
    form = _page(client, "/en/staff/categories/new")
    assert '<input dir="ltr" id="name_th" lang="th"' in form
    assert '<input dir="rtl" id="name_ur" lang="ur"' in form
    assert ">ไทย</label>" in form and ">اردو</label>" in form
    response = _post(client, "/en/staff/categories/new", "/en/staff/categories/new", {
        "code": "smart-farming", "name_en": "Smart farming", "name_ko": "스마트 농업",
        "name_th": "เกษตรอัจฉริยะ"})
    assert response.status_code == 302
    assert "smart-farming" in _page(client, "/en/staff/categories")
    with app.app_context(), unit_of_work.committed():
        add_product(add_company(), ProductStatus.PUBLISHED, category=category("smart-farming"))
    assert "เกษตรอัจฉริยะ" in _page(client, "/th/categories/smart-farming")
    assert "스마트 농업" in _page(client, "/ko/categories/smart-farming")
    assert "Smart farming" in _page(client, "/vi/categories/smart-farming")  # the fallback
    assert "เกษตรอัจฉริยะ" in _page(client, "/th/")


def test_a_category_needs_a_proper_code_and_an_english_or_korean_name(app, client, login_as):
    login_as("staff")
    response = _post(client, "/en/staff/categories/new", "/en/staff/categories/new",
                     {"code": "Smart Farming!", "name_th": "เกษตรอัจฉริยะ"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "has an invalid format" in page
    assert 'value="Smart Farming!"' in page and 'value="เกษตรอัจฉริยะ"' in page
    response = _post(client, "/en/staff/categories/new", "/en/staff/categories/new",
                     {"code": "smart-farming", "name_th": "เกษตรอัจฉริยะ"})
    page = unescape(response.get_data(as_text=True))
    assert "Give the category a name in English or Korean." in page
    assert 'value="เกษตรอัจฉริยะ"' in page
    with app.app_context():
        assert db.session.scalar(select(Category)) is None


def test_a_code_in_use_is_not_created_twice_and_renaming_keeps_the_code(app, client, login_as):
    with app.app_context(), unit_of_work.committed():
        category("drones", {"en": "Drones", "ko": "드론"})
    login_as("staff")
    response = _post(client, "/en/staff/categories/new", "/en/staff/categories/new",
                     {"code": "drones", "name_en": "Something else"})
    assert "A category with this code exists already." in unescape(response.get_data(
        as_text=True))
    edit = _page(client, "/en/staff/categories/drones/edit")
    assert 'value="드론"' in edit and "readonly" in edit
    response = _post(client, "/en/staff/categories/drones/edit",
                     "/en/staff/categories/drones/edit",
                     {"code": "renamed", "name_en": "Unmanned aircraft", "name_ko": "",
                      "name_ja": "ドローン"})
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.scalar(select(Category))
        assert saved.code == "drones"
        assert saved.names == {"en": "Unmanned aircraft", "ja": "ドローン"}
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "category.rename"))
        assert event.details["before"]["names"] == {"en": "Drones", "ko": "드론"}


def test_a_category_in_use_cannot_be_deleted_and_an_unused_one_can(app, client, login_as):
    with app.app_context(), unit_of_work.committed():
        add_product(add_company(), category=category("drones"))  # a draft uses it too
        category("unused")
    login_as("staff")
    page = _page(client, "/en/staff/categories")
    assert "/en/staff/categories/unused/delete" in page
    assert "/en/staff/categories/drones/delete" not in page  # no button for a used one
    response = _post(client, "/en/staff/categories", "/en/staff/categories/drones/delete", {})
    assert "1 product is in this category" in _page(client, response.location)
    response = _post(client, "/en/staff/categories", "/en/staff/categories/unused/delete", {})
    assert "is deleted" in _page(client, response.location)
    with app.app_context():
        assert db.session.scalars(select(Category.code)).all() == ["drones"]


def test_an_explanation_written_by_staff_shows_in_its_language_and_built_in_ones_elsewhere(
        app, client, login_as):
    code = "innovative-prototype"
    thai = "สินค้าต้นแบบที่รัฐบาลซื้อเป็นลูกค้ารายแรก เขียนโดยเจ้าหน้าที่"
    login_as("staff")
    form = _page(client, f"/en/staff/designation-types/{code}")
    with app.test_request_context(), force_locale("ja"):
        japanese = str(DESIGNATION_TYPES[code].explanation)
    assert japanese in form  # the built-in text quoted beside its field
    response = _post(client, f"/en/staff/designation-types/{code}",
                     f"/en/staff/designation-types/{code}", {"text_th": f"  {thai} "})
    assert response.status_code == 302
    assert "ไทย" in _page(client, "/en/staff/designation-types")
    assert thai in _page(client, "/th/")
    english = str(DESIGNATION_TYPES[code].explanation)
    assert english in _page(client, "/en/") and thai not in _page(client, "/en/")
    assert japanese in _page(client, "/ja/")
    # Emptied again: the built-in Thai explanation is back.
    _post(client, f"/en/staff/designation-types/{code}", f"/en/staff/designation-types/{code}",
          {"text_th": ""})
    assert thai not in _page(client, "/th/")


def test_only_staff_open_the_catalog_pages_in_korean_or_english(
        app, client, login_as):
    ref = _published(app, 1)[0]
    pages = ["/en/staff/catalog", "/en/staff/categories", "/en/staff/categories/new",
             "/en/staff/designation-types", "/en/staff/designation-types/excellent-rnd",
             "/en/staff/translations", f"/en/staff/translations/{ref}/th"]
    for url in pages:
        assert app.test_client().get(url).status_code == 302, url
    login_as("company")
    for url in pages:
        assert client.get(url).status_code == 404, url
    staff = app.test_client()
    login_as("staff", client=staff)
    for url in pages:
        assert staff.get(url.replace("/en/", "/ko/")).status_code == 200, url
        response = staff.get(url.replace("/en/", "/th/"))  # staff pages speak Korean, English
        assert response.status_code == 302 and response.location == url, url


def test_the_catalog_page_finds_products_by_name_or_reference_expiring_ones_first(
        app, client, login_as):
    with app.app_context(), unit_of_work.committed():
        company = add_company()
        for ref, name, last_day in (("ZZ-LATER", "Later beacon", None),
                                    ("ZZ-SOON", "Soon beacon", date(2027, 1, 15)),
                                    ("ZZ-GONE", "Gone beacon", date(2026, 11, 1))):
            product = add_product(company, ProductStatus.PUBLISHED, ref=ref, texts={"en": name})
            product.valid_until = last_day or product.valid_until
        add_product(company, ProductStatus.PUBLISHED, texts={"en": "Unrelated lamp"})
    refs = ["ZZ-GONE", "ZZ-SOON", "ZZ-LATER"]
    login_as("staff")
    page = _page(client, "/en/staff/catalog?q=beacon")
    assert [ref for ref in re.findall(r'<span class="muted" dir="ltr">([^<]+)</span>', page)
            if ref.startswith("ZZ-")] == refs
    assert "Unrelated lamp" not in page
    assert "Expired on" in page and "Ends on" in page
    assert "ZZ-SOON" in _page(client, "/en/staff/catalog?q=zz-soon")
    assert client.get("/en/staff/catalog?page=9").status_code == 404
