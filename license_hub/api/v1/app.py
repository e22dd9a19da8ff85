"""The /api/v1 FastAPI app: the resource routers, the JSON error shape, the
OpenAPI document at /api/v1/openapi.json and interactive docs at /api/v1/docs."""
from __future__ import annotations

from typing import Iterable

from fastapi import APIRouter, FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from license_hub.api import errors
from license_hub.api.v1 import exports

DESCRIPTION = """License Hub's REST API. Authenticate with an API token created on the
account page: `Authorization: Bearer lh_...`. Each route names the scope it needs;
a token never does more than its user's role allows. Errors are
`{"error": {"code": "...", "message": "..."}}`."""


class RateLimitHeaders:
    """Adds the X-RateLimit-* headers the auth dependency computed to the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = (scope.get("state") or {}).get("rate_limit_headers")
                if extra:
                    headers = MutableHeaders(scope=message)
                    for name, value in extra.items():
                        headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def build(routers: Iterable[APIRouter]) -> FastAPI:
    app = FastAPI(title="License Hub API", version="1", description=DESCRIPTION, openapi_url="/openapi.json",
                  docs_url="/docs", redoc_url=None, swagger_ui_oauth2_redirect_url=None)
    errors.install(app)
    app.add_middleware(RateLimitHeaders)
    for router in routers:
        app.include_router(router)
    for route in exports.ROUTES:
        app.router.routes.append(route)
    return app
