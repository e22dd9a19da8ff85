"""The reminder, email and scheduler settings (LICENSE_HUB_SMTP_*, LICENSE_HUB_REMINDER_*,
LICENSE_HUB_SCHEDULER*), read with every other setting in license_hub.settings."""

from __future__ import annotations

from license_hub import settings as settings_mod
from license_hub.settings import NotifySettings, parse_lead_days

__all__ = ["NotifySettings", "load", "parse_lead_days"]


def load() -> NotifySettings:
    return settings_mod.settings.notify
