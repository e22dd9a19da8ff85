"""Licenses: every field; the product key is write-only and revealed by its own
audited call that needs the keys:reveal scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field, create_model

from license_hub import settings as settings_mod
from license_hub.api.auth import require_scope
from license_hub.api.v1.common import (
    MAX_ID,
    NOT_FOUND,
    REFUSED,
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
from license_hub.models import License
from license_hub.models.enums import LicenseStatus
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.core import secrets
from license_hub.services.licenses import license_form, license_list, lifecycle
from license_hub.services.licenses.license_list import LicenseCard

router = APIRouter(prefix="/licenses", tags=["licenses"], responses=RESPONSES)

LicenseId = Annotated[int, id_path("license")]
SavedFilter = Enum("SavedFilter", {k: k for k in license_list.SAVED_FILTERS}, type=str)
LicenseSort = Literal[tuple(license_list.SORTS)]  # type: ignore[valid-type]
_HIDDEN = {"product_key_cipher", "product_key_hint"}
_FIRST_DAY, _LAST_DAY = date(1900, 1, 1), date(2200, 12, 31)
_TEXT_LIMITS = {
    "notes": 10_000,
    "product_key": 500,
    "version": 60,
    "currency": 3,
    "purchase_order": 100,
    "invoice_number": 100,
    "serial_number": 100,
    "inventory_number": 100,
}


def _input_type(name: str) -> Any:
    """The request type of one form field: bounded so every value fits its column."""
    annotation = License.model_fields[name].annotation if name in License.model_fields else str
    text = str(annotation)
    if "Decimal" in text:
        top = Decimal("100") if name == "vat_percent" else Decimal("999999999999")
        return Annotated[Decimal | None, Field(None, ge=0, le=top)]
    if "date" in text and "datetime" not in text:
        return Annotated[date | None, Field(None, ge=_FIRST_DAY, le=_LAST_DAY)]
    if annotation is bool:
        return Annotated[bool | None, Field(None)]
    if "int" in text:
        return Annotated[int | None, Field(None, ge=0, le=MAX_ID)]
    return Annotated[str | None, Field(None, max_length=_TEXT_LIMITS.get(name, 200))]


LicenseIn = create_model(
    "LicenseIn",
    __base__=ApiModel,
    **{name: _input_type(name) for name in license_form.PARSERS},
    clear_product_key=Annotated[bool, Field(False, description="Remove the saved product key")],
)
LicenseIn.__doc__ = (
    "A license's fields; on create unset fields take their defaults, on update unset fields keep "
    "their value. product_key is write-only: it never comes back."
)

LicenseOut = create_model(
    "LicenseOut",
    **{name: (info.annotation, ...) for name, info in License.model_fields.items() if name not in _HIDDEN},
    product_key_masked=(str, ...),
    seats_available=(int | None, ...),
)


class ProductKey(BaseModel):
    product_key: str


def _out(lic: License) -> Any:
    data = {k: getattr(lic, k) for k in License.model_fields if k not in _HIDDEN}
    return LicenseOut(
        **data,
        product_key_masked=secrets.mask(lic.product_key_cipher is not None, lic.product_key_hint),
        seats_available=lic.seats_available,
    )


def _fields(body: BaseModel) -> dict[str, Any]:
    return body.model_dump(exclude_unset=True)


@router.get(
    "",
    response_model=Page[LicenseCard],
    summary="List licenses",
    description="Filters as on the Licenses page; sort from a fixed list.",
)
def list_licenses(
    who: ApiPrincipal = Depends(require_scope("licenses:read")),
    q: Search = "",
    status: LicenseStatus | None = None,
    saved_filter: SavedFilter | None = None,
    catalog_entry_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    archived: bool = False,
    sort: LicenseSort = "software",
    desc: Descending = False,
    limit: Limit = 50,
    offset: Offset = 0,
):
    with read_session() as s:
        cards, total = license_list.list_cards(
            s,
            today=date.today(),
            search=q,
            status=status.value if status else "",
            saved_filter=saved_filter.value if saved_filter else "",
            sort=sort,
            descending=desc,
            offset=offset,
            limit=limit,
            archived=archived,
            catalog_entry_id=catalog_entry_id,
        )
    return Page(items=cards, total=total, limit=limit, offset=offset)


@router.get("/{license_id}", response_model=LicenseOut, responses=NOT_FOUND, summary="One license, every field")
def get_license(license_id: LicenseId, who: ApiPrincipal = Depends(require_scope("licenses:read"))):
    with read_session() as s:
        return _out(lifecycle.get(s, license_id, include_archived=True))


@router.post("", response_model=LicenseOut, status_code=201, summary="Add a license")
def create_license(body: LicenseIn, who: ApiPrincipal = Depends(require_scope("licenses:write"))):
    with write_session() as s:
        return _out(lifecycle.create(s, who.actor, _fields(body), settings_mod.settings.workspace_currency))


@router.patch("/{license_id}", response_model=LicenseOut, responses=NOT_FOUND, summary="Edit a license")
def update_license(
    license_id: LicenseId, body: LicenseIn, who: ApiPrincipal = Depends(require_scope("licenses:write"))
):
    with write_session() as s:
        return _out(lifecycle.update(s, who.actor, license_id, _fields(body)))


@router.delete(
    "/{license_id}",
    response_model=LicenseOut,
    responses=NOT_FOUND | REFUSED,
    summary="Archive a license (history stays)",
)
def archive_license(license_id: LicenseId, who: ApiPrincipal = Depends(require_scope("licenses:write"))):
    with write_session() as s:
        return _out(lifecycle.archive(s, who.actor, license_id))


@router.post(
    "/{license_id}/restore",
    response_model=LicenseOut,
    responses=NOT_FOUND | REFUSED,
    summary="Restore an archived license",
)
def restore_license(license_id: LicenseId, who: ApiPrincipal = Depends(require_scope("licenses:write"))):
    with write_session() as s:
        return _out(lifecycle.restore(s, who.actor, license_id))


@router.post(
    "/{license_id}/reveal-key",
    response_model=ProductKey,
    responses=NOT_FOUND,
    summary="Reveal the product key (recorded in the audit log)",
)
def reveal_key(license_id: LicenseId, who: ApiPrincipal = Depends(require_scope("keys:reveal"))):
    with write_session() as s:
        return ProductKey(product_key=lifecycle.reveal_key(s, who.actor, license_id))
