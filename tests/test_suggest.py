"""Completions follow product changes in place, and stay small whatever a name's length."""

import pytest
from sqlalchemy import func, insert, select, update

from showcase.extensions import db
from showcase.models import Company, IndexOutbox, Product, ProductStatus, ProductText
from showcase.search import completion_keys, completions, sync
from showcase.services import listings
from showcase.services.importer import import_catalog
from tests.conftest import demo_records, write_catalog

pytestmark = pytest.mark.usefixtures("app_context")


def _imported(tmp_path, count=6) -> list[dict]:
    records = [r for r in demo_records() if r["status"] == "published"][:count]
    assert import_catalog(write_catalog(tmp_path / "in", records), on_batch=db.session.commit).ok
    return records


def _product(ref: str) -> Product:
    return db.session.scalar(select(Product).where(Product.ref == ref))


def _completed(prefix: str, kind: str = "product") -> set[str]:
    return {s.target for s in completions.suggest(prefix, ("en", "ko"), limit=50) if s.kind == kind}


def _counts() -> tuple[int, int]:
    return completions._state.rebuilds, completions._state.updates


def test_a_renamed_product_completes_by_its_new_name_only_without_a_rebuild(tmp_path):
    records = _imported(tmp_path)
    ref, old_name = records[0]["ref"], records[0]["texts"]["en"]["name"]
    assert ref in _completed(old_name[:8])
    rebuilds, updates = _counts()

    _product(ref).texts["en"].name = "Marmoset telemetry beacon"
    db.session.commit()
    assert _completed("marmo") == {ref}
    assert _completed("telemetry b") == {ref}
    assert ref not in _completed(old_name)
    assert _counts() == (rebuilds, updates + 1)


def test_a_withdrawn_product_and_a_renamed_company_change_in_place(tmp_path):
    records = _imported(tmp_path)
    product = _product(records[0]["ref"])
    company_id = str(product.company_id)
    assert product.ref in _completed(records[0]["texts"]["en"]["name"][:6])
    rebuilds, _ = _counts()

    listings.change_status(product, ProductStatus.WITHDRAWN)
    db.session.commit()
    assert product.ref not in _completed(records[0]["texts"]["en"]["name"])

    product.company.names = {**product.company.names, "en": "Quetzal Dynamics"}
    db.session.commit()
    others = db.session.scalars(select(Product.id).where(
        Product.company_id == product.company_id, Product.id != product.id,
        Product.status == ProductStatus.PUBLISHED)).all()
    assert _completed("quetzal", "company") == ({company_id} if others else set())
    assert _counts()[0] == rebuilds


def test_a_reindex_rebuilds_the_completions(tmp_path):
    records = _imported(tmp_path)
    assert records[1]["ref"] in _completed(records[1]["texts"]["en"]["name"][:6])
    rebuilds, _ = _counts()
    sync.rebuild()
    assert records[1]["ref"] in _completed(records[1]["texts"]["en"]["name"][:6])
    assert _counts()[0] == rebuilds + 1


def test_a_sixty_kilobyte_name_keeps_the_completion_keys_small(tmp_path):
    records = _imported(tmp_path, count=2)
    assert records[1]["ref"] in _completed(records[1]["texts"]["en"]["name"][:6])
    keys_before = completions._state.key_characters()
    product = _product(records[0]["ref"])
    # Company names are JSON, which no database bounds (the import rules refuse such a name
    # now): written as such data could arrive, with its product's outbox row.
    db.session.execute(update(Company).where(Company.id == product.company_id)
                       .values(names={"en": "ab " * 20_000}))
    db.session.execute(insert(IndexOutbox), [{"product_id": product.id}])
    db.session.commit()
    sync.drain()
    assert str(product.company_id) in _completed("ab ab ab", kind="company")
    (long_name,) = [entry for entry in completions._state.owned[("company", product.company_id)]
                    if entry.language == "en"]
    assert len(long_name.label) == completion_keys.LABEL_CHARS
    keys = completion_keys.keys_of(long_name.label)
    assert len(keys) == completion_keys.WORD_STARTS
    assert max(map(len, keys)) == completion_keys.KEY_CHARS

    sync.rebuild()  # the whole list built again, the long name among the rest
    assert str(product.company_id) in _completed("ab ab ab", kind="company")
    assert completions._state.key_characters() <= keys_before + completion_keys.WORD_STARTS * \
        completion_keys.KEY_CHARS


def test_a_change_whose_outbox_row_commits_after_a_later_one_still_completes(tmp_path):
    """Ids from a sequence (PostgreSQL) need not commit in order: a row with a lower id than
    one already applied is applied when it arrives."""
    records = _imported(tmp_path)
    first, second = (_product(record["ref"]) for record in records[:2])
    assert first.ref in _completed(records[0]["texts"]["en"]["name"][:6])
    last = db.session.scalar(select(func.max(IndexOutbox.id)))

    for product, row_id, name in ((first, last + 2, "Gharial pump"),
                                  (second, last + 1, "Tuatara valve")):
        db.session.execute(update(ProductText).where(ProductText.product_id == product.id,
                                                     ProductText.language == "en")
                           .values(name=name))
        db.session.execute(insert(IndexOutbox), [{"id": row_id, "product_id": product.id}])
        db.session.commit()
        sync.drain()
        assert _completed(name.split()[0].lower()) == {product.ref}


def test_changes_merged_into_the_large_list_complete_as_before(tmp_path, monkeypatch):
    records = _imported(tmp_path)
    ref, old_name = records[2]["ref"], records[2]["texts"]["en"]["name"]
    assert ref in _completed(old_name[:8])
    monkeypatch.setattr(completions, "MERGE_FROM", 1)  # every update merges
    _product(ref).texts["en"].name = "Pangolin depth gauge"
    db.session.commit()
    assert _completed("pangolin d") == {ref}
    assert ref not in _completed(old_name)
    assert completions._state.added_keys == [] and not completions._state.dropped
    assert records[3]["ref"] in _completed(records[3]["texts"]["en"]["name"][:8])
