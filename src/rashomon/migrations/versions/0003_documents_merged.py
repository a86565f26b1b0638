"""Which documents' mentions are merged into events (incremental merging, crash recovery).

Revision ID: 0003_merged
Revises: 0002_copies
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_merged"
down_revision: str | None = "0002_copies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN (no table rebuild): stored documents were merged by the run that stored them
    op.add_column("documents", sa.Column("merged", sa.Boolean, nullable=False, server_default=sa.true()))
    op.create_index("ix_documents_merged", "documents", ["merged"])


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_merged")
        batch.drop_column("merged")
