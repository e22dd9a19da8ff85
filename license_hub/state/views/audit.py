"""One audit event as the audit log and a license's Activity show it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EventView:
    seq: int
    time: str
    actor: str
    action: str
    action_label: str
    color: str
    object: str
    href: str
    subject: str
    lines: list[str] = field(default_factory=list)
    more: str = ""
