"""Accounts under a locale prefix: sign in and out, the signed-in user's own page, company
sign-up and e-mail confirmation, forgotten passwords and accepting an invitation."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/<lang>/account")

from showcase.account import passwords, routes, signup  # noqa: E402,F401  (registers the routes)
