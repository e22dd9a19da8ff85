"""Floating pools for tests: one on an issued license with a floating policy, one on an own concurrent license."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import count

from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import FloatingEvent
from license_hub.services.floating import pools
from tests.factories import make_license
from tests.services.publishing.builders import make_issued, make_policy, make_published

_seq = count(1)
T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def published_pool(seats: int | None = 10, overage: str = "none", **settings) -> int:
    policy = make_policy(make_published(), license_model="floating", max_machines=seats, overage=overage)
    lid = make_issued(policy).license_id
    with write_session() as s:
        pool = pools.pool_for(s, published_license_id=lid)
        if settings:
            pools.configure(s, "tester", pool.id, **settings)
        return pool.id


def own_license(seats: int = 3, **fields) -> int:
    return make_license(product_name=f"CAD suite {next(_seq)}", seats_total=seats, **fields)


def own_pool(seats: int = 3, seat_type: str = "concurrent", **settings) -> int:
    lid = own_license(seats, seat_type=seat_type)
    with write_session() as s:
        pool = pools.pool_for(s, license_id=lid)
        if settings:
            pools.configure(s, "tester", pool.id, **settings)
        return pool.id


def events(pool_id: int) -> list[tuple[str, str]]:
    with read_session() as s:
        rows = s.exec(select(FloatingEvent).where(FloatingEvent.pool_id == pool_id).order_by(FloatingEvent.id))
        return [(e.kind, e.user) for e in rows]
