"""Index commands: ``showcase reindex`` and ``showcase check-index``."""

import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from showcase.search import sync


@click.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild the search index in a new directory and swap it in; searches go on meanwhile."""
    count = sync.rebuild()
    click.echo(f"indexed {count} published products")


@click.command("check-index")
@with_appcontext
@click.option("--no-repair", is_flag=True, help="Report only; change nothing.")
def check_index_command(no_repair: bool):
    """Report missing, stale and ghost documents and an index built by an older version, and
    repair them (the last by a rebuild)."""
    result = sync.check(repair=not no_repair)
    for kind in ("missing", "stale", "ghosts"):
        ids = getattr(result, kind)
        click.echo(f"{kind}: {len(ids)}" + (f" (product ids {ids[:20]})" if ids else ""))
    if result.outdated:
        click.echo("outdated: the index analyses text as an older version did"
                   + ("" if no_repair else "; rebuilt"))
    if result.clean:
        click.echo("index and database agree")
    elif no_repair:
        sys.exit(1)
    else:
        click.echo("repaired")


def init_app(app: Flask) -> None:
    """Attach the index commands to the app's CLI group."""
    app.cli.add_command(reindex_command)
    app.cli.add_command(check_index_command)
