"""Admins racing with "Assign persons" / "Assign assets" on real separate connections:
every selection is all or nothing, the license never goes past its seats, and a
person or device picked by everyone still ends up with exactly one seat (devices
have no unique index: the license-row lock alone keeps them single)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, License
from license_hub.services.directory import people
from license_hub.services.seats import assign_many
from tests.factories import ACTOR, make_license, make_people, make_product

WORKERS = 10
SEATS = 5
ROUNDS = 8


def _race(save, license_id: int, selections: list[list[int]]) -> tuple[int, list[str]]:
    barrier = threading.Barrier(len(selections))
    wins, refusals, lock = [], [], threading.Lock()

    def worker(ids: list[int]) -> None:
        barrier.wait()
        try:
            with write_session() as s:
                save(s, f"admin-{ids[-1]}", license_id, ids)
            with lock:
                wins.append(ids)
        except assign_many.AssignManyRefused as exc:
            with lock:
                refusals.append(exc.shortage)

    threads = [threading.Thread(target=worker, args=(ids,)) for ids in selections]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return len(wins), refusals


def _check(lic: int, column) -> None:
    with read_session() as s:
        row = s.get(License, lic)
        active = s.exec(select(func.count()).where(Assignment.license_id == lic, Assignment.revoked_at.is_(None))).one()
        most = s.exec(
            select(func.count())
            .where(Assignment.license_id == lic, Assignment.revoked_at.is_(None))
            .group_by(column)
            .order_by(func.count().desc())
        ).first()
    assert row.seats_used == active == row.seats_total
    assert most == 1


@pytest.mark.parametrize("kind", ["persons", "assets"])
def test_racing_selections_fill_exactly_the_seats(database, kind):
    if kind == "persons":
        holders = make_people(WORKERS + 1, "racer")
        save, column = assign_many.assign_persons, Assignment.person_id
    else:
        with write_session() as s:
            holders = [people.create_device(s, ACTOR, name=f"rig {i}").id for i in range(WORKERS + 1)]
        save, column = assign_many.assign_assets, Assignment.device_id
    shared, own = holders[0], holders[1:]
    product = make_product(f"Race {kind}")
    for round_no in range(ROUNDS):
        lic = make_license(product, seats_total=SEATS, name=f"{kind} round {round_no}")
        # Everyone picks the shared holder and one of their own: the first winner takes
        # two seats, later winners one (the shared holder is skipped), until none is left.
        won, refusals = _race(save, lic, [[shared, mine] for mine in own])
        assert won == SEATS - 1, f"round {round_no}: {won} winners"
        assert refusals == ["No seats remaining on this license: 0 free, 1 requested"] * (WORKERS - won)
        _check(lic, column)
