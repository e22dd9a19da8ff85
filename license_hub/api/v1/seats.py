"""Seats: list a license's holders, assign, reclaim, transfer; reveal a seat key."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from license_hub.api.auth import require_scope
from license_hub.api.v1.common import (
    MAX_ID,
    NOT_FOUND,
    REFUSED,
    RESPONSES,
    ApiModel,
    Limit,
    Offset,
    Page,
    Search,
    id_path,
)
from license_hub.db import read_session, write_session
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.licenses import lifecycle
from license_hub.services.seats import assignments, seat_view, transfer
from license_hub.services.seats.assignments import SeatRow

router = APIRouter(tags=["seats"], responses=RESPONSES)

LicenseId = Annotated[int, id_path("license")]
SeatId = Annotated[int, id_path("seat")]
OptionalId = Annotated[int | None, Field(None, ge=1, le=MAX_ID)]


class Holder(ApiModel):
    """Who gets the seat: a person or device from the directory, or free-text names."""

    person_id: OptionalId = None
    device_id: OptionalId = None
    assignee_name: str = Field("", max_length=200)
    device_name: str = Field("", max_length=200)
    activated_on: Annotated[date | None, Field(None, ge=date(1900, 1, 1), le=date(2200, 12, 31))] = None


class SeatIn(Holder):
    seat_key: str = Field("", max_length=500, description="Write-only serial key for this seat")


class SeatKey(BaseModel):
    seat_key: str


@router.get(
    "/licenses/{license_id}/seats", response_model=Page[SeatRow], responses=NOT_FOUND, summary="A license's seats"
)
def list_seats(
    license_id: LicenseId,
    who: ApiPrincipal = Depends(require_scope("licenses:read")),
    q: Search = "",
    include_revoked: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
):
    with read_session() as s:
        lifecycle.get(s, license_id, include_archived=True)
        rows, total = assignments.list_seats(
            s, license_id, include_revoked=include_revoked, search=q, offset=offset, limit=limit
        )
    return Page(items=rows, total=total, limit=limit, offset=offset)


@router.post(
    "/licenses/{license_id}/seats",
    response_model=SeatRow,
    status_code=201,
    responses=NOT_FOUND | REFUSED,
    summary="Assign a seat",
)
def assign_seat(license_id: LicenseId, body: SeatIn, who: ApiPrincipal = Depends(require_scope("seats:write"))):
    with write_session() as s:
        seat = assignments.assign(s, who.actor, license_id, **body.model_dump())
        return seat_view.seat_row(s, seat.id)


@router.get("/seats/{seat_id}", response_model=SeatRow, responses=NOT_FOUND, summary="One seat")
def get_seat(seat_id: SeatId, who: ApiPrincipal = Depends(require_scope("licenses:read"))):
    with read_session() as s:
        return seat_view.seat_row(s, seat_id)


@router.post(
    "/seats/{seat_id}/reclaim", response_model=SeatRow, responses=NOT_FOUND | REFUSED, summary="Reclaim a seat"
)
def reclaim_seat(seat_id: SeatId, who: ApiPrincipal = Depends(require_scope("seats:write"))):
    with write_session() as s:
        seat = assignments.reclaim(s, who.actor, seat_id)
        return seat_view.seat_row(s, seat.id)


@router.post(
    "/seats/{seat_id}/transfer",
    response_model=SeatRow,
    status_code=201,
    responses=NOT_FOUND | REFUSED,
    summary="Transfer a seat to another holder (both stay in the history)",
    description="The old assignment is revoked as transferred and the new one created in one step; the seat "
    "count does not change. The seat's serial key goes with it unless `seat_key` gives a new one.",
)
def transfer_seat(seat_id: SeatId, body: SeatIn, who: ApiPrincipal = Depends(require_scope("seats:write"))):
    with write_session() as s:
        seat = transfer.transfer(s, who.actor, seat_id, **body.model_dump())
        return seat_view.seat_row(s, seat.id)


@router.post(
    "/seats/{seat_id}/reveal-key",
    response_model=SeatKey,
    responses=NOT_FOUND,
    summary="Reveal a seat's serial key (recorded in the audit log)",
)
def reveal_seat_key(seat_id: SeatId, who: ApiPrincipal = Depends(require_scope("keys:reveal"))):
    with write_session() as s:
        return SeatKey(seat_key=assignments.reveal_seat_key(s, who.actor, seat_id))
