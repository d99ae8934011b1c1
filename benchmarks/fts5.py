"""The SQLite FTS5 baseline: the same documents, and the same results page (top 20 by bm25
with snippets, plus facet counts over every match)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from showcase.search.schema import FIELD_BOOSTS

TEXT_COLUMNS = ("names", "company", "category_text", "body")
TOKENIZERS = {"fts5-unicode61": "unicode61 remove_diacritics 2", "fts5-trigram": "trigram"}
PER_PAGE = 20

_SCHEMA = """
CREATE VIRTUAL TABLE doc USING fts5({columns}, tokenize="{tokenizer}");
CREATE TABLE facet (id INTEGER PRIMARY KEY, category TEXT, designation TEXT, hall TEXT,
                    valid_until INTEGER);
CREATE TABLE certification (id INTEGER, value TEXT);
CREATE TABLE language (id INTEGER, value TEXT);
"""
_HITS = f"""
SELECT rowid, snippet(doc, -1, '<mark>', '</mark>', ' … ', 24) FROM doc WHERE doc MATCH ?
ORDER BY bm25(doc, {", ".join(str(FIELD_BOOSTS[c]) for c in TEXT_COLUMNS)}) LIMIT {PER_PAGE}
"""
# The facets our results page shows, counted over every match (like Whoosh's groupedby).
_FACETS = """
WITH m AS MATERIALIZED (SELECT rowid AS id FROM doc WHERE doc MATCH ?)
SELECT 'total', '', count(*) FROM m
UNION ALL SELECT 'category', category, count(*) FROM m JOIN facet USING (id) GROUP BY 2
UNION ALL SELECT 'designation', designation, count(*) FROM m JOIN facet USING (id) GROUP BY 2
UNION ALL SELECT 'hall', hall, count(*) FROM m JOIN facet USING (id) GROUP BY 2
UNION ALL SELECT 'certification', value, count(*) FROM m JOIN certification USING (id) GROUP BY 2
UNION ALL SELECT 'language', value, count(*) FROM m JOIN language USING (id) GROUP BY 2
"""


def build(path: Path, tokenizer: str, documents: list[dict]) -> float:
    """Create an FTS5 database at ``path`` from search documents; return seconds taken."""
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.executescript(_SCHEMA.format(columns=", ".join(TEXT_COLUMNS),
                                            tokenizer=tokenizer))
    with connection:
        connection.executemany(
            f"INSERT INTO doc (rowid, {', '.join(TEXT_COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
            ([int(d["product_id"]), *(d[c] for c in TEXT_COLUMNS)] for d in documents))
        connection.executemany(
            "INSERT INTO facet VALUES (?, ?, ?, ?, ?)",
            ((int(d["product_id"]), d["category"], d["designation"], d["hall"],
              d.get("valid_until")) for d in documents))
        for table in ("certification", "language"):
            connection.executemany(
                f"INSERT INTO {table} VALUES (?, ?)",
                ((int(d["product_id"]), value) for d in documents
                 for value in d[table].split(",") if value))
            connection.execute(f"CREATE INDEX {table}_id ON {table} (id)")
        connection.execute("INSERT INTO doc (doc) VALUES ('optimize')")
    connection.close()
    return time.perf_counter() - started


def results_page(connection: sqlite3.Connection, match: str) -> int:
    """Run one results page; return the number of matches (0 when FTS5 rejects the query)."""
    try:
        hits = connection.execute(_HITS, (match,)).fetchall()
        facets = connection.execute(_FACETS, (match,)).fetchall()
    except sqlite3.OperationalError:
        return 0
    assert len(hits) <= PER_PAGE
    return facets[0][2]
