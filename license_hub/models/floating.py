"""Floating licenses (seed 004): a lease pool on either a publisher's issued license
with a floating policy or an organization's own concurrent license, its leases,
its wait queue and the event log the analytics read. Exactly one of
`published_license_id` and `license_id` is set; the owning license row is the lock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Float, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class FloatingPool(SQLModel, table=True):
    __tablename__ = "floating_pool"
    __table_args__ = (
        CheckConstraint("(published_license_id IS NULL) <> (license_id IS NULL)", name="ck_floating_pool_one_owner"),
        UniqueConstraint("published_license_id", name="uq_floating_pool_published_license"),
        UniqueConstraint("license_id", name="uq_floating_pool_license"),
    )

    id: int | None = Field(default=None, primary_key=True)
    published_license_id: int | None = c.foreign_key("published_license.id")
    license_id: int | None = c.foreign_key("license.id")
    ttl_minutes: int = c.integer(10)
    linger_seconds: int = c.integer(0)
    borrow_max_hours: int = c.integer(168)
    claim_window_seconds: int = c.integer(120)
    priority_rules: str = c.text()
    created_at: datetime = c.created_timestamp()


class FloatingLease(SQLModel, table=True):
    __tablename__ = "floating_lease"
    __table_args__ = (Index("ix_floating_lease_pool_open", "pool_id", "released_at"),)

    id: int | None = Field(default=None, primary_key=True)
    pool_id: int = c.foreign_key("floating_pool.id", nullable=False, index=False)
    user: str = c.text(200)
    host: str = c.text(200)
    person_id: int | None = c.foreign_key("person.id", ondelete="SET NULL")
    department: str = c.text(100)
    project: str = c.text(100)
    user_group: str = c.text(100)
    checked_out_at: datetime = c.created_timestamp()
    expires_at: datetime = c.created_timestamp()
    heartbeat_at: datetime | None = c.timestamp()
    borrowed: bool = c.flag()
    released_at: datetime | None = c.timestamp()
    release_reason: str = c.text(20)
    linger_until: datetime | None = c.timestamp()


class FloatingQueueEntry(SQLModel, table=True):
    __tablename__ = "floating_queue_entry"
    __table_args__ = (Index("ix_floating_queue_pool_state", "pool_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    pool_id: int = c.foreign_key("floating_pool.id", nullable=False, index=False)
    user: str = c.text(200)
    host: str = c.text(200)
    person_id: int | None = c.foreign_key("person.id", ondelete="SET NULL")
    department: str = c.text(100)
    project: str = c.text(100)
    user_group: str = c.text(100)
    rank: int = c.integer(0)
    state: str = c.text(20, "waiting")
    joined_at: datetime = c.created_timestamp()
    last_poll_at: datetime = c.created_timestamp()
    offered_at: datetime | None = c.timestamp()
    offer_until: datetime | None = c.timestamp()
    lease_id: int | None = c.foreign_key("floating_lease.id", index=False)
    ended_at: datetime | None = c.timestamp()


class FloatingEvent(SQLModel, table=True):
    """check_out, check_in, denial, queue, dequeue, timeout, borrow, return."""

    __tablename__ = "floating_event"
    __table_args__ = (Index("ix_floating_event_pool_time", "pool_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    pool_id: int = c.foreign_key("floating_pool.id", nullable=False, index=False)
    kind: str = c.text(20)
    occurred_at: datetime = c.created_timestamp()
    user: str = c.text(200)
    host: str = c.text(200)
    department: str = c.text(100)
    project: str = c.text(100)
    lease_id: int | None = c.foreign_key("floating_lease.id", index=False)
    queue_id: int | None = c.foreign_key("floating_queue_entry.id", index=False)
    wait_seconds: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
