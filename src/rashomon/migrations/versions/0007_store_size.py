"""Offsets, not copies: a smaller store.

- A sentence that is its original text (documents.text[start:end], mapped one to one) keeps only
  its offsets on SQLite: text and character maps NULL. The FTS5 index reads sentence text through
  the view ``sentence_texts`` (the stored text, or the document's slice); the store indexes the
  sentences it inserts itself (it has their text at hand: no trigger looks it up again), and
  triggers keep the index in step when sentences change or go. PostgreSQL keeps sentence text
  (its trigram index needs a column) but drops the plain character maps.
- An entity whose text is its original text stores none.
- Actors in JSON are lists [entity_text, identifier_text, code, sector], not objects repeating the
  field names, and JSON holds UTF-8, not \\u escapes.
- The index on entities.code is dropped: no query filters entities by code.

Revision ID: 0007_store_size
Revises: 0006_postgresql
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007_store_size"
down_revision: str | None = "0006_postgresql"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SLICE = "substr(d.text, s.start + 1, s.\"end\" - s.start)"


def _text_of(row: str) -> str:
    """SQL for the text of sentence ``row`` (new or old in a trigger)."""
    return (f"coalesce({row}.text, (SELECT substr(text, {row}.start + 1, {row}.\"end\" - {row}.start)"
            f" FROM documents WHERE id = {row}.doc_id))")


def _drop_sqlite_fts() -> None:
    for name in ("sentences_fts_ai", "sentences_fts_ad", "sentences_fts_au", "documents_sentences_bd"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS sentences_fts")
    op.execute("DROP VIEW IF EXISTS sentence_texts")


def _create_sqlite_fts() -> None:
    op.execute(f"CREATE VIEW sentence_texts AS SELECT s.id AS id, coalesce(s.text, {_SLICE}) AS text"
               " FROM sentences s JOIN documents d ON d.id = s.doc_id")
    op.execute("CREATE VIRTUAL TABLE sentences_fts USING fts5("
               "text, content='sentence_texts', content_rowid='id', tokenize='trigram')")
    op.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
    delete = f"INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, {_text_of('old')});"
    op.execute(f"CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN {delete} END")
    op.execute("CREATE TRIGGER sentences_fts_au AFTER UPDATE OF text, start, \"end\", doc_id ON sentences BEGIN "
               f"{delete} INSERT INTO sentences_fts(rowid, text) VALUES (new.id, {_text_of('new')}); END")
    # a sentence's indexed text may be its document's: its index entry goes while the document is there
    op.execute("CREATE TRIGGER documents_sentences_bd BEFORE DELETE ON documents BEGIN "
               "DELETE FROM sentences WHERE doc_id = old.id; END")


def _actors(value: Any, as_lists: bool) -> Any:
    if isinstance(value, str):
        value = json.loads(value)
    out = []
    for a in value or ():
        if isinstance(a, dict):
            a = [a["entity_text"], a.get("identifier_text"), a.get("code"), a.get("sector")]
        out.append(a if as_lists else dict(zip(("entity_text", "identifier_text", "code", "sector"), a, strict=True)))
    return out


def _rewrite_actors(as_lists: bool) -> None:
    """Actor lists in either form; every JSON value written again (UTF-8, compact)."""
    bind = op.get_bind()
    for table, extra in (("event_mentions", ()), ("events", ("state",))):
        cols = ("actors", "recipients", *extra)
        rows = bind.execute(sa.text(f"SELECT id, {', '.join(cols)} FROM {table}")).all()
        if not rows:
            continue
        stmt = sa.text(f"UPDATE {table} SET {', '.join(f'{c} = :{c}' for c in cols)} WHERE id = :id").bindparams(
            *(sa.bindparam(c, type_=sa.JSON) for c in cols))
        params = []
        for r in rows:
            p = {"id": r[0], "actors": _actors(r[1], as_lists), "recipients": _actors(r[2], as_lists)}
            if extra:
                p["state"] = json.loads(r[3]) if isinstance(r[3], str) else r[3]
            params.append(p)
        bind.execute(stmt, params)


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:
        _drop_sqlite_fts()
    with op.batch_alter_table("sentences") as batch:
        for column in ("text", "starts", "ends"):
            batch.alter_column(column, existing_type=sa.Text if column == "text" else sa.JSON, nullable=True)
    with op.batch_alter_table("entities") as batch:
        batch.alter_column("text", existing_type=sa.Text, nullable=True)
        batch.drop_index("ix_entities_code")
    if sqlite:
        op.execute(f"UPDATE sentences AS s SET text = NULL, starts = NULL, ends = NULL FROM documents d"
                   f" WHERE d.id = s.doc_id AND s.text = {_SLICE}"
                   " AND s.starts = '[[0,' || s.start || ']]' AND s.ends = '[[0,' || (s.start + 1) || ']]'")
    else:
        op.execute("UPDATE sentences AS s SET starts = NULL, ends = NULL"
                   " WHERE s.starts::jsonb = jsonb_build_array(jsonb_build_array(0, s.start))"
                   " AND s.ends::jsonb = jsonb_build_array(jsonb_build_array(0, s.start + 1))"
                   " AND length(s.text) = s.\"end\" - s.start")
    op.execute(f"UPDATE entities AS s SET text = NULL FROM documents d WHERE d.id = s.doc_id AND s.text = {_SLICE}")
    _rewrite_actors(as_lists=True)
    if sqlite:
        _create_sqlite_fts()


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:
        _drop_sqlite_fts()
    op.execute(f"UPDATE sentences AS s SET text = {_SLICE} FROM documents d WHERE d.id = s.doc_id AND s.text IS NULL")
    json_cast = "" if sqlite else "::json"
    op.execute(f"UPDATE sentences SET starts = ('[[0,' || start || ']]'){json_cast},"
               f" ends = ('[[0,' || (start + 1) || ']]'){json_cast} WHERE starts IS NULL")
    op.execute(f"UPDATE entities AS s SET text = {_SLICE} FROM documents d WHERE d.id = s.doc_id AND s.text IS NULL")
    _rewrite_actors(as_lists=False)
    with op.batch_alter_table("entities") as batch:
        batch.alter_column("text", existing_type=sa.Text, nullable=False)
        batch.create_index("ix_entities_code", ["code"])
    with op.batch_alter_table("sentences") as batch:
        for column in ("text", "starts", "ends"):
            batch.alter_column(column, existing_type=sa.Text if column == "text" else sa.JSON, nullable=False)
    if sqlite:  # as migration 0001 made them
        op.execute("CREATE VIRTUAL TABLE sentences_fts USING fts5("
                   "text, content='sentences', content_rowid='id', tokenize='trigram')")
        op.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
        op.execute("CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN "
                   "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END")
        op.execute("CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN "
                   "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END")
        op.execute("CREATE TRIGGER sentences_fts_au AFTER UPDATE OF text ON sentences BEGIN "
                   "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); "
                   "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END")
