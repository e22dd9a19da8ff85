"""Who is calling an API route: an API token (`Authorization: Bearer lh_...`), or —
for reading — the session cookie the app sets at sign-in. Every route names the
scope it needs with `Depends(require_scope("..."))`."""

from __future__ import annotations

from typing import Callable

from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.responses import JSONResponse

from license_hub.api import rate_limit
from license_hub.api.errors import ApiError, error_response
from license_hub.db import write_session
from license_hub.services.access import accounts as access
from license_hub.services.access import tokens
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.audit import audit_log

SESSION_COOKIE = "lh_session"
READ_METHODS = frozenset({"GET", "HEAD"})
MISSING_TOKEN = "Send an API token: Authorization: Bearer <token>"

bearer = HTTPBearer(
    auto_error=False, scheme_name="ApiToken", description="An API token created on the account page (lh_...)"
)


def token_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(SESSION_COOKIE)  # Starlette's cookie parser is lenient


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def require(request: Request, permission: str) -> tuple[access.Principal | None, JSONResponse | None]:
    """For the streamed exports: (principal, None) when allowed, else (None, the 401/403)."""
    who = access.resolve(token_of(request))
    if who is None:
        return None, error_response(401, "unauthorized", "Sign in first")
    if who.must_change_password:
        return None, error_response(403, "password_change_required", "Choose your own password first")
    if not who.can(permission):
        return None, error_response(403, "forbidden", "Your role does not allow this")
    return who, None


def record_export(who: access.Principal, what: str, detail: dict) -> None:
    with write_session() as s:
        audit_log.record(s, who.email, "export", what, None, detail)


def _session_caller(request: Request, secret: str | None) -> ApiPrincipal | None:
    """The browser's session (cookie or its token as Bearer) — for reading only, so
    a page on another site cannot make a signed-in browser change anything."""
    if request.method not in READ_METHODS:
        return None
    with write_session() as s:
        user = access.principal(s, secret or request.cookies.get(SESSION_COOKIE))
    return tokens.session_principal(user, client_address(request)) if user else None


def authenticate(request: Request, secret: str | None) -> ApiPrincipal:
    if tokens.looks_like_token(secret):
        try:
            return tokens.authenticate(secret, client_address(request))
        except tokens.TokenRefused as exc:
            raise ApiError(401, exc.code, exc.message, {"WWW-Authenticate": "Bearer"}) from None
    who = _session_caller(request, secret)
    if who is None:
        code = "invalid_token" if secret else "missing_token"
        raise ApiError(401, code, tokens.INVALID_TOKEN if secret else MISSING_TOKEN, {"WWW-Authenticate": "Bearer"})
    return who


def _count_request(request: Request, who: ApiPrincipal) -> None:
    """The per-token rate limit (the browser's session counts per user)."""
    key = f"token:{who.token_id}" if who.token_id is not None else f"user:{who.user.user_id}"
    verdict = rate_limit.check(key)
    request.state.rate_limit_headers = verdict.headers()
    if not verdict.allowed:
        raise ApiError(
            429, "rate_limited", f"Too many requests: try again in {verdict.reset_in} seconds", verdict.headers()
        )


def require_scope(scope: str) -> Callable[..., ApiPrincipal]:
    """A FastAPI dependency: the caller, once their token carries `scope` and their
    user still holds the permissions it needs (401 / 403 otherwise)."""
    if scope not in tokens.SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    def dependency(
        request: Request, credentials: HTTPAuthorizationCredentials | None = Security(bearer)
    ) -> ApiPrincipal:
        who = authenticate(request, credentials.credentials if credentials else None)
        _count_request(request, who)
        if scope not in who.scopes:
            raise ApiError(403, "missing_scope", f"This token does not have the {scope} scope")
        if not who.allows(scope):
            raise ApiError(403, "forbidden", f"{who.user.email}'s role does not allow {scope}")
        request.state.principal = who
        return who

    dependency.scope = scope  # type: ignore[attr-defined]
    return dependency
