"""Admins racing for the last seats: under the license-row lock exactly the free
seats are handed out, whatever the interleaving, on real separate connections."""

from __future__ import annotations

import threading

from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, License
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import NO_SEATS_REMAINING, DomainError
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_people, make_product

WORKERS = 10
FREE_SEATS = 5
ROUNDS = 25


def _race(license_id: int, person_ids: list[int]) -> tuple[int, list[str]]:
    barrier = threading.Barrier(len(person_ids))
    wins, refusals, lock = [], [], threading.Lock()

    def worker(pid: int) -> None:
        barrier.wait()
        try:
            with write_session() as s:
                seats.assign(s, f"admin-{pid}", license_id, person_id=pid)
            with lock:
                wins.append(pid)
        except DomainError as exc:
            with lock:
                refusals.append(exc.message)

    threads = [threading.Thread(target=worker, args=(pid,)) for pid in person_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return len(wins), refusals


def test_exactly_the_free_seats_are_won_every_round(database):
    product = make_product("Race Product")
    people = make_people(WORKERS, "racer")
    for round_no in range(ROUNDS):
        lic = make_license(product, seats_total=FREE_SEATS + 2, name=f"round {round_no}")
        # Two seats already taken, so FREE_SEATS remain for the racers.
        with write_session() as s:
            seats.assign(s, ACTOR, lic, assignee_name="existing 1")
            seats.assign(s, ACTOR, lic, assignee_name="existing 2")
        won, refusals = _race(lic, people)
        assert won == FREE_SEATS, f"round {round_no}: {won} winners"
        assert refusals == [NO_SEATS_REMAINING] * (WORKERS - FREE_SEATS)
        with read_session() as s:
            row = s.get(License, lic)
            active = s.exec(
                select(func.count()).where(Assignment.license_id == lic, Assignment.revoked_at.is_(None))
            ).one()
            assert row.seats_used == active == row.seats_total


def test_racing_duplicates_of_one_person_yield_one_seat(database):
    lic = make_license(seats_total=50)
    (pid,) = make_people(1)
    won, refusals = _race(lic, [pid] * WORKERS)
    assert won == 1
    assert set(refusals) == {"This user already has an active assignment for this license"}
    with read_session() as s:
        assert s.get(License, lic).seats_used == 1


def test_audit_chain_stays_linear_under_concurrent_writes(database):
    lic = make_license(seats_total=FREE_SEATS)
    _race(lic, make_people(WORKERS, "chain"))
    with read_session() as s:
        report = audit_log.verify(s)
    assert report.ok, report.problem
