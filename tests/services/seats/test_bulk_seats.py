"""Bulk assign and bulk reclaim: all-or-nothing, exact refusals, counters per license,
the reassignable rule, and the license-row lock under concurrent bulk changes."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, insert
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, License, Person
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import (
    ALREADY_ASSIGNED,
    NO_SEATS_REMAINING,
    DomainError,
    NotFound,
    ValidationError,
)
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import bulk_seats
from license_hub.services.seats.bulk_seats import (
    ALREADY_RECLAIMED,
    NOT_REASSIGNABLE,
    SEAT_NOT_FOUND,
    BulkAssignRefused,
    BulkReclaimRefused,
)
from tests.factories import ACTOR, make_license, make_people, make_product


def bulk_people(n: int, department: str = "", prefix: str = "bulk", status: str = "active") -> list[int]:
    with write_session() as s:
        rows = [
            {
                "name": f"{prefix} {i:05d}",
                "email": f"{prefix}{i}@example.com",
                "department": department,
                "status": status,
            }
            for i in range(n)
        ]
        return [r[0] for r in s.exec(insert(Person).returning(Person.id, sort_by_parameter_order=True), params=rows)]


def snapshot(license_ids: list[int]) -> tuple:
    """Everything a refused bulk change must leave untouched."""
    with read_session() as s:
        used = tuple(s.get(License, lid).seats_used for lid in license_ids)
        active = s.exec(select(func.count()).select_from(Assignment).where(Assignment.revoked_at.is_(None))).one()
        rows = s.exec(select(func.count()).select_from(Assignment)).one()
        events = s.exec(select(func.count()).select_from(AuditEvent)).one()
    return used, active, rows, events


def test_bulk_assign_gives_everyone_a_seat_with_one_audit_event(database):
    lic = make_license(seats_total=10)
    people = make_people(4)
    before_events = snapshot([lic])[3]
    with write_session() as s:
        result = bulk_seats.bulk_assign(s, ACTOR, lic, person_ids=people + [people[0]])  # a repeated id counts once
    assert result.ok and result.assigned == 4 and result.seats_free == 10 and result.seats_requested == 4
    with read_session() as s:
        assert s.get(License, lic).seats_used == 4
        holders = set(s.exec(select(Assignment.person_id).where(Assignment.license_id == lic)).all())
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "bulk_assign")).all()
        assert audit_log.verify(s).ok
    assert holders == set(people)
    assert len(events) == 1 and snapshot([lic])[3] == before_events + 1
    assert '"count":4' in events[0].diff and str(result.assignment_ids[0]) in events[0].diff


def test_pool_too_small_assigns_nobody_and_says_free_versus_requested(database):
    lic = make_license(seats_total=3)
    (first,) = make_people(1, "holder")
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=first)
    people = make_people(3)
    before = snapshot([lic])
    with pytest.raises(BulkAssignRefused) as err, write_session() as s:
        bulk_seats.bulk_assign(s, ACTOR, lic, person_ids=people)
    result = err.value.result
    assert result.shortage == f"{NO_SEATS_REMAINING}: 2 free, 3 requested"
    assert result.shortage.startswith("No seats remaining on this license")
    assert (result.seats_free, result.seats_requested, result.assigned) == (2, 3, 0)
    assert snapshot([lic]) == before


def test_one_bad_person_refuses_the_whole_selection_with_reasons(database):
    lic = make_license(seats_total=10)
    holder, leaver, fine = make_people(3)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=holder)
        s.get(Person, leaver).status = "offboarded"
    before = snapshot([lic])
    with pytest.raises(BulkAssignRefused) as err, write_session() as s:
        bulk_seats.bulk_assign(s, ACTOR, lic, person_ids=[fine, holder, leaver, 999_999])
    reasons = {r.person_id: r.reason for r in err.value.result.refusals}
    assert reasons == {
        holder: ALREADY_ASSIGNED,
        leaver: "person 1 has been offboarded and cannot receive a seat",
        999_999: "This person does not exist",
    }
    assert reasons[holder] == "This user already has an active assignment for this license"
    assert not err.value.result.shortage
    assert snapshot([lic]) == before


def test_department_assign_skips_leavers_and_existing_holders(database):
    lic = make_license(seats_total=10)
    design = bulk_people(4, "Design", "designer")
    bulk_people(2, "Design", "gone", status="offboarded")
    bulk_people(3, "Sales", "seller")
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=design[0])
    with write_session() as s:
        result = bulk_seats.bulk_assign(s, ACTOR, lic, department=" design ")
    assert result.assigned == 3 and result.skipped_holders == (design[0],)
    with read_session() as s:
        holders = set(s.exec(select(Assignment.person_id).where(Assignment.license_id == lic)).all())
        assert s.get(License, lic).seats_used == 4
    assert holders == set(design)
    with write_session() as s:  # everyone already has it: nothing to do, nothing recorded
        again = bulk_seats.bulk_assign(s, ACTOR, lic, department="Design")
    assert again.assigned == 0 and set(again.skipped_holders) == set(design)


def test_department_that_does_not_fit_assigns_nobody(database):
    lic = make_license(seats_total=2)
    bulk_people(3, "Finance")
    before = snapshot([lic])
    with pytest.raises(BulkAssignRefused) as err, write_session() as s:
        bulk_seats.bulk_assign(s, ACTOR, lic, department="Finance")
    assert err.value.message == f"{NO_SEATS_REMAINING}: 2 free, 3 requested"
    assert snapshot([lic]) == before


def test_unlimited_license_takes_any_number(database):
    lic = make_license(seats_total=1, seat_type="unlimited")
    with write_session() as s:
        result = bulk_seats.bulk_assign(s, ACTOR, lic, person_ids=bulk_people(50))
    assert result.assigned == 50 and result.seats_free is None


def test_thousands_of_people_in_one_transaction(database):
    lic = make_license(seats_total=5000)
    people = bulk_people(3000)
    with write_session() as s:
        result = bulk_seats.bulk_assign(s, ACTOR, lic, person_ids=people)
    assert result.assigned == 3000 and len(set(result.assignment_ids)) == 3000
    with read_session() as s:
        assert s.get(License, lic).seats_used == seats.active_count(s, lic) == 3000
    with write_session() as s:
        freed = bulk_seats.bulk_reclaim(s, ACTOR, result.assignment_ids)
    assert freed.reclaimed == 3000
    with read_session() as s:
        assert s.get(License, lic).seats_used == seats.active_count(s, lic) == 0


def test_bad_requests(database):
    lic = make_license()
    (pid,) = make_people(1)
    for kwargs in (
        {},
        {"person_ids": []},
        {"person_ids": [pid], "department": "Design"},
        {"department": "Nobody"},
        {"person_ids": ["x; DROP TABLE person"]},
    ):
        with pytest.raises(ValidationError), write_session() as s:
            bulk_seats.bulk_assign(s, ACTOR, lic, **kwargs)
    with write_session() as s:
        licenses.archive(s, ACTOR, lic)
    with pytest.raises(NotFound), write_session() as s:
        bulk_seats.bulk_assign(s, ACTOR, lic, person_ids=[pid])


def _assign_each(lic: int, people: list[int]) -> list[int]:
    with write_session() as s:
        return list(bulk_seats.bulk_assign(s, ACTOR, lic, person_ids=people).assignment_ids)


def test_bulk_reclaim_across_licenses_decrements_each_pool(database):
    product = make_product("Suite")
    a, b = make_license(product, seats_total=5, name="A"), make_license(product, seats_total=5, name="B")
    people = make_people(3)
    seats_a, seats_b = _assign_each(a, people), _assign_each(b, people)
    with write_session() as s:
        result = bulk_seats.bulk_reclaim(s, "reclaimer@example.com", [seats_b[0], seats_a[0], seats_a[1]])
    assert result.reclaimed == 3 and result.by_license == {a: 2, b: 1}
    with read_session() as s:
        assert (s.get(License, a).seats_used, s.get(License, b).seats_used) == (1, 2)
        row = s.get(Assignment, seats_a[0])
        assert row.revoked_at is not None and row.revoked_by == "reclaimer@example.com"
        assert len(s.exec(select(AuditEvent).where(AuditEvent.action == "bulk_reclaim")).all()) == 2
        assert audit_log.verify(s).ok


def test_bulk_reclaim_refuses_everything_if_one_seat_is_wrong(database):
    lic = make_license(seats_total=5)
    ids = _assign_each(lic, make_people(3))
    with write_session() as s:
        seats.reclaim(s, ACTOR, ids[0])
    before = snapshot([lic])
    with pytest.raises(BulkReclaimRefused) as err, write_session() as s:
        bulk_seats.bulk_reclaim(s, ACTOR, [ids[1], ids[0], 424242])
    assert {r.assignment_id: r.reason for r in err.value.refusals} == {
        ids[0]: ALREADY_RECLAIMED,
        424242: SEAT_NOT_FOUND,
    }
    assert snapshot([lic]) == before
    with pytest.raises(ValidationError), write_session() as s:
        bulk_seats.bulk_reclaim(s, ACTOR, [])


def test_not_reassignable_license_blocks_reclaim(database):
    product = make_product("OEM Tool")
    locked = make_license(product, seats_total=3, reassignable=False, name="OEM")
    normal = make_license(product, seats_total=3, name="Retail")
    people = make_people(2)
    oem, retail = _assign_each(locked, people), _assign_each(normal, people)
    before = snapshot([locked, normal])
    with pytest.raises(BulkReclaimRefused) as err, write_session() as s:
        bulk_seats.bulk_reclaim(s, ACTOR, [retail[0], oem[0]])
    assert [(r.assignment_id, r.reason) for r in err.value.refusals] == [(oem[0], NOT_REASSIGNABLE)]
    assert NOT_REASSIGNABLE == "This license is not reassignable: its seats cannot be reclaimed"
    assert snapshot([locked, normal]) == before
    with read_session() as s:
        with pytest.raises(DomainError) as single:
            bulk_seats.ensure_reclaimable(s.get(License, locked))
        bulk_seats.ensure_reclaimable(s.get(License, normal))
    assert single.value.message == NOT_REASSIGNABLE


def _run_together(jobs) -> list[object]:
    barrier, outcomes, lock = threading.Barrier(len(jobs)), [], threading.Lock()

    def run(job):
        barrier.wait()
        try:
            with write_session() as s:
                out = job(s)
        except DomainError as exc:
            out = exc
        with lock:
            outcomes.append(out)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == len(jobs), "a worker hung"
    return outcomes


def test_racing_bulk_assigns_never_overcommit(database):
    lic = make_license(seats_total=8)
    groups = [bulk_people(3, prefix=f"team{i}-") for i in range(4)]  # 12 people, 8 seats: two teams fit
    outcomes = _run_together([lambda s, g=g: bulk_seats.bulk_assign(s, ACTOR, lic, person_ids=g) for g in groups])
    wins = [o for o in outcomes if not isinstance(o, DomainError)]
    refused = [o for o in outcomes if isinstance(o, BulkAssignRefused)]
    assert len(wins) == 2 and len(refused) == 2
    assert all(r.result.shortage.startswith(NO_SEATS_REMAINING) for r in refused)
    with read_session() as s:
        assert s.get(License, lic).seats_used == seats.active_count(s, lic) == 6


def test_overlapping_bulk_reclaims_in_opposite_orders_do_not_deadlock(database):
    product = make_product("Overlap")
    lics = [make_license(product, seats_total=40, name=f"L{i}") for i in range(3)]
    people = bulk_people(30)
    ids = {lic: _assign_each(lic, people) for lic in lics}
    forward = [aid for lic in lics for aid in ids[lic][:10]]
    backward = [aid for lic in reversed(lics) for aid in ids[lic][10:20]]
    outcomes = _run_together(
        [lambda s: bulk_seats.bulk_reclaim(s, ACTOR, forward), lambda s: bulk_seats.bulk_reclaim(s, ACTOR, backward)]
    )
    assert all(o.reclaimed == 30 for o in outcomes)
    with read_session() as s:
        for lic in lics:
            assert s.get(License, lic).seats_used == seats.active_count(s, lic) == 10
