"""Floating leases over HTTP, driven by the Python client: a publisher's customer
program with its license key, and a launcher on an own concurrent pool with an API
token. Full pools answer 409 or a queue place, bad input 400/422, never 500."""

from __future__ import annotations

import json
import threading

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from license_hub.api.routes import build
from license_hub.client.floating import FloatingClient, FloatingError, Lease, NoSeat, Waiting
from license_hub.db import read_session
from license_hub.models import FloatingLease
from tests.api.helpers import bearer, make_token
from tests.factories import make_people
from tests.services.floating.builders import own_license
from tests.services.publishing.builders import make_issued, make_policy, make_published


def transport_for(http: TestClient):
    lock = threading.Lock()  # the test client is not meant for several threads at once

    def send(method, url, headers, body):
        with lock:
            res = http.request(method, url, headers=headers, content=body)
        return res.status_code, res.json() if res.content else {}

    return send


def _publisher(seats: int = 1, model: str = "floating"):
    issued = make_issued(make_policy(make_published(), license_model=model, max_machines=seats))
    http = TestClient(build())
    return http, issued, FloatingClient("http://testserver", license_key=issued.key, transport=transport_for(http))


def test_check_out_queue_poll_and_check_in_with_the_license_key(database):
    _, _, client = _publisher(seats=1)
    lease = client.check_out(user="ana", host="cad-01", department="Design")
    assert isinstance(lease, Lease) and lease.expires_at
    with pytest.raises(NoSeat):
        client.check_out(user="ben", host="cad-02")
    waiting = client.check_out(user="ben", host="cad-02", wait=True)
    assert isinstance(waiting, Waiting) and waiting.position == 1
    assert isinstance(client.poll(waiting), Waiting)
    client.heartbeat(lease)
    client.check_in(lease)
    granted = client.poll(waiting)
    assert isinstance(granted, Lease)
    client.check_in(granted)
    borrowed = client.borrow(hours=24, user="ana", host="laptop")
    assert borrowed.borrowed
    client.return_lease(borrowed)
    with pytest.raises(FloatingError) as err:
        client.return_lease(borrowed)
    assert err.value.status == 404


def test_seat_context_heartbeats_in_the_background_and_checks_in(database):
    _, _, client = _publisher(seats=1)
    beats = threading.Event()
    original = client.heartbeat

    def counting(lease):
        got = original(lease)
        beats.set()
        return got

    client.heartbeat = counting  # type: ignore[method-assign]
    with client.seat(user="ana", host="cad-01", heartbeat_every=0.05) as lease:
        assert beats.wait(10)
        with read_session() as s:
            assert s.get(FloatingLease, lease.id).released_at is None
    with read_session() as s:
        assert s.get(FloatingLease, lease.id).release_reason == "check_in"
    assert isinstance(client.check_out(user="ben"), Lease)


def test_bad_input_and_wrong_keys_are_refused_cleanly(database):
    http, issued, _ = _publisher(seats=1)
    auth = {"Authorization": f"License {issued.key}"}
    assert http.post("/api/v1/floating/check-out", json={"user": "a"}).status_code == 401
    for body in ({"user": ""}, {"user": "x" * 201}, {"user": "a", "wait": "yes"}, {"user": 5}):
        res = http.post("/api/v1/floating/check-out", json=body, headers=auth)
        assert res.status_code == 400, (body, res.text)
    for body in ({}, {"lease_id": "1"}, {"lease_id": 2**31}, {"lease_id": True}):
        assert http.post("/api/v1/floating/heartbeat", json=body, headers=auth).status_code == 400
    res = http.post("/api/v1/floating/borrow", json={"user": "a", "hours": 1000}, headers=auth)
    assert res.status_code == 400 and "hours" in res.json()["fields"]
    assert http.post("/api/v1/floating/check-in", json={"lease_id": 99999}, headers=auth).status_code == 404
    res = http.post("/api/v1/floating/check-out", content=b"[1]", headers=auth)
    assert res.status_code == 400


def test_a_node_locked_license_has_no_floating_pool(database):
    http, issued, _ = _publisher(model="node-locked")
    res = http.post(
        "/api/v1/floating/check-out", json={"user": "a"}, headers={"Authorization": f"License {issued.key}"}
    )
    assert res.status_code == 422 and res.json()["error"] == "This license's policy is not floating"


def test_own_pool_with_a_token_for_people(database, api):
    lid = own_license(1, seat_type="concurrent")
    alice, bob = make_people(2, prefix="cad")
    token = make_token("Admin")
    client = FloatingClient("http://testserver", token=token, license_id=lid, transport=transport_for(api))
    lease = client.check_out(person_id=alice, host="ws-1", project="Bridge")
    assert isinstance(lease, Lease)
    with pytest.raises(NoSeat):
        client.check_out(person_id=bob)
    waiting = client.check_out(person_id=bob, wait=True)
    assert isinstance(waiting, Waiting)
    rows = api.get(f"/api/v1/licenses/{lid}/leases", headers=bearer(token)).json()
    assert [(r["user"], r["host"], r["project"], r["borrowed"]) for r in rows] == [
        ("cad0@example.com", "ws-1", "Bridge", False)
    ]
    client.check_in(lease)
    assert isinstance(client.poll(waiting), Lease)
    report = api.get(f"/api/v1/licenses/{lid}/leases/report?dimension=user", headers=bearer(token))
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["seats"] == 1 and body["peak"] == 1
    assert {r["key"]: r["denials"] for r in body["rows"]} == {"cad0@example.com": 0, "cad1@example.com": 1}
    with read_session() as s:
        assert {x.person_id for x in s.exec(select(FloatingLease))} == {alice, bob}


def test_own_pool_refuses_a_per_user_license_and_a_read_only_token(database, api):
    lid = own_license(3, seat_type="user")
    (person,) = make_people(1, prefix="viewer")
    res = api.post(f"/api/v1/licenses/{lid}/leases", json={"person_id": person}, headers=bearer(make_token("Admin")))
    assert res.status_code == 409 and res.json()["error"]["message"] == "This license's seat type is not concurrent"
    concurrent = own_license(3, seat_type="concurrent")
    read_only = make_token("Admin", scopes=["licenses:read"], email="ro@example.com")
    res = api.post(f"/api/v1/licenses/{concurrent}/leases", json={"person_id": person}, headers=bearer(read_only))
    assert res.status_code == 403
    assert json.loads(api.get(f"/api/v1/licenses/{concurrent}/leases", headers=bearer(read_only)).text) == []


def test_own_pool_routes_are_in_the_openapi_document(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/licenses/{license_id}/leases", "/licenses/{license_id}/queue/{queue_id}/poll"):
        assert path in paths
    assert "/floating/check-out" not in paths  # the license-key routes are outside the token API
