"""A company member writes a listing in the portal: drafts, texts per language, every refused
value in Korean and English, two editors at once, live listings that change only after review,
the preview as delegates will see it, and text that stays text."""

from html import unescape

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from showcase import rules, unit_of_work
from showcase.extensions import db
from showcase.i18n import portal_gettext
from showcase.models import (
    Company,
    CompanyState,
    Product,
    ProductImage,
    ProductRevision,
    ProductStatus,
    RevisionState,
)
from tests.editor_pages import (
    approved_company,
    editor_fields,
    field_errors,
    forms,
    press,
    send_editor,
    text,
)
from tests.factories import add_product, category

LANGS = ["en", "ko"]
COMPLETE = {
    "text_ko-name": "스마트 측량 드론", "text_ko-summary": "공공 측량을 위한 드론입니다.",
    "text_en-name": "Smart survey drone", "text_en-summary": "A drone for public surveys.",
    "text_en-description": "Flies for 40 minutes.\n\nFolds into a case.",
    "text_en-keywords": "drone, survey，측량", "designation_type": "innovative-prototype",
    "designation_number": "2026-00077", "valid_from": "2026-01-01", "valid_until": "2028-12-31",
    "classification_code": "43211503", "category": "drones", "certifications": "KC\nISO 9001",
    "price_amount": "1,200,000", "price_currency": "krw", "price_unit": "unit",
    "booth_request": "Near the entrance",
}


def portal(app, lang: str, message: str, **variables) -> str:
    """A portal message as a member reading ``lang`` sees it."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return portal_gettext(message, **variables)


def shown(app, lang: str, message) -> str:
    """A field rule's message (or a public string) as a reader of ``lang`` sees it."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return gettext(message) if isinstance(message, str) else str(message)


@pytest.fixture
def registration(app):
    """The registration number of an approved company."""
    return approved_company(app)


@pytest.fixture
def member(registration, login_as):
    return login_as("company", company=registration)


def new_draft(client, lang: str = "en") -> tuple[str, str]:
    """Press "New listing"; the new draft's reference and its editor page."""
    response = press(client, client.get(f"/{lang}/portal/").get_data(as_text=True),
                     "/portal/listings/new")
    assert response.status_code == 302
    return response.location.rsplit("/", 1)[1], client.get(response.location).get_data(
        as_text=True)


def stored(app, ref: str) -> Product:
    """The listing as saved, loaded fresh (texts, revisions and company with it)."""
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.ref == ref))
        _ = (product.texts, product.revisions, product.company, product.category)
        for text_row in product.texts.values():
            _ = text_row.name
        db.session.expunge_all()
        return product


def add_listing(app, registration: str, status=ProductStatus.PUBLISHED, **fields) -> str:
    with app.app_context(), unit_of_work.committed():
        company = db.session.scalar(select(Company).where(
            Company.registration_number == registration))
        return add_product(company, status, **fields).ref


def database_rows(app) -> dict:
    """Every row of every table, to show that a page wrote nothing."""
    with app.app_context():
        return {table.name: sorted(map(repr, db.session.execute(table.select()).all()))
                for table in db.metadata.sorted_tables}


@pytest.mark.parametrize("lang", LANGS)
def test_a_member_writes_a_draft_saves_it_and_submits_it_for_review(app, client, member, lang):
    ref, page = new_draft(client, lang)
    assert stored(app, ref).status == ProductStatus.DRAFT
    response = send_editor(client, page, COMPLETE)
    assert response.status_code == 302 and response.location.endswith(f"/{lang}/portal/"
                                                                      f"listings/{ref}")
    page = client.get(response.location).get_data(as_text=True)
    assert portal(app, lang, "Saved.") in unescape(page)
    fields = editor_fields(page)
    assert fields["text_en-name"] == "Smart survey drone"
    assert fields["text_en-description"] == "Flies for 40 minutes.\n\nFolds into a case."
    assert fields["text_en-keywords"] == "drone, survey, 측량"
    assert fields["price_amount"] == "1200000.00" and fields["price_currency"] == "KRW"
    assert fields["certifications"] == "KC\nISO 9001"
    assert page.count('class="tab-state is-complete"') == 2

    product = stored(app, ref)
    assert product.texts["ko"].name == "스마트 측량 드론"
    assert product.texts["en"].keywords == ["drone", "survey", "측량"]
    assert product.category.code == "drones" and product.booth_request == "Near the entrance"

    response = press(client, page, f"/listings/{ref}/submit")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert portal(app, lang, "Submitted for review. PPS staff will look at it; you will see "
                             "their decision here.") in unescape(page)
    assert stored(app, ref).status == ProductStatus.SUBMITTED
    editor = next(form for form in forms(page) if form["id"] == "listing-form")
    assert "text_en-name" in editor["disabled"] and "category" in editor["disabled"]
    assert 'value="save"' not in page


INVALID = [
    ("classification_code", {"classification_code": "4321-150"},
     rules.CLASSIFICATION.check("4321-150")),
    ("valid_until", {"valid_from": "2027-06-01", "valid_until": "2026-06-01"},
     "The end of validity must not come before its start."),
    ("valid_from", {"valid_from": "31.12.2026"}, "Enter a date as YYYY-MM-DD, e.g. 2026-03-31."),
    ("text_en-name", {"text_en-name": "N" * 301}, rules.PRODUCT_NAME.check("N" * 301)),
    ("text_ko-keywords", {"text_ko-keywords": ",".join(["키워드"] * 31)},
     rules.KEYWORDS.check(["k"] * 31)),
    ("price_amount", {"price_amount": "12 won"}, rules.PRICE_AMOUNT.check("12won")),
    ("price_amount", {"price_amount": "-5"}, rules.PRICE_AMOUNT.check("-5")),
    ("price_currency", {"price_currency": "WONS"}, rules.PRICE_CURRENCY.check("WONS")),
    ("category", {"category": "no-such-category"}, "Choose a category from the list."),
    ("designation_type", {"designation_type": "gold-medal"},
     "Choose a designation type from the list."),
    ("certifications", {"certifications": "C" * 101}, rules.CERTIFICATIONS.check(["C" * 101])),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("field", "typed", "message"), INVALID,
                         ids=[f"{field}-{n}" for n, (field, _, _) in enumerate(INVALID)])
def test_a_refused_value_is_explained_beside_its_field_and_everything_typed_stays(
        app, client, member, lang, field, typed, message):
    ref, page = new_draft(client, lang)
    response = send_editor(client, page, {**COMPLETE, **typed})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    expected = (portal(app, lang, message) if isinstance(message, str)
                else shown(app, lang, message))
    assert expected in field_errors(page, field)
    assert f'<html lang="{lang}"' in page
    fields = editor_fields(page)
    for name, value in {**COMPLETE, **typed}.items():
        if name not in ("category", "designation_type"):
            assert fields[name] == value, name
    assert fields[field] == typed[field]
    assert stored(app, ref).texts == {} and stored(app, ref).edit_version == 1


@pytest.mark.parametrize("lang", LANGS)
def test_a_language_the_site_does_not_offer_is_refused(app, client, member, lang):
    ref, page = new_draft(client, lang)
    response = send_editor(client, page, {**COMPLETE, "language": ["ko", "en", "xx"]})
    assert response.status_code == 422
    assert portal(app, lang, "This language is not offered.") in text(response)
    assert editor_fields(response.get_data(as_text=True))["text_en-name"] == "Smart survey drone"
    assert stored(app, ref).texts == {}

    response = send_editor(client, page, {"text_en-name": "Kept", "new_language": "xx"},
                           action="add_language")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert portal(app, lang, "This language is not offered.") in field_errors(page,
                                                                              "new_language")
    assert editor_fields(page)["text_en-name"] == "Kept"


@pytest.mark.parametrize("lang", LANGS)
def test_submitting_an_incomplete_listing_shows_what_is_missing(app, client, member, lang):
    ref, page = new_draft(client, lang)
    page = client.get(send_editor(client, page, {"text_en-summary": "Only a summary"})
                      .location).get_data(as_text=True)
    response = press(client, page, f"/listings/{ref}/submit")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    needed = portal(app, lang, "This is needed before the listing can be submitted.")
    for field in ("designation_type", "designation_number", "valid_from", "valid_until",
                  "classification_code", "category"):
        assert needed in field_errors(page, field), field
    named = portal(app, lang, "Give the product a name in Korean or English.")
    assert named in field_errors(page, "text_ko-name")
    assert named in field_errors(page, "text_en-name")
    assert editor_fields(page)["text_en-summary"] == "Only a summary"
    assert stored(app, ref).status == ProductStatus.DRAFT


@pytest.mark.parametrize("lang", LANGS)
def test_a_company_waiting_for_approval_writes_drafts_but_cannot_submit(
        app, client, login_as, lang):
    with app.app_context(), unit_of_work.committed():
        category()
    login_as("company")
    overview = text(client.get(f"/{lang}/portal/"))
    assert portal(app, lang, "Your company's sign-up is waiting for approval by PPS staff. "
                             "You can write listings now and submit them for review once it "
                             "is approved.") in overview
    ref, page = new_draft(client, lang)
    page = client.get(send_editor(client, page, COMPLETE).location).get_data(as_text=True)
    response = press(client, page, f"/listings/{ref}/submit")
    assert response.status_code == 302
    assert portal(app, lang, "Your company's sign-up is still waiting for approval by PPS "
                             "staff. You can submit listings once it is approved.") in text(
        client.get(response.location))
    assert stored(app, ref).status == ProductStatus.DRAFT


def test_a_rejected_company_sees_the_reason_given_by_staff(app, client, login_as):
    with app.app_context(), unit_of_work.committed():
        company = Company(registration_number="220-81-62517", names={"en": "Refused Co."},
                          state=CompanyState.REJECTED,
                          review_note="The registration certificate is unreadable.")
        db.session.add(company)
    login_as("company", company="220-81-62517")
    page = text(client.get("/en/portal/"))
    assert "The registration certificate is unreadable." in page
    assert "did not approve your company's sign-up" in page


def test_when_two_colleagues_edit_at_once_the_later_save_is_refused(
        app, client, registration, member, login_as):
    colleague = app.test_client()
    login_as("company", company=registration, client=colleague)
    ref, first_page = new_draft(client)
    second_page = colleague.get(f"/en/portal/listings/{ref}").get_data(as_text=True)

    assert send_editor(client, first_page, {"text_en-name": "First version"}).status_code == 302
    response = send_editor(colleague, second_page, {"text_en-name": "Second version",
                                                    "text_en-summary": "Typed by the second"})
    assert response.status_code == 409
    assert ("Someone else saved this listing after you opened it. Your changes were not saved"
            in text(response))
    fields = editor_fields(response.get_data(as_text=True))
    assert fields["text_en-name"] == "Second version"
    assert fields["text_en-summary"] == "Typed by the second"
    assert stored(app, ref).texts["en"].name == "First version"
    assert "en" in stored(app, ref).texts and stored(app, ref).texts["en"].summary == ""


def test_editing_a_live_listing_waits_for_approval_while_the_public_page_stays(
        app, client, registration, member):
    ref = add_listing(app, registration, texts={"en": "Falcon survey drone",
                                                "ko": "팔콘 측량 드론"})
    page = client.get(f"/en/portal/listings/{ref}").get_data(as_text=True)
    response = send_editor(client, page, {"text_en-name": "Osprey mapping drone"})
    assert response.status_code == 302
    page = text(client.get(response.location))
    assert "Your changes wait for approval by PPS staff" in page
    assert editor_fields(page)["text_en-name"] == "Osprey mapping drone"
    assert "Changes waiting for approval" in text(client.get("/en/portal/"))

    public = text(client.get(f"/en/products/{ref}"))
    assert "Falcon survey drone" in public and "Osprey" not in public
    assert f"/en/products/{ref}" in text(client.get("/en/search?q=Falcon"))
    assert f"/en/products/{ref}" not in text(client.get("/en/search?q=Osprey"))
    product = stored(app, ref)
    assert product.status == ProductStatus.PUBLISHED
    assert [revision.state for revision in product.revisions] == [RevisionState.PENDING]

    page = client.get(f"/en/portal/listings/{ref}").get_data(as_text=True)
    response = press(client, page, f"/listings/{ref}/discard-changes")
    page = text(client.get(response.location))
    assert "Your pending changes were withdrawn. The live listing is unchanged." in page
    assert editor_fields(page)["text_en-name"] == "Falcon survey drone"
    assert stored(app, ref).revisions[0].state == RevisionState.WITHDRAWN


def test_saving_a_live_listing_without_changes_sends_nothing_to_staff(
        app, client, registration, member):
    ref = add_listing(app, registration)
    page = client.get(f"/en/portal/listings/{ref}").get_data(as_text=True)
    response = send_editor(client, page)
    assert "The listing is as it is live, so nothing waits for review." in text(
        client.get(response.location))
    assert stored(app, ref).revisions == []


def test_a_language_is_added_as_a_tab_and_saved_only_when_filled_in(app, client, member):
    ref, page = new_draft(client)
    response = send_editor(client, page, {"text_en-name": "Typed first", "new_language": "ur"},
                           action="add_language")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="lang-ur"' in page and 'data-active="lang-ur"' in page
    assert 'dir="rtl" id="text_ur-name" lang="ur"' in page
    assert editor_fields(page)["text_en-name"] == "Typed first"
    assert stored(app, ref).texts == {}

    response = send_editor(client, page, {"new_language": "th"}, action="add_language")
    page = response.get_data(as_text=True)
    assert 'id="lang-th"' in page and 'id="lang-ur"' in page
    response = send_editor(client, page, {"text_ur-name": "سروے ڈرون"})
    page = client.get(response.location).get_data(as_text=True)
    assert set(stored(app, ref).texts) == {"en", "ur"}
    assert 'id="lang-ur"' in page and 'id="lang-th"' not in page
    assert 'class="tab-state is-incomplete"' in page


def test_a_submitted_listing_is_shown_read_only_and_a_forced_save_changes_nothing(
        app, client, registration, member):
    ref = add_listing(app, registration, ProductStatus.SUBMITTED)
    page = client.get(f"/en/portal/listings/{ref}").get_data(as_text=True)
    assert "waiting for review by PPS staff and cannot be changed now" in unescape(page)
    before = stored(app, ref).texts["en"].name
    response = send_editor(client, page, {"text_en-name": "Forced", "language": ["ko", "en"]})
    assert response.status_code == 422
    assert "This listing is waiting for review. Withdraw it to edit it." in text(response)
    assert stored(app, ref).texts["en"].name == before

    response = press(client, page, f"/listings/{ref}/withdraw")
    assert "taken back from review and is a draft again" in text(client.get(response.location))
    assert stored(app, ref).status == ProductStatus.DRAFT


def test_taking_a_live_listing_offline_removes_it_from_the_public_pages(
        app, client, registration, member):
    ref = add_listing(app, registration)
    page = client.get(f"/en/portal/listings/{ref}").get_data(as_text=True)
    assert "Take the listing offline" in page
    press(client, page, f"/listings/{ref}/withdraw")
    assert stored(app, ref).status == ProductStatus.WITHDRAWN
    assert client.get(f"/en/products/{ref}").status_code == 404


def test_a_status_button_from_an_outdated_page_changes_nothing(app, client, member):
    ref, page = new_draft(client)
    send_editor(client, page, COMPLETE)
    response = press(client, page, f"/listings/{ref}/submit")
    assert "Someone else saved this listing after you opened it" in text(
        client.get(response.location))
    assert stored(app, ref).status == ProductStatus.DRAFT


def test_staff_feedback_is_shown_on_the_listings_and_in_the_editor(
        app, client, registration, member):
    draft_ref = add_listing(app, registration, ProductStatus.DRAFT)
    live_ref = add_listing(app, registration)
    with app.app_context(), unit_of_work.committed():
        draft = db.session.scalar(select(Product).where(Product.ref == draft_ref))
        draft.review_note = "Please add the certificate number."
        live = db.session.scalar(select(Product).where(Product.ref == live_ref))
        db.session.add(ProductRevision(product_id=live.id, payload={}, note="Price unit?",
                                       state=RevisionState.SENT_BACK))
    overview = text(client.get("/en/portal/"))
    assert "Please add the certificate number." in overview
    assert "Price unit?" in overview and "Changes sent back" in overview
    assert "Please add the certificate number." in text(
        client.get(f"/en/portal/listings/{draft_ref}"))


def test_every_member_of_the_company_sees_all_its_listings(
        app, client, registration, member, login_as):
    ref, _page = new_draft(client)
    colleague = app.test_client()
    login_as("company", company=registration, client=colleague)
    overview = colleague.get("/en/portal/").get_data(as_text=True)
    assert f"/en/portal/listings/{ref}" in overview
    assert colleague.get(f"/en/portal/listings/{ref}").status_code == 200


def test_the_preview_in_thai_shows_thai_interface_and_the_drafts_text_and_writes_nothing(
        app, client, member):
    ref, page = new_draft(client)
    send_editor(client, page, {**COMPLETE, "language": ["ko", "en", "th"],
                               "text_th-name": "โดรนสำรวจอัจฉริยะ",
                               "text_th-summary": "โดรนสำหรับงานสำรวจ"})
    before = database_rows(app)
    response = client.get(f"/en/portal/listings/{ref}/preview?as=th")
    assert response.status_code == 200
    page = text(response)
    assert '<html lang="th"' in page
    assert "โดรนสำรวจอัจฉริยะ" in page and "โดรนสำหรับงานสำรวจ" in page
    for label in ("Company", "Classification code"):
        thai = shown(app, "th", label)
        assert thai != label and thai in page
    assert "This is how delegates will see the listing" in page
    assert 'href="/en/portal/listings/' + ref + '/preview?as=ur"' in page
    assert database_rows(app) == before


def test_the_preview_of_a_live_listing_shows_the_pending_changes_and_writes_nothing(
        app, client, registration, member):
    ref = add_listing(app, registration, texts={"en": "Falcon survey drone"})
    page = client.get(f"/en/portal/listings/{ref}").get_data(as_text=True)
    send_editor(client, page, {"text_en-name": "Osprey mapping drone", "category": "robots"})
    before = database_rows(app)
    page = text(client.get(f"/ko/portal/listings/{ref}/preview?as=en"))
    assert '<h1 lang="en" dir="auto">Osprey mapping drone</h1>' in page and "Robots" in page
    assert database_rows(app) == before
    assert "Falcon survey drone" in text(client.get(f"/en/products/{ref}"))


def test_an_empty_draft_can_be_previewed(client, member):
    ref, _page = new_draft(client)
    response = client.get(f"/en/portal/listings/{ref}/preview?as=ur")
    assert response.status_code == 200
    assert '<html lang="ur" dir="rtl">' in response.get_data(as_text=True)


HOSTILE = '<script>alert("owned")</script><b onmouseover=x>'


def test_what_a_company_types_is_shown_as_text_everywhere(app, client, registration, member):
    ref, page = new_draft(client)
    send_editor(client, page, {**COMPLETE, "text_en-name": HOSTILE, "text_en-summary": HOSTILE,
                               "text_en-description": HOSTILE, "text_en-keywords": HOSTILE,
                               "certifications": HOSTILE, "price_unit": "<i>u</i>",
                               "booth_request": HOSTILE})
    with app.app_context(), unit_of_work.committed():
        product = db.session.scalar(select(Product).where(Product.ref == ref))
        product.review_note = HOSTILE
    assert stored(app, ref).texts["en"].name == HOSTILE
    for url in ("/en/portal/", f"/en/portal/listings/{ref}",
                f"/en/portal/listings/{ref}/preview?as=en"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<b onmouseover" not in page, url
        assert "&lt;script&gt;alert" in page, url


def test_the_portal_speaks_korean_and_sends_other_languages_to_english(client, member):
    assert client.get("/th/portal/").location == "/en/portal/"
    page = client.get("/ko/portal/").get_data(as_text=True)
    assert '<html lang="ko"' in page and "/ko/portal/listings/new" in page


def test_an_imported_text_in_another_language_keeps_its_tab_and_survives_a_save(
        app, client, registration, member):
    ref = add_listing(app, registration, ProductStatus.DRAFT,
                      texts={"en": "Drone", "de": "Vermessungsdrohne", "ar": "طائرة"})
    page = client.get(f"/en/portal/listings/{ref}").get_data(as_text=True)
    assert 'id="lang-de"' in page and 'dir="rtl" id="text_ar-name" lang="ar"' in page
    response = send_editor(client, page, {"text_en-name": "Survey drone"})
    assert response.status_code == 302
    texts = stored(app, ref).texts
    assert texts["de"].name == "Vermessungsdrohne" and texts["en"].name == "Survey drone"
    response = send_editor(client, page, {"language": ["ko", "en", "de", "ar", "fr"]})
    assert response.status_code == 422 and "This language is not offered." in text(response)


def test_the_preview_shows_the_listings_photos(app, client, registration, member):
    ref = add_listing(app, registration, ProductStatus.DRAFT)
    with app.app_context(), unit_of_work.committed():
        product = db.session.scalar(select(Product).where(Product.ref == ref))
        product.images.append(ProductImage(key="c" * 32, width=800, height=600,
                                           alt={"en": "The drone folded in its case"}))
    page = text(client.get(f"/en/portal/listings/{ref}/preview?as=en"))
    assert "c" * 32 in page and "The drone folded in its case" in page
