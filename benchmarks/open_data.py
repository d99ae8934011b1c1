"""Downloads, sitemaps and feeds of a 10k-product catalog, end to end through the app.

Run from the repository root::

    .venv/bin/python benchmarks/open_data.py [--size 10000] [--repeat 5]

It inserts a synthetic catalog (``synthetic.py``) into a fresh data directory in a temporary
folder, then requests each open-data URL through Flask's test client: the first request of
each builds its file (``cold``), the next ones serve the kept file (``warm``), and a request
with the ETag it was given answers 304. It prints milliseconds and sizes, and the public home
page's time in the same rounds as a baseline. It asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import synthetic
from flask_migrate import upgrade

from showcase import create_app

URLS = {
    "public home (baseline)": "/en/",
    "CSV (Korean)": "/ko/open-data/catalog.csv",
    "XLSX (Thai)": "/th/open-data/catalog.xlsx",
    "JSON Lines": "/open-data/catalog.jsonl",
    "sitemap index": "/sitemap.xml",
    "sitemap part (ur, 1)": "/sitemaps/ur-1.xml",
    "Atom feed (vi)": "/vi/feed.atom",
    "open-data page": "/en/open-data",
    "guide page": "/en/guide/how-it-works",
}


def _timed(client, url: str, headers: dict | None = None):
    started = time.perf_counter()
    response = client.get(url, headers=headers or {})
    return (time.perf_counter() - started) * 1000, response


def run(size: int, repeat: int) -> dict:
    """Cold, warm and 304 times (ms) and body sizes per URL."""
    with tempfile.TemporaryDirectory(prefix="showcase-open-data-") as folder:
        app = create_app({"DATA_DIR": str(Path(folder) / "data"), "SECRET_KEY": "benchmark",
                          "SEARCH_SYNC_ON_COMMIT": False})
        with app.app_context():
            with contextlib.redirect_stderr(io.StringIO()):
                upgrade(directory=app.extensions["migrate"].directory)
            synthetic.populate(size, seed=11)
        client = app.test_client()
        results = {}
        for name, url in URLS.items():
            cold, response = _timed(client, url)
            assert response.status_code == 200, (url, response.status_code)
            etag = response.headers.get("ETag")
            warm = [_timed(client, url)[0] for _ in range(repeat)]
            not_modified = ([_timed(client, url, {"If-None-Match": etag})[0]
                             for _ in range(repeat)] if etag else [])
            results[name] = {"cold": cold, "warm": statistics.median(warm),
                             "304": statistics.median(not_modified) if not_modified else None,
                             "bytes": len(response.data)}
        return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    results = run(args.size, args.repeat)
    print(f"{args.size:,} products; milliseconds (median of {args.repeat} for warm and 304)")
    print(f"{'':24} {'cold':>9} {'warm':>9} {'304':>7} {'size':>12}")
    for name, row in results.items():
        not_modified = f"{row['304']:.1f}" if row["304"] is not None else "-"
        print(f"{name:24} {row['cold']:9.1f} {row['warm']:9.1f} {not_modified:>7} "
              f"{row['bytes']:12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
