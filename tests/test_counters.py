"""Counting views of a listing's public page and shortlist adds, one UPDATE at a time."""

import threading

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import Product, ProductCounter, ProductStatus
from showcase.services import counters
from tests.factories import add_company, add_product

BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1"


def _product(app, status=ProductStatus.PUBLISHED) -> tuple[int, str]:
    with app.app_context(), unit_of_work.committed():
        product = add_product(add_company(), status)
        return product.id, product.ref


def _figures(app, product_id: int) -> tuple[int, int] | None:
    with app.app_context():
        counter = db.session.get(ProductCounter, product_id)
        return (counter.views, counter.shortlist_adds) if counter else None


def test_each_visit_to_a_public_product_page_counts_one_view(app, client):
    product_id, ref = _product(app)
    assert _figures(app, product_id) is None
    for _visit in range(3):
        assert client.get(f"/en/products/{ref}", headers={"User-Agent": BROWSER}).status_code \
            == 200
    assert _figures(app, product_id) == (3, 0)


def test_crawlers_and_head_requests_do_not_count_as_views(app, client):
    product_id, ref = _product(app)
    assert client.get(f"/ko/products/{ref}", headers={"User-Agent": BOT}).status_code == 200
    assert client.head(f"/ko/products/{ref}", headers={"User-Agent": BROWSER}).status_code == 200
    assert _figures(app, product_id) is None


def test_a_listing_that_is_not_live_counts_no_views(app, client):
    product_id, ref = _product(app, ProductStatus.SUBMITTED)
    assert client.get(f"/en/products/{ref}").status_code == 404
    assert _figures(app, product_id) is None


def test_shortlist_adds_are_counted_apart_from_views(app, client):
    product_id, ref = _product(app)
    with app.app_context(), unit_of_work.committed():
        product = db.session.get(Product, product_id)
        counters.count_shortlist_add(product)
        counters.count_shortlist_add(product)
    client.get(f"/en/products/{ref}")
    assert _figures(app, product_id) == (1, 2)


def test_counting_never_changes_the_listing_or_its_edit_version(app, client):
    product_id, ref = _product(app)
    with app.app_context():
        before = db.session.get(Product, product_id)
        version, updated = before.edit_version, before.updated_at
    client.get(f"/en/products/{ref}")
    with app.app_context():
        after = db.session.get(Product, product_id)
        assert (after.edit_version, after.updated_at) == (version, updated)


def test_views_counted_at_the_same_time_by_several_requests_are_all_kept(app):
    product_id, _ref = _product(app)
    per_thread, threads = 15, 4
    start = threading.Barrier(threads)
    failures = []

    def visit():
        try:
            with app.app_context():
                product = db.session.get(Product, product_id)
                start.wait()
                for _count in range(per_thread):
                    with unit_of_work.committed():
                        counters.count_view(product)
        except Exception as error:  # reported below: a thread's exception is otherwise lost
            failures.append(error)

    workers = [threading.Thread(target=visit) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert _figures(app, product_id) == (per_thread * threads, 0)
