"""The audit log as JSON: the audit log page's filters, paging with a hard cap, audit:read."""

from __future__ import annotations

from datetime import date, timedelta

from tests.api.helpers import bearer, make_token
from tests.factories import ACTOR, fill_seats, make_license

URL = "/api/v1/audit-events"


def test_filters_and_paging(api):
    lic = make_license(seats_total=5)
    other = make_license(seats_total=5, product_name="Slack")
    fill_seats(lic, 3)
    token = bearer(make_token("Admin", name="auditor"))
    res = api.get(URL, params={"action": "assign", "limit": 2}, headers=token)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["items"][0]["seq"] > body["items"][1]["seq"]
    created = api.get(
        URL, params={"object_type": "license", "object_id": other, "action": "create"}, headers=token
    ).json()
    assert created["total"] == 1 and created["items"][0]["actor"] == ACTOR
    assert api.get(URL, params={"actor": ACTOR.upper(), "action": "create"}, headers=token).json()["total"] == 4
    assert api.get(URL, params={"q": "seat holder 2"}, headers=token).json()["total"] == 1
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert api.get(URL, params={"since": tomorrow}, headers=token).json()["total"] == 0
    assert api.get(URL, params={"until": tomorrow, "action": "assign"}, headers=token).json()["total"] == 3


def test_scope_and_validation(api):
    make_license()
    assert api.get(URL).status_code == 401
    reader = bearer(make_token("Admin", ["licenses:read"], name="reader"))
    res = api.get(URL, headers=reader)
    assert res.status_code == 403 and res.json()["error"]["code"] == "missing_scope"
    finance = bearer(make_token("Finance", name="finance"))
    assert api.get(URL, headers=finance).status_code == 403
    token = bearer(make_token("Admin", name="auditor"))
    for params, field in (
        ({"limit": 201}, "limit"),
        ({"since": "yesterday"}, "since"),
        ({"object_id": 0}, "object_id"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "since"),
    ):
        res = api.get(URL, params=params, headers=token)
        assert res.status_code == 422 and field in res.json()["error"]["fields"], params
