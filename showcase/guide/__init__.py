"""The delegate's guide: how Korea's innovation procurement works and what each designation
means, written for public buyers, one content file per interface locale."""

from flask import Blueprint

bp = Blueprint("guide", __name__, url_prefix="/<lang>/guide")

from showcase.guide import views  # noqa: E402,F401  (registers the routes)
