"""The guard every page state inherits: who is acting, may they, and are the
arguments the browser sent sane. Every public handler is reachable from the
browser with any arguments, so each one is wrapped in `guard(permission)` —
which calls `_require` before the body runs — and parses its arguments with the
helpers here before touching a service.

A handler is declared with ONE decorator, `@handler(permission, ...)`, which is
`rx.event` (background or not) around `guard`. The principal `_require` resolves
is kept for the rest of that event, so `_actor()` does not look it up again."""

from __future__ import annotations

import contextvars
import functools
import inspect
from typing import Any, Callable
from urllib.parse import quote

import reflex as rx
from starlette.requests import cookie_parser

from license_hub.services.access import accounts as access
from license_hub.services.core.errors import DomainError
from license_hub.state import chart_vars  # noqa: F401 - registers the chart vars' serializers
from license_hub.state.views import formatting

PERMISSIONS = frozenset(access.PERMISSIONS)
SESSION_COOKIE = "lh_session"
FORBIDDEN = "You do not have permission to do this"
SIGN_IN_FIRST = "Sign in first"
SIGNED_IN = "signed-in"  # a guard for pages every signed-in user may use (their own account)
NOT_FOUND = "This record does not exist"
LIST_VIEW = "list.view"  # a paged-list handler: the list's own view permission (ListSpec) applies
BAD_REQUEST = "This request was not understood"
CHANGE_PASSWORD_FIRST = "Choose your own password first"


class Forbidden(DomainError):
    """The signed-in user lacks the permission a handler needs."""


class BadArgument(DomainError):
    """The browser sent an argument no page of ours would send."""


class NotSignedIn(DomainError):
    """No valid session: the page sends the visitor to the sign-in page."""


# The principal the running event's guard resolved (None outside a guarded event).
_EVENT_PRINCIPAL: contextvars.ContextVar[access.Principal | None] = contextvars.ContextVar(
    "license_hub_event_principal", default=None
)


class MustChangePassword(DomainError):
    """A temporary password: only the account page is open until it is changed."""


class AppState(rx.State):
    """Parent of every page state. Its public vars describe the signed-in user for
    the shell (name, role, what the navigation may show) — never the token."""

    me_name: str = ""
    me_email: str = ""
    me_role: str = ""
    me_perms: list[str] = []

    def _token(self) -> str | None:
        """The HttpOnly session cookie, read from the connection's request headers
        (Reflex keeps request cookies on the server). The parser is lenient: one
        unrelated malformed cookie must not hide the session."""
        raw = self.router.headers.cookie or self.router.headers.raw_headers.get("cookie", "")
        return cookie_parser(raw).get(SESSION_COOKIE) if raw else None

    def _principal(self) -> access.Principal | None:
        cached = _EVENT_PRINCIPAL.get()
        if cached is not None:
            return cached
        # Read without a write lock; last-seen is stamped at most once a minute.
        return access.resolve(self._token())

    def _reset_tree(self) -> None:
        """Forget everything every page of this tab loaded (sign-out, expiry,
        revocation): the next page must not receive the previous user's data."""
        self._get_root_state().reset()  # recursive: every loaded page state

    def _actor(self) -> str:
        """Who the audit trail names: the signed-in user's email."""
        who = self._principal()
        return who.email if who else "anonymous"

    def _require(self, permission: str) -> access.Principal:
        """The single place access is enforced: raises NotSignedIn or Forbidden."""
        if permission == LIST_VIEW:
            permission = getattr(getattr(type(self), "_list", None), "view_permission", "")
        if permission not in PERMISSIONS and permission != SIGNED_IN:
            raise ValueError(f"unknown permission {permission!r}")
        _EVENT_PRINCIPAL.set(None)  # the guard always reads the session afresh
        who = self._principal()
        if who is None:
            self.me_name, self.me_email, self.me_role, self.me_perms = "", "", "", []
            raise NotSignedIn(SIGN_IN_FIRST)
        self.me_name, self.me_email, self.me_role = who.name, who.email, who.role
        self.me_perms = sorted(who.permissions)
        if who.must_change_password and permission != SIGNED_IN:
            raise MustChangePassword(CHANGE_PASSWORD_FIRST)
        if permission != SIGNED_IN and not who.can(permission):
            raise Forbidden(FORBIDDEN)
        _EVENT_PRINCIPAL.set(who)
        return who

    def _may(self, permission: str) -> bool:
        who = self._principal()
        return who is not None and who.can(permission)

    def _query(self, name: str, limit: int = 200) -> str:
        """One query-string parameter of the current URL, trimmed and length-limited."""
        value = self.router.url.query_parameters.get(name, "")
        return str(value).strip()[:limit]

    def _route_arg(self, name: str) -> str:
        """A dynamic route segment such as [license_id]."""
        return str(getattr(self, name, "") or "")[:20]


def guard(permission: str, error: str = "error", toast: bool = False, background: bool = False) -> Callable:
    """Wrap a handler: check `permission` first, and turn any refusal (DomainError,
    ValidationError, Forbidden, a bad argument) into a message in the page var
    named `error` instead of an exception — and, with `toast`, an error toast for
    actions that have no field to show it next to. The body runs only when allowed.
    `background=True` is for `@rx.event(background=True)` handlers: a background
    task may touch its state only inside `async with self`, so the check runs there."""

    def decorate(fn: Callable) -> Callable:
        signature = inspect.signature(fn)

        def check_call(self: AppState, args: tuple, kwargs: dict) -> None:
            self._require(permission)
            try:  # the browser may send any arguments: refuse a call the handler cannot take
                signature.bind(self, *args, **kwargs)
            except TypeError:
                raise BadArgument(BAD_REQUEST) from None

        def refuse(self: AppState, exc: DomainError) -> Any:
            if isinstance(exc, NotSignedIn):
                # The tab may still hold what an earlier user of it loaded: drop all of it.
                self._reset_tree()
            elif isinstance(exc, (Forbidden, MustChangePassword)):
                self.reset()
            if isinstance(exc, (NotSignedIn, MustChangePassword)):
                path = self.router.url.path or "/"
                query = self.router.url.query
                target = quote(path + (f"?{query}" if query else ""), safe="")
                if isinstance(exc, MustChangePassword):
                    return rx.redirect(f"/account?first=1&next={target}")
                return rx.redirect(f"/sign-in?next={target}")
            setattr(self, error, exc.message)
            return rx.toast.error(exc.message) if toast else None

        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_wrapper(self: AppState, *args: Any, **kwargs: Any) -> Any:
                reset = _EVENT_PRINCIPAL.set(None)
                try:
                    if background:
                        async with self:
                            check_call(self, args, kwargs)
                    else:
                        check_call(self, args, kwargs)
                    return await fn(self, *args, **kwargs)
                except DomainError as exc:
                    if background:
                        async with self:
                            return refuse(self, exc)
                    return refuse(self, exc)
                finally:
                    _EVENT_PRINCIPAL.reset(reset)

            async_wrapper.guarded_by = permission  # type: ignore[attr-defined]
            return async_wrapper

        @functools.wraps(fn)
        def wrapper(self: AppState, *args: Any, **kwargs: Any) -> Any:
            reset = _EVENT_PRINCIPAL.set(None)
            try:
                check_call(self, args, kwargs)
                return fn(self, *args, **kwargs)
            except DomainError as exc:
                return refuse(self, exc)
            finally:
                _EVENT_PRINCIPAL.reset(reset)

        wrapper.guarded_by = permission  # type: ignore[attr-defined]
        return wrapper

    return decorate


def handler(permission: str, error: str = "error", toast: bool = False, background: bool = False) -> Callable:
    """The one decorator a handler carries: `rx.event` around `guard(...)`, with
    `background` said once for both."""

    def decorate(fn: Callable) -> Callable:
        guarded = guard(permission, error=error, toast=toast, background=background)(fn)
        return rx.event(guarded, background=True) if background else rx.event(guarded)

    return decorate


def public(fn: Callable) -> Callable:
    """Mark a handler that needs no sign-in (the sign-in page's own). It may not
    change data; the handler-discovery test holds every other handler to a guard."""
    fn.guarded_by = "public"  # type: ignore[attr-defined]
    return fn


def _id(value: Any) -> int:
    """A positive database id from whatever the browser sent."""
    if isinstance(value, bool):
        raise BadArgument(NOT_FOUND)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise BadArgument(NOT_FOUND) from None
    if not 0 < number < 2**63:
        raise BadArgument(NOT_FOUND)
    return number


def _page(value: Any, default: int = 1) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return min(max(number, 1), 100_000)


def _text(value: Any, limit: int = 200) -> str:
    """A trimmed string, never longer than `limit`."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()[:limit]


def _choice(value: Any, allowed: Any, default: str = "") -> str:
    text = _text(value, 60)
    return text if text in allowed else default


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


# Dates and counts read the same on every page: views/formatting.py decides how.
_fmt_date = formatting.fmt_date
_iso = formatting.iso
_plural = formatting.plural
