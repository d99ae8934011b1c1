"""Today's date, from one place.

``SHOWCASE_TODAY=YYYY-MM-DD`` (or the ``TODAY`` setting) pins it: to rehearse the event day,
and so that no test starts failing on a later date.
"""

from datetime import date

from flask import current_app, has_app_context


def today() -> date:
    """The date the catalog treats as today: the ``TODAY`` setting when set, else the system's."""
    pinned = current_app.config.get("TODAY") if has_app_context() else None
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(str(pinned))
    return date.today()
