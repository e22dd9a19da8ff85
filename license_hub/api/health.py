"""GET /api/v1/health for a load balancer: 200 when this worker can serve, 503 when not.

No sign-in (a load balancer has none) and nothing secret in the answer; the checks
run in a worker thread so a slow database never blocks the event loop."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from license_hub import lanes
from license_hub import settings as settings_mod
from license_hub.services.core import health as health_service

TIMEOUT_SECONDS = 3.0


async def health(_: Request) -> JSONResponse:
    try:
        report = await asyncio.wait_for(
            lanes.probe(health_service.check, settings_mod.settings.redis_url), TIMEOUT_SECONDS
        )
    except asyncio.TimeoutError:
        return JSONResponse(
            {"status": "unavailable", "error": "health checks timed out"},
            status_code=503,
            headers={"Cache-Control": "no-store"},
        )
    return JSONResponse(
        report.as_dict(), status_code=200 if report.healthy else 503, headers={"Cache-Control": "no-store"}
    )


ROUTES = [Route("/api/v1/health", health, methods=["GET"])]
