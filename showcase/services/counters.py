"""Per-listing figures the company sees in its portal: page views and shortlist adds.

Each count is one ``INSERT ... ON CONFLICT DO UPDATE`` that adds 1 to the stored number (or
creates the row with 1), so two requests counting at once both count, on SQLite and on
PostgreSQL alike, without reading the number first. Counting is not a change to a record that
anyone made: it writes no audit event (one per page view would bury the real history).
"""

import re

from showcase.extensions import db
from showcase.models import Product, ProductCounter
from showcase.services import upserts

# User agents of crawlers and link previewers: their visits are not delegates looking.
BOT_AGENT = re.compile(r"bot|crawl|spider|slurp|preview|facebookexternalhit|headless",
                       re.IGNORECASE)


def count_view(product: Product) -> None:
    """Add one view to ``product``'s figures."""
    _increment(product, "views")


def count_shortlist_add(product: Product) -> None:
    """Add one shortlist add to ``product``'s figures."""
    _increment(product, "shortlist_adds")


def count_visit(product: Product, request) -> None:
    """Count a visitor's look at the public page of ``product``: a GET by someone who is not a
    known crawler, of a published listing (HEAD requests and bots do not count)."""
    agent = request.headers.get("User-Agent", "")
    if request.method == "GET" and product.is_published and not BOT_AGENT.search(agent):
        count_view(product)


def _increment(product: Product, column: str) -> None:
    table = ProductCounter.__table__
    statement = upserts.insert(table).values(product_id=product.id, **{column: 1})
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.product_id],
        set_={column: table.c[column] + 1},
    ))
