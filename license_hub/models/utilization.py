"""Tables behind utilization and compliance.

An installation is a product found on a device (seed 001's "Installations"
related list); linking it to a license makes it consume that license, which is
what the over-deployed check counts. A reclaim request asks a dormant seat's
holder to keep or give up the seat before it is reclaimed; at most one request
per seat is open at a time, which a partial unique index enforces.

The three assignment indexes at the end serve the utilization report at a million
seats: each aggregate reads one index and no table row (SQLite only treats a
partial index as covering when its WHERE column is also an index column, hence
revoked_at inside them).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, UniqueConstraint
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c
from license_hub.models.assignment import Assignment
from license_hub.models.types import UTCDateTime


class Installation(SQLModel, table=True):
    __tablename__ = "installation"
    __table_args__ = (UniqueConstraint("device_id", "catalog_entry_id", name="uq_installation_device_product"),)

    id: int | None = Field(default=None, primary_key=True)
    catalog_entry_id: int = c.foreign_key("catalog_entry.id", nullable=False)
    license_id: int | None = c.foreign_key("license.id")
    device_id: int = c.foreign_key("device.id", nullable=False, index=False)
    version: str = c.text(60)
    detected_at: datetime = c.created_timestamp()
    # What the endpoint agent says of its use: the last-opened time, and whether it can tell.
    last_opened_at: datetime | None = c.timestamp()
    usage_state: str = c.text(12, "unsupported")  # known | never | unsupported


class ReclaimRequest(SQLModel, table=True):
    __tablename__ = "reclaim_request"
    __table_args__ = (
        Index(
            "uq_reclaim_request_open",
            "assignment_id",
            unique=True,
            sqlite_where=sql_text("closed_at IS NULL"),
            postgresql_where=sql_text("closed_at IS NULL"),
        ),
        Index("ix_reclaim_request_closed_respond_by", "closed_at", "respond_by"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = c.foreign_key("assignment.id", nullable=False)
    requested_at: datetime = c.created_timestamp()
    requested_by: str = c.text(200)
    respond_by: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    response: str | None = c.optional_text(20)  # keep | give_up | None (no answer yet)
    responded_at: datetime | None = c.timestamp()
    closed_at: datetime | None = c.timestamp()
    outcome: str = c.text(20)  # reclaimed | kept | seat_gone


_ACTIVE = sql_text("revoked_at IS NULL")
_REVOKED = sql_text("revoked_at IS NOT NULL")
# Active seats per license: seats, real usage, idle usage, login-proxy pool.
Index(
    "ix_assignment_active_by_license",
    Assignment.license_id,
    Assignment.revoked_at,
    Assignment.person_id,
    Assignment.last_used_at,
    Assignment.assigned_at,
    sqlite_where=_ACTIVE,
    postgresql_where=_ACTIVE,
)
# Active seats per holder: the inactive/offboarded holders' seats, the login-proxy idle seats.
Index(
    "ix_assignment_active_by_person",
    Assignment.person_id,
    Assignment.revoked_at,
    Assignment.license_id,
    Assignment.last_used_at,
    Assignment.assigned_at,
    sqlite_where=_ACTIVE,
    postgresql_where=_ACTIVE,
)
# Reclaims in a period (realized savings).
Index(
    "ix_assignment_revoked_at",
    Assignment.revoked_at,
    Assignment.license_id,
    sqlite_where=_REVOKED,
    postgresql_where=_REVOKED,
)
# Seats assigned per month of a license set (the dashboard's seats over time): read from
# the index alone instead of a million table rows.
Index("ix_assignment_license_assigned", Assignment.license_id, Assignment.assigned_at)
