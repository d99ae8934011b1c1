"""What a search decides when it runs: expiry from today's date, the order of names in the
visitor's languages; and the schema version that makes check-index rebuild an index."""

import copy
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from whoosh import index as whoosh_index
from whoosh.fields import BOOLEAN

from showcase import search
from showcase.extensions import db
from showcase.models import Product
from showcase.search import index
from showcase.search.schema import analyses_as_built, build_schema
from showcase.services.importer import import_catalog
from tests.conftest import demo_records, write_catalog

pytestmark = pytest.mark.usefixtures("app_context")

LAST_DAY = date(2026, 12, 10)


def _record(ref: str, en: str, ko: str, th: str | None = None, valid_until=None) -> dict:
    record = copy.deepcopy(demo_records()[0])
    record.update(ref=ref, status="published")
    record["texts"] = {"en": {"name": en}, "ko": {"name": ko}}
    if th:
        record["texts"]["th"] = {"name": th}
    record["designation"]["valid_until"] = valid_until or "2099-12-31"
    record["designation"]["valid_from"] = "2024-01-01"
    return record


@pytest.fixture
def catalog(app, tmp_path):
    """Four products named "... Lantern": one whose designation ends on LAST_DAY, one ending
    later, one that never ends; their names differ in order by language."""
    records = [
        _record("QT-1", "Aardvark Lantern", "하 랜턴", th="ฮ ตะเกียง",
                valid_until=LAST_DAY.isoformat()),
        _record("QT-2", "Beacon Lantern", "나 랜턴", valid_until="2027-06-30"),
        _record("QT-3", "Comet Lantern", "다 랜턴", th="ก ตะเกียง"),
        _record("QT-4", "Zephyr Lantern", "가 랜턴", valid_until="2027-06-30"),
    ]
    report = import_catalog(write_catalog(tmp_path / "catalog", records))
    assert report.ok, report.errors[:5]
    # The exchange format always has an end date; a product entered without one has none.
    db.session.scalar(select(Product).where(Product.ref == "QT-3")).valid_until = None
    db.session.commit()
    search.drain()
    return records


def _refs(text="lantern", **options) -> list[str]:
    if not text:  # every product of the catalog, by its one category
        options["filters"] = (("category", demo_records()[0]["category"]["code"]),)
    response = search.search(search.SearchRequest(text=text, **options))
    return [hit.ref for hit in response.hits]


def test_a_designation_ending_tonight_is_hidden_tomorrow_without_a_reindex(catalog, clock):
    clock.set(LAST_DAY)
    generation = index.generation()
    assert "QT-1" in _refs(include_expired=False)
    clock.set(LAST_DAY + timedelta(days=1))
    assert "QT-1" not in _refs(include_expired=False)
    assert set(_refs(include_expired=False)) == {"QT-2", "QT-3", "QT-4"}
    assert "QT-1" in _refs(include_expired=True)
    # A product without an end date never expires.
    clock.set(date(2099, 1, 1))
    assert _refs(include_expired=False) == ["QT-3"]
    assert index.generation() == generation


def test_expired_facet_counts_follow_the_date(catalog, clock):
    clock.set(LAST_DAY + timedelta(days=1))
    response = search.search(search.SearchRequest(text="lantern", include_expired=False))
    assert response.total == 3
    assert sum(count for _value, count in response.facets["category"]) == 3


def test_sorting_by_name_follows_the_visitors_languages(catalog):
    # Without the English name of QT-4, its Korean name is the one that sorts it.
    product = db.session.scalar(select(Product).where(Product.ref == "QT-4"))
    del product.texts["en"]
    db.session.commit()
    search.rebuild()
    # Beacon (en) < ก (th) < ฮ (th) < 가 (ko: QT-4 has neither a Thai nor an English name).
    assert _refs("", languages=("th", "en", "ko"), sort="name") == [
        "QT-2", "QT-3", "QT-1", "QT-4"]
    assert _refs("", languages=("en", "ko"), sort="name") == ["QT-1", "QT-2", "QT-3", "QT-4"]
    assert _refs("", languages=("ko", "en"), sort="name") == ["QT-4", "QT-2", "QT-3", "QT-1"]


def _index_with(schema) -> None:
    directory = index.create_directory()
    whoosh_index.create_in(str(directory), schema)
    index.swap_in(directory)


def test_an_index_built_with_another_schema_is_outdated_and_rebuilt(app, runner):
    assert analyses_as_built(index.open_live().schema)
    older = build_schema()
    older.remove("valid_until")
    older.add("expired", BOOLEAN())
    older.version = 1
    _index_with(older)
    assert not analyses_as_built(index.open_live().schema)
    result = runner.invoke(args=["check-index", "--no-repair"])
    assert result.exit_code == 1 and "outdated" in result.output
    result = runner.invoke(args=["check-index"])
    assert result.exit_code == 0, result.output
    assert analyses_as_built(index.open_live().schema)


def test_a_changed_field_or_version_alone_makes_an_index_outdated(app):
    renumbered = build_schema()
    renumbered.version -= 1
    assert not analyses_as_built(renumbered)
    retyped = build_schema()
    retyped.remove("hall")
    retyped.add("hall", BOOLEAN())
    assert not analyses_as_built(retyped)
    without_glob = build_schema()
    without_glob.remove("sort_name_*")
    assert not analyses_as_built(without_glob)
    assert analyses_as_built(build_schema())
