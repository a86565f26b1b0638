"""A search index half the size: FTS5 keeps which sentences hold each trigram, not where.

SQLite only. The trigram index is made again with ``detail=none`` (no positions) and
``columnsize=0`` (no per-sentence token counts): a search finds the sentences holding every
trigram of a term through it and checks the term itself in their text, and computes FTS5's
bm25 (``store._sqlite_fts_search``), so results and scores are the same as with positions.
PostgreSQL keeps its pg_trgm index; nothing changes there.

Revision ID: 0008_search_index
Revises: 0007_store_size
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008_search_index"
down_revision: str | None = "0007_store_size"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


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


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        _make_index(", detail=none, columnsize=0")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        _make_index("")
