"""50 clients racing for a 10-seat pool on real separate connections get exactly
10 leases, because the count is checked under the license-row lock."""

from __future__ import annotations

import threading

from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session
from license_hub.models import AuditEvent, FloatingEvent, FloatingLease
from license_hub.services.floating import leases
from license_hub.services.floating.engine import Holder
from tests.services.floating.builders import own_pool, published_pool

RACERS, SEATS = 50, 10


def _race(pool_id: int) -> tuple[list[int], list[str]]:
    barrier = threading.Barrier(RACERS)
    wins, denials, lock = [], [], threading.Lock()

    def racer(n: int) -> None:
        barrier.wait()
        outcome = leases.check_out("client", pool_id, Holder(f"user{n}", f"host{n}"))
        with lock:
            (wins if outcome.status == "granted" else denials).append(outcome.lease_id or outcome.message)

    threads = [threading.Thread(target=racer, args=(n,)) for n in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return wins, denials


def _count(pool_id: int, *where) -> int:
    with read_session() as s:
        return s.exec(select(func.count(FloatingLease.id)).where(FloatingLease.pool_id == pool_id, *where)).one()


def test_fifty_check_outs_give_exactly_ten_leases(database):
    pool_id = published_pool(seats=SEATS)
    wins, denials = _race(pool_id)
    assert len(wins) == SEATS and len(set(wins)) == SEATS
    assert denials == [leases.NO_SEAT] * (RACERS - SEATS)
    assert _count(pool_id, FloatingLease.released_at.is_(None)) == SEATS
    with read_session() as s:
        kinds = s.exec(
            select(FloatingEvent.kind, func.count(FloatingEvent.id))
            .where(FloatingEvent.pool_id == pool_id)
            .group_by(FloatingEvent.kind)
        ).all()
        assert dict(kinds) == {"check_out": SEATS, "denial": RACERS - SEATS}
        audited = s.exec(select(func.count(AuditEvent.id)).where(AuditEvent.action == "lease_check_out")).one()
        assert audited == SEATS


def test_own_concurrent_pool_races_the_same_way(database):
    pool_id = own_pool(seats=SEATS)
    wins, _ = _race(pool_id)
    assert len(wins) == SEATS
    assert _count(pool_id) == SEATS
