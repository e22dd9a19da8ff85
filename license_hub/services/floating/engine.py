"""What every lease or queue change does first, under the pool lock: reclaim leases
that stopped heartbeating (expiry plus a small drift), drop waiters that stopped
polling (once a minute) or let their claim window pass, then hold each free seat
for the head of the queue. Callers pass `now` (the injectable clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, select

from license_hub.models import FloatingEvent, FloatingLease, FloatingQueueEntry
from license_hub.services.audit import audit_log
from license_hub.services.floating.pools import LockedPool

DRIFT = timedelta(seconds=30)
POLL_EVERY = timedelta(seconds=60)
MAX_TEXT = {"user": 200, "host": 200, "department": 100, "project": 100, "group": 100}


@dataclass(frozen=True)
class Holder:
    """Who asks for a seat: a user on a host, with what the analytics group by."""

    user: str
    host: str = ""
    department: str = ""
    project: str = ""
    group: str = ""
    person_id: int | None = None


def event(
    session: Session, pool_id: int, kind: str, who: Holder | FloatingLease | FloatingQueueEntry, now: datetime, **extra
) -> None:
    session.add(
        FloatingEvent(
            pool_id=pool_id,
            kind=kind,
            occurred_at=now,
            user=who.user,
            host=who.host,
            department=who.department,
            project=who.project,
            **extra,
        )
    )


def occupied(session: Session, pool_id: int, now: datetime) -> int:
    """Open leases plus checked-in leases still lingering."""
    stmt = select(func.count(FloatingLease.id)).where(
        FloatingLease.pool_id == pool_id,
        or_(FloatingLease.released_at.is_(None), FloatingLease.linger_until > now),
    )
    return int(session.exec(stmt).one())


def waiting(session: Session, pool_id: int) -> list[FloatingQueueEntry]:
    """The queue in grant order: priority rank, then first in first out."""
    stmt = (
        select(FloatingQueueEntry)
        .where(FloatingQueueEntry.pool_id == pool_id, FloatingQueueEntry.state == "waiting")
        .order_by(FloatingQueueEntry.rank, FloatingQueueEntry.joined_at, FloatingQueueEntry.id)
    )
    return list(session.exec(stmt))


def release(session: Session, locked: LockedPool, lease: FloatingLease, reason: str, now: datetime, actor: str) -> None:
    lease.released_at, lease.release_reason = now, reason
    linger = locked.pool.linger_seconds
    if reason == "check_in" and linger > 0:
        lease.linger_until = now + timedelta(seconds=linger)
    session.add(lease)
    kind = {"check_in": "check_in", "return": "return"}.get(reason, "timeout")
    event(session, locked.pool.id, kind, lease, now, lease_id=lease.id)
    audit_log.record(
        session,
        actor,
        f"lease_{kind}",
        "floating_pool",
        locked.pool.id,
        {"lease_id": lease.id, "user": lease.user, "host": lease.host, "reason": reason},
    )


def _queue(session: Session, pool_id: int) -> list[FloatingQueueEntry]:
    """Waiting and offered entries, offered first, then in grant order (one query)."""
    stmt = (
        select(FloatingQueueEntry)
        .where(FloatingQueueEntry.pool_id == pool_id, FloatingQueueEntry.state.in_(("waiting", "offered")))
        .order_by(FloatingQueueEntry.rank, FloatingQueueEntry.joined_at, FloatingQueueEntry.id)
    )
    return list(session.exec(stmt))


def settle(session: Session, locked: LockedPool, now: datetime) -> int:
    """Reclaim and hand seats on; returns the seats free for a newcomer (no ceiling: a large number)."""
    pool_id = locked.pool.id
    stale = session.exec(
        select(FloatingLease).where(
            FloatingLease.pool_id == pool_id,
            FloatingLease.released_at.is_(None),
            FloatingLease.expires_at < now - DRIFT,
        )
    )
    for lease in list(stale):
        release(session, locked, lease, "expired", now, "system")
    held, waiters = 0, []
    for entry in _queue(session, pool_id):
        if entry.state == "offered":
            if entry.offer_until is not None and entry.offer_until < now:
                _drop(session, entry, "timeout", now)
            else:
                held += 1
        elif entry.last_poll_at < now - POLL_EVERY:
            _drop(session, entry, "timeout", now)
        else:
            waiters.append(entry)
    if locked.ceiling is None:
        for entry in waiters:
            _offer(session, locked, entry, now)
        return 1_000_000
    free = locked.ceiling - occupied(session, pool_id, now) - held
    for entry in waiters:
        if free <= 0:
            break
        _offer(session, locked, entry, now)
        free -= 1
    return free


def _offer(session: Session, locked: LockedPool, entry: FloatingQueueEntry, now: datetime) -> None:
    entry.state, entry.offered_at = "offered", now
    entry.offer_until = now + timedelta(seconds=locked.pool.claim_window_seconds)
    session.add(entry)


def _drop(session: Session, entry: FloatingQueueEntry, kind: str, now: datetime) -> None:
    entry.state, entry.ended_at = kind, now
    session.add(entry)
    wait = (now - entry.joined_at).total_seconds()
    event(session, entry.pool_id, kind, entry, now, queue_id=entry.id, wait_seconds=wait)
