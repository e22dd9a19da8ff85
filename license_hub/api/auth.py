"""Who is calling an API route: the session cookie the app sets at sign-in, or a
Bearer token. Every route names the permission it needs."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from license_hub.db import write_session
from license_hub.services.access import accounts as access
from license_hub.services.audit import audit_log

SESSION_COOKIE = "lh_session"


def token_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(SESSION_COOKIE)  # Starlette's cookie parser is lenient


def require(request: Request, permission: str) -> tuple[access.Principal | None, JSONResponse | None]:
    """(principal, None) when allowed, else (None, the 401/403 response to return)."""
    who = access.resolve(token_of(request))
    if who is None:
        return None, JSONResponse({"error": "Sign in first"}, status_code=401)
    if who.must_change_password:
        return None, JSONResponse({"error": "Choose your own password first"}, status_code=403)
    if not who.can(permission):
        return None, JSONResponse({"error": "Your role does not allow this"}, status_code=403)
    return who, None


def record_export(who: access.Principal, what: str, detail: dict) -> None:
    with write_session() as s:
        audit_log.record(s, who.email, "export", what, None, detail)
