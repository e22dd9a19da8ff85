"""A person's username, so an import (e.g. from Snipe-IT) can match people by it.

Revision ID: 0011
Revises: 0010
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("username", sa.String(length=100), nullable=True))
        batch.create_unique_constraint("uq_person_username", ["username"])


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint("uq_person_username", type_="unique")
        batch.drop_column("username")
