"""The seat search of "View all users" reads a matching person's seats of the license,
in every view, from one index: (person_id, license_id) with the columns dormancy
reads (revoked_at, last_used_at, assigned_at). It replaces the plain person_id index,
whose every use it serves as well.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

COLUMNS = ["person_id", "license_id", "revoked_at", "last_used_at", "assigned_at"]


def upgrade() -> None:
    # PostgreSQL's entries carry the seat id too, so the lookup never reads the table.
    op.create_index("ix_assignment_person_license", "assignment", COLUMNS, postgresql_include=["id"])
    op.drop_index("ix_assignment_person_id", table_name="assignment")


def downgrade() -> None:
    op.create_index("ix_assignment_person_id", "assignment", ["person_id"])
    op.drop_index("ix_assignment_person_license", table_name="assignment")
