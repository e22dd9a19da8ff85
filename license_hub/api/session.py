"""Sign-in and sign-out as plain form POSTs, so the session token travels only in
an HttpOnly cookie set by this response — never through page state."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from sqlmodel import select
from starlette.requests import Request
from starlette.responses import RedirectResponse

from license_hub.api.auth import SESSION_COOKIE, token_of
from license_hub.db import read_session, write_session
from license_hub.models import AppUser
from license_hub.services.access import accounts as access
from license_hub.services.core.errors import DomainError

MAX_AGE = int(access.SESSION_MAX.total_seconds())


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute or protocol-relative URL."""
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith("//") or "\\\\" in target or len(target) > 500:
        return "/licenses"
    return target


async def sign_in(request: Request) -> RedirectResponse:
    form = await request.form()
    email = str(form.get("email", ""))[:254]
    password = str(form.get("password", ""))[:1000]
    target = safe_next(str(form.get("next", "")))
    try:
        token = access.sign_in(email, password)
    except DomainError as exc:
        code = "locked" if exc.message.startswith("Too many") else "invalid"
        query = urlencode({"error": code, "next": target, "email": email})
        return RedirectResponse(f"/sign-in?{query}", status_code=303)
    with read_session() as s:
        user = s.exec(select(AppUser).where(AppUser.email == email.strip().lower())).first()
    if user is not None and user.must_change_password:
        target = f"/account?first=1&next={quote(target, safe='')}"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=MAX_AGE, httponly=True, samesite="lax", path="/",
                        secure=request.url.scheme == "https")
    return response


async def sign_out(request: Request) -> RedirectResponse:
    with write_session() as s:
        access.sign_out(s, token_of(request))
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
