"""Merging two people who are the same: a preview first, then seats (with their
usage and history), devices, hosts, owned licenses, accounts and reports move to
the kept person in one transaction; a seat both hold is kept once, the other reclaimed."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, Device, License, Person
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.directory import devices, merge, people
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_product


@pytest.fixture
def pair(database):
    """Ada (kept) and A. Lovelace (the duplicate, with an employee id): both hold Figma,
    the duplicate also Office, a reclaimed Miro seat, a laptop and a report."""
    figma, office, miro = (make_product(n) for n in ("Figma", "Office", "Miro"))
    lic_f, lic_o, lic_m = (make_license(p, seats_total=5) for p in (figma, office, miro))
    with write_session() as s:
        keep = people.create_person(s, ACTOR, name="Ada Lovelace", email="ada@example.com").id
        dup = people.create_person(
            s, ACTOR, name="A. Lovelace", email="alovelace@example.com", employee_id="E-7", department="Research"
        ).id
        report = people.create_person(s, ACTOR, name="Bob", email="bob@example.com", manager_id=dup).id
        mine = seats.assign(s, ACTOR, lic_f, person_id=keep).id
        theirs = seats.assign(s, ACTOR, lic_f, person_id=dup)
        theirs.last_used_at = utcnow() - timedelta(days=1)  # the duplicate used Figma: their seat stays
        s.add(theirs)
        seats.assign(s, ACTOR, lic_o, person_id=dup)
        old = seats.assign(s, ACTOR, lic_m, person_id=dup).id
        devices.add_device(s, ACTOR, {"name": "Laptop", "owner_id": dup})
    with write_session() as s:
        seats.reclaim(s, ACTOR, old)
    return {
        "keep": keep,
        "dup": dup,
        "report": report,
        "mine": mine,
        "theirs": theirs.id,
        "figma": lic_f,
        "office": lic_o,
    }


def test_preview_shows_moves_conflicts_and_filled_fields(pair):
    with read_session() as s:
        p = merge.preview(s, pair["keep"], pair["dup"])
    assert (p.keep_name, p.merge_name, p.seats_moving, p.history_moving) == ("Ada Lovelace", "A. Lovelace", 1, 1)
    assert [(c.license_id, c.kept_assignment_id, c.reclaimed_assignment_id) for c in p.conflicts] == [
        (pair["figma"], pair["theirs"], pair["mine"])
    ]
    assert (p.devices, p.reports, p.problems) == (1, 1, ())
    assert p.filled == {"employee_id": "E-7", "department": "Research"}


def test_merge_moves_everything_in_one_transaction(pair):
    with write_session() as s:
        merge.merge(s, ACTOR, pair["keep"], pair["dup"])
    with read_session() as s:
        assert s.get(Person, pair["dup"]) is None
        keep = s.get(Person, pair["keep"])
        assert (keep.email, keep.employee_id, keep.department) == ("ada@example.com", "E-7", "Research")
        held = s.exec(select(Assignment).where(Assignment.person_id == pair["keep"])).all()
        assert {a.id for a in held if a.revoked_at is None} == {
            pair["theirs"],
            *(a.id for a in held if a.license_id == pair["office"]),
        }
        assert len(held) == 4  # the reclaimed duplicate seat and the old Miro seat stay as history
        assert s.get(Assignment, pair["mine"]).revoked_at is not None
        assert s.get(License, pair["figma"]).seats_used == 1
        assert s.exec(select(Device.owner_id)).one() == pair["keep"]
        assert s.get(Person, pair["report"]).manager_id == pair["keep"]
        merged = s.exec(select(AuditEvent).where(AuditEvent.action == "merge")).one()
        assert merged.object_id == pair["keep"] and "A. Lovelace" in merged.diff
        assert s.exec(select(func.count()).where(AuditEvent.action == "merge_reclaim")).one() == 1
        assert audit_log.verify(s).ok
        # the kept person can take the duplicate's old email now it is free
        assert s.exec(select(func.count()).where(Person.email == "alovelace@example.com")).one() == 0


def test_refused_merges_change_nothing(pair):
    with pytest.raises(DomainError, match="two different people"), write_session() as s:
        merge.merge(s, ACTOR, pair["keep"], pair["keep"])
    with pytest.raises(NotFound), write_session() as s:
        merge.merge(s, ACTOR, pair["keep"], 99999)
    cad = make_license(make_product("CAD"), seats_total=3, reassignable=False)
    with write_session() as s:
        seats.assign(s, ACTOR, cad, person_id=pair["keep"])
        seats.assign(s, ACTOR, cad, person_id=pair["dup"])
    with pytest.raises(DomainError, match="not reassignable"), write_session() as s:
        merge.merge(s, ACTOR, pair["keep"], pair["dup"])
    with read_session() as s:
        assert s.get(Person, pair["dup"]) is not None
        assert s.get(License, pair["figma"]).seats_used == 2


def test_two_merges_racing_on_one_pair_one_wins(pair):
    results: list[str] = []
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            with write_session() as s:
                merge.merge(s, ACTOR, pair["keep"], pair["dup"])
            results.append("ok")
        except (DomainError, NotFound) as exc:
            results.append(type(exc).__name__)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["NotFound", "ok"]
    with read_session() as s:
        assert s.get(License, pair["figma"]).seats_used == 1


def test_a_duplicate_who_managed_the_kept_person_leaves_no_self_manager(pair):
    with write_session() as s:
        people.update_person(s, ACTOR, pair["keep"], {"manager_id": pair["dup"]})
    with write_session() as s:
        merge.merge(s, ACTOR, pair["keep"], pair["dup"])
    with read_session() as s:
        assert s.get(Person, pair["keep"]).manager_id is None
        assert s.get(Person, pair["report"]).manager_id == pair["keep"]
