"""A scheduled report (seed 004 "reporting schedules"): one report emailed as CSV to
chosen people every week (on a weekday) or every month (on a day). The job claims a
due run by moving next_run_at forward in one conditional UPDATE, so each run is sent
once however many workers or job runs see it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c
from license_hub.models.types import UTCDateTime


class ReportSchedule(SQLModel, table=True):
    __tablename__ = "report_schedule"
    __table_args__ = (Index("ix_report_schedule_due", "active", "next_run_at"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = c.text(200)
    report_kind: str = Field(sa_column=Column(String(20), nullable=False))
    recipients: str = c.text()  # one email a line
    cadence: str = c.text(10, "weekly")
    weekday: int = c.integer(0)  # 0 Monday .. 6 Sunday (weekly)
    day_of_month: int = c.integer(1)  # 1..28 (monthly)
    next_run_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_run_at: datetime | None = c.timestamp()
    last_status: str = c.text(20)  # "sent", "failed" or "" (never ran)
    last_error: str = c.text(500)
    failures: int = c.integer(0)
    owner: str = c.text(254)
    active: bool = c.flag(True)
    created_at: datetime = c.created_timestamp()
    updated_at: datetime | None = c.timestamp()
