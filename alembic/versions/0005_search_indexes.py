"""Join the notification and utilization branches; indexes for searching seats
at scale (a partial index for free-text holders, trigram indexes on PostgreSQL
so substring search of 100,000 people does not scan them all).

Revision ID: 0005
Revises: 0003, 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = ("0003", "0004")
branch_labels = None
depends_on = None

FREE_TEXT = sa.text("assignee_name <> '' OR device_name <> ''")
TRIGRAM = (("person", "name"), ("person", "email"), ("person", "department"), ("person", "location"),
           ("device", "name"), ("device", "hostname"))


def upgrade() -> None:
    op.create_index("ix_assignment_free_text", "assignment", ["license_id", "revoked_at"],
                    sqlite_where=FREE_TEXT, postgresql_where=FREE_TEXT)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column in TRIGRAM:
            op.create_index(f"ix_{table}_{column}_trgm", table, [column], postgresql_using="gin",
                            postgresql_ops={column: "gin_trgm_ops"})


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column in TRIGRAM:
            op.drop_index(f"ix_{table}_{column}_trgm", table_name=table)
    op.drop_index("ix_assignment_free_text", table_name="assignment")
