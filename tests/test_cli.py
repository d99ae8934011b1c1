"""The ``showcase`` commands: export modes, progress lines, one commit per command, and a
summary line whatever the file holds."""

import copy
import json

import pytest
from sqlalchemy import func, select

from showcase import media
from showcase.extensions import db
from showcase.models import AuditEvent, Product, User
from tests.conftest import demo_records, write_catalog


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _synthetic(count: int) -> list[dict]:
    """``count`` records without images, made from the first demo record."""
    template = demo_records()[0]
    records = []
    for number in range(count):
        record = copy.deepcopy(template)
        record.update(ref=f"CLI-{number:05d}", images=[], status="draft")
        records.append(record)
    return records


@pytest.fixture
def exported(demo_app, tmp_path):
    """Run ``showcase export`` on the demo catalog: ``(exit code and output, file)``."""

    def export(*options):
        path = tmp_path / "out" / "catalog.jsonl"
        result = demo_app.test_cli_runner().invoke(args=["export", str(path), *options])
        return result, path

    return export


def test_full_export_holds_every_product_with_contact_details(exported):
    result, path = exported()
    assert result.exit_code == 0, result.output
    records = _lines(path)
    assert len(records) == len(demo_records())
    assert {r["status"] for r in records} == {r["status"] for r in demo_records()}
    assert all("email" in r["company"] and "phone" in r["company"] for r in records)


def test_public_export_holds_published_products_without_personal_data(exported):
    result, path = exported("--public")
    assert result.exit_code == 0, result.output
    records = _lines(path)
    published = [r for r in demo_records() if r["status"] == "published"]
    assert [r["ref"] for r in records] == sorted(r["ref"] for r in published)
    assert all(r["status"] == "published" for r in records)
    assert not any("email" in r["company"] or "phone" in r["company"] for r in records)
    assert f"exported {len(published)} products" in result.output


def test_a_failing_export_leaves_the_previous_file_whole_and_no_partial_one(
        demo_app, exported):
    result, path = exported()
    previous = path.read_bytes()
    with demo_app.app_context():
        key = db.session.scalar(select(Product).where(Product.images.any())).images[0].key
        media.image_file(key, "large").unlink()
    result, path = exported()
    assert result.exit_code != 0
    assert path.read_bytes() == previous
    assert [p.name for p in path.parent.iterdir() if p.is_file()] == [path.name]


def test_import_prints_a_progress_line_per_1000_products_when_not_on_a_terminal(
        runner, tmp_path):
    path = write_catalog(tmp_path / "in", _synthetic(2100))
    result = runner.invoke(args=["import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    progress = [line for line in result.output.splitlines() if line.startswith("checked: ")]
    assert [line.split()[1] for line in progress] == ["1000/2100", "2000/2100", "2100/2100"]
    assert all(" lines, " in line and "/s, " in line and " s left" in line
               for line in progress)


def test_export_prints_progress_lines_too(app, runner, tmp_path):
    assert runner.invoke(args=["import", str(write_catalog(tmp_path / "in",
                                                           _synthetic(1001)))]).exit_code == 0
    result = runner.invoke(args=["export", str(tmp_path / "out" / "all.jsonl")])
    assert result.exit_code == 0, result.output
    assert "exported: 1000/1001 products" in result.output
    assert "exported 1001 products" in result.output


def test_a_file_of_garbage_still_ends_with_the_summary_line(runner, tmp_path):
    path = tmp_path / "garbage.jsonl"
    path.write_bytes(b"\xef\xbb\xbf{\n\xff\xfe\n" + b"[" * 100_000 + b"\n" + b"null\n\n")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"imported {path}: 0 created, 0 updated, 0 unchanged, 4 problem(s)")
    assert "line 2: line: is not valid UTF-8" in result.output


def test_users_create_is_saved_and_audited_by_the_command(app, runner, tmp_path):
    env = {"SHOWCASE_USER_PASSWORD": "a long enough password"}
    result = runner.invoke(args=["users", "create", "Staff@Example.org", "--role", "staff"],
                           env=env)
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "staff@example.org"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))
        assert event.details["after"] == {"email": "staff@example.org", "role": "staff",
                                          "company": None}
    short = {"SHOWCASE_USER_PASSWORD": "too short"}
    result = runner.invoke(args=["users", "create", "x@example.org", "--role", "staff"],
                           env=short)
    assert result.exit_code != 0 and "needs at least 12 characters" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_the_demo_command_imports_the_demo_catalog_without_problems(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert f"{len(demo_records())} created" in result.output
    assert "0 problem(s)" in result.output


def test_an_import_indexes_what_it_saved_without_an_index_worker(app, tmp_path):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False  # as in production: no drain after commits
    records = [dict(record, status="published") for record in _synthetic(3)]
    records[0]["texts"]["en"]["name"] = "Quokka tide gauge"
    result = app.test_cli_runner().invoke(
        args=["import", str(write_catalog(tmp_path / "in", records))])
    assert result.exit_code == 0, result.output
    found = app.test_client().get("/api/v1/search?q=quokka").get_json()
    assert [hit["ref"] for hit in found["results"]] == ["CLI-00000"]
