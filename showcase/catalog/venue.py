"""The venue map: every hall with its exhibitors, and one hall's plan with a booth picked out."""

from flask import abort, render_template, request
from flask_babel import gettext as _

from showcase.catalog import bp
from showcase.i18n import content_chain
from showcase.queries import venue as queries
from showcase.venue import Booth, Hall, plan_markup, venue


@bp.get("/map")
def venue_map():
    """Every hall's plan, and its exhibitors sorted by booth."""
    halls = venue().halls.values()
    plans = {hall.letter: plan_markup(hall, _plan_title(hall, None), occupied=queries.
                                      occupied_booths(hall.letter)) for hall in halls}
    return render_template("catalog/map.html", halls=halls, plans=plans,
                           exhibitors=queries.exhibitors_by_hall(content_chain()))


@bp.get("/map/<hall>")
def hall_map(hall: str):
    """One hall's plan; with ``?booth=A-12`` that booth highlighted, its products and the
    products in the booths nearest to it."""
    found = venue().halls.get(hall.upper())
    if found is None:
        abort(404)
    booth = found.booths.get(request.args.get("booth", "").strip().upper())
    occupied = queries.occupied_booths(found.letter)
    plan = plan_markup(found, _plan_title(found, booth), booth.code if booth else "", occupied)
    return render_template(
        "catalog/hall.html", hall=found, booth=booth, plan=plan,
        at_booth=queries.products_at(booth) if booth else [],
        nearby=queries.nearby_products(booth, occupied) if booth else [],
        exhibitors=queries.exhibitors_by_hall(content_chain())[found.letter],
    )


def _plan_title(hall: Hall, booth: Booth | None) -> str:
    """The plan's accessible name: which hall, and which booth is highlighted."""
    if booth is None:
        return _("Floor plan of hall %(hall)s", hall=hall.letter)
    return _("Floor plan of hall %(hall)s, booth %(booth)s highlighted",
             hall=hall.letter, booth=booth.code)
