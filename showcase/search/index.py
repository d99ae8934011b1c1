"""The index directory: opening it, swapping in a rebuilt one, and one writer at a time.

``<data>/search-index`` is a symbolic link to the live index directory; a rebuild writes a new
directory and replaces the link in one rename, so readers never see a half-built index. Every
writer (outbox drain or rebuild) first takes ``<data>/search-index.lock``, an flock that the
kernel releases if the process dies.
"""

import fcntl
import os
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from whoosh import index as whoosh_index

from showcase.search.codec import ArrayCodec
from showcase.search.schema import build_schema
from showcase.search.weighting import SegmentLengthsBM25F

BUILDING = ".building"  # beside a directory a build is writing: its flock
# Whoosh's default BM25F, with field lengths held in memory per segment (see weighting.py).
WEIGHTING = SegmentLengthsBM25F()
# Postings per block on disk (Whoosh writes 128). A search reads a term's blocks whole
# (internals.read_postings), and each block costs a decompression and reads of its header
# whatever its size: with blocks of 1024, the search API's p95 at 10k products went from 37 to
# 35 ms, with an index of the same size. Indexes written before keep their blocks.
POSTINGS_PER_BLOCK = 1024


class IndexBusy(RuntimeError):
    """Another process holds the writer lock longer than we are willing to wait."""


def link_path() -> Path:
    """The symbolic link that points at the live index directory."""
    return Path(current_app.config["SEARCH_INDEX_DIR"])


def live_directory() -> Path:
    """The live index directory, created empty on first use."""
    link = link_path()
    if not link.exists():
        with writer_lock(timeout=30):
            if not link.exists():
                swap_in(create_directory())
    return link.resolve()


def create_directory(directory: Path | None = None) -> Path:
    """A new, empty index directory beside the link (not yet live)."""
    directory = directory or _new_name()
    schema = build_schema()  # before the directory exists: an empty one is read as damaged
    directory.mkdir(parents=True)
    whoosh_index.create_in(str(directory), schema)
    return directory


def _new_name() -> Path:
    return link_path().with_name(f"{link_path().name}-{uuid.uuid4().hex[:12]}")


def _build_lock(directory: Path) -> Path:
    return directory.with_name(directory.name + BUILDING)


@contextmanager
def new_directory():
    """A new, empty index directory for a build, marked as being built while the block runs
    (an flock the kernel drops if the process dies), removed if the block raises."""
    directory = _new_name()
    directory.parent.mkdir(parents=True, exist_ok=True)
    # Locked before the directory exists: a swap meanwhile must not take it for an orphan.
    with _build_lock(directory).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield create_directory(directory)
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        finally:
            _build_lock(directory).unlink(missing_ok=True)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _abandoned(directory: Path) -> bool:
    """Whether no live process is building ``directory`` (a killed build leaves it behind)."""
    lock = _build_lock(directory)
    if not lock.exists():
        return True
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
    lock.unlink(missing_ok=True)
    return True


def swap_in(directory: Path) -> None:
    """Make ``directory`` the live index atomically. The previous live directory is kept for
    readers that still have it open; every other directory is removed unless a running build
    is writing it (older indexes and what killed builds left behind)."""
    link = link_path()
    # By name, as the link holds it: the data directory's path may itself pass through links.
    previous = Path(os.readlink(link)).name if link.is_symlink() else None
    temporary = link.with_name(f".{link.name}-{uuid.uuid4().hex[:8]}")
    temporary.symlink_to(directory.name)
    os.replace(temporary, link)
    for sibling in link.parent.glob(f"{link.name}-*"):
        if sibling.is_dir() and sibling.name not in (directory.name, previous) \
                and _abandoned(sibling):
            shutil.rmtree(sibling, ignore_errors=True)


def open_at(directory: Path):
    """Open the index in ``directory`` (live or being built)."""
    return whoosh_index.open_dir(str(directory))


def open_live():
    """Open the live index."""
    return whoosh_index.open_dir(str(live_directory()))


def writer(ix, **options):
    """A writer of the index ``ix`` (``options``: Whoosh's), writing posting blocks of
    ``POSTINGS_PER_BLOCK`` as arrays (codec.py)."""
    return ix.writer(codec=ArrayCodec(blocklimit=POSTINGS_PER_BLOCK), **options)


_held = threading.local()


@contextmanager
def writer_lock(timeout: float):
    """Hold the index writer lock; wait up to ``timeout`` seconds, then raise IndexBusy.

    Re-entrant within a thread: a holder may call code that takes the lock again.
    """
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    lock_file = link_path().with_name(link_path().name + ".lock")
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(str(lock_file)) from None
                time.sleep(0.02)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


class _Readers(threading.local):
    """Per-thread searcher, reopened when the index is swapped or committed to."""

    directory: Path | None = None
    index = None
    searcher = None


_readers = _Readers()


def searcher():
    """An up-to-date searcher for this thread (Whoosh searchers are not shared across threads).

    Checking for a newer generation costs one directory listing, so every search sees
    commits from other processes at once.
    """
    directory = live_directory()
    if _readers.directory != directory or _readers.searcher is None:
        if _readers.searcher is not None:
            _readers.searcher.close()
            # Forgotten at once: if opening fails (a damaged index), the next search opens
            # afresh instead of closing a closed searcher (ReaderClosed) for ever after.
            _readers.searcher = None
        _readers.index = whoosh_index.open_dir(str(directory))
        _readers.searcher = _readers.index.searcher(weighting=WEIGHTING)
        _readers.directory = directory
    elif not _readers.searcher.up_to_date():
        # Not Searcher.refresh(): it reuses segment readers by segment id, and a segment
        # whose deletions changed keeps its id, so deleted products would stay visible.
        _readers.searcher.close()
        _readers.searcher = None
        _readers.searcher = _readers.index.searcher(weighting=WEIGHTING)
    return _readers.searcher


def generation() -> tuple[str, int]:
    """Identifies the index content: changes with every commit and every swap."""
    reader = searcher()
    return str(_readers.directory), reader.ixreader.generation()
