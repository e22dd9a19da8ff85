"""People and devices edited in the app: a person's employee id (unique, an import
matches on it) and a device's serial number and location.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("employee_id", sa.String(length=50), nullable=True))
        batch.create_unique_constraint("uq_person_employee_id", ["employee_id"])
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("serial", sa.String(length=100), nullable=False, server_default=""))
        batch.add_column(sa.Column("location", sa.String(length=100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.drop_column("location")
        batch.drop_column("serial")
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint("uq_person_employee_id", type_="unique")
        batch.drop_column("employee_id")
