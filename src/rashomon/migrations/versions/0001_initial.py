"""Initial schema: documents, analysis records, merged events and full-text search.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _doc_fk() -> sa.Column:
    return sa.Column(
        "doc_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    )


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("path", sa.Text, nullable=False, index=True),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("encoding", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("title_en", sa.Text),
        sa.Column("publication_date", sa.String(32), index=True),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("translators", sa.JSON, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("original_outlet", sa.Text),
        sa.Column("genre", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_of", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("is_latest", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "blocks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "sentences",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("block", sa.Integer, nullable=False),
        sa.Column("starts", sa.JSON, nullable=False),
        sa.Column("ends", sa.JSON, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("identifier_text", sa.Text),
        sa.Column("code", sa.String(32), index=True),
        sa.Column("sector", sa.Text),
        sa.Column("sentence", sa.Integer),
        sa.Column("source", sa.String(16), nullable=False),
    )
    op.create_table(
        "time_expressions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.String(32)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sentence", sa.Integer),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("speaker_text", sa.Text, nullable=False),
        sa.Column("speaker_identifier", sa.Text),
        sa.Column("speaker_code", sa.String(32), index=True),
        sa.Column("speaker_sector", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("date", sa.String(32)),
        sa.Column("verb", sa.Text),
        sa.Column("sentence", sa.Integer),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("event", sa.String(32), nullable=False, index=True),
        sa.Column("actors", sa.JSON, nullable=False),
        sa.Column("recipients", sa.JSON, nullable=False),
        sa.Column("mode", sa.JSON, nullable=False),
        sa.Column("context", sa.JSON, nullable=False),
        sa.Column("date", sa.String(32), index=True),
        sa.Column("place", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "event_mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("sentence", sa.Integer),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("mode", sa.JSON, nullable=False),
        sa.Column("context", sa.JSON, nullable=False),
        sa.Column("actors", sa.JSON, nullable=False),
        sa.Column("recipients", sa.JSON, nullable=False),
        sa.Column("date", sa.String(32)),
        sa.Column("place", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="SET NULL"), index=True),
        sa.Column("event_rank", sa.Integer),
    )
    op.create_table(
        "warnings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _doc_fk(),
        sa.Column("message", sa.Text, nullable=False),
    )
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        _create_sqlite_fts()
    elif dialect == "postgresql":
        _create_postgresql_fts()


def _create_sqlite_fts() -> None:
    # External-content FTS5 index over sentence text; trigram tokens work for Japanese
    # (no word boundaries) and English alike. Triggers keep it in step with `sentences`.
    op.execute(
        "CREATE VIRTUAL TABLE sentences_fts USING fts5("
        "text, content='sentences', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN "
        "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN "
        "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER sentences_fts_au AFTER UPDATE OF text ON sentences BEGIN "
        "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); "
        "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
    )


def _create_postgresql_fts() -> None:
    # Trigram GIN index for substring search (ILIKE) over sentence text, the counterpart of the
    # FTS5 trigram table: Japanese has no word boundaries, so no word-based tsvector would do.
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_sentences_text_trgm ON sentences USING gin (text gin_trgm_ops)")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_sentences_text_trgm")
    if op.get_context().dialect.name == "sqlite":
        for trigger in ("sentences_fts_au", "sentences_fts_ad", "sentences_fts_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS sentences_fts")
    for table in (
        "warnings",
        "event_mentions",
        "events",
        "statements",
        "time_expressions",
        "entities",
        "sentences",
        "blocks",
        "documents",
    ):
        op.drop_table(table)
