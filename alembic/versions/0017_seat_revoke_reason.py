"""Why a seat was revoked: "transferred" when it moved to another holder in one
step, empty for a plain reclaim (existing rows keep an empty reason).

Revision ID: 0017
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assignment") as batch:
        batch.add_column(sa.Column("revoke_reason", sa.String(length=40), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("assignment") as batch:
        batch.drop_column("revoke_reason")
