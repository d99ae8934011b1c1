"""Importing the catalog from the exchange format, one product per line, in batches.

``ref`` is the stable key, companies are matched by registration number and categories by
code, so importing the same file twice changes nothing the second time.

The file is read as bytes, line by line, and each line decoded and checked on its own: a bad
line (not UTF-8, too long, not JSON, nested too deeply, breaking a field rule) is reported
with its number and the import goes on. Good lines are saved in batches (``import_batches``:
a line that fails loses nothing of the others); after each batch ``on_batch`` is called (the
command line commits there) and the session is cleared to bound memory. The service itself
flushes and never commits.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from showcase.extensions import db
from showcase.models import Product
from showcase.services import import_batches
from showcase.services.exchange import read_lines

BATCH_SIZE = 500
# Rebuilding the index beats applying the outbox once an import changed this share of it.
REBUILD_SHARE = 0.5
REBUILD_FROM = 1000


@dataclass
class LineError:
    """A rejected line: its number, the field and what is wrong."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass
class ImportReport:
    """What an import did: counts of products created and updated, and the rejected lines."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every line was good."""
        return not self.errors

    def reject(self, line: int, field_name: str, message) -> None:
        self.errors.append(LineError(line, field_name, str(message)))


def import_catalog(path: Path, dry_run: bool = False, actor=None, batch_size: int = BATCH_SIZE,
                   on_batch: Callable[[], None] | None = None,
                   progress: Callable[[int], None] | None = None) -> ImportReport:
    """Check every line of ``path`` and, unless ``dry_run``, save each good product.

    ``on_batch()`` runs after each batch of ``batch_size`` products is flushed (a command
    commits there); ``progress(lines done)`` after each line. Never raises for bad input:
    every problem becomes a line of the report.
    """
    report = ImportReport()
    base_dir = path.parent
    batch: list[tuple[int, dict]] = []
    for number, record in _records(path, report):
        if dry_run:
            _check_images(number, record, base_dir, report)
            if progress:
                progress(number)
        elif record is not None:
            batch.append((number, record))
        if len(batch) >= batch_size:
            _save_batch(batch, base_dir, actor, report, progress)
            _end_batch(on_batch)
            batch = []
    if batch:
        _save_batch(batch, base_dir, actor, report, progress)
        _end_batch(on_batch)
    if progress:
        progress(report.lines)
    return report


def worth_rebuilding(report: ImportReport) -> bool:
    """Whether the import changed so much of the catalog that rebuilding the search index is
    quicker than applying its outbox rows one product at a time."""
    changed = report.created + report.updated
    total = db.session.scalar(select(func.count()).select_from(Product)) or 0
    return changed >= REBUILD_FROM and changed > REBUILD_SHARE * total


def _records(path: Path, report: ImportReport) -> Iterator[tuple[int, dict | None]]:
    """``(number, clean record)`` of each non-blank line; ``None`` for a rejected one, whose
    problems go to the report."""
    for line in read_lines(path):
        report.lines = line.number
        for problem in line.problems:
            report.reject(line.number, problem.field, problem.message)
        yield line.number, line.record


def _check_images(number: int, record: dict | None, base_dir: Path, report) -> None:
    """For a dry run: read and decode each image of ``record``; store nothing."""
    if record is None:
        return
    try:
        import_batches.prepared_images(record["images"], base_dir)
    except import_batches.LineRefused as refused:
        report.reject(number, refused.field, refused.message)


def _save_batch(batch: list[tuple[int, dict]], base_dir: Path, actor, report: ImportReport,
                progress) -> None:
    for outcome in import_batches.save_batch(batch, base_dir, actor):
        if outcome.result:
            setattr(report, outcome.result, getattr(report, outcome.result) + 1)
        else:
            report.reject(outcome.line, outcome.field, outcome.message)
        if progress:
            progress(outcome.line)


def _end_batch(on_batch) -> None:
    if on_batch is not None:
        on_batch()
    db.session.expunge_all()  # the next batch reads its own rows; memory stays bounded
