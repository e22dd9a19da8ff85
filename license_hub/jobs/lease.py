"""A lease row in the app database decides which worker's scheduler runs the jobs.

With Redis there are several app workers, each starting a scheduler from its
lifespan. Each one tries, every few seconds, one atomic statement:

    UPDATE scheduler_lease SET holder = me, expires_at = now + ttl
    WHERE name = 'jobs' AND (expires_at < now OR holder = me)

The row is created once with INSERT ... ON CONFLICT DO NOTHING. PostgreSQL
re-checks the WHERE clause after waiting for a concurrent update of the row, and
SQLite serialises writers, so two workers can never both get a row count of 1.
A worker that stops releases the lease; one that dies loses it when it expires.
Clocks of the workers must agree to well within the lease time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, literal, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from license_hub.models import SchedulerLease
from license_hub.models.types import UTCDateTime, utcnow

JOBS_LEASE = "jobs"

_table = SchedulerLease.__table__


def acquire(eng: Engine, holder: str, ttl_seconds: float, now: datetime | None = None, name: str = JOBS_LEASE) -> bool:
    """Take or renew the lease; True when `holder` holds it until now + ttl."""
    now = now or utcnow()
    until = now + timedelta(seconds=ttl_seconds)
    insert = pg_insert if eng.dialect.name == "postgresql" else sqlite_insert
    with eng.begin() as conn:
        created = conn.execute(
            insert(_table)
            .values(name=name, holder=holder, expires_at=until, acquired_at=now)
            .on_conflict_do_nothing(index_elements=["name"])
        ).rowcount
        if created == 1:
            return True
        taken_at = case((_table.c.holder == holder, _table.c.acquired_at), else_=literal(now, UTCDateTime()))
        stmt = (
            update(_table)
            .where(_table.c.name == name, or_(_table.c.expires_at < now, _table.c.holder == holder))
            .values(holder=holder, expires_at=until, acquired_at=taken_at)
        )
        return conn.execute(stmt).rowcount == 1


def release(eng: Engine, holder: str, now: datetime | None = None, name: str = JOBS_LEASE) -> bool:
    """Give the lease up at once (so another worker need not wait for it to expire)."""
    now = now or utcnow()
    with eng.begin() as conn:
        stmt = (
            update(_table)
            .where(_table.c.name == name, _table.c.holder == holder)
            .values(expires_at=now - timedelta(seconds=1))
        )
        return conn.execute(stmt).rowcount == 1


def holder_of(eng: Engine, now: datetime | None = None, name: str = JOBS_LEASE) -> str | None:
    """Who holds the lease right now, or None when nobody does."""
    now = now or utcnow()
    with eng.connect() as conn:
        row = conn.execute(_table.select().where(_table.c.name == name)).first()
    if row is None or row.expires_at <= now:
        return None
    return row.holder
