"""Sign-in and sign-out as plain form POSTs, so the session token travels only in
an HttpOnly cookie set by this response — never through page state."""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from sqlmodel import select
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from license_hub import lanes
from license_hub import settings as settings_mod
from license_hub.api.auth import SESSION_COOKIE, token_of
from license_hub.db import read_session, write_session
from license_hub.models import AppUser
from license_hub.services.access import accounts as access
from license_hub.services.core.errors import DomainError

MAX_AGE = int(access.SESSION_MAX.total_seconds())


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute or protocol-relative URL. Browsers
    read a backslash as a slash, so "/\\host" is refused like "//host"."""
    target = (target or "").strip()
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or len(target) > 500
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in target)
    ):
        return "/licenses"
    return target


def _throttled(exc: access.Throttled, target: str, email: str) -> HTMLResponse:
    """429 with Retry-After for any client; a browser is sent on to the sign-in
    page, which says how long to wait."""
    query = escape(urlencode({"error": "throttled", "wait": exc.retry_after, "next": target, "email": email}))
    body = (
        f'<!doctype html><meta http-equiv="refresh" content="0;url=/sign-in?{query}">'
        f"<title>Too many sign-ins</title><p>{escape(exc.message)}</p>"
    )
    return HTMLResponse(body, status_code=429, headers={"Retry-After": str(exc.retry_after)})


async def sign_in(request: Request) -> Response:
    form = await request.form()
    email = str(form.get("email", ""))[:254]
    password = str(form.get("password", ""))[:1000]
    target = safe_next(str(form.get("next", "")))
    client = request.client.host if request.client else ""
    try:  # Argon2 runs in a worker thread, never on the event loop
        token = await lanes.password_work(access.sign_in, email, password, None, client)
    except access.Throttled as exc:
        return _throttled(exc, target, email)
    except DomainError as exc:
        code = "expired" if exc.message == access.TEMPORARY_EXPIRED else "invalid"
        query = urlencode({"error": code, "next": target, "email": email})
        return RedirectResponse(f"/sign-in?{query}", status_code=303)
    with read_session() as s:
        user = s.exec(select(AppUser).where(AppUser.email == email.strip().lower())).first()
    if user is not None and user.must_change_password:
        target = f"/account?first=1&next={quote(target, safe='')}"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=MAX_AGE,
        httponly=True,
        samesite="lax",
        path="/",
        secure=settings_mod.settings.secure_cookies or request.url.scheme == "https",
    )
    return response


async def sign_out(request: Request) -> RedirectResponse:
    with write_session() as s:
        access.sign_out(s, token_of(request))
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
