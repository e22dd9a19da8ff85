"""People and devices: the directory seats are assigned to."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from license_hub.api.auth import require_scope
from license_hub.api.v1.common import (
    MAX_ID,
    NO_NUL,
    NOT_FOUND,
    RESPONSES,
    ApiModel,
    Descending,
    Limit,
    Offset,
    Page,
    Search,
    id_path,
)
from license_hub.db import read_session, write_session
from license_hub.models.enums import PersonStatus
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.directory import listing, people
from license_hub.services.directory.listing import DeviceRow, PersonRow

router = APIRouter(tags=["people", "devices"], responses=RESPONSES)

PeopleSort = Literal[tuple(listing.PEOPLE_SORTS)]  # type: ignore[valid-type]
DeviceSort = Literal[tuple(listing.DEVICE_SORTS)]  # type: ignore[valid-type]


class PersonIn(ApiModel):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(None, max_length=254)
    department: str = Field("", max_length=100)
    location: str = Field("", max_length=100)
    status: PersonStatus = PersonStatus.ACTIVE


class DeviceIn(ApiModel):
    name: str = Field(min_length=1, max_length=200)
    hostname: str = Field("", max_length=200)
    os: str = Field("", max_length=100)
    owner_id: Annotated[int | None, Field(None, ge=1, le=MAX_ID)] = None


@router.get("/people", response_model=Page[PersonRow], tags=["people"], summary="List people")
def list_people(
    who: ApiPrincipal = Depends(require_scope("licenses:read")),
    q: Search = "",
    status: PersonStatus | None = None,
    department: Annotated[str, Query(max_length=100, pattern=NO_NUL)] = "",
    sort: PeopleSort = "name",
    desc: Descending = False,
    limit: Limit = 50,
    offset: Offset = 0,
):
    with read_session() as s:
        rows, total = listing.list_people(
            s,
            search=q,
            status=status.value if status else "",
            department=department,
            sort=sort,
            descending=desc,
            offset=offset,
            limit=limit,
        )
    return Page(items=list(rows), total=total, limit=limit, offset=offset)


@router.get(
    "/people/{person_id}",
    response_model=listing.PersonProfile,
    responses=NOT_FOUND,
    tags=["people"],
    summary="One person with their active seats",
)
def get_person(
    person_id: Annotated[int, id_path("person")], who: ApiPrincipal = Depends(require_scope("licenses:read"))
):
    with read_session() as s:
        return listing.person_profile(s, person_id)


@router.post("/people", response_model=listing.PersonProfile, status_code=201, tags=["people"], summary="Add a person")
def create_person(body: PersonIn, who: ApiPrincipal = Depends(require_scope("people:write"))):
    with write_session() as s:
        person = people.create_person(
            s,
            who.actor,
            name=body.name,
            email=body.email,
            department=body.department,
            location=body.location,
            status=body.status.value,
        )
        return listing.person_profile(s, person.id)


@router.get("/devices", response_model=Page[DeviceRow], tags=["devices"], summary="List devices")
def list_devices(
    who: ApiPrincipal = Depends(require_scope("licenses:read")),
    q: Search = "",
    archived: bool = False,
    sort: DeviceSort = "name",
    desc: Descending = False,
    limit: Limit = 50,
    offset: Offset = 0,
):
    with read_session() as s:
        rows, total = listing.list_devices(
            s, search=q, sort=sort, descending=desc, offset=offset, limit=limit, archived=archived
        )
    return Page(items=list(rows), total=total, limit=limit, offset=offset)


@router.get(
    "/devices/{device_id}",
    response_model=listing.DeviceProfile,
    responses=NOT_FOUND,
    tags=["devices"],
    summary="One device with its active seats",
)
def get_device(
    device_id: Annotated[int, id_path("device")], who: ApiPrincipal = Depends(require_scope("licenses:read"))
):
    with read_session() as s:
        return listing.device_profile(s, device_id)


@router.post(
    "/devices", response_model=listing.DeviceProfile, status_code=201, tags=["devices"], summary="Add a device"
)
def create_device(body: DeviceIn, who: ApiPrincipal = Depends(require_scope("people:write"))):
    with write_session() as s:
        if body.owner_id is not None:
            listing.person_profile(s, body.owner_id)
        device = people.create_device(
            s, who.actor, name=body.name, hostname=body.hostname, os=body.os, owner_id=body.owner_id
        )
        return listing.device_profile(s, device.id)
