"""SCIM provisioning: identities beside people, directory groups, their members, group rules.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scim_identity",
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("user_name", sa.String(length=254), server_default="", nullable=False),
        sa.Column("user_name_key", sa.String(length=254), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=True),
        sa.Column("employee_number", sa.String(length=64), server_default="", nullable=False),
        sa.Column("display_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("given_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("family_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("title", sa.String(length=100), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id"),
        sa.UniqueConstraint("user_name_key"),
    )
    op.create_index("ix_scim_identity_external_id", "scim_identity", ["external_id"], unique=False)
    op.create_table(
        "directory_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("display_name"),
    )
    op.create_index("ix_directory_group_external_id", "directory_group", ["external_id"], unique=False)
    op.create_table(
        "directory_group_member",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["directory_group.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "person_id"),
    )
    op.create_index("ix_directory_group_member_group_id", "directory_group_member", ["group_id"], unique=False)
    op.create_index("ix_directory_group_member_person_id", "directory_group_member", ["person_id"], unique=False)
    op.create_table(
        "group_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("license_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["directory_group.id"]),
        sa.ForeignKeyConstraint(["license_id"], ["license.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "license_id", name="uq_group_rule"),
    )
    op.create_index("ix_group_rule_group_id", "group_rule", ["group_id"], unique=False)
    op.create_index("ix_group_rule_license_id", "group_rule", ["license_id"], unique=False)
    op.create_table(
        "group_rule_refusal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=300), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["rule_id"], ["group_rule.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rule_id", "person_id", name="uq_group_rule_refusal"),
    )
    op.create_index("ix_group_rule_refusal_rule_id", "group_rule_refusal", ["rule_id"], unique=False)
    op.create_index("ix_group_rule_refusal_person_id", "group_rule_refusal", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("group_rule_refusal")
    op.drop_table("group_rule")
    op.drop_table("directory_group_member")
    op.drop_table("directory_group")
    op.drop_table("scim_identity")
