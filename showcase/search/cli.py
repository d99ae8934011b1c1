"""Index commands: ``showcase index-worker``, ``showcase reindex`` and ``showcase check-index``."""

import logging
import signal
import sys
import threading
import time

import click
from flask import Flask
from flask.cli import with_appcontext

from showcase.search import index, sync

log = logging.getLogger(__name__)
POLL_SECONDS = 0.4  # a commit is searchable within about this long plus the drain itself
MAX_RETRY_SECONDS = 30.0
LINE_EVERY = 1000  # products between progress lines when the output is not a terminal


class _Progress:
    """A ``sync.Progress`` callback: a progress bar on a terminal, else a line every
    LINE_EVERY products with the rate and the time left."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None
        self.started = time.monotonic()
        self.terminal = sys.stdout.isatty()  # asked once, not per product

    def __enter__(self):
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.terminal:
            if self.bar is None or done < self.bar.pos:  # a check's repair rebuilds: a new bar
                self.__exit__(None, None, None)
                self.bar = click.progressbar(length=total, label=self.label,
                                             show_pos=True, show_eta=True)
                self.bar.__enter__()
            self.bar.update(done - self.bar.pos)
        elif done % LINE_EVERY == 0 or done == total:
            elapsed = max(time.monotonic() - self.started, 1e-6)
            rate = done / elapsed
            left = (total - done) / rate if rate else 0
            click.echo(f"{self.label}: {done}/{total} products, {rate:.0f}/s, "
                       f"{left:.0f} s left")

    def __exit__(self, *exc_info):
        if self.bar is not None:
            self.bar.__exit__(*exc_info)


@click.command("index-worker")
@with_appcontext
@click.option("--once", is_flag=True, help="Apply what is pending, then exit.")
@click.option("--interval", default=POLL_SECONDS, show_default=True,
              help="Seconds between looks at the outbox.")
def index_worker_command(once: bool, interval: float):
    """Keep the search index in step with the database: apply outbox rows soon after each
    commit, until SIGTERM or SIGINT."""
    stop = threading.Event()
    if not once:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        click.echo(f"index worker polling the outbox every {interval} s")
    delay = interval
    while not stop.is_set():
        try:
            if sync.pending():
                sync.drain()
            delay = interval
        except index.IndexBusy:
            log.warning("search index busy (a reindex swapping in?); retrying")
        except Exception:  # noqa: BLE001 - the rows stay pending; a later round retries
            log.exception("search index update failed; retrying in %.1f s", delay)
            delay = min(delay * 2, MAX_RETRY_SECONDS)  # a lasting fault logs less and less
        if once:
            break
        stop.wait(delay)
    if not once:
        click.echo("index worker stopped")


@click.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild the search index in a new directory and swap it in; searches go on meanwhile."""
    with _Progress("indexed") as progress:
        count = sync.rebuild(progress)
    click.echo(f"indexed {count} published products")


@click.command("check-index")
@with_appcontext
@click.option("--no-repair", is_flag=True, help="Report only; change nothing.")
def check_index_command(no_repair: bool):
    """Report missing, stale and ghost documents, an index built by an older version and an
    unreadable (damaged) index, and repair them (the last two by a rebuild)."""
    with _Progress("checked") as progress:
        result = sync.check(repair=not no_repair, progress=progress)
    if result.unreadable:
        click.echo(f"unreadable: {result.unreadable}" + ("" if no_repair else "; rebuilt"))
    else:
        for kind in ("missing", "stale", "ghosts"):
            ids = getattr(result, kind)
            click.echo(f"{kind}: {len(ids)}" + (f" (product ids {ids[:20]})" if ids else ""))
    if result.thesaurus:
        recorded, current = result.thesaurus
        click.echo(f"thesaurus: the index was built with {recorded or 'an unrecorded one'}, "
                   f"the current one is {current} (the products it tags otherwise are stale)"
                   + ("" if no_repair else "; recorded"))
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
    app.cli.add_command(index_worker_command)
    app.cli.add_command(reindex_command)
    app.cli.add_command(check_index_command)
