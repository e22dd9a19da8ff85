"""One seat of a license issued to a person, a device or a free-text assignee.

Revoked rows stay for history. The partial unique index is the database's own
guard against a person holding two active seats of one license.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c

ACTIVE = sql_text("revoked_at IS NULL")


class Assignment(SQLModel, table=True):
    __tablename__ = "assignment"
    __table_args__ = (
        Index(
            "uq_assignment_active_person",
            "license_id",
            "person_id",
            unique=True,
            sqlite_where=sql_text("revoked_at IS NULL AND person_id IS NOT NULL"),
            postgresql_where=sql_text("revoked_at IS NULL AND person_id IS NOT NULL"),
        ),
        Index("ix_assignment_license_revoked", "license_id", "revoked_at"),
        # A person's seats of one license in every view, with the columns dormancy reads:
        # a search of "View all users" reads its matching holders' seats from it alone.
        Index(
            "ix_assignment_person_license",
            "person_id",
            "license_id",
            "revoked_at",
            "last_used_at",
            "assigned_at",
            postgresql_include=["id"],  # SQLite's index entries carry the row id already
        ),
        # Lets a search of a large license skip the seats that have no free-text holder.
        Index(
            "ix_assignment_free_text",
            "license_id",
            "revoked_at",
            sqlite_where=sql_text("assignee_name <> '' OR device_name <> ''"),
            postgresql_where=sql_text("assignee_name <> '' OR device_name <> ''"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    license_id: int = c.foreign_key("license.id", nullable=False, index=False)
    person_id: int | None = c.foreign_key("person.id", index=False)  # ix_assignment_person_license
    device_id: int | None = c.foreign_key("device.id")
    assignee_name: str = c.text(200)
    device_name: str = c.text(200)
    seat_key_cipher: bytes | None = c.secret()
    seat_key_hint: str = c.text(8)
    activated_on: date | None = c.day()
    assigned_at: datetime = c.created_timestamp()
    assigned_by: str = c.text(200)
    last_used_at: datetime | None = c.timestamp()
    revoked_at: datetime | None = c.timestamp()
    revoked_by: str = c.text(200)
    revoke_reason: str = c.text(40)  # "transferred" when the seat moved to another holder
    notes: str = c.text()
    # Written by triggers only (migration 0022): what a search of "View all users"
    # reads of the holder, so it never looks the holder up per match.
    search_text: str = c.text()
    holder_status: str | None = c.optional_text(20)
    holder_signed_in_at: datetime | None = c.timestamp()
