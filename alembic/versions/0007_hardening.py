"""Sign-in throttling per address and per account; temporary passwords expire;
a usage audit remembers which assignments existed when it started; the audit
chain's verified checkpoint.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(300), nullable=False, unique=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("first_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("audited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unaudited", sa.Integer(), nullable=False, server_default="0"),
    )
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("password_expires_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("usage_audit") as batch:
        batch.add_column(sa.Column("assigned_through", sa.Integer(), nullable=True))
    op.create_table(
        "audit_checkpoint",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("hash", sa.String(64), nullable=False, server_default=""),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("audit_checkpoint")
    with op.batch_alter_table("usage_audit") as batch:
        batch.drop_column("assigned_through")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("password_expires_at")
    op.drop_table("sign_in_throttle")
