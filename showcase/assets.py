"""Static files under names that change with their content, so browsers keep them for a year.

``url_for('static', filename='css/site.css')`` builds ``/static/css/site.<digest>.css``, the
digest being the start of the file's SHA-256. A request for that name is served with
``Cache-Control: public, max-age=31536000, immutable``: the stylesheet is never revalidated
on the next page, and a changed file gets a new name. A request for the plain name, or for a
digest that no longer matches (a page cached before a deploy), is served as before and
revalidated.
"""

import hashlib
import posixpath
import re
from pathlib import Path

from flask import Flask, current_app, request, send_from_directory, session
from werkzeug.security import safe_join

ONE_YEAR = 31_536_000
DIGEST_LENGTH = 10
HASHED_NAME = re.compile(
    rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})(?P<suffix>\.[A-Za-z0-9]+)$")
# /favicon.ico is asked for by name, never through a hashed link: a week, then revalidated.
FAVICON_MAX_AGE = 7 * 24 * 3600


class StaticDigests:
    """Content digests of the files in a static folder, recomputed when a file changes."""

    def __init__(self, folder: str):
        self.folder = folder
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def digest(self, filename: str) -> str | None:
        """The digest of ``filename``'s content, or None when there is no such file."""
        path = safe_join(self.folder, filename)
        if path is None:
            return None
        try:
            stat = Path(path).stat()
        except OSError:
            return None
        version = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(filename)
        if known and known[0] == version:
            return known[1]
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:DIGEST_LENGTH]
        self._known[filename] = (version, digest)
        return digest

    def hashed_name(self, filename: str) -> str:
        """``css/site.css`` -> ``css/site.<digest>.css``; unknown files keep their name."""
        digest = self.digest(filename)
        if digest is None:
            return filename
        stem, suffix = posixpath.splitext(filename)
        return f"{stem}.{digest}{suffix}"


def _add_digest(endpoint: str, values: dict) -> None:
    """``url_for`` default: static file links carry the file's digest."""
    if endpoint == "static" and "filename" in values:
        values["filename"] = current_app.extensions["static_digests"].hashed_name(
            values["filename"])


def static_file(filename: str):
    """A static file; under its current hashed name, with a year's immutable cache."""
    match = HASHED_NAME.match(filename)
    if match:
        plain = match["stem"] + match["suffix"]
        if current_app.extensions["static_digests"].digest(plain) == match["digest"]:
            response = send_from_directory(current_app.static_folder, plain, max_age=ONE_YEAR)
            response.cache_control.public = True
            response.cache_control.immutable = True
            return response
        if Path(current_app.static_folder, plain).is_file():
            # An old digest from a cached page: today's file, revalidated like a plain name.
            return current_app.send_static_file(plain)
    return current_app.send_static_file(filename)


def favicon():
    """The site icon at the address browsers ask for by default."""
    response = send_from_directory(current_app.static_folder, "icons/favicon.ico",
                                   max_age=FAVICON_MAX_AGE)
    response.cache_control.public = True
    return response


def same_for_every_visitor(response):
    """Keep ``Vary: Cookie`` off static files: they never depend on the session, and a
    browser would otherwise fetch the stylesheet again whenever the session cookie changed
    (Flask-Login looks into the session after every request, which marks it accessed)."""
    if request.endpoint in ("static", "favicon") and not session.modified:
        session.accessed = False
    return response


def init_app(app: Flask) -> None:
    """Hash static file names in links, serve them with a long cache, and add /favicon.ico.
    Call before the extensions' after-request handlers are registered: this one must run
    after them (Flask runs them in reverse order)."""
    app.extensions["static_digests"] = StaticDigests(app.static_folder)
    app.url_defaults(_add_digest)
    app.view_functions["static"] = static_file
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.after_request(same_for_every_visitor)
