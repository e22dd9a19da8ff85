"""A completed usage audit never opens the door to overcommit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, License
from license_hub.models.types import utcnow
from license_hub.services.core.errors import DomainError
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import bulk_seats, usage_audits
from tests.factories import ACTOR, make_license, make_people


def _assign(lic, n, prefix="p"):
    ids = make_people(n, prefix)
    with write_session() as s:
        return [seats.assign(s, ACTOR, lic, person_id=pid).id for pid in ids]


def _active(lic):
    with read_session() as s:
        return s.exec(select(Assignment.id).where(Assignment.license_id == lic, Assignment.revoked_at.is_(None))).all()


def test_recording_fewer_than_assigned_asks_which_holders_to_reclaim(database):
    lic = make_license(seats_total=5)
    seat_ids = _assign(lic, 5)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic, now=utcnow() + timedelta(seconds=1))
    with pytest.raises(usage_audits.ReclaimNeeded) as err, write_session() as s:
        usage_audits.complete(s, ACTOR, lic, seats_after=3, now=utcnow() + timedelta(seconds=2))
    assert err.value.shortfall == 2 and [h.assignment_id for h in err.value.holders] == seat_ids
    assert len(_active(lic)) == 5  # nothing recorded, nothing reclaimed
    with write_session() as s:
        usage_audits.complete(
            s, ACTOR, lic, seats_after=3, reclaim_ids=seat_ids[:2], now=utcnow() + timedelta(seconds=2)
        )
    assert sorted(_active(lic)) == seat_ids[2:]
    with read_session() as s:
        assert s.get(License, lic).seats_used == 3
    with write_session() as s:
        for name in ("Freed one", "Freed two"):
            seats.assign(s, ACTOR, lic, assignee_name=name)
    with pytest.raises(DomainError), write_session() as s:  # 5 of 5: full
        seats.assign(s, ACTOR, lic, assignee_name="One too many")
    assert len(_active(lic)) == 5


def test_availability_uses_the_larger_of_recorded_and_assigned(database):
    lic = make_license(seats_total=3)
    _assign(lic, 3)
    with write_session() as s:  # a figure recorded below the rows (as older versions allowed)
        s.get(License, lic).seats_used = 0
    with pytest.raises(DomainError), write_session() as s:
        seats.assign(s, ACTOR, lic, assignee_name="Overcommit")
    (pid,) = make_people(1, "bulk")
    with pytest.raises(bulk_seats.BulkAssignRefused), write_session() as s:
        bulk_seats.bulk_assign(s, ACTOR, lic, person_ids=[pid])
    assert len(_active(lic)) == 3


def test_assignments_made_during_an_open_audit_are_kept(database):
    lic = make_license(seats_total=10)
    _assign(lic, 4)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic, now=utcnow() + timedelta(seconds=1))
    late = _assign(lic, 2, "late")
    with write_session() as s:
        usage_audits.complete(s, ACTOR, lic, seats_after=4, now=utcnow() + timedelta(seconds=2))
    assert set(late) <= set(_active(lic)) and len(_active(lic)) == 6
    with read_session() as s:
        assert s.get(License, lic).seats_used == 6
