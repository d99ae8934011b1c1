"""Configuration: embedded defaults, overridden by environment variables.

All runtime state lives under one data directory (``SHOWCASE_DATA_DIR``, default ``instance/``
in the checkout): the SQLite database, the search index and the uploaded media.
"""

import os
import secrets
from pathlib import Path


def _secret_key(data_dir: Path) -> str:
    """Return SECRET_KEY from the environment, else a random key kept in the data directory.

    The file fallback keeps sessions valid across restarts of a local demo without ever
    committing a secret; production sets SECRET_KEY in the environment.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _flag(name: str) -> bool:
    """An on/off environment variable: 1, true, yes or on mean on."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _names(name: str) -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the settings dict from defaults, the environment and explicit overrides."""
    overrides = dict(overrides or {})
    data_dir = Path(
        overrides.get("DATA_DIR") or os.environ.get("SHOWCASE_DATA_DIR") or instance_path
    ).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = {
        "DATA_DIR": str(data_dir),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or f"sqlite:///{data_dir / 'showcase.db'}",
        "SEARCH_INDEX_DIR": str(data_dir / "search-index"),
        "UPLOADS_DIR": str(data_dir / "uploads"),
        "PAGE_SIZE": 24,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "MAX_IMAGE_PIXELS": 40_000_000,
        # Largest photo and brochure a company may upload; larger bodies are refused unread.
        "MAX_PHOTO_BYTES": 15 * 1024 * 1024,
        "MAX_BROCHURE_BYTES": 20 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Cookies over HTTPS only; off for the local demo on http://localhost. A request that
        # arrives over HTTPS gets a Secure cookie either way (showcase.auth).
        "SESSION_COOKIE_SECURE": _flag("SHOWCASE_SECURE_COOKIES"),
        "REMEMBER_COOKIE_SECURE": _flag("SHOWCASE_SECURE_COOKIES"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Where sign-in attempts are counted; memory:// is per process, so a server with
        # several workers sets a shared store such as redis://host:6379.
        "RATELIMIT_STORAGE_URI": os.environ.get("SHOWCASE_RATELIMIT_STORAGE_URI") or "memory://",
        # Failed sign-ins allowed per client address.
        "SIGNIN_RATE_LIMIT": os.environ.get("SHOWCASE_SIGNIN_RATE_LIMIT")
        or "10 per minute; 50 per hour",
        # Company sign-ups and password-reset requests allowed per client address.
        "SIGNUP_RATE_LIMIT": os.environ.get("SHOWCASE_SIGNUP_RATE_LIMIT")
        or "5 per minute; 30 per hour",
        "RESET_RATE_LIMIT": os.environ.get("SHOWCASE_RESET_RATE_LIMIT")
        or "5 per minute; 30 per hour",
        # Werkzeug's password hash method; scrypt with its default cost (n=32768, about 0.1 s
        # a hash). The tests use a lower cost so that signing in hundreds of times stays quick.
        "PASSWORD_HASH_METHOD": os.environ.get("SHOWCASE_PASSWORD_HASH_METHOD") or "scrypt",
        # Pins today's date (YYYY-MM-DD) for rehearsals and tests; see showcase.clock.
        "TODAY": os.environ.get("SHOWCASE_TODAY") or None,
        # Without an index worker (tests, a quick `flask run`), drain the outbox after each
        # commit in the committing process itself.
        "SEARCH_SYNC_ON_COMMIT": _flag("SHOWCASE_INDEX_ON_COMMIT"),
        # Answer searches with Whoosh's public API only, without the engine's fast paths
        # (slower, same answers); they are also off on a Whoosh version they were not verified
        # against (showcase/search/internals.py).
        "SEARCH_PLAIN_WHOOSH": _flag("SHOWCASE_SEARCH_PLAIN_WHOOSH"),
        # Load the search's thesaurus, tagger, index and completion list when the app is
        # created (a web worker, before it takes requests), not at a visitor's first search.
        "SEARCH_WARM_UP": _flag("SHOWCASE_SEARCH_WARM_UP"),
        # Host names the site answers to (Flask refuses others with a 400, so no page or
        # redirect is built from a forged Host header); a leading dot admits subdomains.
        "TRUSTED_HOSTS": _names("SHOWCASE_TRUSTED_HOSTS") or ["localhost", "127.0.0.1"],
        # The site's public address (https://showcase.example.org) for the absolute URLs of
        # the API; without it they use the (trusted) host of the request.
        "BASE_URL": os.environ.get("SHOWCASE_BASE_URL", "").strip() or None,
        # The event's days (YYYY-MM-DD), each offered to delegates as a morning and an
        # afternoon meeting slot (showcase.queries.meeting_slots).
        "MEETING_DAYS": _names("SHOWCASE_MEETING_DAYS") or ["2026-12-15", "2026-12-16"],
        # Meeting and information requests allowed per client address. Delegates at the venue
        # share one address, so the limit stops a flood, not a busy hall.
        "INQUIRY_RATE_LIMIT": os.environ.get("SHOWCASE_INQUIRY_RATE_LIMIT")
        or "10 per minute; 120 per hour",
        # Outgoing mail (showcase.mail): through this SMTP server when SHOWCASE_SMTP_HOST is
        # set, otherwise written as files to <data>/outbox-mail/.
        "MAIL_FROM": os.environ.get("SHOWCASE_MAIL_FROM") or "Showcase <showcase@localhost>",
        "SMTP_HOST": os.environ.get("SHOWCASE_SMTP_HOST") or None,
        "SMTP_PORT": int(os.environ.get("SHOWCASE_SMTP_PORT") or 587),
        "SMTP_USER": os.environ.get("SHOWCASE_SMTP_USER") or None,
        "SMTP_PASSWORD": os.environ.get("SHOWCASE_SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": not _flag("SHOWCASE_SMTP_NO_STARTTLS"),
        # Shortlist adds and removals, and shortlists mailed, allowed per client address.
        # Delegates at the venue share one address: the limits stop a flood, not a busy hall.
        "SHORTLIST_RATE_LIMIT": os.environ.get("SHOWCASE_SHORTLIST_RATE_LIMIT")
        or "120 per minute; 3000 per hour",
        "SHORTLIST_MAIL_RATE_LIMIT": os.environ.get("SHOWCASE_SHORTLIST_MAIL_RATE_LIMIT")
        or "5 per minute; 60 per hour",
        # Kiosk mode for the venue's shared tablets: after this many idle minutes (0 = off) a
        # countdown of KIOSK_COUNTDOWN_SECONDS starts, then the visitor's session and
        # shortlist are cleared and the home page returns in the kiosk's start language:
        # KIOSK_LOCALE (a locale slug such as "th"), else the first page's language.
        "KIOSK_IDLE_MINUTES": float(os.environ.get("SHOWCASE_KIOSK_IDLE_MINUTES") or 0),
        "KIOSK_COUNTDOWN_SECONDS": int(os.environ.get("SHOWCASE_KIOSK_COUNTDOWN_SECONDS") or 30),
        "KIOSK_LOCALE": os.environ.get("SHOWCASE_KIOSK_LOCALE", "").strip().lower() or None,
    }
    if "SQLALCHEMY_DATABASE_URI" not in overrides and "DATA_DIR" in overrides:
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{data_dir / 'showcase.db'}"
    settings.update(overrides)
    settings["DATA_DIR"] = str(data_dir)
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = _secret_key(data_dir)
    return settings
