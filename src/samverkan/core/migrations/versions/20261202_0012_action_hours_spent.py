"""action hours spent

An action records the hours actually spent beside those planned: the plan holds the team's
hours while the action is open; what was spent is what the yearly evaluation reports. Actions
stored before keep no spent hours (the evaluation counts their planned hours).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 13:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hours_spent", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_column("hours_spent")
