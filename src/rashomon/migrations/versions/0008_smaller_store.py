"""A smaller store: a search index without positions, entity kinds stored once.

- SQLite: the trigram index is made again with ``detail=none`` (which sentences hold each
  trigram, not where) and ``columnsize=0`` (no per-sentence token counts): half its size. A
  search finds the sentences holding every trigram of a term through it, checks the term itself
  in their text and computes FTS5's bm25 (``store._sqlite_fts_search``): the same results and
  scores as with positions. PostgreSQL keeps its pg_trgm index.
- Both: what an entity is apart from where (type, identifier, code, sector, source) is stored
  once in ``entity_kinds``; an entity keeps its offsets, text when it is not the original, and
  its kind's id.

Revision ID: 0008_smaller_store
Revises: 0007_store_size
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_smaller_store"
down_revision: str | None = "0007_store_size"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KIND = ("type", "identifier_text", "code", "sector", "source")


def _text_of(row: str) -> str:
    """SQL for the text of sentence ``row`` (new or old in a trigger), as migration 0007 indexes it."""
    return (f"coalesce({row}.text, (SELECT substr(text, {row}.start + 1, {row}.\"end\" - {row}.start)"
            f" FROM documents WHERE id = {row}.doc_id))")


def _make_index(options: str) -> None:
    for name in ("sentences_fts_ad", "sentences_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS sentences_fts")
    op.execute("CREATE VIRTUAL TABLE sentences_fts USING fts5("
               f"text, content='sentence_texts', content_rowid='id', tokenize='trigram'{options})")
    op.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
    delete = f"INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, {_text_of('old')});"
    op.execute(f"CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN {delete} END")
    op.execute("CREATE TRIGGER sentences_fts_au AFTER UPDATE OF text, start, \"end\", doc_id ON sentences BEGIN "
               f"{delete} INSERT INTO sentences_fts(rowid, text) VALUES (new.id, {_text_of('new')}); END")


def _key(kind: Sequence[str | None]) -> str:
    """As ``store._kind_key``."""
    return json.dumps(list(kind), ensure_ascii=False, separators=(",", ":"))


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:
        _make_index(", detail=none, columnsize=0")
    kinds = op.create_table(
        "entity_kinds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("identifier_text", sa.Text),
        sa.Column("code", sa.Text),
        sa.Column("sector", sa.Text),
        sa.Column("source", sa.Text, nullable=False),
    )
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("kind", sa.Integer))
    bind = op.get_bind()
    ids: dict[tuple, int] = {}
    links = []
    for row in bind.execute(sa.text(f"SELECT id, {', '.join(_KIND)} FROM entities ORDER BY id")):
        kind = tuple(row[1:])
        links.append({"kind_id": ids.setdefault(kind, len(ids) + 1), "entity": row[0]})
    if ids:
        bind.execute(kinds.insert(), [{"id": i, "key": _key(k), **dict(zip(_KIND, k, strict=True))}
                                      for k, i in ids.items()])
        bind.execute(sa.text("UPDATE entities SET kind = :kind_id WHERE id = :entity"), links)
        if not sqlite:  # ids given: the next one the sequence hands out follows them
            op.execute("SELECT setval(pg_get_serial_sequence('entity_kinds', 'id'), (SELECT max(id) FROM entity_kinds))")
    with op.batch_alter_table("entities") as batch:
        batch.alter_column("kind", existing_type=sa.Integer, nullable=False)
        for column in _KIND:
            batch.drop_column(column)


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    with op.batch_alter_table("entities") as batch:
        for column in _KIND:
            batch.add_column(sa.Column(column, sa.Text))
    for column in _KIND:
        op.execute(f"UPDATE entities SET {column} = (SELECT k.{column} FROM entity_kinds k WHERE k.id = entities.kind)")
    with op.batch_alter_table("entities") as batch:
        batch.alter_column("type", existing_type=sa.Text, nullable=False)
        batch.alter_column("source", existing_type=sa.Text, nullable=False)
        batch.drop_column("kind")
    op.drop_table("entity_kinds")
    if sqlite:
        _make_index("")
