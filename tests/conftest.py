"""Shared fixtures: a fresh app, database and data directory for every test.

The schema is built once per session by running the real migrations, and the demo catalog
is imported once into a template data directory; each test gets its own copy of either.
"""

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade

from showcase import create_app
from showcase.cli import DEMO_CATALOG

REPO_ROOT = Path(__file__).resolve().parent.parent


def make_app(data_dir: Path):
    """An app whose whole state lives in ``data_dir``."""
    return create_app({"DATA_DIR": str(data_dir), "TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    """A data directory with a migrated, empty database."""
    data_dir = tmp_path_factory.mktemp("empty-template")
    app = make_app(data_dir)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    return data_dir


@contextmanager
def app_with_catalog(empty_template: Path, data_dir: Path, catalog: Path):
    """Inside the context of an app in ``data_dir`` (a copy of the empty template) with
    ``catalog`` imported: ``(app, import report)``."""
    from showcase.services.importer import import_catalog

    shutil.copytree(empty_template, data_dir)
    app = make_app(data_dir)
    with app.app_context():
        yield app, import_catalog(catalog)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, empty_template) -> Path:
    """A data directory holding the imported demo catalog."""
    data_dir = tmp_path_factory.mktemp("demo-template") / "data"
    with app_with_catalog(empty_template, data_dir, DEMO_CATALOG) as (_app, report):
        assert report.ok, report.errors[:5]
    return data_dir


def _app_from(template: Path, tmp_path: Path):
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    return make_app(data_dir)


@pytest.fixture
def app(empty_template, tmp_path):
    """An app with an empty, migrated database of its own."""
    app = _app_from(empty_template, tmp_path)
    with app.app_context():
        yield app


@pytest.fixture
def demo_app(demo_template, tmp_path):
    """An app with its own copy of the demo catalog."""
    app = _app_from(demo_template, tmp_path)
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def demo_records() -> list[dict]:
    """Every record of the demo catalog file, in file order."""
    with DEMO_CATALOG.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def write_catalog(folder: Path, records: list, lines: list[str] | None = None) -> Path:
    """Write ``records`` (plus raw ``lines``) as an import file in ``folder``, copying the
    demo images they name; return the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        for image in record.get("images", []) if isinstance(record, dict) else []:
            source = DEMO_CATALOG.parent / image
            if source.exists():
                (folder / image).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, folder / image)
    path = folder / "catalog.jsonl"
    text = [json.dumps(record, ensure_ascii=False) for record in records] + (lines or [])
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path
