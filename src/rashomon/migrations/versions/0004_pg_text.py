"""On PostgreSQL, character columns are unbounded text, as they are on SQLite.

SQLite ignores declared lengths, and stores have always held longer values than some columns
declare (an entity's source such as ``romaji:Nicol Pashinyan``); PostgreSQL would refuse them.
Nothing changes on SQLite.

Revision ID: 0004_pg_text
Revises: 0003_merged
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_pg_text"
down_revision: str | None = "0003_merged"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


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


def downgrade() -> None:
    # the declared lengths were never enforced on SQLite and are not restored here
    pass
