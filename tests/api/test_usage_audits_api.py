"""Usage audits through the API: start, complete (naming the holders to reclaim when the
count drops below the seats assigned), cancel, history; every write names the token."""

from __future__ import annotations

from sqlmodel import select

from license_hub.db import read_session
from license_hub.models import Assignment, AuditEvent, License
from tests.api.helpers import bearer, make_token
from tests.factories import fill_seats, make_license

ACTOR = "admin@example.com via token 'CI sync'"


def _url(license_id: int, tail: str = "") -> str:
    return f"/api/v1/licenses/{license_id}/usage-audits{tail}"


def _actors(action: str) -> list[str]:
    with read_session() as s:
        return [e.actor for e in s.exec(select(AuditEvent).where(AuditEvent.action == action))]


def test_audit_round_trip_records_the_count_and_the_token(api):
    lic = make_license(seats_total=10)
    fill_seats(lic, 2)
    admin = bearer(make_token("Admin", name="CI sync"))
    res = api.post(_url(lic), headers=admin)
    assert res.status_code == 201, res.text
    assert res.json()["status"] == "in_progress" and res.json()["seats_before"] == 2
    again = api.post(_url(lic), headers=admin)
    assert again.status_code == 409 and "already in progress" in again.json()["error"]["message"]
    res = api.post(
        _url(lic, "/complete"), json={"seats_after": 4, "notes": "console", "next_audit_months": 3}, headers=admin
    )
    assert res.status_code == 200, res.text
    done = res.json()
    assert (done["status"], done["seats_after"], done["delta"]) == ("completed", 4, 2)
    assert done["next_audit_on"] is not None and done["completed_by"] == ACTOR
    with read_session() as s:
        assert s.get(License, lic).seats_used == 4
    assert _actors("usage_audit_start") == [ACTOR] and _actors("usage_audit_complete") == [ACTOR]
    history = api.get(_url(lic), headers=admin).json()
    assert history["total"] == 1 and history["items"][0]["id"] == done["id"]


def test_a_lower_count_needs_the_holders_to_reclaim(api):
    lic = make_license(seats_total=10)
    fill_seats(lic, 3)
    admin = bearer(make_token("Admin", name="CI sync"))
    api.post(_url(lic), headers=admin)
    res = api.post(_url(lic, "/complete"), json={"seats_after": 1}, headers=admin)
    assert res.status_code == 422, res.text
    err = res.json()["error"]
    assert err["code"] == "reclaim_needed" and "choose the 2 holders" in err["message"]
    assert "Seat holder 1" in err["fields"]["reclaim_assignment_ids"]
    with read_session() as s:
        seats = sorted(s.exec(select(Assignment.id).where(Assignment.license_id == lic)).all())
        assert s.get(License, lic).seats_used == 3  # nothing recorded
    res = api.post(_url(lic, "/complete"), json={"seats_after": 1, "reclaim_assignment_ids": seats[:2]}, headers=admin)
    assert res.status_code == 200, res.text
    with read_session() as s:
        active = s.exec(select(Assignment.id).where(Assignment.license_id == lic, Assignment.revoked_at.is_(None)))
        assert list(active) == [seats[2]] and s.get(License, lic).seats_used == 1
    assert _actors("reclaim") == [ACTOR, ACTOR]


def test_cancel_leaves_seats_used(api):
    lic = make_license(seats_total=10)
    fill_seats(lic, 2)
    admin = bearer(make_token("Admin", name="CI sync"))
    assert api.post(_url(lic, "/cancel"), headers=admin).status_code == 409  # nothing open
    api.post(_url(lic), headers=admin)
    res = api.post(_url(lic, "/cancel"), headers=admin)
    assert res.status_code == 200 and res.json()["status"] == "cancelled" and res.json()["seats_after"] is None
    assert _actors("usage_audit_cancel") == [ACTOR]
    with read_session() as s:
        assert s.get(License, lic).seats_used == 2


def test_scopes_and_validation(api):
    lic = make_license(seats_total=10)
    reader = bearer(make_token("Admin", ["licenses:read"], name="reader"))
    assert api.get(_url(lic), headers=reader).status_code == 200
    res = api.post(_url(lic), headers=reader)
    assert res.status_code == 403 and res.json()["error"]["code"] == "missing_scope"
    assert api.get(_url(lic)).status_code == 401
    admin = bearer(make_token("Admin", name="CI sync"))
    assert api.get(_url(999_999), headers=admin).status_code == 404
    api.post(_url(lic), headers=admin)
    res = api.post(_url(lic, "/complete"), json={"seats_after": -1}, headers=admin)
    assert res.status_code == 422 and "seats_after" in res.json()["error"]["fields"]
    res = api.post(_url(lic, "/complete"), json={"seats_after": 1, "next_audit_months": 5}, headers=admin)
    assert res.status_code == 422 and "next_audit_months" in res.json()["error"]["fields"]
    res = api.post(_url(lic, "/complete"), json={"seats_after": 1, "colour": "red"}, headers=admin)
    assert res.status_code == 422 and "colour" in res.json()["error"]["fields"]
