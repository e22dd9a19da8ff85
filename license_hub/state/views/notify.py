"""A notification as the bell's list shows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotificationView:
    id: int
    title: str
    body: str
    href: str
    kind: str
    when: str
    stamp: str
    unread: bool
