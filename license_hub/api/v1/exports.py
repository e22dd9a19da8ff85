"""The streamed CSV/JSON exports the pages link to (session cookie or token), and
the sign-in form posts. Exports stream from the database in chunks, so memory
stays flat however large the set. Plain Starlette routes: they answer files and
redirects, so they stay out of the OpenAPI document."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Callable, Iterator

from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from license_hub import settings as settings_mod
from license_hub.api import session as session_routes
from license_hub.api.auth import record_export, require
from license_hub.api.errors import error_response
from license_hub.db import read_session
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_query
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.licenses import license_export
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.reports import dormancy_window, renewals, savings, spend, utilization
from license_hub.services.seats import seat_directory, seat_export


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
    return audit_query.EventFilter(
        actor=q.get("actor", "")[:200],
        action=q.get("action", "")[:40],
        object_type=q.get("object_type", "")[:40],
        object_id=int(oid) if oid.isdigit() else None,
        since=day("since"),
        until=day("until"),
        search=q.get("q", "")[:200],
    )


async def audit_log_export(request: Request):
    who, refusal = require(request, "audits")
    if refusal:
        return refusal
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "json"):
        return error_response(404, "not_found", "Export as .csv or .json")
    f = _audit_filter(request)
    record_export(who, "audit_log", {"format": fmt})
    stamp = date.today().isoformat()
    if fmt == "json":
        return StreamingResponse(
            _streamed(audit_query.export_json, f),
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="audit-log-{stamp}.json"'},
        )
    return StreamingResponse(
        _streamed(audit_query.export_csv, f),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="audit-log-{stamp}.csv"'},
    )


def _renewal_filters(request: Request) -> dict:
    """The renewals page's filters, read from the same query string it shows."""
    q = request.query_params
    window = q.get("window", "")
    kind = q.get("kind", "")
    owner = q.get("owner", "")
    return {
        "window_days": int(window) if window in {str(w) for w in renewals.WINDOWS} else renewals.DEFAULT_WINDOW,
        "owner_id": int(owner) if owner.isdigit() and 0 < len(owner) < 19 else None,
        "vendor": q.get("vendor", "")[:200],
        "kinds": {kind} if kind in renewals.EVENT_LABELS else None,
    }


async def renewals_export(request: Request):
    """GET /api/v1/renewals.csv — the renewals list as CSV (no keys), with the page's filters."""
    who, refusal = require(request, "reports")
    if refusal:
        return refusal
    f = _renewal_filters(request)
    record_export(
        who,
        "renewals",
        {
            "format": "csv",
            "window_days": f["window_days"],
            "owner_id": f["owner_id"],
            "vendor": f["vendor"],
            "kind": next(iter(f["kinds"] or []), ""),
        },
    )
    today = date.today()
    rows = functools.partial(renewals.export_csv, today=today, app_url=settings_mod.settings.notify.app_url, **f)
    name = f"renewals-{today.isoformat()}.csv"
    return StreamingResponse(
        _streamed(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _seat_query(request: Request, license_id: int) -> seat_directory.SeatQuery:
    """The "View all users" page's filters, read from the same query string it shows."""
    q = request.query_params
    days = q.get("days", "")
    return seat_directory.SeatQuery(
        license_id=license_id,
        search=q.get("q", "")[:200],
        view=q.get("view", "") or "active",
        sort=q.get("sort", "") or "holder",
        descending=q.get("dir", "") == "desc",
        dormant_days=int(days) if days.isdigit() and len(days) < 6 else seat_directory.DEFAULT_DORMANT_DAYS,
    )


async def license_seats_export(request: Request):
    """GET /api/v1/licenses/{id}/seats.csv — a license's seat holders with the View all
    users filters; serial keys masked unless the caller may reveal them and asks (reveal=1)."""
    who, refusal = require(request, "license.view")
    if refusal:
        return refusal
    raw = request.path_params["license_id"]
    license_id = int(raw) if raw.isdigit() and len(raw) < 19 else 0
    try:
        with read_session() as s:
            lic = licenses.get(s, license_id)
            name = "".join(
                ch if ch.isascii() and ch.isalnum() else "-" for ch in (lic.name or f"license-{license_id}").lower()
            )
        reveal = request.query_params.get("reveal", "") == "1" and who.can("key.reveal")
        query = _seat_query(request, license_id)
        chunks = seat_export.stream_csv(query, reveal_keys=reveal, actor=who.email)
    except NotFound as exc:
        return error_response(404, "not_found", exc.message)
    except ValidationError as exc:
        return error_response(400, "invalid", exc.message, fields=exc.errors)
    record_export(
        who,
        "license_seats",
        {
            "format": "csv",
            "license_id": license_id,
            "view": query.view,
            "search": query.search,
            "dormant_days": query.dormant_days,
            "reveal_keys": reveal,
        },
    )
    filename = f"{name.strip('-') or 'license'}-seats-{date.today().isoformat()}.csv"
    return StreamingResponse(
        (chunk.encode() for chunk in chunks),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


REALIZED_DAYS = 365


def _report_stream(build: Callable) -> Iterator[bytes]:
    """The report is built inside the stream, so Starlette runs the pandas work in
    its thread pool rather than on the event loop."""
    with read_session() as s:
        lines = build(s, settings_mod.settings.exchange_rates, settings_mod.settings.workspace_currency)
    for line in lines:
        yield line.encode()


def _csv(build: Callable, name: str) -> StreamingResponse:
    filename = f"{name}-{date.today().isoformat()}.csv"
    return StreamingResponse(
        _report_stream(build),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _window(request: Request) -> int:
    """Any window of 1 to 3,650 days; without one (or a bad one), the workspace's."""
    try:
        return dormancy_window.parse(request.query_params.get("window", ""))
    except DomainError:
        with read_session() as session:
            return dormancy_window.get(session)


async def utilization_export(request: Request):
    """GET /api/v1/utilization.csv — every active license ranked by seat fill, with its
    dormant seats per signal and potential savings (?window=1 to 3650 days; the workspace's by default)."""
    who, refusal = require(request, "reports")
    if refusal:
        return refusal
    window = _window(request)
    record_export(who, "utilization", {"format": "csv", "window_days": window})
    return _csv(
        lambda s, rates, cur: spend.utilization_csv(
            utilization.utilization_report(s, window_days=window, rates=rates, workspace_currency=cur)
        ),
        "utilization",
    )


async def savings_export(request: Request):
    """GET /api/v1/savings.csv — potential savings per license (?window=...), or with
    ?kind=realized the seats given back in the last 12 months and what they saved."""
    who, refusal = require(request, "reports")
    if refusal:
        return refusal
    if request.query_params.get("kind", "") == "realized":
        record_export(who, "realized_savings", {"format": "csv", "days": REALIZED_DAYS})
        end = utcnow()
        return _csv(
            lambda s, rates, cur: spend.realized_savings_csv(
                savings.realized_report(
                    s, end - timedelta(days=REALIZED_DAYS), end, rates=rates, workspace_currency=cur
                )
            ),
            "realized-savings",
        )
    window = _window(request)
    record_export(who, "potential_savings", {"format": "csv", "window_days": window})
    return _csv(
        lambda s, rates, cur: spend.potential_savings_csv(
            utilization.utilization_report(s, window_days=window, rates=rates, workspace_currency=cur).savings
        ),
        "potential-savings",
    )


async def spend_export(request: Request):
    """GET /api/v1/spend.csv — the annual cost of every active license, per currency."""
    who, refusal = require(request, "reports")
    if refusal:
        return refusal
    record_export(who, "spend", {"format": "csv"})
    return _csv(
        lambda s, rates, cur: spend.spend_csv(spend.fetch_spend(s, rates=rates, workspace_currency=cur)), "spend"
    )


async def licenses_export(request: Request):
    """GET /api/v1/licenses.csv — every license with its seat holders, in the columns the
    import reads back; keys masked unless the caller may reveal them and asks (reveal=1)."""
    who, refusal = require(request, "license.view")
    if refusal:
        return refusal
    reveal = request.query_params.get("reveal", "") == "1" and who.can("key.reveal")
    record_export(who, "licenses", {"format": "csv", "reveal_keys": reveal})
    chunks = functools.partial(license_export.stream_csv, reveal_keys=reveal, actor=who.email)
    return StreamingResponse(
        _streamed(chunks),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="licenses-{date.today().isoformat()}.csv"'},
    )


ROUTES = [
    Route("/licenses.csv", licenses_export, methods=["GET"]),
    Route("/session", session_routes.sign_in, methods=["POST"]),
    Route("/session/end", session_routes.sign_out, methods=["POST"]),
    Route("/audit-log.{fmt:str}", audit_log_export, methods=["GET"]),
    Route("/renewals.csv", renewals_export, methods=["GET"]),
    Route("/licenses/{license_id}/seats.csv", license_seats_export, methods=["GET"]),
    Route("/utilization.csv", utilization_export, methods=["GET"]),
    Route("/savings.csv", savings_export, methods=["GET"]),
    Route("/spend.csv", spend_export, methods=["GET"]),
]
