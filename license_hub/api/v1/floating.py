"""Floating leases on the organization's own concurrent licenses (a CAD or BI pool
bought with a concurrent seat type), for a launcher on people's machines: check
out for a person (scope seats:write), heartbeat, check in, borrow, return, wait in
the queue; read the open leases (licenses:read) and the usage report (reports:read)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from license_hub.api.auth import require_scope
from license_hub.api.v1.common import MAX_ID, NO_NUL, NOT_FOUND, REFUSED, RESPONSES, ApiModel, id_path
from license_hub.db import read_session, write_session
from license_hub.models.types import utcnow
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.core.errors import DomainError
from license_hub.services.floating import analytics, leases, pools, queue, views
from license_hub.services.floating.leases import Outcome

router = APIRouter(prefix="/licenses/{license_id}", tags=["floating"], responses=RESPONSES)
WRITE = Depends(require_scope("seats:write"))
LicenseId = Annotated[int, id_path("license")]
LeaseId = Annotated[int, id_path("lease")]
QueueId = Annotated[int, id_path("queue entry")]
PersonId = Annotated[int, Field(ge=1, le=MAX_ID, description="The person checking out")]
Host = Annotated[str, Field("", max_length=200, pattern=NO_NUL)]
Project = Annotated[str, Field("", max_length=100, pattern=NO_NUL)]
Dimension = Enum("Dimension", {d: d for d in analytics.DIMENSIONS}, type=str)
DEFAULT_DIMENSION = Dimension("license")  # type: ignore[call-arg]
QUEUED = {202: {"description": "The pool is full: queued (poll at least every minute)"}}


class CheckOutIn(ApiModel):
    person_id: PersonId
    host: Host = ""
    project: Project = ""
    wait: bool = Field(False, description="Wait in the queue when the pool is full")


class BorrowIn(ApiModel):
    person_id: PersonId
    host: Host = ""
    project: Project = ""
    hours: int = Field(168, ge=1, le=8760, description="Offline for this many hours (at most the pool's limit)")


class LeaseOut(BaseModel):
    status: str
    lease_id: int | None = None
    expires_at: datetime | None = None
    borrowed: bool = False
    queue_id: int | None = None
    position: int | None = None


class Expiry(BaseModel):
    lease_id: int
    expires_at: datetime


class Done(BaseModel):
    ok: bool = True


def _out(outcome: Outcome, response: Response) -> LeaseOut:
    if outcome.status == "denied":
        raise DomainError(outcome.message)
    response.status_code = 202 if outcome.status == "queued" else 201
    return LeaseOut(
        status=outcome.status,
        lease_id=outcome.lease_id,
        expires_at=outcome.expires_at,
        borrowed=outcome.borrowed,
        queue_id=outcome.queue_id,
        position=outcome.position,
    )


def _pool(license_id: int) -> int:
    with write_session() as s:
        return pools.pool_for(s, license_id=license_id).id


@router.post(
    "/leases", response_model=LeaseOut, status_code=201, responses=NOT_FOUND | REFUSED | QUEUED, summary="Check out"
)
def check_out(license_id: LicenseId, body: CheckOutIn, response: Response, who: ApiPrincipal = WRITE):
    pool_id = _pool(license_id)
    with write_session() as s:
        holder = pools.person_holder(s, body.person_id, body.host, body.project)
        outcome = leases.take(s, who.actor, pool_id, holder, wait=body.wait)
    return _out(outcome, response)


@router.post(
    "/leases/borrow", response_model=LeaseOut, status_code=201, responses=NOT_FOUND | REFUSED, summary="Borrow offline"
)
def borrow(license_id: LicenseId, body: BorrowIn, response: Response, who: ApiPrincipal = WRITE):
    pool_id = _pool(license_id)
    with write_session() as s:
        holder = pools.person_holder(s, body.person_id, body.host, body.project)
        outcome = leases.take(s, who.actor, pool_id, holder, hours=body.hours)
    return _out(outcome, response)


@router.post("/leases/{lease_id}/heartbeat", response_model=Expiry, responses=NOT_FOUND | REFUSED, summary="Heartbeat")
def heartbeat(license_id: LicenseId, lease_id: LeaseId, who: ApiPrincipal = WRITE):
    return Expiry(lease_id=lease_id, expires_at=leases.heartbeat(_pool(license_id), lease_id))


@router.post("/leases/{lease_id}/check-in", response_model=Done, responses=NOT_FOUND | REFUSED, summary="Check in")
def check_in(license_id: LicenseId, lease_id: LeaseId, who: ApiPrincipal = WRITE):
    leases.check_in(who.actor, _pool(license_id), lease_id)
    return Done()


@router.post(
    "/leases/{lease_id}/return", response_model=Done, responses=NOT_FOUND | REFUSED, summary="Return a borrowed lease"
)
def return_lease(license_id: LicenseId, lease_id: LeaseId, who: ApiPrincipal = WRITE):
    leases.return_borrowed(who.actor, _pool(license_id), lease_id)
    return Done()


@router.post(
    "/queue/{queue_id}/poll",
    response_model=LeaseOut,
    status_code=201,
    responses=NOT_FOUND | REFUSED | QUEUED,
    summary="Poll the queue (claims a seat held for this entry)",
)
def poll(license_id: LicenseId, queue_id: QueueId, response: Response, who: ApiPrincipal = WRITE):
    return _out(queue.poll(who.actor, _pool(license_id), queue_id), response)


@router.post("/queue/{queue_id}/leave", response_model=Done, responses=NOT_FOUND | REFUSED, summary="Leave the queue")
def leave(license_id: LicenseId, queue_id: QueueId, who: ApiPrincipal = WRITE):
    queue.leave(_pool(license_id), queue_id)
    return Done()


@router.get("/leases", response_model=list[views.LeaseRow], responses=NOT_FOUND | REFUSED, summary="Open leases")
def open_leases(license_id: LicenseId, who: ApiPrincipal = Depends(require_scope("licenses:read"))):
    with read_session() as s:
        pool = views.own_pool(s, license_id)
        return views.open_leases(s, pool.id, utcnow()) if pool else []


@router.get(
    "/leases/report", response_model=views.ReportOut, responses=NOT_FOUND | REFUSED, summary="Floating usage report"
)
def report(
    license_id: LicenseId,
    who: ApiPrincipal = Depends(require_scope("reports:read")),
    dimension: Annotated[Dimension, Query(description="Group by")] = DEFAULT_DIMENSION,
    days: Annotated[int, Query(ge=1, le=366, description="Days back from now")] = 30,
):
    end = utcnow()
    with read_session() as s:
        pool = views.own_pool(s, license_id)
        return views.report_out(s, pool, end - timedelta(days=days), end, dimension.value)
