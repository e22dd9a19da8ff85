"""POST /api/v1/imports/licenses: the import wizard's dry run and commit for scripts.

The CSV comes as the request body (text/csv) or as the `file` part of a multipart
form; it is refused before being read whole when it is larger than the limit. A dry
run (the default) answers the per-row statuses; `dry_run=false` commits all or
nothing and answers 409 `import_blocked` when any row has an error.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from license_hub import settings as settings_mod
from license_hub.api.auth import require_scope
from license_hub.api.errors import ERROR_RESPONSES, ApiError, ErrorBody
from license_hub.db import read_session, write_session
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.imports import license_import as li
from license_hub.services.imports.csv_source import MAX_UPLOAD_BYTES, TOO_LARGE

router = APIRouter(
    prefix="/imports",
    tags=["imports"],
    responses=ERROR_RESPONSES
    | {
        400: {"model": ErrorBody, "description": "The upload is not a readable form (too many parts, say)"},
        413: {"model": ErrorBody, "description": "The file is too large"},
    },
)


class ImportRowOut(BaseModel):
    row: int
    status: str
    license: str
    holder: str
    message: str


class ImportOut(BaseModel):
    format: str
    committed: bool
    licenses_created: int
    licenses_updated: int
    seats_assigned: int
    people_created: int
    errors: int
    rows: list[ImportRowOut]


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + 64_000:
        raise ApiError(413, "too_large", TOO_LARGE)
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=5, max_part_size=MAX_UPLOAD_BYTES)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(422, "validation_error", "Send the CSV as the form's “file” part")
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
    else:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise ApiError(413, "too_large", TOO_LARGE)
            chunks.append(chunk)
        data = b"".join(chunks)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "too_large", TOO_LARGE)
    return data


def _run(data: bytes, dry_run: bool, actor: str) -> li.ImportReport:
    currency = settings_mod.settings.workspace_currency
    if dry_run:
        with read_session() as s:
            return li.dry_run(s, data, workspace_currency=currency)
    with write_session() as s:
        return li.commit(s, actor, data, workspace_currency=currency)


@router.post(
    "/licenses",
    response_model=ImportOut,
    summary="Import licenses and seat assignments from CSV",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
        }
    },
)
async def import_licenses(
    request: Request,
    dry_run: bool = Query(True, description="Only report what would change"),
    who: ApiPrincipal = Depends(require_scope("import")),
) -> ImportOut:
    data = await _body(request)
    try:
        report = await asyncio.to_thread(_run, data, dry_run, who.actor)
    except li.ImportBlocked as exc:
        raise ApiError(409, "import_blocked", exc.message) from None
    return ImportOut(
        format=report.format,
        committed=report.committed,
        licenses_created=report.licenses_created,
        licenses_updated=report.licenses_updated,
        seats_assigned=report.seats_assigned,
        people_created=report.people_created,
        errors=report.errors,
        rows=[ImportRowOut(**r.__dict__) for r in report.rows],
    )
