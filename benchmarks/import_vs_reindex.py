"""Import benchmark: ``showcase import`` of a synthetic catalog against ``showcase reindex`` of
the same catalog, side by side.

Run from the repository root::

    .venv/bin/python benchmarks/import_vs_reindex.py [--sizes 10000] [--seed 7] [--repeat 2]

For each size it builds the synthetic multilingual catalog of ``synthetic.py`` in a scratch
data directory and exports it with ``showcase export`` (timed too): that file is the import
file. Then, in a fresh data directory, each step runs as its own ``showcase`` process, as an
operator would run it, timed from start to exit with the peak memory (RSS) of that process:

- ``import``: the whole file, batches committed as they go, the search index brought up to
  date at the end (the command rebuilds it when the import changed most of the catalog);
- ``reindex``: a full rebuild of the index from the same data;
- ``drain``: every product's outbox row applied by ``index-worker --once``, the other way to
  bring the index up to date after an import;
- ``import again``: the same file a second time (every line unchanged).

The steps run ``--repeat`` times in turn, each time in a fresh data directory, and the
fastest run of each step counts: on a shared machine one slow run says little.

The target: the import takes at most twice as long as the reindex. It prints a table and
writes ``benchmarks/results/import-<date>.json``. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import synthetic
from flask_migrate import upgrade
from sqlalchemy import update

from showcase import create_app
from showcase.extensions import db
from showcase.models import IndexOutbox

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
TARGET_RATIO = 2.0  # import time / reindex time
STEPS = ("export", "import", "reindex", "drain", "import_again")


def _app(data_dir: Path):
    return create_app({"DATA_DIR": str(data_dir), "SECRET_KEY": "benchmark",
                       "SEARCH_SYNC_ON_COMMIT": False})


def _migrated(data_dir: Path):
    app = _app(data_dir)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    return app


def _run(data_dir: Path, *args: str) -> dict:
    """Run ``showcase *args`` on ``data_dir``; its wall time, peak RSS and last output line."""
    env = {**os.environ, "SHOWCASE_DATA_DIR": str(data_dir), "SECRET_KEY": "benchmark",
           "SHOWCASE_INDEX_ON_COMMIT": "0"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "showcase.cli", *args], env=env,
                               cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # wait4 gives this child's own resource usage: its peak RSS, not the largest of all.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read().decode("utf-8", "replace").strip().splitlines()
    process.stdout.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"showcase {' '.join(args)} failed:\n" + "\n".join(output[-20:]))
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "output": output[-1] if output else ""}


def _catalog_file(size: int, seed: int, work: Path) -> tuple[Path, dict]:
    """The synthetic catalog of ``size`` products as an exchange file, and the export's run."""
    source = work / "source"
    app = _migrated(source)
    with app.app_context():
        synthetic.populate(size, seed)
    path = work / "exchange" / "catalog.jsonl"
    path.parent.mkdir()
    return path, _run(source, "export", str(path))


def _pending_again(data_dir: Path) -> None:
    """Mark every outbox row unapplied, as if no index had seen the import."""
    app = _app(data_dir)
    with app.app_context():
        db.session.execute(update(IndexOutbox).values(processed_at=None))
        db.session.commit()


def _fastest(runs: list[dict]) -> dict:
    """The run of least wall time, with every run's time kept beside it."""
    best = min(runs, key=lambda run: run["seconds"])
    return {**best, "all_seconds": [run["seconds"] for run in runs]}


def measure(size: int, seed: int, repeat: int) -> dict:
    """Each step ``repeat`` times in turn (import, reindex, drain, import again, then again
    from a fresh data directory), the fastest of each counting: the machine may be busy."""
    runs: dict[str, list[dict]] = {step: [] for step in STEPS}
    with tempfile.TemporaryDirectory(prefix="import-bench-") as scratch:
        work = Path(scratch)
        path, export = _catalog_file(size, seed, work)
        file_mb = round(path.stat().st_size / 1e6, 1)
        runs["export"].append(export)
        for attempt in range(repeat):
            target = work / f"target-{attempt}"
            _migrated(target)
            runs["import"].append(_run(target, "import", str(path)))
            runs["reindex"].append(_run(target, "reindex"))
            _pending_again(target)
            runs["drain"].append(_run(target, "index-worker", "--once"))
            runs["import_again"].append(_run(target, "import", str(path)))
    result = {"size": size, "file_mb": file_mb, "repeat": repeat,
              **{step: _fastest(step_runs) for step, step_runs in runs.items()}}
    result["import_vs_reindex"] = round(result["import"]["seconds"]
                                        / result["reindex"]["seconds"], 2)
    result["products_per_second"] = round(size / result["import"]["seconds"])
    return result


def _print(result: dict) -> None:
    print(f"\n{result['size']:,} products ({result['file_mb']} MB exchange file)")
    print(f"{'step':<14}{'seconds':>10}{'peak RSS MB':>14}  output")
    for step in STEPS:
        run = result[step]
        print(f"{step:<14}{run['seconds']:>10.2f}{run['peak_rss_mb']:>14.1f}  {run['output']}")
    print(f"(fastest of {result['repeat']}; every run: "
          + ", ".join(f"{step} {result[step]['all_seconds']}" for step in STEPS) + ")")
    verdict = "meets" if result["import_vs_reindex"] <= TARGET_RATIO else "misses"
    print(f"import / reindex = {result['import_vs_reindex']:.2f} ({verdict} the target of "
          f"{TARGET_RATIO:.0f}x); {result['products_per_second']} products/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each step; the fastest counts")
    args = parser.parse_args()
    results = []
    for size in (int(part) for part in args.sizes.split(",")):
        results.append(measure(size, args.seed, args.repeat))
        _print(results[-1])
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"import-{date.today().isoformat()}.json"
    out.write_text(json.dumps({
        "date": date.today().isoformat(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "target_ratio": TARGET_RATIO,
        "results": results,
    }, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
