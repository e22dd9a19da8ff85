"""The sign-in route under attack: 429 with Retry-After, cross-site POSTs refused,
the Secure cookie forced behind a TLS proxy, `next=` kept on this site."""

from __future__ import annotations

from datetime import timedelta

from starlette.testclient import TestClient

from license_hub import settings
from license_hub.api.routes import build
from license_hub.api.session import safe_next
from license_hub.db import write_session
from license_hub.services.access import accounts as access
from license_hub.services.access import throttle

PW = "correct horse battery"
SITE = {"origin": "http://testserver"}


def _client() -> TestClient:
    return TestClient(build(), follow_redirects=False)


def _user(email="ann@example.com"):
    with write_session() as s:
        access.create_user(s, "admin", email=email, password=PW, role="Admin")


def test_repeated_failures_answer_429_with_retry_after(database, monkeypatch):
    _user()
    client = _client()
    # A wait far longer than any request here (the real schedule starts at 1 s, which
    # a loaded machine can outlast between two requests); the schedule is tested in
    # the services.
    free = throttle.FREE_FAILURES
    monkeypatch.setattr(throttle, "delay_for", lambda failures, cap: timedelta(seconds=60 if failures >= free else 0))
    for _ in range(throttle.FREE_FAILURES):
        res = client.post(
            "/api/v1/session", data={"email": "ann@example.com", "password": "nope nope nope"}, headers=SITE
        )
        assert res.status_code == 303 and "error=invalid" in res.headers["location"]
    res = client.post("/api/v1/session", data={"email": "ann@example.com", "password": "nope nope nope"}, headers=SITE)
    assert res.status_code == 429
    res = client.post("/api/v1/session", data={"email": "ann@example.com", "password": PW}, headers=SITE)
    assert res.status_code == 429  # the right password waits too
    assert int(res.headers["retry-after"]) >= 1
    assert "error=throttled" in res.text and "lh_session" not in res.headers.get("set-cookie", "")


def test_cross_site_post_is_refused_but_bearer_calls_are_not(database):
    _user()
    client = _client()
    form = {"email": "ann@example.com", "password": PW}
    res = client.post("/api/v1/session", data=form, headers={"origin": "https://evil.example"})
    assert res.status_code == 403 and res.json()["code"] == "cross_site"
    res = client.post("/api/v1/session", data=form, headers={"referer": "https://evil.example/form"})
    assert res.status_code == 403
    res = client.post("/api/v1/session/end", headers={"origin": "https://evil.example"})
    assert res.status_code == 403
    token = access.sign_in("ann@example.com", PW)
    res = client.post(
        "/api/v1/session/end", headers={"origin": "https://evil.example", "authorization": f"Bearer {token}"}
    )
    assert res.status_code == 303
    res = client.post("/api/v1/session", data=form, headers=SITE)
    assert res.status_code == 303 and "lh_session=" in res.headers["set-cookie"]


def test_secure_cookie_setting_forces_the_flag(database, monkeypatch):
    _user()
    form = {"email": "ann@example.com", "password": PW}
    res = _client().post("/api/v1/session", data=form, headers=SITE)
    assert "secure" not in res.headers["set-cookie"].lower()
    monkeypatch.setenv("LICENSE_HUB_SECURE_COOKIES", "1")
    settings.reload()
    res = _client().post("/api/v1/session", data=form, headers=SITE)
    assert "secure" in res.headers["set-cookie"].lower()


def test_next_refuses_backslash_and_protocol_relative_forms():
    for bad in (
        "/\\evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "//evil.example",
        "https://evil.example",
        "/%0d%0a".replace("%0d%0a", "\r\n") + "x",
    ):
        assert safe_next(bad) == "/licenses", bad
    assert safe_next("/licenses/4?tab=seats") == "/licenses/4?tab=seats"


def test_api_refuses_a_user_who_must_change_password(database):
    with write_session() as s:
        access.create_user(s, "admin", email="tmp@example.com", password=PW, role="Admin", must_change_password=True)
    token = access.sign_in("tmp@example.com", PW)
    res = _client().get("/api/v1/spend.csv", headers={"authorization": f"Bearer {token}"})
    assert res.status_code == 403
