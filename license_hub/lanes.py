"""Thread lanes for work that must not queue behind other work.

`asyncio.to_thread` shares one small pool (cores + 4 threads) with every page
handler. A storm of sign-ins fills it with Argon2 hashes waiting for a hashing
slot, and the health check and every page queue behind them: a load balancer
then takes a healthy worker out of rotation. Password work runs in its own lane,
sized to the hashing slots, so a storm only delays other sign-ins; the health
probe has its own lane, so it is answered whatever else is busy.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from license_hub.services.access.accounts import HASH_SLOTS

T = TypeVar("T")

PROBE_THREADS = 2

_password_lane = ThreadPoolExecutor(max_workers=HASH_SLOTS, thread_name_prefix="lh-password")
_probe_lane = ThreadPoolExecutor(max_workers=PROBE_THREADS, thread_name_prefix="lh-probe")


async def _run(lane: ThreadPoolExecutor, fn: Callable[..., T], *args: object) -> T:
    return await asyncio.get_running_loop().run_in_executor(lane, functools.partial(fn, *args))


async def password_work(fn: Callable[..., T], *args: object) -> T:
    """Sign-in, password changes and temporary passwords: Argon2, off the shared pool."""
    return await _run(_password_lane, fn, *args)


async def probe(fn: Callable[..., T], *args: object) -> T:
    """The health check's probes: never behind page work or hashing."""
    return await _run(_probe_lane, fn, *args)
