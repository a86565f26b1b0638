"""What a SQLite store holds, table by table, as plain rows: to show that two ways of filling a
store (one or several workers, a Dask cluster, shards merged later) store the same."""

from __future__ import annotations

import sqlite3
from pathlib import Path

QUERIES = {
    "documents": "SELECT id, content_hash, path, encoding, title, outlet, url, publication_date, version_of, merged"
                 " FROM documents ORDER BY id",
    "copies": "SELECT doc_id, path, url, outlet FROM document_copies ORDER BY id",
    "sentences": "SELECT doc_id, idx, start, end, text, starts, ends FROM sentences ORDER BY id",
    "entities": "SELECT doc_id, start, end, text, type, code FROM entities ORDER BY id",
    "statements": "SELECT doc_id, start, end FROM statements ORDER BY id",
    "mentions": "SELECT id, doc_id, event, date, place, actors, event_id, event_rank FROM event_mentions ORDER BY id",
    "events": "SELECT * FROM events ORDER BY id",
}


def store_content(db: Path) -> dict[str, list]:
    con = sqlite3.connect(db)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in QUERIES.items()}
    finally:
        con.close()
