"""Packaging the catalog in the exchange format for a download: the JSON Lines file and the
images it names, in one ZIP archive that ``showcase import`` can read once unpacked.

This reads only; the file is built in a temporary folder the caller removes.
"""

import zipfile
from pathlib import Path

from showcase.services import exporter

CATALOG_NAME = "catalog.jsonl"


def exchange_archive(folder: Path, public: bool) -> Path:
    """Write the catalog (``public``: published products without e-mail or phone) to a ZIP
    archive in ``folder``; return its path. The JPEG images are stored as they are (they do not
    compress); the catalog file is deflated."""
    export_dir = folder / "catalog"
    export_dir.mkdir(parents=True)
    exporter.export_catalog(export_dir / CATALOG_NAME, public=public)
    archive = folder / "catalog.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(export_dir / CATALOG_NAME, CATALOG_NAME, compress_type=zipfile.ZIP_DEFLATED)
        for image in sorted((export_dir / "images").iterdir()):
            out.write(image, f"images/{image.name}", compress_type=zipfile.ZIP_STORED)
    return archive
