"""Which worker answered? Only when LICENSE_HUB_WORKER_TAG=1 (tests and load runs).

With several workers a browser's websocket may land on any of them; the
multi-worker tests prove a reconnect moved to another worker by reading this
header on the websocket handshake (and on plain HTTP answers). Off by default:
a process id is nobody else's business.
"""

from __future__ import annotations

import os
import sys

HEADER = b"x-license-hub-worker"


def _enabled() -> bool:
    return os.environ.get("LICENSE_HUB_WORKER_TAG", "").strip().lower() in {"1", "true", "yes", "on"}


def transformer(app):
    """api_transformer hook: the app unchanged, or wrapped to tag its answers."""
    return _Tagged(app) if _enabled() else app


class _Tagged:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        tag = (HEADER, str(os.getpid()).encode())

        async def tagged(message):
            if message["type"] in ("http.response.start", "websocket.accept"):
                message = {**message, "headers": [*message.get("headers", []), tag]}
            if message["type"] == "websocket.accept":  # not every server passes accept headers on
                print(f"license-hub worker {os.getpid()} accepted a websocket", file=sys.stderr, flush=True)
            await send(message)

        return await self.app(scope, receive, tagged)
