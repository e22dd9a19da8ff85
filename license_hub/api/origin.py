"""Cross-site request refusal for every state-changing route under the API.

A browser sends the page's Origin (or at least a Referer) with a POST; when it
names another site the request is refused before any route runs, so a form on
another site cannot use the visitor's session cookie. Calls that authenticate
with a Bearer token carry no ambient credential and are exempt."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from license_hub import settings as settings_mod

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CROSS_SITE = "Cross-site requests are not accepted"


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else "null"


def allowed_origins(headers: Headers, scheme: str) -> set[str]:
    """This site as the browser reached it, and as the settings name it."""
    own = {_origin_of(settings_mod.settings.app_url), _origin_of(settings_mod.settings.notify.app_url)}
    host = headers.get("host", "")
    if host:
        own |= {f"{scheme}://{host}".lower(), f"http://{host}".lower(), f"https://{host}".lower()}
    return own


def is_cross_site(headers: Headers, scheme: str) -> bool:
    if headers.get("authorization", "").lower().startswith("bearer "):
        return False
    claimed = headers.get("origin") or (_origin_of(headers["referer"]) if headers.get("referer") else None)
    if claimed is None:  # not sent by a browser page: no ambient-cookie forgery possible
        return False
    return claimed.lower() not in allowed_origins(headers, scheme)


class OriginCheck:
    """ASGI middleware: 403 for a state-changing request whose Origin is another site."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            if is_cross_site(Headers(scope=scope), scope.get("scheme", "http")):
                await JSONResponse({"error": CROSS_SITE, "code": "cross_site"}, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)
