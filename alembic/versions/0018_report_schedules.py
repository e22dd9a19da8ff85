"""Scheduled reports: a report kind emailed as CSV to chosen people weekly or monthly.

Revision ID: 0018
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("report_kind", sa.String(length=20), nullable=False),
        sa.Column("recipients", sa.Text(), server_default="", nullable=False),
        sa.Column("cadence", sa.String(length=10), server_default="weekly", nullable=False),
        sa.Column("weekday", sa.Integer(), server_default="0", nullable=False),
        sa.Column("day_of_month", sa.Integer(), server_default="1", nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.String(length=20), server_default="", nullable=False),
        sa.Column("last_error", sa.String(length=500), server_default="", nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("owner", sa.String(length=254), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_report_schedule_due", "report_schedule", ["active", "next_run_at"])


def downgrade() -> None:
    op.drop_index("ix_report_schedule_due", table_name="report_schedule")
    op.drop_table("report_schedule")
