"""PostgreSQL only: unbounded text columns as on SQLite, and running totals for search ranking.

SQLite ignores declared lengths, and stores have always held longer values than some columns
declare (an entity's source such as ``romaji:Nicol Pashinyan``); PostgreSQL would refuse them.

Search ranks with FTS5's bm25, which needs the number of sentences and of their trigram tokens;
FTS5 keeps those totals in its index, and ``sentence_stats`` keeps them here (statement-level
triggers), so that a search does not scan every sentence. Nothing changes on SQLite.

Revision ID: 0006_postgresql
Revises: 0003_merged
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_postgresql"
down_revision: str | None = "0005_block_text"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TOKENS = "coalesce(sum(greatest(length(text) - 2, 0)), 0)"  # FTS5 trigram tokens of sentence texts


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    columns = op.get_bind().execute(sa.text(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND data_type = 'character varying' "
        "AND table_name <> 'alembic_version' ORDER BY table_name, column_name"
    )).all()
    for table, column in columns:
        op.alter_column(table, column, type_=sa.Text())

    op.execute("CREATE TABLE sentence_stats (id integer PRIMARY KEY CHECK (id = 1), "
               "sentences bigint NOT NULL, tokens bigint NOT NULL)")
    op.execute(f"INSERT INTO sentence_stats SELECT 1, count(*), {_TOKENS} FROM sentences")
    for op_name, change in (
        ("insert", f"+ (SELECT count(*) FROM new_rows), tokens = tokens + (SELECT {_TOKENS} FROM new_rows)"),
        ("delete", f"- (SELECT count(*) FROM old_rows), tokens = tokens - (SELECT {_TOKENS} FROM old_rows)"),
        ("update", f"+ 0, tokens = tokens + (SELECT {_TOKENS} FROM new_rows) - (SELECT {_TOKENS} FROM old_rows)"),
    ):
        op.execute(f"CREATE FUNCTION sentence_stats_{op_name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   f"UPDATE sentence_stats SET sentences = sentences {change}; RETURN NULL; END $$")
        tables = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows",
                  "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}[op_name]
        op.execute(f"CREATE TRIGGER sentence_stats_{op_name} AFTER {op_name.upper()} ON sentences "
                   f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION sentence_stats_{op_name}()")


def downgrade() -> None:
    # the declared lengths were never enforced on SQLite and are not restored
    if op.get_context().dialect.name != "postgresql":
        return
    for op_name in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS sentence_stats_{op_name} ON sentences")
        op.execute(f"DROP FUNCTION IF EXISTS sentence_stats_{op_name}()")
    op.execute("DROP TABLE IF EXISTS sentence_stats")
