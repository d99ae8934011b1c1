"""Setting up: configuration from the environment, migrations that match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from showcase import create_app
from showcase.extensions import db


def test_create_app_reads_its_data_directory_and_secret_from_the_environment(
        tmp_path, monkeypatch):
    monkeypatch.setenv("SHOWCASE_DATA_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'state'}/showcase.db"
    assert app.config["UPLOADS_DIR"].startswith(str(tmp_path / "state"))


def test_database_url_overrides_the_embedded_database(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOWCASE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"].endswith("elsewhere.db")


def test_without_a_secret_in_the_environment_one_is_generated_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"DATA_DIR": str(tmp_path)}).config["SECRET_KEY"]
    assert len(first) >= 32
    assert create_app({"DATA_DIR": str(tmp_path)}).config["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_migrations_create_exactly_the_schema_the_models_describe(app_context):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_init_command_creates_the_database(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x"})
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "showcase.db").stat().st_size > 0
