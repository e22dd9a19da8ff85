"""Is this worker fit to serve? What a load balancer asks, answered without a write.

The database and Redis (when the app shares state through it) decide the answer:
without them no page works. The scheduler lease is reported too, but a lease that
is between holders does not fail the check: the next heartbeat of any worker takes
it again, and taking every worker out of rotation would not bring it back sooner.
Failures name the component and the kind of error, never a URL or a password.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text

from license_hub import db
from license_hub.models import SchedulerLease
from license_hub.models.types import utcnow

JOBS_LEASE = "jobs"
REDIS_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class Probe:
    ok: bool
    ms: float
    error: str = ""


@dataclass(frozen=True)
class LeaseStatus:
    held: bool
    holder: str | None
    expires_at: datetime | None


@dataclass(frozen=True)
class HealthReport:
    database: Probe
    redis: Probe | None
    lease: LeaseStatus | None

    @property
    def healthy(self) -> bool:
        return self.database.ok and (self.redis is None or self.redis.ok)

    def as_dict(self) -> dict:
        def probe(p: Probe | None) -> dict:
            if p is None:
                return {"configured": False}
            return {"ok": p.ok, "ms": round(p.ms, 1)} | ({"error": p.error} if p.error else {})

        lease = None
        if self.lease is not None:
            lease = {
                "held": self.lease.held,
                "holder": self.lease.holder,
                "expires_at": self.lease.expires_at.isoformat() if self.lease.expires_at else None,
            }
        return {
            "status": "ok" if self.healthy else "unavailable",
            "database": probe(self.database),
            "redis": probe(self.redis),
            "scheduler_lease": lease,
        }


def _timed(check) -> Probe:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # the kind of failure is reported, its text may hold a URL
        return Probe(False, (time.perf_counter() - started) * 1000, type(exc).__name__)
    return Probe(True, (time.perf_counter() - started) * 1000)


def check_database() -> tuple[Probe, LeaseStatus | None]:
    """One trivial query, then the lease row, on a connection that never begins a write."""
    found: list[LeaseStatus] = []

    def query() -> None:
        with db.engine().connect() as conn:
            conn.execute(text("SELECT 1")).scalar_one()
            row = conn.execute(
                select(SchedulerLease.__table__).where(SchedulerLease.__table__.c.name == JOBS_LEASE)
            ).first()
            conn.rollback()
        if row is None:
            found.append(LeaseStatus(False, None, None))
        else:
            found.append(LeaseStatus(row.expires_at > utcnow(), row.holder, row.expires_at))

    probe = _timed(query)
    return probe, (found[0] if found else None)


def check_redis(url: str | None) -> Probe | None:
    if not url:
        return None
    import redis

    def ping() -> None:
        client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()

    return _timed(ping)


def check(redis_url: str | None) -> HealthReport:
    database, lease = check_database()
    return HealthReport(database=database, redis=check_redis(redis_url), lease=lease)
