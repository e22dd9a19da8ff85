"""Seed 003: a holder who left is always reclaimable. On a license that is not
reassignable their seat is retired: the assignment ends, the seat leaves the pool
(seats available stays down) until someone raises the total."""

from __future__ import annotations

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, License, Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.core.errors import DomainError
from license_hub.services.licenses import lifecycle
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import bulk_seats, reclaim
from license_hub.services.seats.assignments import NOT_REASSIGNABLE
from tests.api.helpers import bearer, make_token
from tests.factories import ACTOR, make_license, make_people, make_product


@pytest.fixture
def cad(database):
    """A 3-seat license that is not reassignable: a leaver's seat and a colleague's."""
    lic = make_license(make_product("CAD Pro"), seats_total=3, reassignable=False)
    leaver, colleague = make_people(2)
    with write_session() as s:
        left = seats.assign(s, ACTOR, lic, person_id=leaver).id
        stays = seats.assign(s, ACTOR, lic, person_id=colleague).id
    with write_session() as s:  # as a directory import leaves a leaver: offboarded, seats untouched
        person = s.get(Person, leaver)
        person.status, person.archived_at = PersonStatus.OFFBOARDED.value, utcnow()
    return {"license": lic, "left": left, "stays": stays}


def _counts(lid: int) -> tuple[int, int, int, int | None]:
    with read_session() as s:
        lic = s.get(License, lid)
        return lic.seats_used, lic.seats_total, lic.seats_retired, lic.seats_available


def test_reclaiming_a_leavers_seat_retires_it(cad):
    with write_session() as s:
        seat = seats.reclaim(s, ACTOR, cad["left"])
    assert seat.revoked_at is not None and seat.revoked_by == ACTOR
    assert _counts(cad["license"]) == (1, 2, 1, 1)  # available stays 1: the seat did not go back
    with read_session() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "retire_seat")).one()
    assert '"seats_retired":[0,1]' in event.diff


def test_a_colleagues_seat_on_the_same_license_is_still_refused(cad):
    with write_session() as s, pytest.raises(DomainError, match=NOT_REASSIGNABLE):
        seats.reclaim(s, ACTOR, cad["stays"])
    assert _counts(cad["license"]) == (2, 3, 0, 1)


def test_bulk_reclaim_retires_leavers_and_refuses_the_rest(cad):
    with write_session() as s, pytest.raises(bulk_seats.BulkReclaimRefused):
        bulk_seats.bulk_reclaim(s, ACTOR, [cad["left"], cad["stays"]])
    with write_session() as s:
        result = bulk_seats.bulk_reclaim(s, ACTOR, [cad["left"]])
    assert (result.reclaimed, result.retired) == (1, 1)
    assert _counts(cad["license"]) == (1, 2, 1, 1)


def test_the_dormant_reclaim_retires_a_leavers_seat(cad):
    with write_session() as s:
        result = reclaim.reclaim_dormant(s, ACTOR, [cad["left"]], window_days=90)
    assert (result.reclaimed, result.retired, result.skipped) == (1, 1, ())
    assert _counts(cad["license"]) == (1, 2, 1, 1)


def test_raising_the_total_gives_retired_seats_back(cad):
    with write_session() as s:
        seats.reclaim(s, ACTOR, cad["left"])
    with write_session() as s:
        lifecycle.update(s, ACTOR, cad["license"], {"seats_total": "4"})
    assert _counts(cad["license"]) == (1, 4, 0, 3)


def test_the_api_reclaims_a_leavers_seat(cad):
    from starlette.testclient import TestClient

    from license_hub.api.routes import build

    api = TestClient(build(), base_url="http://testserver")
    headers = bearer(make_token("Admin"))
    res = api.post(f"/api/v1/seats/{cad['left']}/reclaim", headers=headers)
    assert res.status_code == 200, res.text
    with read_session() as s:
        assert s.get(Assignment, cad["left"]).revoked_at is not None
    assert _counts(cad["license"]) == (1, 2, 1, 1)
    refused = api.post(f"/api/v1/seats/{cad['stays']}/reclaim", headers=headers)
    assert refused.status_code == 409
