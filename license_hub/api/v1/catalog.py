"""Catalog entries: the software products licenses point at."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from license_hub.api.auth import require_scope
from license_hub.api.v1.common import NO_NUL, NOT_FOUND, RESPONSES, ApiModel, Limit, Offset, Page, Search, id_path
from license_hub.db import read_session, write_session
from license_hub.models.enums import DeploymentModel
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.catalog import entries
from license_hub.services.catalog.entries import CatalogRow
from license_hub.services.licenses import lifecycle as licenses

router = APIRouter(prefix="/catalog", tags=["catalog"], responses=RESPONSES)


class CatalogEntryIn(ApiModel):
    name: str = Field(min_length=1, max_length=200)
    publisher: str = Field("", max_length=200)
    category: str = Field("", max_length=100)
    deployment_model: DeploymentModel = DeploymentModel.CLOUD
    description: str = Field("", max_length=10_000)
    website: str = Field("", max_length=300)


def _row(session, entry_id: int) -> CatalogRow:
    entry = entries.get(session, entry_id)
    count = len(licenses.for_catalog_entry(session, entry.id))
    return CatalogRow(
        entry.id,
        entry.name,
        entry.publisher,
        entry.category,
        entry.deployment_model,
        entry.security_grade or "",
        entry.security_risk or "",
        count,
    )


@router.get("", response_model=Page[CatalogRow], summary="List catalog entries")
def list_catalog(
    who: ApiPrincipal = Depends(require_scope("licenses:read")),
    q: Search = "",
    category: Annotated[str, Query(max_length=100, pattern=NO_NUL)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    with read_session() as s:
        rows = entries.list_entries(s, search=q, category=category)
    return Page(items=rows[offset : offset + limit], total=len(rows), limit=limit, offset=offset)


@router.get("/{entry_id}", response_model=CatalogRow, responses=NOT_FOUND, summary="One catalog entry")
def get_entry(
    entry_id: Annotated[int, id_path("catalog entry")], who: ApiPrincipal = Depends(require_scope("licenses:read"))
):
    with read_session() as s:
        return _row(s, entry_id)


@router.post("", response_model=CatalogRow, status_code=201, summary="Add a catalog entry")
def create_entry(body: CatalogEntryIn, who: ApiPrincipal = Depends(require_scope("licenses:write"))):
    with write_session() as s:
        entry = entries.create_entry(
            s,
            who.actor,
            name=body.name,
            publisher=body.publisher,
            category=body.category,
            deployment_model=body.deployment_model.value,
            description=body.description,
            website=body.website,
        )
        entry_id = entry.id
    with read_session() as s:
        return _row(s, entry_id)
