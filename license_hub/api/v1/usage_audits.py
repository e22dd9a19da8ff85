"""Usage audits (seed 003) of one license: its history, start, complete, cancel — the
rules (one open audit, reclaiming named holders when the count drops below the seats
assigned) stay in services/seats/usage_audits.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from license_hub.api.auth import require_scope
from license_hub.api.errors import ApiError
from license_hub.api.v1.common import MAX_ID, NOT_FOUND, REFUSED, RESPONSES, ApiModel, Limit, Offset, Page, id_path
from license_hub.db import read_session, write_session
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.licenses import lifecycle
from license_hub.services.seats import usage_audits

router = APIRouter(prefix="/licenses/{license_id}/usage-audits", tags=["usage audits"], responses=RESPONSES)

LicenseId = Annotated[int, id_path("license")]
AUDITS_PERMISSION = "audits"  # what the license page's usage-audit actions need


class UsageAudit(BaseModel):
    id: int
    status: str
    seats_before: int
    seats_after: int | None
    delta: int | None
    notes: str
    next_audit_on: date | None
    started_at: datetime
    started_by: str
    completed_at: datetime | None
    completed_by: str


class Completion(ApiModel):
    seats_after: int = Field(ge=0, le=2**31 - 1, description="The seat count found in the vendor's console")
    notes: str = Field("", max_length=usage_audits.MAX_NOTES)
    next_audit_months: int | None = Field(None, description=f"One of {usage_audits.NEXT_AUDIT_MONTHS}")
    reclaim_assignment_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list,
        max_length=10_000,
        description="When the count is below the seats assigned before the audit: the seats to reclaim",
    )


def _out(a: usage_audits.AuditEntry) -> UsageAudit:
    return UsageAudit(
        id=a.id,
        status=a.status,
        seats_before=a.seats_before,
        seats_after=a.seats_after,
        delta=a.delta,
        notes=a.notes,
        next_audit_on=a.next_audit_on,
        started_at=a.started_at,
        started_by=a.started_by,
        completed_at=a.completed_at,
        completed_by=a.completed_by,
    )


def _entry(session, license_id: int, audit_id: int) -> UsageAudit:
    return next(_out(a) for a in usage_audits.history(session, license_id) if a.id == audit_id)


def _may_audit(who: ApiPrincipal) -> None:
    if not who.user.can(AUDITS_PERMISSION):
        raise ApiError(403, "forbidden", f"{who.user.email}'s role does not allow usage audits")


@router.get(
    "",
    response_model=Page[UsageAudit],
    responses=NOT_FOUND,
    summary="A license's usage audits, newest first (in progress, completed, cancelled)",
)
def list_usage_audits(
    license_id: LicenseId,
    who: ApiPrincipal = Depends(require_scope("licenses:read")),
    limit: Limit = 50,
    offset: Offset = 0,
):
    with read_session() as s:
        lifecycle.get(s, license_id, include_archived=True)
        entries = usage_audits.history(s, license_id)
    return Page(
        items=[_out(a) for a in entries[offset : offset + limit]], total=len(entries), limit=limit, offset=offset
    )


@router.post(
    "",
    response_model=UsageAudit,
    status_code=201,
    responses=NOT_FOUND | REFUSED,
    summary="Start a usage audit (snapshots seats used as the before figure)",
)
def start_usage_audit(license_id: LicenseId, who: ApiPrincipal = Depends(require_scope("licenses:write"))):
    _may_audit(who)
    with write_session() as s:
        audit = usage_audits.start(s, who.actor, license_id)
        return _entry(s, license_id, audit.id)


def _reclaim_needed(exc: usage_audits.ReclaimNeeded) -> ApiError:
    holders = ", ".join(f"{h.assignment_id} ({h.name})" if h.name else str(h.assignment_id) for h in exc.holders)
    fields = dict(exc.errors) | {"reclaim_assignment_ids": f"Choose {exc.shortfall} of: {holders}"[:2000]}
    return ApiError(422, "reclaim_needed", exc.errors["seats_after"], fields=fields)


@router.post(
    "/complete",
    response_model=UsageAudit,
    responses=NOT_FOUND | REFUSED,
    summary="Complete the open audit: the recorded count replaces seats used",
)
def complete_usage_audit(
    license_id: LicenseId, body: Completion, who: ApiPrincipal = Depends(require_scope("licenses:write"))
):
    """A count below the seats assigned before the audit started needs `reclaim_assignment_ids`
    naming exactly that many of them (422 `reclaim_needed` lists the holders otherwise)."""
    _may_audit(who)
    try:
        with write_session() as s:
            audit = usage_audits.complete(
                s,
                who.actor,
                license_id,
                seats_after=body.seats_after,
                notes=body.notes,
                next_audit_months=body.next_audit_months,
                reclaim_ids=body.reclaim_assignment_ids,
            )
            return _entry(s, license_id, audit.id)
    except usage_audits.ReclaimNeeded as exc:
        raise _reclaim_needed(exc) from None


@router.post(
    "/cancel",
    response_model=UsageAudit,
    responses=NOT_FOUND | REFUSED,
    summary="Cancel the open audit (seats used stays as it was)",
)
def cancel_usage_audit(license_id: LicenseId, who: ApiPrincipal = Depends(require_scope("licenses:write"))):
    _may_audit(who)
    with write_session() as s:
        audit = usage_audits.cancel(s, who.actor, license_id)
        return _entry(s, license_id, audit.id)
