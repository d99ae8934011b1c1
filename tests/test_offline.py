"""Offline use: the service worker script, the offline page and the helper every page loads."""

import json
import re
from html import unescape

import pytest

from tests.conftest import copy_data_dir, make_app


@pytest.fixture(scope="module")
def offline_client(demo_template, tmp_path_factory):
    """One copy of the demo catalog for the whole module: these tests only read pages."""
    data_dir = tmp_path_factory.mktemp("offline") / "data"
    copy_data_dir(demo_template, data_dir)
    return make_app(data_dir).test_client()


def _worker_value(script: str, name: str):
    return json.loads(re.search(rf"^var {name} = (.*);$", script, re.M).group(1))


def test_service_worker_covers_the_whole_site_and_is_always_revalidated(offline_client):
    response = offline_client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]
    script = response.get_data(as_text=True)
    assert re.fullmatch(r"[0-9a-f]{12}", _worker_value(script, "VERSION"))
    assert {"en", "ur", "zh-hans"} <= set(_worker_value(script, "LOCALES"))


def test_app_shell_holds_the_files_pages_link_under_their_current_names(offline_client):
    shell = _worker_value(offline_client.get("/sw.js").get_data(as_text=True), "SHELL")
    page = unescape(offline_client.get("/en/").get_data(as_text=True))
    linked = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)
    assert linked and set(linked) <= set(shell)
    assert any(re.fullmatch(r"/static/js/offline\.[0-9a-f]{10}\.js", url) for url in shell)
    for url in shell:
        assert offline_client.get(url).status_code == 200, url


@pytest.mark.parametrize("lang, heading", [("en", "You are offline"), ("ur", None)])
def test_offline_page_is_localized_and_leads_to_what_is_saved(offline_client, lang, heading):
    response = offline_client.get(f"/{lang}/offline")
    assert response.status_code == 200
    page = unescape(response.get_data(as_text=True))
    assert "data-offline-page" in page and "data-saved-pages" in page
    assert f'href="/{lang}/shortlist"' in page and f'href="/{lang}/"' in page
    if heading:
        assert f"<h1>{heading}</h1>" in page
    if lang == "ur":
        assert 'dir="rtl"' in page


def test_every_page_registers_the_worker_with_its_messages(offline_client):
    for url in ("/en/", "/th/map", "/ur/offline"):
        page = unescape(offline_client.get(url).get_data(as_text=True))
        script = re.search(r'<script src="/static/js/offline\.[0-9a-f]{10}\.js" defer([^>]*)>',
                           page)
        assert script, url
        attributes = dict(re.findall(r'data-(\w+)="([^"]*)"', script.group(1)))
        assert attributes["worker"] == "/sw.js"
        assert set(attributes) == {"worker", "offline", "copy", "queued", "sent", "failed"}
        assert "{time}" in attributes["copy"]
