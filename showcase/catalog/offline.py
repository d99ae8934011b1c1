"""The page the service worker shows for a page that was never saved on the device."""

from flask import render_template

from showcase.catalog import bp


@bp.get("/offline")
def offline():
    """You are offline: what is still available on this device."""
    return render_template("catalog/offline.html")
