"""What a SQLite store holds, table by table, as plain rows: to show that two ways of filling a
store (one or several workers, a Dask cluster, shards merged later) store the same."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

QUERIES = {
    "documents": "SELECT id, content_hash, path, encoding, title, outlet, url, publication_date, version_of, merged"
                 " FROM documents ORDER BY id",
    "copies": "SELECT doc_id, path, url, outlet FROM document_copies ORDER BY id",
    "sentences": "SELECT doc_id, idx, start, end, text, starts, ends FROM sentences ORDER BY id",
    "entities": "SELECT e.doc_id, e.start, e.end, e.text, k.type, k.code FROM entities e"
                " JOIN entity_kinds k ON k.id = e.kind ORDER BY e.id",
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


def wait_for_documents(proc: subprocess.Popen, db: Path, count: int, seconds: float) -> None:
    """Wait while ``proc`` runs until ``db`` holds ``count`` documents (or time is up): the moment
    to kill a run that has stored part of its input."""
    stored, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None and stored < count:
        time.sleep(0.2)
        if db.exists():
            try:
                con = sqlite3.connect(db, timeout=1)
                stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                stored = 0
