"""Kiosk mode on the venue's shared tablets: no sign-in, and a reset that forgets the last
visitor and starts over in the kiosk's language."""

import re

from showcase import unit_of_work
from showcase.config import load_config
from showcase.models import ProductStatus
from tests.factories import add_company, add_product

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _published(app) -> str:
    with app.app_context(), unit_of_work.committed():
        return add_product(add_company(), ProductStatus.PUBLISHED, booth="A-1").ref


def _reset_token(page: str) -> str:
    form = page[page.index('class="kiosk-dialog"'):]
    return _TOKEN.search(form).group(1)


def test_without_kiosk_mode_there_is_no_countdown_and_no_reset(app, client):
    page = client.get("/en/").get_data(as_text=True)
    assert 'class="sign-in-link"' in page
    assert "kiosk" not in page
    assert client.post("/en/kiosk/reset").status_code in (400, 404)


def test_the_idle_time_and_start_language_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOWCASE_KIOSK_IDLE_MINUTES", "2.5")
    monkeypatch.setenv("SHOWCASE_KIOSK_LOCALE", "TH")
    settings = load_config(str(tmp_path), {"SECRET_KEY": "x"})
    assert settings["KIOSK_IDLE_MINUTES"] == 2.5 and settings["KIOSK_LOCALE"] == "th"
    monkeypatch.delenv("SHOWCASE_KIOSK_IDLE_MINUTES")
    assert load_config(str(tmp_path), {"SECRET_KEY": "x"})["KIOSK_IDLE_MINUTES"] == 0


def test_a_kiosk_hides_sign_in_and_shows_a_countdown_of_the_configured_length(app, client):
    app.config.update(KIOSK_IDLE_MINUTES=2, KIOSK_COUNTDOWN_SECONDS=45)
    page = client.get("/ko/").get_data(as_text=True)
    assert 'class="sign-in-link"' not in page
    assert 'data-idle-seconds="120"' in page and 'data-countdown-seconds="45"' in page
    assert re.search(r'role="timer" data-kiosk-time>0:45<', page)
    assert re.search(r"/js/kiosk[.\w]*\.js", page)


def test_the_reset_forgets_the_visitor_and_returns_home_in_the_start_language(app, client):
    app.config["KIOSK_IDLE_MINUTES"] = 1
    ref = _published(app)
    client.get("/th/")  # the kiosk was set up in Thai
    page = client.get(f"/vi/products/{ref}").get_data(as_text=True)
    client.post("/vi/shortlist/add", data={"csrf_token": _TOKEN.search(page).group(1),
                                           "ref": ref})
    page = client.get("/vi/shortlist").get_data(as_text=True)
    assert ref in page
    response = client.post("/vi/kiosk/reset", data={"csrf_token": _reset_token(page)})
    assert response.status_code == 302 and response.location == "/th/"
    page = client.get("/th/shortlist").get_data(as_text=True)
    assert ref not in page and re.search(r"data-shortlist-count>0<", page)
    # The next visitor's session starts in Thai again.
    page = client.get("/en/").get_data(as_text=True)
    response = client.post("/en/kiosk/reset", data={"csrf_token": _reset_token(page)})
    assert response.location == "/th/"


def test_a_configured_start_language_wins_over_the_first_page(app, client):
    app.config.update(KIOSK_IDLE_MINUTES=1, KIOSK_LOCALE="km")
    page = client.get("/en/").get_data(as_text=True)
    response = client.post("/en/kiosk/reset", data={"csrf_token": _reset_token(page)})
    assert response.location == "/km/"


def test_the_reset_needs_its_csrf_token(app, client):
    app.config["KIOSK_IDLE_MINUTES"] = 1
    client.get("/en/")
    assert client.post("/en/kiosk/reset").status_code == 400
