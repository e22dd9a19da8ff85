"""A usage audit (seed 003): a before/after review of a license's seat count.
Only one may be in progress per license, which a partial unique index enforces."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class UsageAudit(SQLModel, table=True):
    __tablename__ = "usage_audit"
    __table_args__ = (
        Index(
            "uq_usage_audit_in_progress",
            "license_id",
            unique=True,
            sqlite_where=sql_text("status = 'in_progress'"),
            postgresql_where=sql_text("status = 'in_progress'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    license_id: int = c.foreign_key("license.id", nullable=False)
    status: str = c.text(20, "in_progress")
    seats_before: int = c.integer(0)
    assigned_through: int | None = c.optional_integer()  # newest assignment id when it started
    seats_after: int | None = c.optional_integer()
    notes: str = c.text()
    next_audit_on: date | None = c.day()
    started_at: datetime = c.created_timestamp()
    started_by: str = c.text(200)
    completed_at: datetime | None = c.timestamp()
    completed_by: str = c.text(200)
