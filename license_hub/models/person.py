"""People and devices hold seats. A person need not be a user of this app; an
offboarded (archived) person's seats are flagged for reclaim."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = c.text(200, index=True)
    email: str | None = Field(default=None, sa_column=Column(String(254), nullable=True, unique=True))
    # The sign-in name another tool knows them by (an import matches on it); stored lower-case.
    username: str | None = Field(default=None, sa_column=Column(String(100), nullable=True, unique=True))
    # The HR number another system knows them by (an import matches on it).
    employee_id: str | None = Field(default=None, sa_column=Column(String(50), nullable=True, unique=True))
    department: str = c.text(100, index=True)
    location: str = c.text(100)
    manager_id: int | None = c.foreign_key("person.id", ondelete="SET NULL")
    status: str = c.text(20, "active", index=True)
    last_sign_in_at: datetime | None = c.timestamp()
    created_at: datetime = c.created_timestamp()
    archived_at: datetime | None = c.timestamp()


class Device(SQLModel, table=True):
    __tablename__ = "device"

    id: int | None = Field(default=None, primary_key=True)
    name: str = c.text(200, index=True)
    hostname: str = c.text(200, index=True)
    owner_id: int | None = c.foreign_key("person.id", ondelete="SET NULL")
    os: str = c.text(100)
    serial: str = c.text(100)
    location: str = c.text(100)
    created_at: datetime = c.created_timestamp()
    archived_at: datetime | None = c.timestamp()
