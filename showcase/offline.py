"""Offline use on flaky venue Wi-Fi: the service worker at ``/sw.js``.

The worker is rendered from a template: it learns the static files' current (hashed) addresses
and the public locales from the app, and its cache names carry a version made of those
addresses, so a deploy that changes any static file replaces every cache.
"""

import hashlib
from pathlib import Path

from flask import Flask, current_app, render_template, url_for

from showcase.i18n import LOCALES

# First path segments under a locale that are never kept offline: personal or staff pages.
PRIVATE_SECTIONS = ("portal", "staff", "account")


def static_files() -> list[str]:
    """Every file in the static folder, as paths relative to it, sorted."""
    folder = Path(current_app.static_folder)
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file())


def shell_urls() -> list[str]:
    """Addresses of the app shell: every static file (styles, scripts, icons)."""
    return [url_for("static", filename=name) for name in static_files()]


def cache_version(urls: list[str]) -> str:
    """A short digest of the shell's addresses: they carry each file's content digest."""
    return hashlib.sha256("\n".join(urls).encode()).hexdigest()[:12]


def service_worker():
    """The service worker script, for the whole site, always revalidated."""
    shell = shell_urls()
    script = render_template("sw.js", version=cache_version(shell), shell=shell,
                             locales=[locale.slug for locale in LOCALES],
                             private_sections=PRIVATE_SECTIONS)
    response = current_app.response_class(script, mimetype="application/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.cache_control.no_cache = True
    return response


def init_app(app: Flask) -> None:
    """Serve the service worker from the site root, so that its scope is the whole site."""
    app.add_url_rule("/sw.js", "service_worker", service_worker)
