"""Hostile queries against ordinary ones, through the real app, on a synthetic catalog.

Run from the repository root::

    .venv/bin/python benchmarks/hostile_queries.py [--size 2000] [--queries 200]

It inserts a synthetic multilingual catalog (``synthetic.py``) into a fresh data directory in a
temporary folder, builds the search index, then sends each query to ``/api/v1/search`` (and
prefixes to ``/api/v1/suggest``) through Flask's test client: routing, argument parsing, the
search, loading the products and the JSON answer, as a visitor's request goes. Ordinary and
hostile queries are interleaved and the list runs twice; before every request the search
process forgets what it keeps of earlier queries' words (as for the first query of its words),
and each query's lower time of the two passes counts. It prints median, p95 and max per group
and the ratio of hostile to ordinary. It measures; it asserts nothing (the fuzz test,
tests/test_fuzz_search_api.py, checks that such queries never fail).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import synthetic
from flask_migrate import upgrade

from showcase import create_app
from showcase import search as search_engine
from showcase.i18n import LANGUAGE_ALIASES
from showcase.search import caches

SCRIPT_RANGES = [(0x0041, 0x007A), (0xAC00, 0xD7A3), (0x0E01, 0x0E3A), (0x1780, 0x17D2),
                 (0x0627, 0x064A), (0x0905, 0x0939), (0x4E00, 0x9FFF), (0x0410, 0x044F),
                 (0x1F600, 0x1F64F), (0x0300, 0x036F)]
MARKS = "\u200e\u200f\u202e\u200b\u200d"
OPERATORS = "AND OR NOT TO ( ) [ ] { } \" ' * ? ~ ^ : + - ! "


def multi_script(rng: random.Random, length: int) -> str:
    """``length`` characters drawn from many scripts, marks and spaces."""
    out = []
    while len(out) < length:
        roll = rng.random()
        if roll < 0.15:
            out.append(" ")
        elif roll < 0.2:
            out.append(rng.choice(MARKS))
        else:
            low, high = rng.choice(SCRIPT_RANGES)
            out.append(chr(rng.randint(low, high)))
    return "".join(out)


def hostile_queries(seed: int) -> list[str]:
    """Range syntax, deep nesting, operator floods, wildcards, fuzz operators and long
    multi-script strings."""
    rng = random.Random(seed)
    queries = [
        "[a TO]", "[a TO z]", "{a TO z}", "[! TO \uffff]", "[* TO *]", "{0 TO 9999999999}",
        "(" * 100 + "drone" + ")" * 100, "(" * 200, ")" * 200,
        "(" * 30 + " OR ".join("abcdefghij") + ")" * 30,
        " AND ".join(f"({w} OR NOT {w})" for w in "abcdefghijklmnopqrst"),
        (OPERATORS * 8)[:200], ("NOT " * 50)[:200], ("AND " * 50)[:200], ("OR " * 70)[:200],
        "*", "?", "a*", "*a*", "?????", "drone~9", "drone~", "drone^1000", "~~~~~~", "^^^^",
        '"' * 101, '"a b c d e f g h i j k l m n o p q r s t u v w x y z"', "a " * 100,
        "a" * 1000, "가" * 200, "ก" * 200, "ក" * 200, "😀" * 200, "\u0301" * 200,
        "name:drone", "*:*", "\\" * 100, "%00%0d%0a", "'; DROP TABLE product; --",
    ]
    queries += [multi_script(rng, 200) for _ in range(20)]
    queries += [multi_script(rng, 1000) for _ in range(10)]
    return queries


def _lang(language: str) -> str:
    """The API's ``lang`` for a content language (zh -> zh-hans)."""
    return LANGUAGE_ALIASES.get(language, language)


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"n": len(ordered), "median": statistics.median(ordered) * 1e3,
            "p95": cuts[94] * 1e3, "max": ordered[-1] * 1e3}


def _timed(client, url: str, args: dict) -> tuple[float, int]:
    caches.clear_all(keep_segment_tables=True)
    started = time.perf_counter()
    response = client.get(url, query_string=args)
    return time.perf_counter() - started, response.status_code


def run(size: int, count: int, seed: int) -> dict:
    """Build the catalog and time every group; the lower of two passes per query."""
    with tempfile.TemporaryDirectory(prefix="showcase-hostile-") as folder:
        app = create_app({"DATA_DIR": str(Path(folder) / "data"), "SECRET_KEY": "benchmark",
                          "SEARCH_SYNC_ON_COMMIT": False})
        with app.app_context():
            with contextlib.redirect_stderr(io.StringIO()):  # alembic's INFO lines
                upgrade(directory=app.extensions["migrate"].directory)
            synthetic.populate(size, seed)
            search_engine.rebuild()
        client = app.test_client()
        groups = {
            "search ordinary": [("/api/v1/search", {"q": q.text, "lang": _lang(q.languages[0])})
                                for q in synthetic.queries(count, seed + 1)],
            "search hostile": [("/api/v1/search", {"q": text, "lang": "en"})
                               for text in hostile_queries(seed + 2)],
            "suggest ordinary": [("/api/v1/suggest", {"q": prefix, "lang": _lang(languages[0])})
                                 for prefix, languages in synthetic.prefixes(count, seed + 3)],
            "suggest hostile": [("/api/v1/suggest", {"q": text, "lang": "en"})
                                for text in hostile_queries(seed + 4)],
        }
        # Interleaved, so that a slower moment of the machine weighs on every group alike.
        order = [(name, i) for name, items in groups.items() for i in range(len(items))]
        random.Random(seed).shuffle(order)
        best = {name: [float("inf")] * len(items) for name, items in groups.items()}
        statuses: dict[str, dict[int, int]] = {name: {} for name in groups}
        for _pass in range(2):
            for name, i in order:
                url, args = groups[name][i]
                seconds, status = _timed(client, url, args)
                best[name][i] = min(best[name][i], seconds)
                statuses[name][status] = statuses[name].get(status, 0) + 1
        return {name: dict(_percentiles(samples), statuses=statuses[name])
                for name, samples in best.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="products in the catalog")
    parser.add_argument("--queries", type=int, default=200, help="ordinary queries")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    results = run(args.size, args.queries, args.seed)
    print(f"{args.size} products; ms per request (lower of two passes per query)")
    print(f"{'group':<18}{'n':>5}{'median':>10}{'p95':>10}{'max':>10}  statuses")
    for name, figures in results.items():
        print(f"{name:<18}{figures['n']:>5}{figures['median']:>10.2f}{figures['p95']:>10.2f}"
              f"{figures['max']:>10.2f}  {figures['statuses']}")
    for kind in ("search", "suggest"):
        ordinary, hostile = results[f"{kind} ordinary"], results[f"{kind} hostile"]
        ratios = "  ".join(f"{cut} {hostile[cut] / ordinary[cut]:.2f}x"
                           for cut in ("median", "p95", "max"))
        print(f"{kind}: hostile / ordinary  {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
