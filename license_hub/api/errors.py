"""Errors as JSON with a stable code: `{"error": {"code": "...", "message": "..."}}`.
Domain refusals keep the seeds' wording; the code lets a client branch on them."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from license_hub.services.core import errors as domain

# Refusals whose message the seeds fix, and the code clients see for each.
RULE_CODES: dict[str, str] = {
    domain.NO_SEATS_REMAINING: "no_seats_remaining",
    domain.ALREADY_ASSIGNED: "already_assigned",
    domain.SEAT_OVER_ALLOCATED: "seat_over_allocated",
    domain.LICENSE_ARCHIVED: "license_archived",
}
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_request",
    429: "rate_limited",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: dict[str, str] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """Raise from a route or dependency to answer with this status and code."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        fields: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.fields = status, code, message, headers, fields


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, fields: dict[str, str] | None = None
) -> JSONResponse:
    detail: dict = {"code": code, "message": message}
    if fields:
        detail["fields"] = fields
    return JSONResponse({"error": detail}, status_code=status, headers=headers)


def _api_error(_: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.headers, exc.fields)


def _domain_error(_: Request, exc: domain.DomainError) -> JSONResponse:
    if isinstance(exc, domain.NotFound):
        return error_response(404, "not_found", exc.message)
    if isinstance(exc, domain.Conflict):
        return error_response(409, exc.code, exc.message, fields=exc.errors)
    if isinstance(exc, domain.ValidationError):
        return error_response(422, "invalid", exc.message, fields=exc.errors)
    return error_response(409, RULE_CODES.get(exc.message, "refused"), exc.message)


def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    fields: dict[str, str] = {}
    for err in exc.errors():
        where = ".".join(str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path"))
        fields.setdefault(where or "request", str(err.get("msg", "invalid")))
    message = "; ".join(f"{k}: {v}" for k, v in fields.items())[:500]
    return error_response(422, "invalid_request", message or "The request is not valid", fields=fields)


def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    message = exc.detail if isinstance(exc.detail, str) else "Request refused"
    return error_response(
        exc.status_code, HTTP_CODES.get(exc.status_code, "error"), message, headers=getattr(exc, "headers", None)
    )


def install(app: FastAPI) -> None:
    """Give an app the JSON error shape for every refusal."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(domain.DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


# For a route's `responses=`: the error shape in the OpenAPI document.
ERROR_RESPONSES: dict[int | str, dict] = {
    401: {"model": ErrorBody, "description": "Missing, unknown, expired or revoked token"},
    403: {"model": ErrorBody, "description": "The token lacks the scope, or its user the permission"},
    404: {"model": ErrorBody, "description": "No such record (or one the request refers to)"},
    409: {"model": ErrorBody, "description": "A rule refused the change (seat rules, archived...)"},
    422: {"model": ErrorBody, "description": "The request is not valid"},
    429: {"model": ErrorBody, "description": "Too many requests for this token"},
}
