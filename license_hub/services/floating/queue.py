"""The wait queue a client joins when the pool is full (check-out with wait). It
polls at least once a minute or drops out; when a seat frees, it is held for the
head of the queue for the claim window, and a poll inside that window claims it."""

from __future__ import annotations

from datetime import datetime

from license_hub.db import write_session
from license_hub.models import FloatingQueueEntry
from license_hub.models.types import utcnow
from license_hub.services.core.errors import NotFound
from license_hub.services.floating import engine, leases, pools
from license_hub.services.floating.leases import Outcome

NOT_WAITING = "This client is no longer waiting in the queue"


def _entry(session, pool_id: int, queue_id: int) -> FloatingQueueEntry:
    entry = session.get(FloatingQueueEntry, queue_id) if isinstance(queue_id, int) else None
    if entry is None or entry.pool_id != pool_id:
        raise NotFound(NOT_WAITING)
    return entry


def poll(actor: str, pool_id: int, queue_id: int, now: datetime | None = None) -> Outcome:
    """Granted (the seat held for this client is now its lease), still queued, or dropped (404)."""
    now = now or utcnow()
    with write_session() as s:
        locked = pools.lock_pool(s, pool_id)
        engine.settle(s, locked, now)
        entry = _entry(s, pool_id, queue_id)
        if entry.state == "offered":
            return leases.granted(leases.claim(s, locked, entry, now, actor))
        if entry.state != "waiting":
            raise NotFound(NOT_WAITING)
        entry.last_poll_at = now
        s.add(entry)
        return Outcome("queued", queue_id=entry.id, position=leases.position(s, entry))


def leave(pool_id: int, queue_id: int, now: datetime | None = None) -> None:
    now = now or utcnow()
    with write_session() as s:
        locked = pools.lock_pool(s, pool_id)
        entry = _entry(s, pool_id, queue_id)
        if entry.state not in ("waiting", "offered"):
            raise NotFound(NOT_WAITING)
        entry.state, entry.ended_at = "left", now
        s.add(entry)
        engine.event(
            s, pool_id, "dequeue", entry, now, queue_id=entry.id, wait_seconds=(now - entry.joined_at).total_seconds()
        )
        s.flush()
        engine.settle(s, locked, now)
