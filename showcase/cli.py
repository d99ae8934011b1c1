"""The ``showcase`` command: a Flask CLI group with the catalog's own commands.

Every command but ``init`` does its work inside ``unit_of_work.committed()``: all of it is
saved when the command ends normally, nothing when it fails. An import also commits after
each batch, so a long import keeps what it saved.
"""

import sys
import time
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select

from showcase import mail, unit_of_work
from showcase.extensions import db
from showcase.models import Product
from showcase.models.base import utcnow
from showcase.search import sync
from showcase.services import (
    accounts,
    demo_accounts,
    designations,
    exporter,
    importer,
    shortlists,
)
from showcase.services.designation_files import DesignationFileError

DEMO_CATALOG = Path(__file__).resolve().parent.parent / "data" / "demo" / "catalog.jsonl"
LINE_EVERY = 1000  # products between progress lines when the output is not a terminal


class Progress:
    """A progress bar with counts, rate and time left on a terminal; else a line every
    LINE_EVERY lines or products with the rate and the time left. Called with the number
    done so far."""

    def __init__(self, label: str, total: int, unit: str = "lines"):
        self.label = label
        self.total = total
        self.unit = unit
        self.started = time.monotonic()
        self.printed = 0
        self.bar = None

    def __enter__(self):
        if sys.stdout.isatty():
            self.bar = click.progressbar(length=self.total, label=self.label, show_pos=True,
                                         show_eta=True)
            self.bar.__enter__()
        return self

    def __call__(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done - self.bar.pos)
        elif done // LINE_EVERY > self.printed // LINE_EVERY or (
                done == self.total and self.printed < done):
            self.printed = done
            elapsed = max(time.monotonic() - self.started, 1e-6)
            rate = done / elapsed
            left = (self.total - done) / rate if rate else 0
            click.echo(f"{self.label}: {done}/{self.total} {self.unit}, {rate:.0f}/s, "
                       f"{left:.0f} s left")

    def __exit__(self, *exc_info):
        if self.bar is not None:
            self.bar.__exit__(*exc_info)


def _count_lines(path: Path) -> int:
    """Lines in ``path``, counted in chunks (a line may be longer than memory allows)."""
    count, last = 0, b"\n"
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


@click.command("init")
@with_appcontext
def init_command():
    """Create the database or upgrade it to the latest schema."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Database ready: {current_app.config['SQLALCHEMY_DATABASE_URI']}")


def _index_imported(report: importer.ImportReport) -> None:
    """Bring the search index up to date with what an import saved."""
    if importer.worth_rebuilding(report):
        sync.rebuild()
    else:
        sync.drain_quietly()


def _run_import(path: Path, dry_run: bool) -> None:
    verb = "checked" if dry_run else "imported"
    # Each batch is committed as it is done. The command then indexes what it saved itself,
    # once, whether or not an index worker runs: rebuilding when most of the catalog changed.
    with sync.deferred(), Progress(verb, _count_lines(path)) as progress:
        with unit_of_work.committed():
            report = importer.import_catalog(path, dry_run=dry_run, on_batch=db.session.commit,
                                             progress=progress)
        if not dry_run:
            _index_imported(report)
    for error in report.errors:
        click.echo(str(error), err=True)
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
    """Load the demo catalog of fictional companies; on a fresh database, also demo
    sign-ins for staff and companies (printed, and kept in <data>/demo-sign-ins.txt)."""
    fresh = db.session.scalar(select(func.count(Product.id))) == 0
    _run_import(DEMO_CATALOG, dry_run=False)
    if fresh:
        with unit_of_work.committed():
            demo_accounts.create_demo_accounts()
    sign_ins = demo_accounts.sign_ins_file()
    if sign_ins.exists():
        click.echo(f"Demo sign-ins (from {sign_ins}):")
        click.echo(sign_ins.read_text(encoding="utf-8"))
        click.echo(f"Mail the site sends is written to {mail.mail_dir()}/")


@click.command("export")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--public", is_flag=True,
              help="Published products only, without companies' e-mail and phone.")
def export_command(file: Path, public: bool):
    """Export the catalog to FILE, with its images in images/ beside it: everything (a full
    backup), or with --public what visitors may see."""
    with unit_of_work.committed():
        total = exporter.count_products(public=public)
        with Progress("exported", total, unit="products") as progress:
            count = exporter.export_catalog(file.resolve(), public=public, progress=progress)
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
        with unit_of_work.committed():
            user = accounts.create_user(email, role, password, registration_number)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created {user.role.value} {user.email}")


def _parse_mappings(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("업체 이름=company", ...)`` as ``{header: field}``."""
    mapping = {}
    for pair in pairs:
        header, separator, wanted = pair.rpartition("=")
        if not separator or not header.strip():
            raise click.BadParameter(f"{pair!r} is not HEADER=FIELD", param_hint="--map")
        mapping[header.strip()] = wanted.strip()
    return mapping


def _echo_designation_rows(plan: designations.Preview) -> None:
    """Each rejected row with its problems, each update with its changes (to stderr and
    stdout)."""
    for row in plan.rejected:
        for name, message in row.problems:
            click.echo(f"row {row.number}: {name}: {message}", err=True)
    for row in plan.rows:
        if row.action == designations.Action.UPDATE:
            changes = ", ".join(f"{name} {before or '-'} -> {after}"
                                for name, (before, after) in row.changes.items())
            click.echo(f"row {row.number}: {row.values['designation_number']} ({row.ref}): "
                       f"{changes}")


@click.command("import-designations")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and tell what would change; "
              "save nothing.")
@click.option("--map", "pairs", multiple=True, metavar="HEADER=FIELD",
              help="Read the column HEADER as FIELD (name, company, registration_number, "
                   "designation_number, valid_from, valid_until, classification_code, "
                   "designation_type; empty to leave it out). Remembered for later files.")
def import_designations_command(file: Path, dry_run: bool, pairs: tuple[str, ...]):
    """Import PPS's designation list from FILE (.xlsx or .csv): create the companies and
    draft products it names, update designations found by number."""
    try:
        with sync.deferred(), unit_of_work.committed():
            plan = designations.preview(file.resolve(), _parse_mappings(pairs))
            if not dry_run:
                designations.apply(plan)
    except DesignationFileError as error:
        raise click.ClickException(str(error)) from error
    if plan.missing_columns:
        raise click.ClickException(
            "no column found for " + ", ".join(plan.missing_columns) + "; unrecognised "
            "headers: " + (", ".join(plan.unknown_headers) or "none") + " (use --map)")
    _echo_designation_rows(plan)
    verb = "checked" if dry_run else "imported"
    click.echo(f"{verb} {file}: {plan.new_companies} new companies, "
               f"{plan.count(designations.Action.CREATE)} new products (drafts), "
               f"{plan.count(designations.Action.UPDATE)} updated, "
               f"{plan.count(designations.Action.UNCHANGED)} unchanged, "
               f"{len(plan.rejected)} rejected")
    if plan.rejected and len(plan.rejected) == len(plan.rows):
        sys.exit(1)  # not one good row: a wrong file rather than a few typing mistakes


@click.command("forget-shortlists")
@with_appcontext
@click.option("--idle-days", type=click.IntRange(min=1), default=365, show_default=True,
              help="Forget the shortlists nobody changed for this many days.")
def forget_shortlists_command(idle_days: int):
    """Delete delegates' shortlists (products and notes) that nobody changed for a while."""
    with unit_of_work.committed():
        forgotten = shortlists.forget_unchanged_since(utcnow() - timedelta(days=idle_days))
    click.echo(f"forgot {forgotten} shortlist(s) unchanged for {idle_days} days or more")


def init_app(app: Flask) -> None:
    """Attach the commands to the app's CLI group."""
    for command in (init_command, demo_command, import_command, export_command, users_group,
                    import_designations_command, forget_shortlists_command):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the ``showcase`` console script."""
    from showcase import create_app

    FlaskGroup(create_app=create_app, help="Showcase catalog commands.")()


if __name__ == "__main__":
    main()
