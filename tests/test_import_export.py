"""Import and export in the exchange format, through the services and the command line."""

import copy
import json

import pytest
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.models import Company, Product, ProductStatus
from showcase.services.exporter import export_catalog
from showcase.services.importer import import_catalog
from tests.conftest import demo_records, write_catalog

pytestmark = pytest.mark.usefixtures("app_context")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def sample():
    """Three demo records: two of one company, one of another."""
    records = demo_records()
    first = records[0]
    same_company = [r for r in records[1:] if
                    r["company"]["registration_number"] == first["company"]["registration_number"]]
    other = next(r for r in records if
                 r["company"]["registration_number"] != first["company"]["registration_number"])
    return copy.deepcopy([first, same_company[0], other])


def test_good_file_creates_products_companies_and_images(app, tmp_path, sample):
    report = import_catalog(write_catalog(tmp_path / "in", sample))
    assert report.ok and report.created == 3
    assert _count(Product) == 3 and _count(Company) == 2
    product = db.session.scalar(select(Product).where(Product.ref == sample[0]["ref"]))
    assert product.texts["en"].name == sample[0]["texts"]["en"]["name"]
    assert product.texts["ko"].name == sample[0]["texts"]["ko"]["name"]
    assert product.classification_code == sample[0]["classification_code"]
    assert product.status == sample[0]["status"]
    assert len(product.images) == len(sample[0]["images"])
    assert product.valid_until.isoformat() == sample[0]["designation"]["valid_until"]


def test_importing_twice_changes_nothing_and_updates_are_applied(app, tmp_path, sample):
    path = write_catalog(tmp_path / "in", sample)
    import_catalog(path)
    again = import_catalog(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert _count(Product) == 3

    sample[1]["texts"]["en"]["name"] = "Renamed product"
    report = import_catalog(write_catalog(tmp_path / "in2", sample))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    product = db.session.scalar(select(Product).where(Product.ref == sample[1]["ref"]))
    assert product.texts["en"].name == "Renamed product"


def _broken(record: dict, dotted: str, value):
    record = copy.deepcopy(record)
    target = record
    *parents, last = dotted.split(".")
    for part in parents:
        target = target[part]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return record


BAD_FIELDS = [
    ("ref", KeyError, "ref"),
    ("company.registration_number", "220-81-62518", "company.registration_number"),
    ("designation.type", "best-product", "designation.type"),
    ("designation.valid_from", "01/03/2024", "designation.valid_from"),
    ("designation.valid_until", "2001-01-01", "designation.valid_until"),
    ("classification_code", "1234567", "classification_code"),
    ("texts", {"th": {"name": "สินค้า"}}, "texts"),
    ("texts.en.name", "", "texts.en.name"),
    ("price.amount", -5, "price.amount"),
    ("price.currency", "won", "price.currency"),
    ("booth", "hall A", "booth"),
    ("status", "live", "status"),
    ("images", ["images/missing.jpg"], "images.0"),
    ("images", ["../../etc/passwd"], "images.0"),
    ("certifications", "NEP", "certifications"),
]


@pytest.mark.parametrize("dotted, value, field", BAD_FIELDS, ids=[b[0] for b in BAD_FIELDS])
def test_bad_line_is_reported_and_imports_nothing_of_that_product(
        app, tmp_path, sample, dotted, value, field):
    records = [sample[0], _broken(sample[2], dotted, value)]
    report = import_catalog(write_catalog(tmp_path / "in", records))
    assert not report.ok
    assert {(error.line, error.field) for error in report.errors} == {(2, field)}
    assert str(report.errors[0]).startswith(f"line 2: {field}: ")
    refs = set(db.session.scalars(select(Product.ref)))
    assert refs == {sample[0]["ref"]}
    assert _count(Company) == 1


def test_line_that_is_not_json_or_not_an_image(app, tmp_path, sample):
    folder = tmp_path / "in"
    path = write_catalog(folder, [sample[0]], lines=['{"ref": "X-1",', "[1, 2]"])
    (folder / "images" / "not-an-image.jpg").write_text("hello")
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(_broken(sample[2], "images", ["images/not-an-image.jpg"])) + "\n")
    report = import_catalog(path)
    assert [(e.line, e.field) for e in report.errors] == [(2, "line"), (3, "line"), (4, "images.0")]
    assert "JSON" in report.errors[0].message
    assert _count(Product) == 1


def test_dry_run_validates_without_saving(app, tmp_path, sample):
    records = [sample[0], _broken(sample[1], "classification_code", "12")]
    report = import_catalog(write_catalog(tmp_path / "in", records), dry_run=True)
    assert [(e.line, e.field) for e in report.errors] == [(2, "classification_code")]
    assert _count(Product) == 0


def test_reimport_cannot_break_the_lifecycle(app, tmp_path, sample):
    sample[0]["status"] = "published"
    import_catalog(write_catalog(tmp_path / "in", [sample[0]]))
    back_to_draft = _broken(sample[0], "status", "draft")
    report = import_catalog(write_catalog(tmp_path / "in2", [back_to_draft]))
    assert [(e.line, e.field) for e in report.errors] == [(1, "status")]
    product = db.session.scalar(select(Product))
    assert product.status == ProductStatus.PUBLISHED


def test_export_then_import_into_empty_data_dir_gives_the_same_records(demo_context, tmp_path):
    from tests.conftest import make_app

    first = tmp_path / "first" / "catalog.jsonl"
    first.parent.mkdir()
    assert export_catalog(first) == len(demo_records())

    other = make_app(tmp_path / "other-data")
    with other.app_context():
        from flask_migrate import upgrade

        upgrade(directory=other.extensions["migrate"].directory)
        assert import_catalog(first).ok
        second = tmp_path / "second" / "catalog.jsonl"
        second.parent.mkdir()
        export_catalog(second)
    first_lines = first.read_text(encoding="utf-8").splitlines()
    assert first_lines == second.read_text(encoding="utf-8").splitlines()
    exported = {json.loads(line)["ref"]: json.loads(line) for line in first_lines}
    for record in demo_records():
        assert exported[record["ref"]]["texts"] == record["texts"]
        assert exported[record["ref"]]["status"] == record["status"]


def test_command_line_import_export_and_exit_status(runner, tmp_path, sample):
    good = write_catalog(tmp_path / "good", sample)
    result = runner.invoke(args=["import", str(good), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "3 created" not in result.output and _count(Product) == 0
    result = runner.invoke(args=["import", str(good)])
    assert result.exit_code == 0 and "3 created" in result.output

    bad = write_catalog(tmp_path / "bad", [_broken(sample[0], "ref", "")])
    result = runner.invoke(args=["import", str(bad)])
    assert result.exit_code == 1
    assert "line 1: ref: " in result.output

    out = tmp_path / "out" / "all.jsonl"
    result = runner.invoke(args=["export", str(out)])
    assert result.exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert all((out.parent / path).is_file()
               for line in out.read_text().splitlines() for path in json.loads(line)["images"])


def test_users_create_ties_company_members_to_their_company(runner, tmp_path, sample):
    runner.invoke(args=["import", str(write_catalog(tmp_path / "in", sample))])
    number = sample[0]["company"]["registration_number"]
    env = {"SHOWCASE_USER_PASSWORD": "a long enough password"}
    result = runner.invoke(args=["users", "create", "kim@example.org", "--role", "company",
                                 "--company", number], env=env)
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "lee@example.org", "--role", "company"],
                           env=env)
    assert result.exit_code != 0 and "needs a company" in result.output
    result = runner.invoke(args=["users", "create", "kim@example.org", "--role", "staff"],
                           env=env)
    assert result.exit_code != 0 and "already exists" in result.output
