"""A contract, order form or quote attached to a license, with the terms found in
it awaiting review. The file itself lives in the data folder, named by its
SHA-256; the row holds what the UI lists and the found fields (JSON) with the
reviewer's decision on each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class Document(SQLModel, table=True):
    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("license_id", "sha256", name="uq_document_license_sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    # Empty while a contract waits to become a new license ("Create from contract").
    license_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("license.id", ondelete="CASCADE"), nullable=True, index=True)
    )
    filename: str = c.text(255)
    kind: str = c.text(10)
    size_bytes: int = c.integer(0)
    sha256: str = c.text(64, index=True)
    pages: int = c.integer(0)
    text_status: str = c.text(20, "ok")
    extraction_source: str = c.text(10, "rules")
    fields_json: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    uploaded_by: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    uploaded_at: datetime = c.created_timestamp()
