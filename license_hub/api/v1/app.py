"""The /api/v1 FastAPI app: the resource routers, the JSON error shape, the
OpenAPI document at /api/v1/openapi.json and interactive docs at /api/v1/docs."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from license_hub.api import errors
from license_hub.api.v1 import exports

DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"
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


def _add_docs(app: FastAPI) -> None:
    """Interactive docs at /docs, with Swagger UI served from the installed package
    (never from a CDN: the browser talks to this server only)."""
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}/openapi.json",
            title="License Hub API",
            swagger_js_url=f"{root}/docs-assets/swagger-ui-bundle.js",
            swagger_css_url=f"{root}/docs-assets/swagger-ui.css",
            swagger_favicon_url=f"{root}/docs-assets/favicon.png",
        )


def build(routers: Iterable[APIRouter]) -> FastAPI:
    app = FastAPI(
        title="License Hub API",
        version="1",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    _add_docs(app)
    errors.install(app)
    app.add_middleware(RateLimitHeaders)
    for router in routers:
        app.include_router(router)
    for route in exports.ROUTES:
        app.router.routes.append(route)
    return app
