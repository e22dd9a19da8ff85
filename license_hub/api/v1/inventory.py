"""The endpoint agent's report, the vendor usage import, and the reconciliation CSV.

Agent reports are capped at 2 MB: a larger Content-Length is refused with 413
before the body is read, and a body streamed without one is counted as it
arrives and refused the moment it passes the cap.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from starlette.responses import StreamingResponse

from license_hub.api.auth import record_export, require_scope
from license_hub.api.errors import ERROR_RESPONSES, ApiError, ErrorBody, error_response
from license_hub.db import read_session, write_session
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.inventory import ingestion
from license_hub.services.inventory import reconciliation as recon
from license_hub.services.reports import usage_import

MAX_BODY = 2 * 1024 * 1024
TOO_LARGE = "The report is larger than 2 MB: send the software list in several partial reports"


class BodyLimitRoute(APIRoute):
    """Refuses bodies over MAX_BODY without reading them whole."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def limited(request: Request):
            length = request.headers.get("content-length", "")
            if length and (not length.isdigit() or int(length) > MAX_BODY):
                return error_response(413, "payload_too_large", TOO_LARGE)
            receive, seen = request.receive, 0

            async def counted():
                nonlocal seen
                message = await receive()
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:
                    raise HTTPException(413, TOO_LARGE)
                return message

            try:
                return await handler(Request(request.scope, counted))
            except HTTPException as exc:
                if exc.status_code == 413:
                    return error_response(413, "payload_too_large", TOO_LARGE)
                raise

        return limited


class HostIn(BaseModel):
    hardware_id: str = Field(min_length=1, max_length=128, description="A stable id of the machine")
    serial: str = Field("", max_length=100)
    hostname: str = Field(min_length=1, max_length=200)
    platform: str = Field("", max_length=40, description="linux, darwin or windows")
    os_version: str = Field("", max_length=100)


class SoftwareIn(BaseModel):
    name: str = Field(min_length=1, max_length=300)
    version: str = Field("", max_length=100)
    vendor: str = Field("", max_length=200)
    source: str = Field("", max_length=40, description="Where it was found: programs, apps, deb_packages, ...")
    bundle_id: str = Field("", max_length=300)
    install_path: str = Field("", max_length=500)
    install_date: date | None = None
    last_opened_at: datetime | None = None
    last_opened_state: Literal["known", "never", "unsupported"] = Field(
        "unsupported", description="known: last_opened_at says when; never: never opened; unsupported: cannot tell"
    )


class AgentReportIn(BaseModel):
    report_id: str = Field(min_length=1, max_length=100, description="Unique per report: a resend changes nothing")
    snapshot: bool = Field(True, description="The full list: software missing from it is marked uninstalled")
    host: HostIn
    primary_user: str = Field("", max_length=254, description="The main user's email")
    software: list[SoftwareIn] = Field(default_factory=list, max_length=ingestion.MAX_SOFTWARE)


class AgentReportOut(BaseModel):
    report_id: str
    duplicate: bool = Field(description="True when this report id was already taken: nothing changed")
    host_id: int
    device_id: int
    received: int
    added: int
    uninstalled: int
    matched: int
    unmatched: int


class UsageImportOut(BaseModel):
    rows: int
    seats_updated: int
    unchanged: int


REFUSALS = {code: ERROR_RESPONSES[code] for code in (401, 403, 422, 429)}  # every token route can meet its rate limit
router = APIRouter(tags=["inventory"], route_class=BodyLimitRoute)


def _report(body: AgentReportIn) -> ingestion.Report:
    software = [
        ingestion.Software(
            name=s.name,
            version=s.version,
            vendor=s.vendor,
            source=s.source,
            bundle_id=s.bundle_id,
            install_path=s.install_path,
            installed_on=s.install_date,
            last_opened_at=s.last_opened_at,
            usage_state=s.last_opened_state,
        )
        for s in body.software
    ]
    host = ingestion.HostInfo(
        hardware_id=body.host.hardware_id,
        hostname=body.host.hostname,
        serial=body.host.serial,
        platform=body.host.platform,
        os_version=body.host.os_version,
    )
    return ingestion.Report(
        report_id=body.report_id, host=host, primary_user=body.primary_user, snapshot=body.snapshot, software=software
    )


@router.post(
    "/agent/reports",
    response_model=AgentReportOut,
    responses={**REFUSALS, 413: {"model": ErrorBody}},
    summary="Report a host's software (the endpoint agent)",
)
def post_agent_report(
    body: AgentReportIn, who: ApiPrincipal = Depends(require_scope("agent:report"))
) -> AgentReportOut:
    report = _report(body)
    for attempt in range(2):
        try:
            with write_session() as s:
                result = ingestion.ingest(s, who.actor, report)
            break
        except IntegrityError:  # the same report id committed by a concurrent request: answer as a resend
            if attempt:
                raise ApiError(409, "conflict", "This report is being taken by another request") from None
    return AgentReportOut(**{k: getattr(result, k) for k in AgentReportOut.model_fields})


@router.post(
    "/usage/import",
    response_model=UsageImportOut,
    responses={**REFUSALS, 413: {"model": ErrorBody}},
    summary="Import last-active dates from a vendor's admin console (CSV: email, product, last active)",
    openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def post_usage_import(request: Request, who: ApiPrincipal = Depends(require_scope("import"))) -> UsageImportOut:
    raw = await request.body()
    try:
        with write_session() as s:
            result = usage_import.import_usage(s, who.actor, raw)
    except usage_import.UsageImportError as exc:
        fields = {f"line {e.row}": e.message for e in exc.errors[:50]}
        raise ApiError(422, "invalid_rows", exc.message, fields=fields) from None
    except UnicodeDecodeError:
        raise ApiError(422, "invalid_rows", "The file is not UTF-8 text") from None
    return UsageImportOut(rows=result.rows, seats_updated=result.seats_updated, unchanged=result.unchanged)


@router.get(
    "/reports/reconciliation.csv",
    responses={200: {"content": {"text/csv": {}}}, **REFUSALS},
    response_class=StreamingResponse,
    summary="Reconciliation items as CSV (optionally one drill-down)",
)
def reconciliation_csv(
    by: Literal["product", "person", "device", "department"] = "product",
    key: str | None = Query(None, max_length=200),
    bucket: Literal["", "used", "unused", "not_installed", "unlicensed", "unknown"] = "",
    who: ApiPrincipal = Depends(require_scope("reports:read")),
) -> StreamingResponse:
    with read_session() as s:
        items = recon.build(s)
    if key is not None or bucket:
        items = (
            recon.drill(items, by, key or "", bucket) if key is not None else [i for i in items if i.bucket == bucket]
        )
    record_export(who.user, "reconciliation", {"by": by, "key": key, "bucket": bucket, "rows": len(items)})
    stamp = date.today().isoformat()
    return StreamingResponse(
        (line.encode() for line in recon.csv_lines(items)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="reconciliation-{stamp}.csv"'},
    )
