"""Rate limits per token: headers on every answer, 429 with Retry-After past the
limit, another token unaffected; shared through Redis when configured."""

from __future__ import annotations

import uuid

import pytest

from license_hub import settings
from license_hub.api import rate_limit
from tests.api.helpers import bearer, make_token


@pytest.fixture
def limit_3(monkeypatch, database):
    monkeypatch.setenv("LICENSE_HUB_API_RATE_LIMIT", "3")
    settings.reload()
    yield
    monkeypatch.delenv("LICENSE_HUB_API_RATE_LIMIT")
    settings.reload()


def test_a_token_past_its_limit_gets_429(api, limit_3, monkeypatch):
    monkeypatch.setattr(rate_limit, "_memory", rate_limit.MemoryCounter())
    first, second = bearer(make_token("Viewer", name="one")), bearer(make_token("Viewer", name="two"))
    answers = [api.get("/api/v1/licenses", headers=first) for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    assert [r.headers["X-RateLimit-Remaining"] for r in answers] == ["2", "1", "0", "0"]
    refused = answers[3]
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60 and refused.headers["X-RateLimit-Reset"]
    assert api.get("/api/v1/licenses", headers=second).status_code == 200


def test_windows_reset_after_a_minute():
    key = f"test:{uuid.uuid4()}"
    assert [rate_limit.check(key, 2, now=120.0).allowed for _ in range(3)] == [True, True, False]
    assert rate_limit.check(key, 2, now=180.5).allowed


def test_redis_counts_across_workers(monkeypatch):
    """Two counters (as two worker processes would have) share one budget through Redis."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379", socket_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    key = f"test:{uuid.uuid4()}"
    one, two = rate_limit.RedisCounter("redis://127.0.0.1:6379"), rate_limit.RedisCounter("redis://127.0.0.1:6379")
    assert [one.hit(key, 7), two.hit(key, 7), one.hit(key, 7)] == [1, 2, 3]
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:6379")
    settings.reload()
    try:
        assert isinstance(rate_limit.counter(), rate_limit.RedisCounter)
    finally:
        monkeypatch.delenv("REFLEX_REDIS_URL")
        settings.reload()
