"""Renewals: expiry, renewal, maintenance and notice dates ahead, as on the Renewals page."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from license_hub.api.auth import require_scope
from license_hub.api.v1.common import MAX_ID, NO_NUL, RESPONSES, Limit, Offset, Page
from license_hub.db import read_session
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.reports import renewals
from license_hub.services.reports.renewals import RenewalRow

router = APIRouter(prefix="/renewals", tags=["renewals"], responses=RESPONSES)

RenewalKind = Enum("RenewalKind", {k: k for k in renewals.EVENT_LABELS}, type=str)


@router.get("", response_model=Page[RenewalRow], summary="Dates coming up, soonest first")
def list_renewals(
    who: ApiPrincipal = Depends(require_scope("licenses:read")),
    window: Annotated[int, Query(description=f"Days ahead: one of {renewals.WINDOWS}")] = renewals.DEFAULT_WINDOW,
    kind: RenewalKind | None = None,
    owner_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    vendor: Annotated[str, Query(max_length=200, pattern=NO_NUL)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    window = window if window in renewals.WINDOWS else renewals.DEFAULT_WINDOW
    with read_session() as s:
        rows, total = renewals.list_renewals(
            s,
            today=date.today(),
            window_days=window,
            owner_id=owner_id,
            vendor=vendor,
            kinds={kind.value} if kind else None,
            offset=offset,
            limit=limit,
        )
    return Page(items=rows, total=total, limit=limit, offset=offset)
