"""End-to-end search timings for ``benchmarks/search.py``: the API and the results page as a
delegate waits for them, beside SQLite FTS5 in the same run.

The synthetic catalog is exported to an exchange file and imported into a fresh data
directory through ``showcase import`` (then ``showcase reindex``), as a real catalog arrives.
Then, in a fresh interpreter (a web worker after fork), one cold pass of the queries: each
query once, through the test client, ``GET /api/v1/search`` (request, database load of the
page's products, JSON) and ``GET /<lang>/search`` (the rendered HTML page), then FTS5
unicode61 on the same documents (bm25 + snippet + facet counts; a typo query that finds
nothing is corrected through the FTS5 vocabulary, the closest word by edit distance, and
searched again, as a spelling-aware FTS5 site would). Figures: p50/p95 overall, per query
language and per query kind, and how many typo queries find something on each side.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import fts5
import synthetic
from flask_migrate import upgrade

from showcase import create_app
from showcase.i18n import LANGUAGE_ALIASES
from showcase.search import query as search_query

REPO_ROOT = Path(__file__).resolve().parent.parent
WARM_UP = ("drone", "드론", "solar")  # opens the searcher and thesaurus, as a worker once does
TARGETS = {"p95_ms": 40.0, "vs_fts5": 2.0, "language_vs_overall": 2.0, "typo_found_share": 0.9}


def _app(data_dir: Path, warm_up: bool = False):
    # Measured as deployed: a web worker warms up before its first request (README).
    return create_app({"DATA_DIR": str(data_dir), "SECRET_KEY": "benchmark",
                       "SEARCH_SYNC_ON_COMMIT": False, "RATELIMIT_ENABLED": False,
                       "SEARCH_WARM_UP": warm_up})


def _showcase(data_dir: Path, *args: str) -> str:
    """Run ``showcase *args`` on ``data_dir`` in its own process; its last output line."""
    env = {**os.environ, "SHOWCASE_DATA_DIR": str(data_dir), "SECRET_KEY": "benchmark",
           "SHOWCASE_INDEX_ON_COMMIT": "0"}
    done = subprocess.run([sys.executable, "-m", "showcase.cli", *args], env=env,
                          cwd=REPO_ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"showcase {' '.join(args)} failed:\n{done.stdout[-2000:]}"
                           f"{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _migrated(data_dir: Path):
    app = _app(data_dir)
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        upgrade(directory=app.extensions["migrate"].directory)
    return app


def import_phase(work: Path, size: int, seed: int) -> dict:
    """Populate a source catalog, export it, import it into ``work/pages`` through ``showcase
    import`` and index it; build the FTS5 database from the imported products."""
    from search import _documents

    source = work / "source"
    with _migrated(source).app_context():
        synthetic.populate(size, seed)
    exchange = work / "exchange" / "catalog.jsonl"
    exchange.parent.mkdir(parents=True)
    _showcase(source, "export", str(exchange))
    target = work / "pages"
    _migrated(target)
    started = time.perf_counter()
    imported = _showcase(target, "import", str(exchange))
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    indexed = _showcase(target, "reindex")
    reindex_s = time.perf_counter() - started
    with _app(target).app_context():
        documents = _documents()
    fts5.build(work / "pages-fts5.db", fts5.TOKENIZERS["fts5-unicode61"], documents)
    return {"import": imported, "import_s": import_s, "reindex": indexed,
            "reindex_s": reindex_s}


def _slug(language: str) -> str:
    return LANGUAGE_ALIASES.get(language, language)


def _vocabulary(connection: sqlite3.Connection) -> dict[str, list[tuple[str, int]]]:
    """The FTS5 vocabulary (term, documents) by first letter."""
    connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, "
                       "'doc', 'row')")
    by_first: dict[str, list[tuple[str, int]]] = {}
    for term, documents in connection.execute("SELECT term, doc FROM temp.vocab"):
        by_first.setdefault(term[:1], []).append((term, documents))
    return by_first


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, anything above ``limit`` as ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char != other)))
        previous = current
    return min(previous[-1], limit + 1)


def _fts5_page(connection, vocabulary, query) -> int:
    """FTS5's results page for ``query``; a typo that finds nothing is corrected through the
    vocabulary (1-2 edits, the first letter kept, the most frequent of the closest)."""
    total = fts5.results_page(connection, query.fts)
    if total or query.kind != "typo":
        return total
    word = query.text.casefold()
    limit = 1 if len(word) < 8 else 2
    candidates = [(_distance(word, term, limit), -documents, term)
                  for term, documents in vocabulary.get(word[:1], ())]
    best = min((c for c in candidates if c[0] <= limit), default=None)
    return fts5.results_page(connection, f'"{best[2]}"') if best else 0


def _latency(samples: list[float]) -> dict:
    cuts = statistics.quantiles(samples, n=100, method="inclusive") if len(samples) > 1 \
        else [samples[0]] * 99
    return {"p50": cuts[49] * 1e3, "p95": cuts[94] * 1e3, "n": len(samples)}


def measure_phase(work: Path, seed: int, count: int) -> dict:
    """One cold pass of ``count`` queries through the API, the page and FTS5."""
    queries = synthetic.queries(count, seed + 1)
    app = _app(work / "pages", warm_up=True)
    client = app.test_client()
    connection = sqlite3.connect(work / "pages-fts5.db")
    vocabulary = _vocabulary(connection)
    for text in WARM_UP:
        client.get("/api/v1/search", query_string={"q": text, "lang": "en"})
        client.get("/en/search", query_string={"q": text})
    rows = []
    for query in queries:
        slug = _slug(query.languages[0])
        started = time.perf_counter()
        answer = client.get("/api/v1/search", query_string={"q": query.text, "lang": slug})
        api_s = time.perf_counter() - started
        search_query._cache.clear()  # the page is timed cold too, not from the API's answer
        started = time.perf_counter()
        page = client.get(f"/{slug}/search", query_string={"q": query.text})
        page_s = time.perf_counter() - started
        assert answer.status_code == 200 and page.status_code == 200, query
        started = time.perf_counter()
        fts_total = _fts5_page(connection, vocabulary, query)
        fts_s = time.perf_counter() - started
        rows.append((query, api_s, page_s, fts_s, answer.json["total"], fts_total))
    connection.close()
    figures = _figures(rows)
    return {**figures, "targets": targets(figures)}


def _figures(rows) -> dict:
    engines = ("api", "page", "fts5")

    def by(key) -> dict:
        groups: dict[str, list] = {}
        for row in rows:
            groups.setdefault(key(row[0]), []).append(row)
        return {name: {engine: _latency([row[1 + i] for row in group])
                       for i, engine in enumerate(engines)}
                for name, group in sorted(groups.items())}

    typos = [row for row in rows if row[0].kind == "typo"]
    return {
        "overall": {engine: _latency([row[1 + i] for row in rows])
                    for i, engine in enumerate(engines)},
        "by_language": by(lambda query: query.languages[0]),
        "by_kind": by(lambda query: query.kind),
        "typo_queries": len(typos),
        "typo_found": {"showcase": sum(1 for row in typos if row[4]),
                       "fts5": sum(1 for row in typos if row[5])},
        "zero_results": {"showcase": sum(1 for row in rows if not row[4]),
                         "fts5": sum(1 for row in rows if not row[5])},
    }


def targets(figures: dict) -> dict:
    """Whether the issue's end-to-end targets hold."""
    overall = figures["overall"]
    fts = overall["fts5"]["p95"]
    found = figures["typo_found"]
    met = {}
    for engine in ("api", "page"):
        p95 = overall[engine]["p95"]
        met[f"{engine} p95 <= {TARGETS['p95_ms']:.0f} ms"] = p95 <= TARGETS["p95_ms"]
        met[f"{engine} p95 <= 2x fts5"] = p95 <= TARGETS["vs_fts5"] * fts
        slowest = max(language[engine]["p95"] for language in figures["by_language"].values())
        met[f"{engine}: no language's p95 above 2x the overall"] = \
            slowest <= TARGETS["language_vs_overall"] * p95
    met["typo queries find >= 90% of what fts5 finds"] = \
        found["showcase"] >= TARGETS["typo_found_share"] * found["fts5"]
    return met


def print_figures(figures: dict, built: dict) -> None:
    """The plain-text tables of the end-to-end run."""
    print(f"\n-- end to end ({built['import']}, {built['import_s']:.0f} s; "
          f"{built['reindex']}, {built['reindex_s']:.0f} s): one cold pass --")
    print(f"{'':<14}" + "".join(f"{engine + ' p50/p95 ms':>22}" for engine in
                                ("api", "page", "fts5")) + f"{'x fts5 (api)':>14}")

    def line(name: str, group: dict) -> str:
        cells = "".join(f"{group[e]['p50']:>11.1f}{group[e]['p95']:>11.1f}"
                        for e in ("api", "page", "fts5"))
        return (f"{name:<14}{cells}{group['api']['p95'] / group['fts5']['p95']:>14.2f}"
                f"  ({group['api']['n']} queries)")

    print(line("overall", figures["overall"]))
    for name, group in figures["by_language"].items():
        print(line(f"lang {name}", group))
    for name, group in figures["by_kind"].items():
        print(line(f"kind {name}", group))
    found = figures["typo_found"]
    print(f"typo queries finding something: showcase {found['showcase']}, fts5 (through its "
          f"vocabulary) {found['fts5']} of {figures['typo_queries']}")
    print("targets: " + ", ".join(f"{name}: {'met' if ok else 'MISSED'}"
                                  for name, ok in targets(figures).items()))
