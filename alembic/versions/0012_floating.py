"""Floating licenses (seed 004): lease pools on issued or own concurrent licenses,
leases, the wait queue and the usage event log.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _who() -> list[sa.Column]:
    return [
        sa.Column("user", sa.String(length=200), server_default="", nullable=False),
        sa.Column("host", sa.String(length=200), server_default="", nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
        sa.Column("department", sa.String(length=100), server_default="", nullable=False),
        sa.Column("project", sa.String(length=100), server_default="", nullable=False),
        sa.Column("user_group", sa.String(length=100), server_default="", nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "floating_pool",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("published_license_id", sa.Integer(), sa.ForeignKey("published_license.id"), nullable=True),
        sa.Column("license_id", sa.Integer(), sa.ForeignKey("license.id"), nullable=True),
        sa.Column("ttl_minutes", sa.Integer(), server_default="10", nullable=False),
        sa.Column("linger_seconds", sa.Integer(), server_default="0", nullable=False),
        sa.Column("borrow_max_hours", sa.Integer(), server_default="168", nullable=False),
        sa.Column("claim_window_seconds", sa.Integer(), server_default="120", nullable=False),
        sa.Column("priority_rules", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(published_license_id IS NULL) <> (license_id IS NULL)", name="ck_floating_pool_one_owner"),
        sa.UniqueConstraint("published_license_id", name="uq_floating_pool_published_license"),
        sa.UniqueConstraint("license_id", name="uq_floating_pool_license"),
    )
    op.create_index("ix_floating_pool_published_license_id", "floating_pool", ["published_license_id"])
    op.create_index("ix_floating_pool_license_id", "floating_pool", ["license_id"])

    op.create_table(
        "floating_lease",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pool_id", sa.Integer(), sa.ForeignKey("floating_pool.id"), nullable=False),
        *_who(),
        sa.Column("checked_out_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("borrowed", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("release_reason", sa.String(length=20), server_default="", nullable=False),
        sa.Column("linger_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_floating_lease_pool_open", "floating_lease", ["pool_id", "released_at"])
    op.create_index("ix_floating_lease_person_id", "floating_lease", ["person_id"])

    op.create_table(
        "floating_queue_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pool_id", sa.Integer(), sa.ForeignKey("floating_pool.id"), nullable=False),
        *_who(),
        sa.Column("rank", sa.Integer(), server_default="0", nullable=False),
        sa.Column("state", sa.String(length=20), server_default="waiting", nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_poll_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offer_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_id", sa.Integer(), sa.ForeignKey("floating_lease.id"), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_floating_queue_pool_state", "floating_queue_entry", ["pool_id", "state"])
    op.create_index("ix_floating_queue_entry_person_id", "floating_queue_entry", ["person_id"])

    op.create_table(
        "floating_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pool_id", sa.Integer(), sa.ForeignKey("floating_pool.id"), nullable=False),
        sa.Column("kind", sa.String(length=20), server_default="", nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(length=200), server_default="", nullable=False),
        sa.Column("host", sa.String(length=200), server_default="", nullable=False),
        sa.Column("department", sa.String(length=100), server_default="", nullable=False),
        sa.Column("project", sa.String(length=100), server_default="", nullable=False),
        sa.Column("lease_id", sa.Integer(), sa.ForeignKey("floating_lease.id"), nullable=True),
        sa.Column("queue_id", sa.Integer(), sa.ForeignKey("floating_queue_entry.id"), nullable=True),
        sa.Column("wait_seconds", sa.Float(), nullable=True),
    )
    op.create_index("ix_floating_event_pool_time", "floating_event", ["pool_id", "occurred_at"])


def downgrade() -> None:
    op.drop_table("floating_event")
    op.drop_table("floating_queue_entry")
    op.drop_table("floating_lease")
    op.drop_table("floating_pool")
