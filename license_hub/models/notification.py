"""What the scheduler owes people and what it already gave them.

- Notification: one in-app message for one user (the bell in the top bar).
- ReminderDelivery: the idempotency record. One row per (reminder, occurrence,
  lead time, channel, recipient) under a unique constraint; the scan inserts it
  first, in the same transaction as the notifications, so a second run, a second
  scheduler or a catch-up after downtime finds the row and sends nothing twice.
  Email rows double as the outbox (pending -> sending -> sent / failed).
- SchedulerLease: which worker runs the jobs; taken and renewed with one atomic
  UPDATE, so with several workers only one scheduler is active.
- apscheduler_jobs: the job store's own table, declared here so the migration
  creates it and the schema check knows it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, Float, Index, LargeBinary, String, Table, Unicode, UniqueConstraint
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c
from license_hub.models.types import UTCDateTime


class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = c.foreign_key("app_user.id", nullable=False, index=False, ondelete="CASCADE")
    kind: str = c.text(30)
    title: str = c.text(300)
    body: str = c.text()
    link: str = c.text(300)
    license_id: int | None = c.foreign_key("license.id")
    created_at: datetime = c.created_timestamp()
    read_at: datetime | None = c.timestamp()


class ReminderDelivery(SQLModel, table=True):
    __tablename__ = "reminder_delivery"
    __table_args__ = (
        UniqueConstraint(
            "reminder_id", "occurrence", "lead_days", "channel", "recipient", name="uq_reminder_delivery_key"
        ),
        Index("ix_reminder_delivery_outbox", "channel", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reminder_id: int = c.foreign_key("reminder.id", nullable=False, index=False, ondelete="CASCADE")
    occurrence: date = Field(sa_column=Column(Date, nullable=False))
    lead_days: int = c.integer(0)
    channel: str = c.text(10)
    recipient: str = c.text(254)
    status: str = c.text(10, "done")
    subject: str = c.text(300)
    body: str = c.text()
    attempts: int = c.integer(0)
    last_error: str = c.text(500)
    claimed_by: str = c.text(100)
    claimed_at: datetime | None = c.timestamp()
    sent_at: datetime | None = c.timestamp()
    created_at: datetime = c.created_timestamp()


class SchedulerLease(SQLModel, table=True):
    __tablename__ = "scheduler_lease"

    name: str = Field(sa_column=Column(String(60), primary_key=True))
    holder: str = c.text(200)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    acquired_at: datetime | None = c.timestamp()


# Same shape as APScheduler 3's SQLAlchemyJobStore table, which then finds it existing.
apscheduler_jobs = Table(
    "apscheduler_jobs",
    SQLModel.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
