"""Check-out, heartbeat, check-in, borrow and return. A check-out locks the pool's
license row, settles (engine.settle), then grants only while the open leases stay
under the ceiling; a full pool answers a recorded denial, or a place in the queue
when the client asked to wait. Every outcome is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from license_hub.db import write_session
from license_hub.models import FloatingLease, FloatingQueueEntry
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.floating import engine, pools
from license_hub.services.floating.engine import Holder
from license_hub.services.floating.pools import LockedPool

NO_SEAT = "All floating seats are in use"
UNKNOWN_LEASE = "This lease is not open on this license"
NOT_BORROWED = "This lease is not borrowed"


@dataclass(frozen=True)
class Outcome:
    status: str  # granted, queued, denied
    lease_id: int | None = None
    expires_at: datetime | None = None
    borrowed: bool = False
    queue_id: int | None = None
    position: int | None = None
    message: str = ""


def check_holder(holder: Holder) -> Holder:
    for name, limit in engine.MAX_TEXT.items():
        value = getattr(holder, name)
        if not isinstance(value, str) or len(value) > limit:
            raise ValidationError({name: f"{name} must be text of at most {limit} characters"})
    if not holder.user.strip():
        raise ValidationError({"user": "Name the user"})
    return holder


def check_hours(locked: LockedPool, hours: object) -> int:
    top = locked.pool.borrow_max_hours
    if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= top:
        raise ValidationError({"hours": f"Borrow for 1 to {top} hours"})
    return hours


def grant(
    session: Session, locked: LockedPool, holder: Holder, now: datetime, actor: str, hours: int | None = None
) -> FloatingLease:
    ttl = timedelta(hours=hours) if hours else timedelta(minutes=locked.pool.ttl_minutes)
    lease = FloatingLease(
        pool_id=locked.pool.id,
        user=holder.user.strip(),
        host=holder.host.strip(),
        person_id=holder.person_id,
        department=holder.department.strip(),
        project=holder.project.strip(),
        user_group=holder.group.strip(),
        checked_out_at=now,
        expires_at=now + ttl,
        heartbeat_at=now,
        borrowed=bool(hours),
    )
    session.add(lease)
    session.flush()
    kind = "borrow" if hours else "check_out"
    engine.event(session, locked.pool.id, kind, lease, now, lease_id=lease.id)
    audit_log.record(
        session,
        actor,
        f"lease_{kind}",
        "floating_pool",
        locked.pool.id,
        {"lease_id": lease.id, "user": lease.user, "host": lease.host, "expires_at": lease.expires_at},
    )
    return lease


def granted(lease: FloatingLease) -> Outcome:
    return Outcome("granted", lease.id, lease.expires_at, lease.borrowed)


def _mine(session: Session, pool_id: int, holder: Holder, state: str) -> FloatingQueueEntry | None:
    return session.exec(
        select(FloatingQueueEntry).where(
            FloatingQueueEntry.pool_id == pool_id,
            FloatingQueueEntry.state == state,
            FloatingQueueEntry.user == holder.user.strip(),
            FloatingQueueEntry.host == holder.host.strip(),
        )
    ).first()


def position(session: Session, entry: FloatingQueueEntry) -> int:
    ids = [e.id for e in engine.waiting(session, entry.pool_id)]
    return ids.index(entry.id) + 1 if entry.id in ids else 0


def claim(session: Session, locked: LockedPool, entry: FloatingQueueEntry, now: datetime, actor: str) -> FloatingLease:
    """The head of the queue takes the seat held for it."""
    who = Holder(entry.user, entry.host, entry.department, entry.project, entry.user_group, entry.person_id)
    entry.state, entry.ended_at = "granted", now
    lease = grant(session, locked, who, now, actor)
    entry.lease_id = lease.id
    session.add(entry)
    engine.event(
        session,
        locked.pool.id,
        "dequeue",
        entry,
        now,
        queue_id=entry.id,
        lease_id=lease.id,
        wait_seconds=(now - entry.joined_at).total_seconds(),
    )
    return lease


def _enqueue(session: Session, locked: LockedPool, holder: Holder, now: datetime) -> FloatingQueueEntry:
    rules = pools.parse_rules(locked.pool.priority_rules)
    entry = FloatingQueueEntry(
        pool_id=locked.pool.id,
        user=holder.user.strip(),
        host=holder.host.strip(),
        person_id=holder.person_id,
        department=holder.department.strip(),
        project=holder.project.strip(),
        user_group=holder.group.strip(),
        rank=pools.rank(rules, holder.user.strip(), holder.group.strip(), holder.department.strip()),
        joined_at=now,
        last_poll_at=now,
    )
    session.add(entry)
    session.flush()
    engine.event(session, locked.pool.id, "queue", entry, now, queue_id=entry.id)
    return entry


def take(
    session: Session,
    actor: str,
    pool_id: int,
    holder: Holder,
    wait: bool = False,
    hours: int | None = None,
    now: datetime | None = None,
) -> Outcome:
    """In the caller's transaction."""
    now = now or utcnow()
    holder = check_holder(holder)
    locked = pools.lock_pool(session, pool_id)
    if hours is not None:
        hours = check_hours(locked, hours)
    free = engine.settle(session, locked, now)
    offered = _mine(session, pool_id, holder, "offered")
    if offered is not None:
        return granted(claim(session, locked, offered, now, actor))
    if free > 0:
        return granted(grant(session, locked, holder, now, actor, hours))
    engine.event(session, pool_id, "denial", holder, now)
    if not wait or hours:
        return Outcome("denied", message=NO_SEAT)
    entry = _mine(session, pool_id, holder, "waiting")
    if entry is None:
        entry = _enqueue(session, locked, holder, now)
    else:
        entry.last_poll_at = now
        session.add(entry)
    return Outcome("queued", queue_id=entry.id, position=position(session, entry), message=NO_SEAT)


def check_out(actor: str, pool_id: int, holder: Holder, wait: bool = False, now: datetime | None = None) -> Outcome:
    with write_session() as s:
        return take(s, actor, pool_id, holder, wait=wait, now=now)


def borrow(actor: str, pool_id: int, holder: Holder, hours: int = 168, now: datetime | None = None) -> Outcome:
    with write_session() as s:
        return take(s, actor, pool_id, holder, hours=hours, now=now)


def _open(session: Session, pool_id: int, lease_id: int) -> FloatingLease:
    lease = session.get(FloatingLease, lease_id) if isinstance(lease_id, int) else None
    if lease is None or lease.pool_id != pool_id or lease.released_at is not None:
        raise NotFound(UNKNOWN_LEASE)
    return lease


def heartbeat(pool_id: int, lease_id: int, now: datetime | None = None) -> datetime:
    """Extends the lease by its time-to-live; an expired lease is gone (check out again)."""
    now = now or utcnow()
    with write_session() as s:
        locked = pools.lock_pool(s, pool_id)
        engine.settle(s, locked, now)
        lease = _open(s, pool_id, lease_id)
        if not lease.borrowed:
            lease.expires_at = now + timedelta(minutes=locked.pool.ttl_minutes)
        lease.heartbeat_at = now
        s.add(lease)
        return lease.expires_at


def check_in(actor: str, pool_id: int, lease_id: int, now: datetime | None = None) -> None:
    """Frees the seat at once, or after the pool's linger time."""
    now = now or utcnow()
    with write_session() as s:
        locked = pools.lock_pool(s, pool_id)
        lease = _open(s, pool_id, lease_id)
        engine.release(s, locked, lease, "return" if lease.borrowed else "check_in", now, actor)
        s.flush()
        engine.settle(s, locked, now)


def return_borrowed(actor: str, pool_id: int, lease_id: int, now: datetime | None = None) -> None:
    """A borrowed lease handed back before its time."""
    now = now or utcnow()
    with write_session() as s:
        locked = pools.lock_pool(s, pool_id)
        lease = _open(s, pool_id, lease_id)
        if not lease.borrowed:
            raise DomainError(NOT_BORROWED)
        engine.release(s, locked, lease, "return", now, actor)
        s.flush()
        engine.settle(s, locked, now)


def reclaim(now: datetime | None = None) -> int:
    """The scheduler's sweep: settle every pool with open leases or waiters."""
    from license_hub.models import FloatingPool  # noqa: PLC0415 - keeps the module's import list short

    now = now or utcnow()
    with write_session() as s:
        ids = list(s.exec(select(FloatingPool.id)))
    for pool_id in ids:
        try:
            with write_session() as s:
                engine.settle(s, pools.lock_pool(s, pool_id), now)
        except DomainError:
            continue
    return len(ids)
