"""Generated files kept on disk, one per name and catalog version.

A download of a large catalog takes seconds to build, so each file is built once per version
of the catalog (see :func:`showcase.queries.syndication.catalog_version`) and kept under
``<data dir>/open-data/``; the versions it replaces are removed. Building writes to a
temporary name that is renamed when complete, so a reader never sees half a file; one
process or thread builds a file at a time (an flock per name), and the others asking for it
meanwhile wait and read the one it built.
"""

import fcntl
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from flask import current_app

FOLDER = "open-data"


def _folder() -> Path:
    folder = Path(current_app.config["DATA_DIR"]) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached_file(name: str, extension: str, version: str,
                write: Callable[[BinaryIO], None]) -> BinaryIO:
    """The file ``name`` of catalog ``version``, opened for reading; ``write`` fills it the
    first time it is asked for."""
    folder = _folder()
    path = folder / f"{name}.{version}.{extension}"
    built = _opened(path)
    if built is not None:
        return built
    with (folder / f".{name}.{extension}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when closed, also if the process dies
        built = _opened(path)  # built while this one waited
        if built is not None:
            return built
        handle, partial = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".partial")
        try:
            with os.fdopen(handle, "wb") as out:
                write(out)
            os.replace(partial, path)
        finally:
            Path(partial).unlink(missing_ok=True)
        opened = path.open("rb")  # before the sweep: an open file survives its removal
        _remove_other_versions(folder, name, extension, keep=path)
        return opened


def _opened(path: Path) -> BinaryIO | None:
    try:
        return path.open("rb")
    except FileNotFoundError:
        return None


def _remove_other_versions(folder: Path, name: str, extension: str, keep: Path) -> None:
    for older in folder.glob(f"{name}.*.{extension}"):
        if older != keep and older.name.count(".") == 2:
            older.unlink(missing_ok=True)
