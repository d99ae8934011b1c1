"""The ``showcase`` command: a Flask CLI group with the catalog's own commands."""

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from showcase.services import accounts, exporter, importer

DEMO_CATALOG = Path(__file__).resolve().parent.parent / "data" / "demo" / "catalog.jsonl"


@click.command("init")
@with_appcontext
def init_command():
    """Create the database or upgrade it to the latest schema."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Database ready: {current_app.config['SQLALCHEMY_DATABASE_URI']}")


def _run_import(path: Path, dry_run: bool) -> None:
    report = importer.import_catalog(path, dry_run=dry_run)
    for error in report.errors:
        click.echo(str(error), err=True)
    verb = "checked" if dry_run else "imported"
    click.echo(
        f"{verb} {path}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} problem(s)"
    )
    if not report.ok:
        sys.exit(1)


@click.command("import")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate every line; save nothing.")
def import_command(file: Path, dry_run: bool):
    """Import products from FILE (exchange format, JSON Lines)."""
    _run_import(file.resolve(), dry_run)


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the demo catalog of fictional companies."""
    _run_import(DEMO_CATALOG, dry_run=False)


@click.command("export")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export_command(file: Path):
    """Export every product to FILE, with its images in images/ beside it."""
    count = exporter.export_catalog(file.resolve())
    click.echo(f"exported {count} products to {file}")


@click.group("users")
def users_group():
    """Manage user accounts."""


@users_group.command("create")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(["company", "staff", "admin"]), required=True)
@click.option("--company", "registration_number", help="The company's registration number.")
@click.password_option(envvar="SHOWCASE_USER_PASSWORD", help="Or set SHOWCASE_USER_PASSWORD.")
def create_user_command(email: str, role: str, registration_number: str | None, password: str):
    """Create a user account with a role."""
    try:
        user = accounts.create_user(email, role, password, registration_number)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created {user.role.value} {user.email}")


def init_app(app: Flask) -> None:
    """Attach the commands to the app's CLI group."""
    for command in (init_command, demo_command, import_command, export_command, users_group):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the ``showcase`` console script."""
    from showcase import create_app

    FlaskGroup(create_app=create_app, help="Showcase catalog commands.")()


if __name__ == "__main__":
    main()
