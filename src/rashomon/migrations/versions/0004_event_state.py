"""Each event's merge state, so that new mentions join it without its old ones being read.

Revision ID: 0004_event_state
Revises: 0003_merged
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_event_state"
down_revision: str | None = "0003_merged"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL for events merged before: the next merge that touches one rebuilds it from its mentions
    op.add_column("events", sa.Column("state", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("state")
