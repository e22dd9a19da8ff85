"""Floating routes a publisher's customer program calls, authenticated with the
license key (`Authorization: License <key>`) like the machine routes: check-out
(optionally waiting in the queue), heartbeat, check-in, borrow, return, and the
queue's poll and leave. The license's policy must be floating.

    POST /api/v1/floating/check-out   {"user", "host"?, "department"?, "project"?, "group"?, "wait"?}
    POST /api/v1/floating/borrow      {"user", "host"?, ..., "hours"?}
    POST /api/v1/floating/heartbeat   {"lease_id"}
    POST /api/v1/floating/check-in    {"lease_id"}
    POST /api/v1/floating/return      {"lease_id"}
    POST /api/v1/floating/queue/poll  {"queue_id"}
    POST /api/v1/floating/queue/leave {"queue_id"}
    GET  /api/v1/floating/published/{id}/usage.csv · /api/v1/floating/own/{id}/usage.csv (signed in)
Granted: 201 with the lease; queued: 202 with the queue place (poll at least
every minute); denied: 409 with code NO_SEAT.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from license_hub.api.auth import record_export, require
from license_hub.api.publishing import _error, _json, _text, _with_license
from license_hub.db import read_session, write_session
from license_hub.models.types import utcnow
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.floating import analytics, engine, leases, pools, queue, views
from license_hub.services.floating.leases import Outcome

MAX_ID = 2**31 - 1


def outcome_response(outcome: Outcome) -> Response:
    if outcome.status == "denied":
        return _error(outcome.message, "NO_SEAT", 409)
    if outcome.status == "queued":
        return JSONResponse(
            {
                "status": "queued",
                "queue_id": outcome.queue_id,
                "position": outcome.position,
                "poll_within_seconds": int(engine.POLL_EVERY.total_seconds()),
            },
            status_code=202,
        )
    return JSONResponse(
        {
            "status": "granted",
            "lease_id": outcome.lease_id,
            "expires_at": outcome.expires_at.isoformat() if outcome.expires_at else None,
            "borrowed": outcome.borrowed,
        },
        status_code=201,
    )


def _id(data: dict, key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_ID:
        raise ValidationError({key: f"{key} must be a positive whole number"})
    return value


def _holder(data: dict) -> engine.Holder:
    return leases.check_holder(
        engine.Holder(
            user=_text(data, "user", 200),
            host=_text(data, "host", 200),
            department=_text(data, "department", 100),
            project=_text(data, "project", 100),
            group=_text(data, "group", 100),
        )
    )


def _pool(lid: int) -> int:
    with read_session() as s:
        pool = pools.find_pool(s, published_license_id=lid)
        if pool is not None:
            return pool.id
    with write_session() as s:
        return pools.pool_for(s, published_license_id=lid).id


@_with_license
async def check_out(request: Request, lid: int) -> Response:
    data = await _json(request)
    wait = data.get("wait", False)
    if not isinstance(wait, bool):
        raise ValidationError({"wait": "wait must be true or false"})
    return outcome_response(leases.check_out(f"license:{lid}", _pool(lid), _holder(data), wait=wait))


@_with_license
async def borrow(request: Request, lid: int) -> Response:
    data = await _json(request)
    hours = data.get("hours", 168)
    return outcome_response(leases.borrow(f"license:{lid}", _pool(lid), _holder(data), hours=hours))


@_with_license
async def heartbeat(request: Request, lid: int) -> Response:
    data = await _json(request)
    expires = leases.heartbeat(_pool(lid), _id(data, "lease_id"))
    return JSONResponse({"lease_id": data["lease_id"], "expires_at": expires.isoformat()})


@_with_license
async def check_in(request: Request, lid: int) -> Response:
    data = await _json(request)
    leases.check_in(f"license:{lid}", _pool(lid), _id(data, "lease_id"))
    return JSONResponse({"checked_in": True})


@_with_license
async def return_lease(request: Request, lid: int) -> Response:
    data = await _json(request)
    leases.return_borrowed(f"license:{lid}", _pool(lid), _id(data, "lease_id"))
    return JSONResponse({"returned": True})


@_with_license
async def poll(request: Request, lid: int) -> Response:
    data = await _json(request)
    outcome = queue.poll(f"license:{lid}", _pool(lid), _id(data, "queue_id"))
    return outcome_response(outcome)


@_with_license
async def leave(request: Request, lid: int) -> Response:
    data = await _json(request)
    queue.leave(_pool(lid), _id(data, "queue_id"))
    return JSONResponse({"left": True})


ROUTES = [
    Route("/api/v1/floating/check-out", check_out, methods=["POST"]),
    Route("/api/v1/floating/borrow", borrow, methods=["POST"]),
    Route("/api/v1/floating/heartbeat", heartbeat, methods=["POST"]),
    Route("/api/v1/floating/check-in", check_in, methods=["POST"]),
    Route("/api/v1/floating/return", return_lease, methods=["POST"]),
    Route("/api/v1/floating/queue/poll", poll, methods=["POST"]),
    Route("/api/v1/floating/queue/leave", leave, methods=["POST"]),
]


def _report_params(request: Request) -> tuple[str, int]:
    q = request.query_params
    dimension = q.get("dimension", "license")
    days = q.get("days", "30")
    if dimension not in analytics.DIMENSIONS:
        dimension = "license"
    return dimension, int(days) if days.isdigit() and 1 <= int(days) <= 366 else 30


def _usage_csv(kind: str):
    """GET …/usage.csv?dimension=&days=: the usage summary and hourly/daily peaks (session cookie or token)."""

    async def export(request: Request) -> Response:
        who, refusal = require(request, "publishing" if kind == "published" else "reports")
        if refusal:
            return refusal
        raw = request.path_params["license_id"]
        license_id = int(raw) if raw.isdigit() and len(raw) < 10 else 0
        dimension, days = _report_params(request)
        end = utcnow()
        with read_session() as s:
            if kind == "published":
                pool = pools.find_pool(s, published_license_id=license_id)
            else:
                try:
                    pool = views.own_pool(s, license_id)
                except DomainError as exc:
                    return _error(exc.message, "NOT_FOUND", 404)
            rep, _, _ = views.report(s, pool, end - timedelta(days=days), end, dimension)
        if rep is None:
            return _error("No floating use recorded for this license", "NOT_FOUND", 404)
        record_export(who, "floating_usage", {"license_id": license_id, "kind": kind, "dimension": dimension})
        text = "".join(analytics.summary_csv(rep)) + "\r\n" + "".join(analytics.peaks_csv(rep))
        name = f"floating-usage-{kind}-{license_id}-{dimension}.csv"
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return export


ROUTES += [
    Route("/api/v1/floating/published/{license_id}/usage.csv", _usage_csv("published"), methods=["GET"]),
    Route("/api/v1/floating/own/{license_id}/usage.csv", _usage_csv("own"), methods=["GET"]),
]
