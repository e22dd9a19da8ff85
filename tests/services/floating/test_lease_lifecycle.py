"""Expiry, drift, heartbeats, linger, borrowing and the overage ceiling, on a controlled clock."""

from __future__ import annotations

import pytest

from license_hub.db import write_session
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.floating import leases, pools
from license_hub.services.floating.engine import Holder
from tests.services.floating.builders import at, events, own_license, own_pool, published_pool

A, B, C = Holder("alice", "a"), Holder("bob", "b"), Holder("carol", "c")


def test_expiry_plus_drift_reclaims_and_heartbeat_extends(database):
    pool = published_pool(seats=1)
    lease = leases.check_out("c", pool, A, now=at(0))
    assert lease.expires_at == at(600)  # ten minutes by default
    assert leases.heartbeat(pool, lease.lease_id, now=at(540)) == at(1140)
    assert leases.check_out("c", pool, B, now=at(1140 + 30)).status == "denied"  # inside the drift
    assert leases.check_out("c", pool, B, now=at(1140 + 31)).status == "granted"
    with pytest.raises(NotFound):
        leases.heartbeat(pool, lease.lease_id, now=at(1200))
    assert ("timeout", "alice") in events(pool)


def test_check_in_frees_at_once_or_after_linger(database):
    pool = published_pool(seats=1)
    lease = leases.check_out("c", pool, A, now=at(0))
    leases.check_in("c", pool, lease.lease_id, now=at(10))
    lingering = leases.check_out("c", pool, B, now=at(10))
    assert lingering.status == "granted"
    with write_session() as s:
        pools.configure(s, "admin", pool, linger_seconds=300)
    leases.check_in("c", pool, lingering.lease_id, now=at(20))
    assert leases.check_out("c", pool, C, now=at(319)).status == "denied"
    assert leases.check_out("c", pool, C, now=at(321)).status == "granted"


def test_ttl_has_a_minimum_of_one_minute(database):
    pool = published_pool(seats=1)
    with write_session() as s, pytest.raises(ValidationError):
        pools.configure(s, "admin", pool, ttl_minutes=0)
    with write_session() as s:
        pools.configure(s, "admin", pool, ttl_minutes=1)
    assert leases.check_out("c", pool, A, now=at(0)).expires_at == at(60)


def test_borrow_is_offline_until_returned(database):
    pool = published_pool(seats=1)
    with pytest.raises(ValidationError):
        leases.borrow("c", pool, A, hours=169, now=at(0))
    borrowed = leases.borrow("c", pool, A, now=at(0))
    assert borrowed.borrowed and borrowed.expires_at == at(168 * 3600)
    assert leases.check_out("c", pool, B, now=at(3600)).status == "denied"  # no heartbeat needed
    leases.return_borrowed("c", pool, borrowed.lease_id, now=at(7200))
    plain = leases.check_out("c", pool, B, now=at(7200))
    with pytest.raises(DomainError, match=leases.NOT_BORROWED):
        leases.return_borrowed("c", pool, plain.lease_id, now=at(7201))
    assert [k for k, _ in events(pool)] == ["borrow", "denial", "return", "check_out"]


def test_overage_strategy_stretches_the_ceiling(database):
    pool = published_pool(seats=4, overage="1.5x")
    got = [leases.check_out("c", pool, Holder(f"u{n}", "h"), now=at(0)).status for n in range(8)]
    assert got == ["granted"] * 6 + ["denied"] * 2


def test_own_pool_needs_a_concurrent_seat_type(database):
    pool = own_pool(seats=2)
    assert [leases.check_out("c", pool, Holder(f"u{n}"), now=at(0)).status for n in range(3)] == [
        "granted",
        "granted",
        "denied",
    ]
    lid = own_license(2, seat_type="user")
    with write_session() as s, pytest.raises(DomainError, match=pools.NOT_CONCURRENT):
        pools.pool_for(s, license_id=lid)


def test_unlimited_concurrent_pool_never_refuses(database):
    lid = own_license(1, seat_type="unlimited", allocation_rule="floating")
    with write_session() as s:
        pool = pools.pool_for(s, license_id=lid).id
    assert {leases.check_out("c", pool, Holder(f"u{n}"), now=at(0)).status for n in range(5)} == {"granted"}


def test_the_scheduled_sweep_reclaims_pools_nobody_touches(database):
    pool = published_pool(seats=1)
    lease = leases.check_out("c", pool, A, now=at(0))
    waiter = leases.check_out("c", pool, B, wait=True, now=at(0))
    assert leases.reclaim(now=at(600 + 31)) >= 1
    kinds = events(pool)
    assert ("timeout", "alice") in kinds and ("timeout", "bob") in kinds
    with pytest.raises(NotFound):
        leases.heartbeat(pool, lease.lease_id, now=at(632))
    assert waiter.queue_id
