"""The bell in the top bar: the signed-in user's unread count, polled cheaply
(one COUNT), and their newest notifications when the popover opens.

Whose notifications is decided on every event from the session cookie — the
guard resolves the principal and `_require` keeps its user id for that event
only — never from an argument or a value remembered from an earlier event."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.notify import notifications
from license_hub.state.base import SIGNED_IN, AppState, _id, _plural, handler
from license_hub.state.views.notify import NotificationView

LIST_SIZE = 8
KIND_ICONS = {
    "expiry": "calendar_x",
    "renewal_notice": "calendar_clock",
    "maintenance_expiry": "wrench",
    "cancellation_deadline": "calendar_off",
    "audit_due": "clipboard_check",
    "capacity": "users",
}


def relative(when: datetime | None, now: datetime | None = None) -> str:
    """ "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date."""
    if when is None:
        return ""
    now = now or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    seconds = max((now - when).total_seconds(), 0)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    if days == 1:
        return "yesterday"
    if days < 30:
        return f"{days} days ago"
    return when.strftime("%d %b %Y")


def _href(item: Any) -> str:
    """Only ever an in-app license path, whatever the stored link says."""
    return notifications.license_link(item.license_id) if item.license_id else ""


def _summary(title: str, body: str) -> str:
    """The body's first line that says more than the title (reminder bodies repeat it)."""
    for line in (body or "").splitlines():
        line = line.strip()
        if line and line.rstrip(".") != title.rstrip("."):
            return line[:240]
    return ""


def _item(item: Any, now: datetime) -> NotificationView:
    return NotificationView(
        id=item.id,
        title=item.title,
        body=_summary(item.title, item.body),
        href=_href(item),
        kind=item.kind,
        when=relative(item.created_at, now),
        stamp=item.created_at.strftime("%d %b %Y %H:%M UTC") if item.created_at else "",
        unread=not item.read,
    )


class BellState(AppState):
    unread: int = 0
    items: list[NotificationView] = []
    listed: bool = False
    error: str = ""
    _viewer_id: int = 0

    @rx.var
    def badge(self) -> str:
        return "99+" if self.unread > 99 else str(self.unread)

    @rx.var
    def bell_label(self) -> str:
        return f"Notifications, {self.unread} unread" if self.unread else "Notifications"

    @rx.var
    def unread_label(self) -> str:
        return f"{_plural(self.unread, 'unread notification')}" if self.unread else "You're all caught up"

    def _require(self, permission: str):
        """The guard's check, remembering whose bell this event serves."""
        self._viewer_id = 0
        who = super()._require(permission)
        self._viewer_id = who.user_id
        return who

    def _count(self) -> None:
        with read_session() as session:
            self.unread = notifications.unread_count(session, self._viewer_id)

    def _list(self) -> None:
        now = datetime.now(timezone.utc)
        with read_session() as session:
            items, _ = notifications.list_for(session, self._viewer_id, limit=LIST_SIZE)
            self.unread = notifications.unread_count(session, self._viewer_id)
        self.items = [_item(i, now) for i in items]
        self.listed = True

    @handler(SIGNED_IN)
    def refresh(self, _tick: Any = None):
        """On mount and on every poll tick: the unread count only."""
        self._count()

    @handler(SIGNED_IN)
    def opened(self, is_open: bool):
        """The popover opened: fetch the newest notifications."""
        if is_open is True:
            self.error = ""
            self._list()

    @handler(SIGNED_IN, toast=True)
    def open_item(self, notification_id: int):
        """Clicking a notification marks it read (the link itself navigates)."""
        nid = _id(notification_id)
        with write_session() as session:
            notifications.mark_read(session, self._viewer_id, nid)
        self.items = [replace(i, unread=False) if i.id == nid else i for i in self.items]
        self._count()

    @handler(SIGNED_IN, toast=True)
    def mark_all_read(self):
        with write_session() as session:
            changed = notifications.mark_all_read(session, self._viewer_id)
        self.items = [replace(i, unread=False) for i in self.items]
        self._count()
        if changed:
            return rx.toast.success(f"Marked {_plural(changed, 'notification')} read")
