"""The /api/v1 routes. Exports stream from the database in chunks, so memory
stays flat however large the set."""
from __future__ import annotations

from datetime import date
from typing import Callable, Iterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from license_hub.api import session as session_routes
from license_hub.api.auth import record_export, require
from license_hub.db import read_session
from license_hub.services import audit_query


def _streamed(chunks: Callable[..., Iterator[str]], *args) -> Iterator[bytes]:
    with read_session() as s:
        for chunk in chunks(s, *args):
            yield chunk.encode()


def _audit_filter(request: Request) -> audit_query.EventFilter:
    q = request.query_params

    def day(key: str) -> date | None:
        try:
            return date.fromisoformat(q[key]) if q.get(key) else None
        except ValueError:
            return None

    oid = q.get("object_id", "")
    return audit_query.EventFilter(actor=q.get("actor", "")[:200], action=q.get("action", "")[:40],
                                   object_type=q.get("object_type", "")[:40],
                                   object_id=int(oid) if oid.isdigit() else None,
                                   since=day("since"), until=day("until"), search=q.get("q", "")[:200])


async def health(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def audit_log_export(request: Request):
    who, refusal = require(request, "audits")
    if refusal:
        return refusal
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "json"):
        return JSONResponse({"error": "Export as .csv or .json"}, status_code=404)
    f = _audit_filter(request)
    record_export(who, "audit_log", {"format": fmt})
    stamp = date.today().isoformat()
    if fmt == "json":
        return StreamingResponse(_streamed(audit_query.export_json, f), media_type="application/json",
                                 headers={"Content-Disposition": f'attachment; filename="audit-log-{stamp}.json"'})
    return StreamingResponse(_streamed(audit_query.export_csv, f), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="audit-log-{stamp}.csv"'})


ROUTES = [
    Route("/api/v1/health", health, methods=["GET"]),
    Route("/api/v1/session", session_routes.sign_in, methods=["POST"]),
    Route("/api/v1/session/end", session_routes.sign_out, methods=["POST"]),
    Route("/api/v1/audit-log.{fmt:str}", audit_log_export, methods=["GET"]),
]


def build() -> Starlette:
    return Starlette(routes=list(ROUTES))
