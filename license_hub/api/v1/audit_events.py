"""The audit log as JSON (scope audit:read), with the audit log page's filters."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from license_hub.api.auth import require_scope
from license_hub.api.errors import ApiError
from license_hub.api.v1.common import MAX_ID, NO_NUL, RESPONSES, Limit, Offset, Page, Search
from license_hub.db import read_session
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.audit import audit_query
from license_hub.services.audit.audit_query import EventRow

router = APIRouter(prefix="/audit-events", tags=["audit log"], responses=RESPONSES)

Day = Annotated[date | None, Query(ge=date(1900, 1, 1), le=date(9999, 12, 30))]


@router.get("", response_model=Page[EventRow], summary="Audit events, newest first")
def list_audit_events(
    who: ApiPrincipal = Depends(require_scope("audit:read")),
    actor: Annotated[str, Query(max_length=200, pattern=NO_NUL, description="Exact actor (email), any case")] = "",
    action: Annotated[str, Query(max_length=40, pattern=NO_NUL)] = "",
    object_type: Annotated[str, Query(max_length=40, pattern=NO_NUL)] = "",
    object_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    since: Day = None,
    until: Day = None,
    q: Search = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    if since and until and since > until:
        raise ApiError(422, "invalid_request", "since must not be after until", fields={"since": "After until"})
    filters = audit_query.EventFilter(
        actor=actor, action=action, object_type=object_type, object_id=object_id, since=since, until=until, search=q
    )
    with read_session() as s:
        rows, total = audit_query.list_events(s, filters, offset=offset, limit=limit)
    return Page(items=rows, total=total, limit=limit, offset=offset)
