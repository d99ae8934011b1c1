"""Portal and staff pages on a 10k-product catalog, end to end, beside public pages.

Run from the repository root::

    .venv/bin/python benchmarks/staff_pages.py [--size 10000] [--repeat 15]

It inserts a synthetic catalog (``synthetic.py``) into a fresh data directory in a temporary
folder, builds the search index, puts 300 listings back in the review queue and 100 live ones
with a pending revision, gives one company 1,000 listings and 500 inquiries, and signs in a
staff member and that company's member through the real sign-in form. Then it requests every
page through Flask's test client (routing, access checks, queries, rendering: what a request
costs the server) in interleaved rounds, so that a slower moment of the machine weighs on
every page alike, and prints median and p95 per page with the ratio of each page's median to
the public home page's, measured in the same rounds. It asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import synthetic
from flask_migrate import upgrade
from sqlalchemy import select, update

from showcase import create_app, unit_of_work
from showcase import search as search_engine
from showcase.extensions import db
from showcase.models import Inquiry, Product, ProductStatus
from showcase.services import accounts, listings

PASSWORD = "benchmark password of some length"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
BASELINE = "public home"


def _prepare(size: int) -> tuple[str, str]:
    """Fill the database; ``(ref of a live listing of the member's company, member e-mail)``."""
    synthetic.populate(size, seed=11)
    search_engine.rebuild()
    first = db.session.scalar(select(Product).order_by(Product.id).limit(1))
    company_id = first.company_id
    db.session.execute(update(Product).where(Product.id <= 1000)
                       .values(company_id=company_id))
    db.session.execute(update(Product).where(Product.id.between(2001, 2300))
                       .values(status=ProductStatus.SUBMITTED))
    db.session.commit()
    with unit_of_work.committed():
        accounts.create_user("staff@bench.test", "staff", PASSWORD)
        member = accounts.create_user("member@bench.test", "company", PASSWORD,
                                      first.company.registration_number)
        for product in db.session.scalars(select(Product).where(
                Product.id.between(3001, 3100))):
            payload = listings.editable_payload(product)
            payload["texts"]["en"]["summary"] += " Revised."
            listings.save(product, payload, product.edit_version, None)
        db.session.add_all(Inquiry(product_id=1 + i % 1000, name=f"Delegate {i}",
                                   email=f"d{i}@example.org", message="Please call us.")
                           for i in range(500))
    return first.ref, member.email


def _signed_in(app, email: str):
    client = app.test_client()
    page = client.get("/en/account/sign-in").get_data(as_text=True)
    response = client.post("/en/account/sign-in", data={
        "csrf_token": CSRF.search(page).group(1), "email": email, "password": PASSWORD})
    assert response.status_code == 302, email
    return client


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"median": statistics.median(ordered) * 1000,
            "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000}


def run(size: int, repeat: int) -> dict:
    """Time every page ``repeat`` times, interleaved; percentiles per page in ms."""
    with tempfile.TemporaryDirectory(prefix="showcase-staff-") as folder:
        app = create_app({"DATA_DIR": str(Path(folder) / "data"), "SECRET_KEY": "benchmark",
                          "SEARCH_SYNC_ON_COMMIT": False})
        with app.app_context():
            with contextlib.redirect_stderr(io.StringIO()):
                upgrade(directory=app.extensions["migrate"].directory)
            ref, member = _prepare(size)
        visitor, staff, company = (app.test_client(), _signed_in(app, "staff@bench.test"),
                                   _signed_in(app, member))
        pages = {
            BASELINE: (visitor, "/en/"),
            "public product": (visitor, f"/en/products/{ref}"),
            "staff overview": (staff, "/en/staff/"),
            "staff review queue": (staff, "/en/staff/review"),
            "staff review (diff)": (staff, "/en/staff/review/BENCH-003001"),
            "staff catalog": (staff, "/en/staff/catalog"),
            "staff translations": (staff, "/en/staff/translations"),
            "staff history": (staff, "/en/staff/history"),
            "staff companies": (staff, "/en/staff/companies"),
            "portal listings (1,000)": (company, "/en/portal/"),
            "portal editor": (company, f"/en/portal/listings/{ref}"),
            "portal inbox (500)": (company, "/en/portal/inbox"),
            "portal figures": (company, "/en/portal/figures"),
        }
        samples: dict[str, list[float]] = {name: [] for name in pages}
        for _round in range(repeat):
            for name, (client, url) in pages.items():
                started = time.perf_counter()
                response = client.get(url)
                samples[name].append(time.perf_counter() - started)
                assert response.status_code == 200, (name, response.status_code)
        return {name: _percentiles(values) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args(argv)
    result = run(options.size, options.repeat)
    base = result[BASELINE]["median"]
    print(f"{options.size:,} products, {options.repeat} rounds; ms per request")
    print(f"{'page':28} {'median':>8} {'p95':>8} {'x home':>7}")
    for name, figures in result.items():
        print(f"{name:28} {figures['median']:8.1f} {figures['p95']:8.1f} "
              f"{figures['median'] / base:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
