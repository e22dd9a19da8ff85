"""Typed rows of a pool for the pages and the API: open leases, the queue, recent
denials and the usage report; reads only, never a lock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, select

from license_hub.models import FloatingEvent, FloatingLease, FloatingPool, FloatingQueueEntry, License
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.floating import analytics, engine, pools

ROW_LIMIT = 200


@dataclass(frozen=True)
class LeaseRow:
    id: int
    user: str
    host: str
    department: str
    project: str
    checked_out_at: datetime
    expires_at: datetime
    borrowed: bool
    lingering: bool


@dataclass(frozen=True)
class QueueRow:
    id: int
    position: int
    user: str
    host: str
    department: str
    state: str
    joined_at: datetime
    offer_until: datetime | None


@dataclass(frozen=True)
class EventRow:
    id: int
    kind: str
    occurred_at: datetime
    user: str
    host: str


@dataclass(frozen=True)
class ReportOut:
    seats: int | None
    ceiling: int | None
    peak: int
    right_size: int
    advice: str
    rows: list[analytics.Row]


def own_pool(session: Session, license_id: int) -> FloatingPool | None:
    """The pool of an own license (None until its first check-out); refuses a license that is not concurrent."""
    lic = session.get(License, license_id)
    if lic is None:
        raise NotFound("This license does not exist")
    if not pools.is_concurrent(lic):
        raise DomainError(pools.NOT_CONCURRENT)
    return pools.find_pool(session, license_id=license_id)


def open_leases(session: Session, pool_id: int, now: datetime) -> list[LeaseRow]:
    stmt = (
        select(FloatingLease)
        .where(
            FloatingLease.pool_id == pool_id,
            or_(
                (FloatingLease.released_at.is_(None)) & (FloatingLease.expires_at >= now - engine.DRIFT),
                FloatingLease.linger_until > now,
            ),
        )
        .order_by(FloatingLease.checked_out_at.desc(), FloatingLease.id.desc())
        .limit(ROW_LIMIT)
    )
    return [
        LeaseRow(
            id=x.id,
            user=x.user,
            host=x.host,
            department=x.department,
            project=x.project,
            checked_out_at=x.checked_out_at,
            expires_at=x.linger_until if x.released_at else x.expires_at,
            borrowed=x.borrowed,
            lingering=x.released_at is not None,
        )
        for x in session.exec(stmt)
    ]


def queue_rows(session: Session, pool_id: int) -> list[QueueRow]:
    offered = session.exec(
        select(FloatingQueueEntry)
        .where(FloatingQueueEntry.pool_id == pool_id, FloatingQueueEntry.state == "offered")
        .order_by(FloatingQueueEntry.offered_at)
    )
    entries = list(offered) + engine.waiting(session, pool_id)[:ROW_LIMIT]
    return [
        QueueRow(e.id, n, e.user, e.host, e.department, e.state, e.joined_at, e.offer_until)
        for n, e in enumerate(entries, start=1)
    ]


def recent_events(session: Session, pool_id: int, kinds: tuple[str, ...], limit: int = 50) -> list[EventRow]:
    stmt = (
        select(FloatingEvent)
        .where(FloatingEvent.pool_id == pool_id, FloatingEvent.kind.in_(kinds))
        .order_by(FloatingEvent.occurred_at.desc(), FloatingEvent.id.desc())
        .limit(min(limit, ROW_LIMIT))
    )
    return [EventRow(e.id, e.kind, e.occurred_at, e.user, e.host) for e in session.exec(stmt)]


def report(
    session: Session, pool: FloatingPool | None, start: datetime, end: datetime, dimension: str = "license"
) -> tuple[analytics.Report | None, int | None, int | None]:
    if pool is None:
        return None, None, None
    seats, ceiling, _ = pools.describe(session, pool)
    return analytics.report(session, pool.id, seats, start, end, dimension), seats, ceiling


def report_out(
    session: Session, pool: FloatingPool | None, start: datetime, end: datetime, dimension: str = "license"
) -> ReportOut:
    rep, seats, ceiling = report(session, pool, start, end, dimension)
    if rep is None:
        return ReportOut(None, None, 0, 0, "No check-outs yet.", [])
    return ReportOut(seats, ceiling, rep.peak, rep.right_size, rep.advice, rep.rows)
