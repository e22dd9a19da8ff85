"""Sign-in throttling: failed attempts counted per client address and per
account, so each key earns a growing delay instead of a lock anyone could set on
someone else's account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class SignInThrottle(SQLModel, table=True):
    __tablename__ = "sign_in_throttle"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(300), nullable=False, unique=True))
    failures: int = c.integer(0)
    first_failure_at: datetime | None = c.timestamp()
    blocked_until: datetime | None = c.timestamp()
    audited_at: datetime | None = c.timestamp()
    unaudited: int = c.integer(0)
