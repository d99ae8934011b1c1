"""A delegate's shortlist: saved without an account from any product, shown in walking order,
taken along by short link, e-mail and CSV; never showing what visitors may not see."""

import csv
import io
import re
from datetime import UTC, timedelta
from html import unescape

import pytest
from sqlalchemy import event, insert, select

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import Product, ProductCounter, ProductStatus, Shortlist, ShortlistItem
from showcase.models.base import utcnow
from showcase.services import shortlists
from tests.factories import add_company, add_product
from tests.mailbox import body, mails

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_SHORT_LINK = re.compile(r'href="(http://[^"]+/s/([\w-]+))"')


def _products(app, *booths: str, status=ProductStatus.PUBLISHED, **fields) -> list[str]:
    """References of new products of one company, one per booth ("" for none)."""
    with app.app_context(), unit_of_work.committed():
        company = add_company()
        return [add_product(company, status, booth=booth, **fields).ref for booth in booths]


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return unescape(response.get_data(as_text=True))


def _save(client, ref: str, lang: str = "en", action: str = "add", **headers):
    """Press the shortlist button on the product's page (the form's own token)."""
    token = _TOKEN.search(_page(client, f"/{lang}/products/{ref}")).group(1)
    return client.post(f"/{lang}/shortlist/{action}", headers=headers,
                       data={"csrf_token": token, "ref": ref, "next": f"/{lang}/products/{ref}"})


def _listed_refs(page: str) -> list[str]:
    """References of the products on a shortlist page, top to bottom."""
    items = page.split('class="shortlist-item"')[1:]
    return [re.search(r'name="ref" value="([^"]+)"', item).group(1) for item in items]


def _header_count(page: str) -> str:
    return re.search(r"data-shortlist-count>([^<]*)<", page).group(1)


# The service


def test_every_new_shortlist_gets_an_unguessable_token_of_its_own(app_context):
    first, second = shortlists.create(), shortlists.create()
    assert first.token != second.token
    assert len(first.token) >= 22 and re.fullmatch(r"[\w-]+", first.token)


def test_a_product_is_saved_once_and_each_add_is_counted_for_the_company(app_context):
    product = add_product(add_company(), ProductStatus.PUBLISHED)
    shortlist = shortlists.create()
    assert shortlists.add(shortlist, product) is True
    assert shortlists.add(shortlist, product) is False
    assert [item.product_id for item in shortlist.items] == [product.id]
    assert db.session.get(ProductCounter, product.id).shortlist_adds == 1
    assert shortlists.remove(shortlist, product) is True
    assert shortlists.remove(shortlist, product) is False
    shortlists.add(shortlist, product)
    shortlists.clear(shortlist)
    assert shortlist.items == []
    assert db.session.get(ProductCounter, product.id).shortlist_adds == 2


def test_a_product_another_device_adds_at_the_same_moment_is_saved_once(app_context):
    product = add_product(add_company(), ProductStatus.PUBLISHED)
    shortlist = shortlists.create()
    db.session.commit()
    the_same = {"shortlist_id": shortlist.id, "product_id": product.id, "position": 1,
                "note": ""}
    added_elsewhere = []

    def other_device(_connection, _cursor, statement, *_args):
        # Between this request's check and its insert, the list's other device adds it.
        if statement.startswith("INSERT INTO shortlist_item") and not added_elsewhere:
            added_elsewhere.append(True)
            with db.engine.begin() as elsewhere:
                elsewhere.execute(insert(ShortlistItem), [the_same])

    event.listen(db.engine, "before_cursor_execute", other_device)
    try:
        assert shortlists.add(shortlist, product) is False
    finally:
        event.remove(db.engine, "before_cursor_execute", other_device)
    db.session.commit()
    assert added_elsewhere
    assert [item.product_id for item in shortlist.items] == [product.id]
    assert db.session.get(ProductCounter, product.id) is None, "counted by the other request"


def test_a_full_shortlist_refuses_another_product(app_context, monkeypatch):
    monkeypatch.setattr(shortlists, "MAX_ITEMS", 2)
    company = add_company()
    products = [add_product(company, ProductStatus.PUBLISHED) for _ in range(3)]
    shortlist = shortlists.create()
    shortlists.add(shortlist, products[0])
    shortlists.add(shortlist, products[1])
    with pytest.raises(shortlists.ShortlistError):
        shortlists.add(shortlist, products[2])
    assert len(shortlist.items) == 2


# The pages


def _aged(shortlist: Shortlist, days: int) -> None:
    """Make ``shortlist`` look made and last changed ``days`` ago."""
    shortlist.created_at = shortlist.changed_at = utcnow() - timedelta(days=days)
    db.session.flush()


def test_adding_removing_and_clearing_record_when_the_list_last_changed(app_context):
    product = add_product(add_company(), ProductStatus.PUBLISHED)
    shortlist = shortlists.create()
    for change in (shortlists.add, shortlists.remove, lambda kept, _product: shortlists.clear(
            kept)):
        _aged(shortlist, 400)
        change(shortlist, product)
        assert utcnow() - _utc(shortlist.changed_at) < timedelta(minutes=1), change


def _utc(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_shortlists_nobody_changed_for_long_are_forgotten_with_their_notes(app, runner):
    with app.app_context(), unit_of_work.committed():
        product = add_product(add_company(), ProductStatus.PUBLISHED)
        lists = {name: shortlists.create() for name in ("idle", "long idle", "recent")}
        for kept in lists.values():
            shortlists.add(kept, product)
        _aged(lists["idle"], 40)
        _aged(lists["long idle"], 100)
        _aged(lists["recent"], 10)
        ids = {name: kept.id for name, kept in lists.items()}
    result = runner.invoke(args=["forget-shortlists", "--idle-days", "30"])
    assert result.exit_code == 0, result.output
    assert "forgot 2 shortlist(s)" in result.output
    with app.app_context():
        left = {kept.id for kept in db.session.scalars(select(Shortlist))}
        assert left == {ids["recent"]}
        assert {item.shortlist_id for item in db.session.scalars(select(ShortlistItem))} == left
    assert "forgot 0 shortlist(s)" in runner.invoke(
        args=["forget-shortlists", "--idle-days", "30"]).output


def test_saved_products_are_listed_by_hall_then_booth_as_a_walking_route(app, client):
    refs = _products(app, "B-2", "", "A-10", "A-9")
    for ref in refs:
        assert _save(client, ref).status_code == 302
    page = _page(client, "/en/shortlist")
    assert _listed_refs(page) == [refs[3], refs[2], refs[0], refs[1]]
    headings = re.findall(r'<h2 id="hall-\d+">(.*?)</h2>', page)
    assert headings == ["Hall A", "Hall B", "No booth at the venue"]
    assert "Booth A-9" in page and "Booth B-2" in page
    assert page.count('class="shortlist-remove"') == 4


def test_the_list_survives_reloads_and_the_header_counts_it(app, client):
    first, second = _products(app, "A-1", "A-2")
    assert _header_count(_page(client, "/th/")) == "0"
    response = _save(client, first, "th")
    assert response.location == f"/th/products/{first}"
    _save(client, second, "th")
    for _reload in range(2):
        page = _page(client, "/th/")
        assert _header_count(page) == "2"
    product_page = _page(client, f"/th/products/{first}")
    assert re.search(r'class="shortlist-button" aria-pressed="true"', product_page)
    _save(client, first, "th", action="remove")
    assert _listed_refs(_page(client, "/th/shortlist")) == [second]
    assert _header_count(_page(client, "/th/shortlist")) == "1"


def test_the_page_script_gets_the_new_state_and_count_as_json(app, client):
    [ref] = _products(app, "C-3")
    response = _save(client, ref, Accept="application/json")
    assert response.status_code == 200
    assert response.json == {"ref": ref, "saved": True, "count": 1, "count_text": "1",
                             "message": "Saved to your shortlist."}
    response = _save(client, ref, action="remove", Accept="application/json")
    assert response.json["saved"] is False and response.json["count"] == 0


def test_the_short_link_opens_the_same_list_on_a_phone_in_its_own_language(app, client):
    first, second = _products(app, "A-1", "B-1")
    _save(client, first)
    _save(client, second)
    page = _page(client, "/en/shortlist")
    link, token = _SHORT_LINK.search(page).groups()
    assert 'class="shortlist-qr" role="img"' in page and "<svg" in page
    phone = app.test_client()
    opened = phone.get(f"/s/{token}", headers={"Accept-Language": "th-TH,th;q=0.9"})
    assert opened.status_code == 302 and opened.location == "/th/shortlist"
    assert _listed_refs(_page(phone, "/th/shortlist")) == [first, second]
    # One list on both devices: what the phone removes is gone on the tablet too.
    _save(phone, first, "th", action="remove")
    assert _listed_refs(_page(client, "/en/shortlist")) == [second]


def test_an_unknown_short_link_is_not_found(app, client):
    assert client.get("/s/not-a-real-token-at-all").status_code == 404
    assert client.get("/s/" + "x" * 300).status_code == 404


def test_the_csv_holds_designation_numbers_and_classification_codes(app, client):
    refs = _products(app, "B-7", "A-3")
    with app.app_context(), unit_of_work.committed():
        trap = add_product(add_company(), ProductStatus.PUBLISHED, booth="A-4",
                           texts={"en": "=HYPERLINK(\"http://evil\")", "ko": "함정"})
        trap_ref = trap.ref
    for ref in [*refs, trap_ref]:
        _save(client, ref)
    response = client.get("/en/shortlist.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:7] == ["Hall", "Booth", "Product", "Company", "Designation",
                           "Designation number", "Classification code"]
    assert [row[1] for row in rows[1:]] == ["A-3", "A-4", "B-7"]
    with app.app_context():
        expected = {product.ref: product for product in db.session.query(Product)}
        for row in rows[1:]:
            product = expected[row[8]]
            assert row[5] == product.designation_number and row[6] == "43211503"
            assert row[9].endswith(f"/en/products/{product.ref}")
    assert rows[2][2] == "'=HYPERLINK(\"http://evil\")", "a formula is never run"


def test_the_list_is_mailed_in_the_visitors_language_after_the_request(app, client):
    first, second = _products(app, "A-2", "A-1", texts={"en": "Robot", "ko": "로봇 청소기"})
    _save(client, first, "ko")
    _save(client, second, "ko")
    page = _page(client, "/ko/shortlist")
    token = _TOKEN.search(page).group(1)
    response = client.post("/ko/shortlist/email",
                           data={"csrf_token": token, "email": "delegate@example.test"})
    assert response.status_code == 302
    assert "delegate@example.test" in _page(client, response.location)
    [mail] = mails(app, "delegate@example.test")
    text = body(mail)
    assert text.count("로봇 청소기") == 2
    assert text.index(f"/ko/products/{second}") < text.index(f"/ko/products/{first}")
    assert re.search(r"http://localhost/s/[\w-]{22}", text)


def test_a_bad_address_is_shown_on_the_page_and_nothing_is_mailed(app, client):
    [ref] = _products(app, "A-1")
    _save(client, ref)
    token = _TOKEN.search(_page(client, "/en/shortlist")).group(1)
    response = client.post("/en/shortlist/email", data={"csrf_token": token, "email": "nope"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert mails(app) == []


def test_mailing_the_list_is_rate_limited_per_address(app, client):
    app.config["SHORTLIST_MAIL_RATE_LIMIT"] = "2 per minute"
    [ref] = _products(app, "A-1")
    _save(client, ref)
    token = _TOKEN.search(_page(client, "/en/shortlist")).group(1)
    statuses = [client.post("/en/shortlist/email",
                            data={"csrf_token": token, "email": f"d{n}@example.test"}).status_code
                for n in range(3)]
    assert statuses == [302, 302, 429]
    assert len(mails(app)) == 2


def test_forms_without_their_csrf_token_are_refused(app, client):
    [ref] = _products(app, "A-1")
    assert client.post("/en/shortlist/add", data={"ref": ref}).status_code == 400
    assert client.post("/en/shortlist/email", data={"email": "a@example.test"}).status_code == 400
    assert _header_count(_page(client, "/en/")) == "0"
    with app.app_context():
        assert db.session.query(Shortlist).count() == 0


def test_unpublished_and_withdrawn_products_are_never_shown(app, client):
    draft, = _products(app, "A-5", status=ProductStatus.DRAFT)
    shown, withdrawn = _products(app, "A-1", "A-2")
    token = _TOKEN.search(_page(client, f"/en/products/{shown}")).group(1)
    assert client.post("/en/shortlist/add",
                       data={"csrf_token": token, "ref": draft}).status_code == 404
    _save(client, shown)
    _save(client, withdrawn)
    with app.app_context(), unit_of_work.committed():
        product = db.session.query(Product).filter_by(ref=withdrawn).one()
        product.change_status(ProductStatus.WITHDRAWN)
    page = _page(client, "/en/shortlist")
    assert _listed_refs(page) == [shown] and withdrawn not in page
    assert _header_count(page) == "1"
    assert withdrawn not in client.get("/en/shortlist.csv").get_data(as_text=True)


def test_the_way_back_stays_on_this_site(app, client):
    [ref] = _products(app, "A-1")
    token = _TOKEN.search(_page(client, f"/en/products/{ref}")).group(1)
    response = client.post("/en/shortlist/add", data={"csrf_token": token, "ref": ref,
                                                      "next": "https://evil.example/"})
    assert response.location == "/en/shortlist"


def test_clearing_empties_the_list_but_keeps_its_short_link(app, client):
    [ref] = _products(app, "A-1")
    _save(client, ref)
    _link, token = _SHORT_LINK.search(_page(client, "/en/shortlist")).groups()
    form_token = _TOKEN.search(_page(client, "/en/shortlist")).group(1)
    assert client.post("/en/shortlist/clear", data={"csrf_token": form_token}).status_code == 302
    page = _page(client, "/en/shortlist")
    assert _listed_refs(page) == [] and "Nothing saved yet" in page
    assert client.get(f"/s/{token}").status_code == 302


def test_adding_and_removing_share_one_rate_limit_per_address(app, client):
    app.config["SHORTLIST_RATE_LIMIT"] = "3 per minute"
    first, second = _products(app, "A-1", "A-2")
    statuses = [_save(client, first).status_code, _save(client, first, action="remove").status_code,
                _save(client, second).status_code, _save(client, second).status_code]
    assert statuses == [302, 302, 302, 429]
    assert _page(client, "/en/shortlist").count('class="shortlist-remove"') == 1


def test_a_forgotten_lists_link_is_not_found_and_its_browser_starts_a_new_list(app, client,
                                                                                  runner):
    [ref] = _products(app, "A-1")
    _save(client, ref)
    link = _SHORT_LINK.search(_page(client, "/en/shortlist")).group(1)
    with app.app_context(), unit_of_work.committed():
        _aged(db.session.scalars(select(Shortlist)).one(), 400)
    assert "forgot 1 shortlist(s)" in runner.invoke(args=["forget-shortlists"]).output
    assert client.get(link.removeprefix("http://localhost")).status_code == 404
    assert _listed_refs(_page(client, "/en/shortlist")) == []
    _save(client, ref)
    assert _listed_refs(_page(client, "/en/shortlist")) == [ref]
