"""Blocks keep only their offsets: a block's text is its document's text between them.

Revision ID: 0005_block_text
Revises: 0004_event_state
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_block_text"
down_revision: str | None = "0004_event_state"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("blocks") as batch:
        batch.drop_column("text")


def downgrade() -> None:
    with op.batch_alter_table("blocks") as batch:
        batch.add_column(sa.Column("text", sa.Text, nullable=False, server_default=""))
    op.execute("UPDATE blocks SET text = (SELECT substr(d.text, blocks.start + 1, blocks.\"end\" - blocks.start)"
               " FROM documents d WHERE d.id = blocks.doc_id)")
