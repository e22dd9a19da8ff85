"""Offboarding: the preview with costs, the "Contact terminated" list, and the leaver
policy racing a bulk reclaim (the policy itself is tested in test_leavers.py)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, License, Person
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.directory import leavers, offboarding
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import bulk_seats
from license_hub.services.seats.bulk_seats import NOT_REASSIGNABLE
from tests.factories import ACTOR, make_license, make_people, make_product


@pytest.fixture
def world(database):
    """Leaver holds seats on three licenses (one not reassignable); a colleague holds one."""
    figma, office, cad = make_product("Figma"), make_product("Office"), make_product("CAD Pro")
    lic_a = make_license(figma, seats_total=10, cost_per_seat="12.50", billing_cycle="monthly", currency="EUR")
    lic_b = make_license(office, seats_total=4, total_cost="400", billing_cycle="annual", currency="USD")
    lic_c = make_license(cad, seats_total=2, cost_per_seat="900", reassignable=False, currency="EUR")
    leaver, colleague = make_people(2)
    with write_session() as s:
        for lic in (lic_a, lic_b, lic_c):
            seats.assign(s, ACTOR, lic, person_id=leaver)
        seats.assign(s, ACTOR, lic_a, person_id=colleague)
    return {"a": lic_a, "b": lic_b, "c": lic_c, "leaver": leaver, "colleague": colleague}


def state(w) -> tuple:
    with read_session() as s:
        person = s.get(Person, w["leaver"])
        used = tuple(s.get(License, w[k]).seats_used for k in "abc")
        active = s.exec(select(func.count()).select_from(Assignment).where(Assignment.revoked_at.is_(None))).one()
        events = s.exec(select(func.count()).select_from(AuditEvent)).one()
    return person.status, person.archived_at, used, active, events


def test_preview_lists_every_seat_with_its_cost(world):
    with read_session() as s:
        p = offboarding.preview(s, world["leaver"])
    assert (p.name, p.status) == ("person 0", "active")
    by_software = {seat.software: seat for seat in p.seats}
    assert list(by_software) == ["CAD Pro", "Figma", "Office"]  # sorted by software
    assert by_software["Figma"].cost_per_seat == Decimal("12.50")
    assert by_software["Figma"].annual_cost_per_seat == Decimal("150.00")
    assert by_software["Office"].cost_per_seat == Decimal("100.00")  # 400 spread over 4 seats
    assert by_software["CAD Pro"].reclaimable is False and by_software["CAD Pro"].reason == NOT_REASSIGNABLE
    assert p.annual_cost_by_currency == {"EUR": Decimal("150.00"), "USD": Decimal("100.00")}


def test_unknown_person_is_not_found(world):
    with pytest.raises(NotFound), write_session() as s:
        leavers.deactivate_person(s, ACTOR, 987654)


def test_terminated_contacts_list_and_cleanup(world):
    with write_session() as s:
        s.get(Person, world["leaver"]).status = "offboarded"  # marked gone without the offboarding flow
    with read_session() as s:
        rows, total = offboarding.terminated_seats(s)
        only_a, total_a = offboarding.terminated_seats(s, license_id=world["a"])
        with pytest.raises(DomainError):
            seats.assign(s, ACTOR, world["b"], person_id=world["leaver"])
    assert total == 3 and [r.software for r in rows] == ["CAD Pro", "Figma", "Office"]
    assert all(r.person_id == world["leaver"] for r in rows)
    assert [r.reclaimable for r in rows] == [False, True, True]
    assert total_a == 1 and only_a[0].license_id == world["a"]
    with write_session() as s:  # offboarding a contact already marked gone still frees their seats
        result = leavers.deactivate_person(s, ACTOR, world["leaver"])
    assert len(result.reclaimed) == 2 and len(result.retired) == 1
    with read_session() as s:
        rows, total = offboarding.terminated_seats(s)
    assert (total, rows) == (0, ())


def test_offboard_racing_a_bulk_reclaim_frees_each_seat_once(world):
    with read_session() as s:
        ids = [seat.assignment_id for seat in offboarding.preview(s, world["leaver"]).seats if seat.reclaimable]
    barrier, errors = threading.Barrier(2), []

    def run(fn):
        barrier.wait()
        try:
            with write_session() as s:
                fn(s)
        except DomainError as exc:
            errors.append(exc)

    jobs = [
        lambda s: leavers.deactivate_person(s, ACTOR, world["leaver"]),
        lambda s: bulk_seats.bulk_reclaim(s, ACTOR, ids),
    ]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(errors) <= 1  # the bulk reclaim may find the seats already gone
    with read_session() as s:
        for key in "abc":
            assert s.get(License, world[key]).seats_used == seats.active_count(s, world[key])
        assert s.get(Person, world["leaver"]).status == "offboarded"
