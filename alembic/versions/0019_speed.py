"""Speed at scale: seat movements per month read from an index alone.

Revision ID: 0019
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_assignment_license_assigned", "assignment", ["license_id", "assigned_at"])


def downgrade() -> None:
    op.drop_index("ix_assignment_license_assigned", table_name="assignment")
