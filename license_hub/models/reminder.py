"""A reminder is what a date on a license owes its owner: one row per (license, kind),
moved when the date moves and cleared when the license is archived."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class Reminder(SQLModel, table=True):
    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("license_id", "kind", name="uq_reminder_license_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    license_id: int = c.foreign_key("license.id", nullable=False)
    kind: str = c.text(30)
    due_on: date | None = c.day(index=True)
    created_at: datetime = c.created_timestamp()
    updated_at: datetime | None = c.timestamp()
    cleared_at: datetime | None = c.timestamp()
