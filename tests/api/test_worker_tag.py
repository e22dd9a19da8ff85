"""The worker tag: off unless LICENSE_HUB_WORKER_TAG=1; when on, HTTP answers and websocket
handshakes name the worker process."""

from __future__ import annotations

import asyncio
import os

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient

from license_hub.api import worker_tag


async def _hello(_):
    return PlainTextResponse("hello")


async def _ws(websocket):
    await websocket.accept()
    await websocket.send_text("hi")
    await websocket.close()


def _app():
    return Starlette(routes=[Route("/", _hello), WebSocketRoute("/ws", _ws)])


def test_off_by_default(monkeypatch):
    monkeypatch.delenv("LICENSE_HUB_WORKER_TAG", raising=False)
    app = _app()
    assert worker_tag.transformer(app) is app
    assert "x-license-hub-worker" not in TestClient(app).get("/").headers


def test_on_tags_http_answers_and_websocket_handshakes(monkeypatch):
    monkeypatch.setenv("LICENSE_HUB_WORKER_TAG", "1")
    client = TestClient(worker_tag.transformer(_app()))
    assert client.get("/").headers["x-license-hub-worker"] == str(os.getpid())
    sent: list[dict] = []

    async def handshake() -> None:
        messages = iter([{"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": 1000}])

        async def receive():
            return next(messages)

        async def send(message):
            sent.append(message)

        await worker_tag.transformer(_app())(
            {
                "type": "websocket",
                "path": "/ws",
                "headers": [],
                "query_string": b"",
                "scheme": "ws",
                "server": ("test", 80),
                "root_path": "",
            },
            receive,
            send,
        )

    asyncio.run(handshake())
    accept = next(m for m in sent if m["type"] == "websocket.accept")
    assert (b"x-license-hub-worker", str(os.getpid()).encode()) in accept["headers"]
