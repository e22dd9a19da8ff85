"""A scripted day at a full pool: priority rules, FIFO within a rank, the claim
window, and waiters that stop polling."""

from __future__ import annotations

import pytest

from license_hub.services.core.errors import NotFound
from license_hub.services.floating import leases, queue
from license_hub.services.floating.engine import Holder
from tests.services.floating.builders import at, events, published_pool

SALES_C = Holder("carol", "c-pc", department="Sales")
ENG_D = Holder("dave", "d-pc", department="Engineering")
SALES_E = Holder("erin", "e-pc", department="Sales")


def test_grant_order_and_claim_window(database):
    pool = published_pool(seats=2, priority_rules="department=Engineering\nuser=nobody")
    a = leases.check_out("c", pool, Holder("alice", "a-pc"), now=at(0))
    b = leases.check_out("c", pool, Holder("bob", "b-pc"), now=at(0))
    assert a.status == b.status == "granted"
    c = leases.check_out("c", pool, SALES_C, wait=True, now=at(1))
    d = leases.check_out("c", pool, ENG_D, wait=True, now=at(2))
    e = leases.check_out("c", pool, SALES_E, wait=True, now=at(3))
    # Engineering matches the first rule and jumps ahead; Sales stays first in, first out.
    assert (c.status, c.position, d.position, e.position) == ("queued", 1, 1, 3)
    assert leases.check_out("c", pool, Holder("zed", "z-pc"), now=at(4)).status == "denied"

    leases.check_in("c", pool, a.lease_id, now=at(10))  # held for dave
    assert queue.poll("c", pool, c.queue_id, now=at(11)).position == 1
    assert leases.check_out("c", pool, Holder("zed", "z-pc"), now=at(12)).status == "denied"
    got_d = queue.poll("c", pool, d.queue_id, now=at(20))
    assert got_d.status == "granted" and got_d.lease_id

    leases.check_in("c", pool, b.lease_id, now=at(30))  # held for carol until 150
    assert queue.poll("c", pool, e.queue_id, now=at(60)).position == 1
    assert queue.poll("c", pool, e.queue_id, now=at(120)).position == 1
    assert queue.poll("c", pool, e.queue_id, now=at(150)).status == "queued"  # carol's window still open
    got_e = queue.poll("c", pool, e.queue_id, now=at(151))  # carol missed it: it passes on
    assert got_e.status == "granted"
    with pytest.raises(NotFound):
        queue.poll("c", pool, c.queue_id, now=at(152))
    assert events(pool) == [
        ("check_out", "alice"),
        ("check_out", "bob"),
        ("denial", "carol"),
        ("queue", "carol"),
        ("denial", "dave"),
        ("queue", "dave"),
        ("denial", "erin"),
        ("queue", "erin"),
        ("denial", "zed"),
        ("check_in", "alice"),
        ("denial", "zed"),
        ("check_out", "dave"),
        ("dequeue", "dave"),
        ("check_in", "bob"),
        ("timeout", "carol"),
        ("check_out", "erin"),
        ("dequeue", "erin"),
    ]


def test_a_waiter_that_stops_polling_drops_out(database):
    pool = published_pool(seats=1)
    first = leases.check_out("c", pool, Holder("alice", "a"), now=at(0))
    waiter = leases.check_out("c", pool, Holder("bob", "b"), wait=True, now=at(0))
    assert queue.poll("c", pool, waiter.queue_id, now=at(60)).status == "queued"
    late = leases.check_out("c", pool, Holder("carol", "c"), wait=True, now=at(100))
    assert late.position == 2  # bob last polled at 60: inside the minute, still first
    leases.check_in("c", pool, first.lease_id, now=at(121))  # bob silent since 60: dropped, carol is offered
    with pytest.raises(NotFound):
        queue.poll("c", pool, waiter.queue_id, now=at(122))
    assert queue.poll("c", pool, late.queue_id, now=at(122)).status == "granted"
    assert ("timeout", "bob") in events(pool)


def test_leaving_the_queue_is_recorded(database):
    pool = published_pool(seats=1)
    leases.check_out("c", pool, Holder("alice", "a"), now=at(0))
    waiter = leases.check_out("c", pool, Holder("bob", "b"), wait=True, now=at(0))
    queue.leave(pool, waiter.queue_id, now=at(5))
    assert events(pool)[-1] == ("dequeue", "bob")
    with pytest.raises(NotFound):
        queue.poll("c", pool, waiter.queue_id, now=at(6))
