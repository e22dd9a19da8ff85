"""/api/v1/health: what a load balancer sees, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from license_hub import db, settings
from license_hub.api.routes import build
from license_hub.jobs import lease
from license_hub.services.access import accounts as access


@pytest.fixture
def client(database):
    return TestClient(build())


def test_healthy_without_redis_reports_database_and_no_lease(client):
    resp = client.get("/api/v1/health")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["redis"] == {"configured": False}
    assert body["scheduler_lease"] == {"held": False, "holder": None, "expires_at": None}
    assert resp.headers["cache-control"] == "no-store"


def test_reports_who_holds_the_scheduler_lease(client):
    assert lease.acquire(db.engine(), "worker-a:123", 60)
    body = client.get("/api/v1/health").json()
    assert body["scheduler_lease"]["held"] is True
    assert body["scheduler_lease"]["holder"] == "worker-a:123"
    assert body["scheduler_lease"]["expires_at"]


def test_an_expired_lease_is_reported_but_does_not_fail_the_worker(client):
    assert lease.acquire(db.engine(), "worker-a:123", 60)
    lease.release(db.engine(), "worker-a:123")
    resp = client.get("/api/v1/health")
    assert resp.status_code == 200
    assert resp.json()["scheduler_lease"]["held"] is False


def test_redis_answering_is_healthy(client, monkeypatch):
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:6379/0")
    settings.reload()
    resp = client.get("/api/v1/health")
    assert resp.status_code == 200
    assert resp.json()["redis"]["ok"] is True


def test_redis_down_answers_503_without_leaking_the_url(client, monkeypatch):
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://:hunter2-secret@127.0.0.1:1/0")
    settings.reload()
    resp = client.get("/api/v1/health")
    assert resp.status_code == 503
    body = resp.json()
    assert body["status"] == "unavailable"
    assert body["redis"]["ok"] is False and body["redis"]["error"]
    assert body["database"]["ok"] is True
    assert "hunter2" not in resp.text and "127.0.0.1" not in resp.text


def test_database_down_answers_503(client, monkeypatch):
    monkeypatch.setenv("REFLEX_DB_URL", "postgresql+psycopg://nobody:pw-secret@127.0.0.1:1/none")
    settings.reload()
    resp = client.get("/api/v1/health")
    assert resp.status_code == 503
    assert resp.json()["database"]["ok"] is False
    assert "pw-secret" not in resp.text


def test_needs_no_sign_in_and_reveals_no_user_data(client):
    with db.write_session() as s:
        access.create_user(s, "test", email="admin@example.com", password="a-long-password-1", role="Admin")
    resp = client.get("/api/v1/health")
    assert resp.status_code == 200
    assert "admin@example.com" not in json.dumps(resp.json())


def test_answers_fast_while_a_writer_holds_the_database(client):
    """Health takes no write lock: it answers while a long write transaction is open."""
    with db.write_session() as s:
        access.create_user(s, "test", email="writer@example.com", password="a-long-password-1", role="Viewer")
        resp = client.get("/api/v1/health")
    assert resp.status_code == 200  # a probe that waited on the lock would time out: 503
    assert resp.json()["database"]["ok"] is True


def test_health_answers_while_a_sign_in_storm_holds_every_thread(database, monkeypatch):
    """Sign-ins and the health check once shared asyncio's small thread pool: thirty
    sign-ins waiting on Argon2 left the probe queued until it timed out (503)."""
    import asyncio
    import threading

    import httpx

    release = threading.Event()

    def slow_sign_in(*_args, **_kwargs):
        release.wait(20)
        raise access.Throttled(1)

    monkeypatch.setattr(access, "sign_in", slow_sign_in)

    async def storm() -> tuple[int, list[int]]:
        transport = httpx.ASGITransport(app=build())
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            form = {"email": "ann@example.com", "password": "wrong wrong wrong"}
            headers = {"origin": "http://testserver"}
            sign_ins = [
                asyncio.create_task(http.post("/api/v1/session", data=form, headers=headers)) for _ in range(30)
            ]
            await asyncio.sleep(0.5)  # every sign-in is now waiting in a thread
            health = (await http.get("/api/v1/health")).status_code
            release.set()
            return health, [r.status_code for r in await asyncio.gather(*sign_ins)]

    try:
        health, answers = asyncio.run(storm())
    finally:
        release.set()
    assert health == 200
    assert answers == [429] * 30
