"""Completion list: a full rebuild against an in-place update after one product edit, and an
outbox drain of new products against a full index rebuild of the same catalog.

Run from the repository root::

    .venv/bin/python benchmarks/suggest_updates.py [--size 10000] [--repeat 7] [--new 2000]

It inserts a synthetic catalog (``synthetic.py``) into a fresh data directory in a temporary
folder and indexes it, then times, ``--repeat`` times each:

- ``rebuild``: the whole completion list built from the database (what every web worker did
  after any commit before completions were updated in place);
- ``update``: one product renamed, committed and drained, then the list brought up to date in
  place (the timed part is the update alone).

Then (unless ``--new 0``) it adds ``--new`` products, times the drain that indexes them, and
times a full rebuild of the index of the whole catalog. It prints medians side by side; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import statistics
import tempfile
import time
from pathlib import Path

import synthetic
from flask_migrate import upgrade
from sqlalchemy import select
from sqlalchemy.orm import Session

from showcase import create_app
from showcase.extensions import db
from showcase.models import Product, ProductText
from showcase.search import completions, index, sync


def _rename(number: int) -> None:
    text = db.session.scalar(select(ProductText).where(ProductText.language == "en")
                             .order_by(ProductText.id).offset(number % 50))
    text.name = f"Benchmark renamed gadget {number}"
    db.session.commit()
    sync.drain()


def _timed(run) -> float:
    # A full collection of the heap (millions of completion entries) would land on whichever
    # call happens to trigger it: each timing starts after one.
    gc.collect()
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _completions(repeat: int) -> tuple[list[float], list[float]]:
    rebuilds, updates = [], []
    for number in range(repeat):
        def rebuild():
            with Session(db.engine) as session:
                completions._rebuild(session)
        rebuilds.append(_timed(rebuild))
        completions._state.generation = index.generation()
        _rename(number)
        before = completions._state.updates
        generation = index.generation()  # reopens the searcher: not part of the update
        updates.append(_timed(lambda generation=generation: completions._refresh(generation)))
        assert completions._state.updates == before + 1, "the edit was not applied in place"
    return rebuilds, updates


def _add_products(count: int) -> None:
    """``count`` new products, copies of existing ones under new refs, committed with their
    outbox rows as an import writes them (not drained)."""
    originals = db.session.scalars(select(Product).order_by(Product.id).limit(count)).all()
    for number, original in enumerate(originals):
        copy = Product(ref=f"NEW-{number:06d}", company_id=original.company_id,
                       category_id=original.category_id, status=original.status,
                       designation_type=original.designation_type,
                       valid_from=original.valid_from, valid_until=original.valid_until,
                       published_at=original.published_at)
        for language, text in original.texts.items():
            copy.texts[language] = ProductText(
                language=language, name=f"{text.name} N{number}", summary=text.summary,
                description=text.description, keywords=list(text.keywords))
        db.session.add(copy)
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--new", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATA_DIR": str(Path(folder) / "data"), "SECRET_KEY": "benchmark",
                          "SEARCH_SYNC_ON_COMMIT": False})
        with app.app_context():
            with contextlib.redirect_stderr(io.StringIO()):  # alembic's INFO lines
                upgrade(directory=app.extensions["migrate"].directory)
            synthetic.populate(args.size, args.seed)
            sync.rebuild()
            rebuilds, updates = _completions(args.repeat)
            print(f"completions at {args.size} products (median of {args.repeat}), "
                  f"{completions._state.key_characters():,} key characters:")
            print(f"  full rebuild        {statistics.median(rebuilds) * 1000:10.1f} ms")
            print(f"  update after 1 edit {statistics.median(updates) * 1000:10.1f} ms")
            if args.new:
                _add_products(args.new)
                drain_s = _timed(sync.drain)
                rebuild_s = _timed(sync.rebuild)
                total = args.size + args.new
                print(f"indexing {args.new} new products ({total} in the catalog):")
                print(f"  outbox drain        {drain_s:10.2f} s")
                print(f"  full index rebuild  {rebuild_s:10.2f} s")


if __name__ == "__main__":
    main()
