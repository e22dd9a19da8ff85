"""Seat counts kept up to date by the database itself, so the dashboard never counts
a million assignments to draw a chart or a grid.

`license_seat_month`: per license and calendar month (UTC, "YYYY-MM"), how many seats
were assigned and how many revoked — the dashboard's seats over time. `license_seat_count`:
per license, its active (not revoked) assignments — the compliance grid's consumption.
Both are maintained by triggers on `assignment` (migration 0020) in the transaction of
the write, on every insert, delete and change of license, assignment or revocation
time, so no write path — a bulk import included — can forget them. Rows whose counts
fell back to zero may stay; readers treat them as absent.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel


class LicenseSeatMonth(SQLModel, table=True):
    __tablename__ = "license_seat_month"

    license_id: int = Field(
        sa_column=Column(Integer, ForeignKey("license.id", ondelete="CASCADE"), primary_key=True, nullable=False)
    )
    month: str = Field(sa_column=Column(String(7), primary_key=True, nullable=False))
    assigned: int = Field(default=0, sa_column=Column(Integer, nullable=False, default=0))
    revoked: int = Field(default=0, sa_column=Column(Integer, nullable=False, default=0))


class LicenseSeatCount(SQLModel, table=True):
    __tablename__ = "license_seat_count"

    license_id: int = Field(
        sa_column=Column(Integer, ForeignKey("license.id", ondelete="CASCADE"), primary_key=True, nullable=False)
    )
    active_seats: int = Field(default=0, sa_column=Column(Integer, nullable=False, default=0))
