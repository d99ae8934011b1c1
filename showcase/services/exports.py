"""Packaging the catalog in the exchange format for a download: the JSON Lines file and the
images it names, in one ZIP archive that ``showcase import`` can read once unpacked.

This reads only: the catalog is exported into a temporary folder, removed once it is packed.
"""

import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO

from showcase.services import exporter

CATALOG_NAME = "catalog.jsonl"


def write_exchange_archive(out: BinaryIO, public: bool) -> None:
    """Write the catalog (``public``: published products without e-mail or phone) as a ZIP
    archive to ``out``. The JPEG images are stored as they are (they do not compress); the
    catalog file is deflated."""
    with tempfile.TemporaryDirectory(prefix="showcase-export-") as folder:
        export_dir = Path(folder)
        exporter.export_catalog(export_dir / CATALOG_NAME, public=public)
        with zipfile.ZipFile(out, "w") as archive:
            archive.write(export_dir / CATALOG_NAME, CATALOG_NAME,
                          compress_type=zipfile.ZIP_DEFLATED)
            for image in sorted((export_dir / "images").iterdir()):
                archive.write(image, f"images/{image.name}", compress_type=zipfile.ZIP_STORED)
