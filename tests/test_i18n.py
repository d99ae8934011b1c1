"""Every interface language is complete, and every page speaks the visitor's language."""

import re
import subprocess
import sys
from html import unescape

import pytest
from babel.messages.pofile import read_po
from babel.numbers import format_currency

from showcase.i18n import LOCALES, TRANSLATIONS_DIR
from tests.conftest import REPO_ROOT, demo_records

TRANSLATED = [locale for locale in LOCALES if locale.code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")
PUBLISHED = [r for r in demo_records() if r["status"] == "published"]


def _catalog(code: str, domain: str = "messages"):
    with (TRANSLATIONS_DIR / code / "LC_MESSAGES" / f"{domain}.po").open("rb") as po:
        return read_po(po, locale=code)


@pytest.fixture(scope="module")
def source_ids(tmp_path_factory) -> set:
    """Message ids extracted from the code right now (not from the committed template)."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
         "translations/babel.cfg", "-k", "_l", "-o", str(pot), "--no-location", "."],
        cwd=REPO_ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as file:
        return {message.id for message in read_po(file) if message.id}


def _as_tuple(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


@pytest.mark.parametrize("locale", TRANSLATED, ids=lambda locale: locale.code)
def test_catalog_is_complete_without_fuzzy_entries(locale, source_ids):
    catalog = _catalog(locale.code)
    assert not catalog.fuzzy, "the header is marked fuzzy"
    translated = {message.id: message for message in catalog if message.id}
    missing = [msgid for msgid in source_ids if msgid not in translated]
    assert not missing, f"{locale.code} lacks {missing[:5]}"
    for msgid in source_ids:
        message = translated[msgid]
        assert not message.fuzzy, f"{locale.code}: fuzzy {msgid!r}"
        forms = _as_tuple(message.string)
        if isinstance(msgid, tuple):
            assert len(forms) == catalog.num_plurals, f"{locale.code}: plural forms of {msgid}"
        assert all(form.strip() for form in forms), f"{locale.code}: empty {msgid!r}"


@pytest.mark.parametrize("locale", TRANSLATED, ids=lambda locale: locale.code)
def test_translations_keep_placeholders_and_markup(locale):
    for message in _catalog(locale.code):
        if not message.id:
            continue
        source = _as_tuple(message.id)[-1]
        for form in _as_tuple(message.string):
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), (
                f"{locale.code}: {source!r} -> {form!r}")
            assert sorted(MARKUP.findall(form)) == sorted(MARKUP.findall(source)), (
                f"{locale.code}: {source!r} -> {form!r}")


def _translation(code: str, msgid: str) -> str:
    if code == "en":
        return msgid
    return next(m.string for m in _catalog(code) if m.id == msgid)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.data.decode())


@pytest.mark.parametrize("locale", LOCALES, ids=lambda locale: locale.code)
def test_pages_render_in_every_locale(demo_client, locale):
    record = PUBLISHED[0]
    slug = locale.slug
    pages = {
        f"/{slug}/": ["Featured products", "Types of designation"],
        f"/{slug}/search?q={record['texts']['en']['name'].split()[0]}": ["Refine results"],
        f"/{slug}/products/{record['ref']}": ["Classification code", "Company"],
    }
    for url, msgids in pages.items():
        html = _page(demo_client, url)
        assert f'<html lang="{locale.html_lang}" dir="{locale.direction}">' in html
        for msgid in msgids:
            expected = _translation(locale.code, msgid)
            assert expected in html, (url, msgid)
            if locale.code != "en":
                assert expected != msgid and f">{msgid}<" not in html, (url, msgid)


@pytest.mark.parametrize("code", ["ko", "th", "ru", "ur", "vi"])
def test_prices_dates_and_plurals_follow_the_locale(demo_client, code):
    record = next(r for r in PUBLISHED if r.get("price"))
    html = _page(demo_client, f"/{code}/products/{record['ref']}")
    assert format_currency(record["price"]["amount"], "KRW", locale=code) in html


def test_session_remembers_the_choice_but_an_explicit_url_wins(demo_client):
    _page(demo_client, "/km/")
    response = demo_client.get("/", headers={"Accept-Language": "en"})
    assert response.location.endswith("/km/")
    html = _page(demo_client, "/mn/")
    assert '<html lang="mn"' in html
    assert demo_client.get("/").location.endswith("/mn/")


def test_language_switcher_keeps_the_page(demo_client):
    record = PUBLISHED[0]
    html = _page(demo_client, f"/en/products/{record['ref']}")
    for locale in LOCALES:
        assert f'href="/{locale.slug}/products/{record["ref"]}"' in html
    html = _page(demo_client, "/th/search?q=drone&sort=newest")
    assert 'href="/ur/search?q=drone&sort=newest"' in html


def test_urdu_is_laid_out_right_to_left(demo_client):
    html = _page(demo_client, "/ur/")
    assert '<html lang="ur" dir="rtl">' in html
    css = (REPO_ROOT / "showcase" / "static" / "css" / "site.css").read_text()
    physical = r"(margin|padding|border)-(left|right)|(float|text-align):\s*(left|right)"
    assert not re.search(physical, css), "use logical properties so Urdu mirrors"
