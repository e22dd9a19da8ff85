"""The reminder, email and scheduler settings, read from the environment in one
small place until they move into `license_hub.settings` (same names, same
defaults), so the rest of the notification code never touches os.environ."""
from __future__ import annotations

import os
from dataclasses import dataclass

from license_hub import settings as settings_mod

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class NotifySettings:
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str | None = None
    smtp_starttls: bool = True
    reminder_lead_days: tuple[int, ...] = (90, 30, 7)
    reminder_grace_days: int = 7
    email_digest: bool = False
    digest_hour: int = 7
    scan_interval_minutes: int = 60
    scheduler_enabled: bool = True
    scheduler_lease_seconds: int = 60
    app_url: str = "http://localhost:3000"

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host and self.smtp_from)


def parse_lead_days(raw: str) -> tuple[int, ...]:
    """"90,30,7" -> (90, 30, 7): positive whole days, largest first, no repeats.
    The due day itself (0) is always a stage and need not be listed."""
    days: set[int] = set()
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        value = int(part)
        if not 0 <= value <= 3650:
            raise ValueError(f"reminder lead days must be between 0 and 3650, got {value}")
        if value:
            days.add(value)
    return tuple(sorted(days, reverse=True))


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    return raw in _TRUE if raw else default


def load() -> NotifySettings:
    starttls = _flag("LICENSE_HUB_SMTP_STARTTLS", True)
    return NotifySettings(
        smtp_host=os.environ.get("LICENSE_HUB_SMTP_HOST") or None,
        smtp_port=_int("LICENSE_HUB_SMTP_PORT", 587 if starttls else 25),
        smtp_user=os.environ.get("LICENSE_HUB_SMTP_USER") or None,
        smtp_password=os.environ.get("LICENSE_HUB_SMTP_PASSWORD") or None,
        smtp_from=os.environ.get("LICENSE_HUB_SMTP_FROM") or None,
        smtp_starttls=starttls,
        reminder_lead_days=parse_lead_days(os.environ.get("LICENSE_HUB_REMINDER_LEAD_DAYS", "90,30,7")),
        reminder_grace_days=_int("LICENSE_HUB_REMINDER_GRACE_DAYS", 7),
        email_digest=_flag("LICENSE_HUB_EMAIL_DIGEST", False),
        digest_hour=min(max(_int("LICENSE_HUB_DIGEST_HOUR", 7), 0), 23),
        scan_interval_minutes=max(_int("LICENSE_HUB_SCAN_INTERVAL_MINUTES", 60), 1),
        scheduler_enabled=_flag("LICENSE_HUB_SCHEDULER", True),
        scheduler_lease_seconds=max(_int("LICENSE_HUB_SCHEDULER_LEASE_SECONDS", 60), 4),
        app_url=settings_mod.settings.app_url.rstrip("/"),
    )
