"""Requests per API token per minute, in fixed one-minute windows. In one process
the count lives in memory; with REFLEX_REDIS_URL set (several workers) it lives in
Redis, so every worker counts against the same budget. Answers carry
X-RateLimit-Limit/Remaining/Reset; a refusal is 429 with Retry-After."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from license_hub import settings as settings_mod

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_in: int  # seconds until the window ends

    def headers(self) -> dict[str, str]:
        out = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_in),
        }
        if not self.allowed:
            out["Retry-After"] = str(self.reset_in)
        return out


class MemoryCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, int]] = {}

    def hit(self, key: str, window: int) -> int:
        with self._lock:
            if len(self._counts) > 10_000:  # forget windows that are over
                self._counts = {k: v for k, v in self._counts.items() if v[0] >= window}
            start, count = self._counts.get(key, (window, 0))
            count = count + 1 if start == window else 1
            self._counts[key] = (window, count)
            return count


class RedisCounter:
    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2)

    def hit(self, key: str, window: int) -> int:
        name = f"license_hub:ratelimit:{key}:{window}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, WINDOW_SECONDS * 2)
        count, _ = pipe.execute()
        return int(count)


_memory = MemoryCounter()


@lru_cache(maxsize=4)
def _redis_counter(url: str) -> RedisCounter:
    return RedisCounter(url)


def counter():
    url = settings_mod.settings.redis_url
    return _redis_counter(url) if url else _memory


def check(key: str, limit: int | None = None, now: float | None = None) -> Verdict:
    """Count one request for `key` and say whether it is within the limit."""
    limit = limit or settings_mod.settings.api_rate_limit
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    count = counter().hit(key, window)
    reset_in = max(1, int((window + 1) * WINDOW_SECONDS - now))
    return Verdict(count <= limit, limit, max(limit - count, 0), reset_in)
