"""Documents on a license: contracts, order forms and quotes, with the terms
found in them awaiting review.

Revision ID: 0009
Revises: 0008
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("license_id", sa.Integer(), sa.ForeignKey("license.id", ondelete="CASCADE"), nullable=True),
        sa.Column("filename", sa.String(255), nullable=False, server_default=""),
        sa.Column("kind", sa.String(10), nullable=False, server_default=""),
        sa.Column("size_bytes", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("sha256", sa.String(64), nullable=False, server_default=""),
        sa.Column("pages", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("text_status", sa.String(20), nullable=False, server_default="ok"),
        sa.Column("extraction_source", sa.String(10), nullable=False, server_default="rules"),
        sa.Column("fields_json", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("uploaded_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("license_id", "sha256", name="uq_document_license_sha256"),
    )
    op.create_index("ix_document_license_id", "document", ["license_id"])
    op.create_index("ix_document_sha256", "document", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_document_sha256", table_name="document")
    op.drop_index("ix_document_license_id", table_name="document")
    op.drop_table("document")
