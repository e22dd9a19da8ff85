"""The guard every page state inherits: who is acting, may they, and are the
arguments the browser sent sane. Every public handler is reachable from the
browser with any arguments, so each one is wrapped in `guard(permission)` —
which calls `_require` before the body runs — and parses its arguments with the
helpers here before touching a service."""
from __future__ import annotations

import functools
import inspect
from datetime import date
from typing import Any, Callable

import reflex as rx

from license_hub.services.errors import DomainError

PERMISSIONS = frozenset({"license.view", "license.manage", "license.assign", "key.reveal", "catalog.manage"})
FORBIDDEN = "You do not have permission to do this"
NOT_FOUND = "This record does not exist"
BAD_REQUEST = "This request was not understood"


class Forbidden(DomainError):
    """The signed-in user lacks the permission a handler needs."""


class BadArgument(DomainError):
    """The browser sent an argument no page of ours would send."""


class AppState(rx.State):
    """Parent of every page state: holds no data, only the guard helpers."""

    def _actor(self) -> str:
        """Who the audit trail names. Sign-in replaces this with the session user."""
        return "admin"

    def _permissions(self) -> frozenset[str]:
        """What the current user may do. Roles replace this with the user's grants."""
        return PERMISSIONS

    def _require(self, permission: str) -> None:
        """The single place access is enforced; raises Forbidden."""
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")
        if permission not in self._permissions():
            raise Forbidden(FORBIDDEN)

    def _query(self, name: str, limit: int = 200) -> str:
        """One query-string parameter of the current URL, trimmed and length-limited."""
        value = self.router.url.query_parameters.get(name, "")
        return str(value).strip()[:limit]

    def _route_arg(self, name: str) -> str:
        """A dynamic route segment such as [license_id]."""
        return str(getattr(self, name, "") or "")[:20]


def guard(permission: str, error: str = "error", toast: bool = False) -> Callable:
    """Wrap a handler: check `permission` first, and turn any refusal (DomainError,
    ValidationError, Forbidden, a bad argument) into a message in the page var
    named `error` instead of an exception — and, with `toast`, an error toast for
    actions that have no field to show it next to. The body runs only when allowed."""

    def decorate(fn: Callable) -> Callable:
        signature = inspect.signature(fn)

        def check_call(self: AppState, args: tuple, kwargs: dict) -> None:
            self._require(permission)
            try:  # the browser may send any arguments: refuse a call the handler cannot take
                signature.bind(self, *args, **kwargs)
            except TypeError:
                raise BadArgument(BAD_REQUEST) from None

        def refuse(self: AppState, exc: DomainError) -> Any:
            setattr(self, error, exc.message)
            return rx.toast.error(exc.message) if toast else None

        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def async_wrapper(self: AppState, *args: Any, **kwargs: Any) -> Any:
                try:
                    check_call(self, args, kwargs)
                    return await fn(self, *args, **kwargs)
                except DomainError as exc:
                    return refuse(self, exc)

            return async_wrapper

        @functools.wraps(fn)
        def wrapper(self: AppState, *args: Any, **kwargs: Any) -> Any:
            try:
                check_call(self, args, kwargs)
                return fn(self, *args, **kwargs)
            except DomainError as exc:
                return refuse(self, exc)

        return wrapper

    return decorate


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


def _fmt_date(day: date | None) -> str:
    return day.strftime("%d %b %Y") if day else "—"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
