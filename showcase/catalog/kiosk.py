"""Kiosk mode for the venue's shared tablets (on when KIOSK_IDLE_MINUTES is above 0).

A kiosk hides the sign-in link. After the idle time ``static/js/kiosk.js`` shows a countdown
the delegate can cancel; when it runs out the script posts the reset form: the session (and
with it the shortlist's token) is cleared and the home page returns in the kiosk's start
language. A list taken along by its short link lives on on the delegate's phone.
"""

from flask import abort, current_app, redirect, request, session, url_for

from showcase.catalog import bp
from showcase.i18n import DEFAULT_LOCALE, LOCALES_BY_SLUG, current_locale

START_LOCALE_KEY = "kiosk_locale"


def kiosk_mode() -> bool:
    """True when the site runs on the venue's shared tablets."""
    return current_app.config.get("KIOSK_IDLE_MINUTES", 0) > 0


def start_locale() -> str:
    """The slug of the kiosk's start language: KIOSK_LOCALE when it names a locale, else the
    language of the first page this kiosk session served."""
    configured = current_app.config.get("KIOSK_LOCALE")
    if configured in LOCALES_BY_SLUG:
        return configured
    return session.get(START_LOCALE_KEY) or DEFAULT_LOCALE.slug


@bp.before_app_request
def remember_start_locale() -> None:
    """On a kiosk, remember the language of the first page of a session."""
    if (kiosk_mode() and request.method == "GET" and START_LOCALE_KEY not in session
            and request.blueprint == "catalog"):
        session[START_LOCALE_KEY] = current_locale().slug


@bp.app_context_processor
def kiosk_settings() -> dict:
    """What the pages need to know about kiosk mode: whether it is on, and its timings."""
    config = current_app.config
    return {
        "kiosk_mode": kiosk_mode(),
        "kiosk_idle_seconds": round(config.get("KIOSK_IDLE_MINUTES", 0) * 60, 1),
        "kiosk_countdown_seconds": config.get("KIOSK_COUNTDOWN_SECONDS", 30),
    }


@bp.post("/kiosk/reset")
def kiosk_reset():
    """Forget everything about the last visitor and start over on the home page."""
    if not kiosk_mode():
        abort(404)
    start = start_locale()
    session.clear()
    return redirect(url_for("catalog.home", lang=start))
