"""Contracts in and out: upload to a license, upload a contract to create a license
from, and download. An upload is refused above 20 MB before its body is read
whole: first by its Content-Length, then by counting bytes while they stream in.
The page posts a plain form here and is sent back to itself; API clients that
ask for JSON get JSON."""

from __future__ import annotations

import asyncio
from typing import AsyncIterator
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from license_hub.api.auth import require
from license_hub.db import read_session, write_session
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.documents import library, storage
from license_hub.services.documents.sniff import MEDIA_TYPES
from license_hub.services.licenses import lifecycle as licenses

MULTIPART_OVERHEAD = 64 * 1024
NOT_A_FORM = "Send the file as multipart/form-data in a field named file"


def _id(raw: str) -> int:
    return int(raw) if raw.isdigit() and 0 < len(raw) < 19 else 0


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


async def _limited(request: Request) -> AsyncIterator[bytes]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > storage.MAX_BYTES + MULTIPART_OVERHEAD:
            raise storage.TooLarge()
        yield chunk


async def _receive(request: Request) -> tuple[str, storage.Spooled]:
    """The uploaded file, spooled to the documents folder, hashed and measured."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > storage.MAX_BYTES + MULTIPART_OVERHEAD:
        raise storage.TooLarge()
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ValidationError({"file": NOT_A_FORM})
    parser = MultiPartParser(request.headers, _limited(request), max_files=1, max_fields=4)
    try:
        form = await parser.parse()
    except MultiPartException:
        raise ValidationError({"file": NOT_A_FORM}) from None
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ValidationError({"file": NOT_A_FORM})

    async def chunks() -> AsyncIterator[bytes]:
        while chunk := await upload.read(65536):
            yield chunk

    try:
        return upload.filename or "document", await storage.spool_async(chunks())
    finally:
        await upload.close()


def _answer(request: Request, back: str, doc_id: int | None = None, error: str = "", status: int = 201) -> Response:
    if _wants_json(request):
        return JSONResponse({"id": doc_id} if doc_id else {"error": error}, status_code=status)
    query = f"document={doc_id}" if doc_id else f"upload_error={quote(error)}"
    return RedirectResponse(f"{back}?{query}", status_code=303)


async def _upload(request: Request, license_id: int | None, back: str) -> Response:
    who, refusal = require(request, "license.manage")
    if refusal:
        return refusal
    try:
        if license_id is not None:
            with read_session() as s:
                licenses.get(s, license_id)
        filename, spooled = await _receive(request)
        analysis = await asyncio.to_thread(library.analyse, spooled)
        with write_session() as s:
            doc_id = library.attach(s, who.email, license_id, filename, spooled, analysis).id
    except storage.TooLarge as exc:
        return _answer(request, back, error=exc.message, status=413)
    except NotFound as exc:
        return _answer(request, back, error=exc.message, status=404)
    except DomainError as exc:
        return _answer(request, back, error=exc.message, status=400)
    return _answer(request, back, doc_id)


async def upload_to_license(request: Request) -> Response:
    """POST /api/v1/licenses/{id}/documents — attach a contract, order form or quote."""
    license_id = _id(request.path_params["license_id"])
    return await _upload(request, license_id, f"/licenses/{license_id}")


async def upload_contract(request: Request) -> Response:
    """POST /api/v1/documents — a contract to create a catalog entry and license from."""
    who, refusal = require(request, "catalog.manage")
    if refusal:
        return refusal
    return await _upload(request, None, "/licenses/from-contract")


async def download(request: Request) -> Response:
    """GET /api/v1/documents/{id}/download — the stored file, for license.view (recorded)."""
    who, refusal = require(request, "license.view")
    if refusal:
        return refusal
    try:
        with write_session() as s:
            doc = library.record_download(s, who.email, _id(request.path_params["document_id"]))
    except NotFound as exc:
        return JSONResponse({"error": exc.message}, status_code=404)
    name = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._- ") else "_" for ch in doc.filename)
    media_type = MEDIA_TYPES.get(doc.kind, "application/octet-stream")
    return StreamingResponse(
        storage.read_chunks(doc.sha256),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Length": str(doc.size_bytes),
        },
    )


ROUTES = [
    Route("/api/v1/licenses/{license_id}/documents", upload_to_license, methods=["POST"]),
    Route("/api/v1/documents", upload_contract, methods=["POST"]),
    Route("/api/v1/documents/{document_id}/download", download, methods=["GET"]),
]
