"""Accounts: sign in, sign out and the signed-in user's own page, under a locale prefix."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/<lang>/account")

from showcase.account import routes  # noqa: E402,F401  (registers the routes)
