"""The /api/v1 FastAPI app: the resource routers, the JSON error shape, the
OpenAPI document at /api/v1/openapi.json and interactive docs at /api/v1/docs."""
from __future__ import annotations

from typing import Iterable

from fastapi import APIRouter, FastAPI

from license_hub.api import errors
from license_hub.api.v1 import exports

DESCRIPTION = """License Hub's REST API. Authenticate with an API token created on the
account page: `Authorization: Bearer lh_...`. Each route names the scope it needs;
a token never does more than its user's role allows. Errors are
`{"error": {"code": "...", "message": "..."}}`."""


def build(routers: Iterable[APIRouter]) -> FastAPI:
    app = FastAPI(title="License Hub API", version="1", description=DESCRIPTION, openapi_url="/openapi.json",
                  docs_url="/docs", redoc_url=None, swagger_ui_oauth2_redirect_url=None)
    errors.install(app)
    for router in routers:
        app.include_router(router)
    for route in exports.ROUTES:
        app.router.routes.append(route)
    return app
