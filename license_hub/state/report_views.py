"""Money and dates of the reporting pages (Dashboard, Utilization, Spend) as the
plain strings the browser receives. Amounts stay per currency: a converted total
is its own line and says which currencies it had no rate for."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Mapping

from license_hub import settings as settings_mod
from license_hub.services.core import money


def rates() -> dict[str, Decimal]:
    return dict(settings_mod.settings.exchange_rates)


def workspace_currency() -> str:
    return settings_mod.settings.workspace_currency


def money_lines(by_currency: Mapping[str, Decimal]) -> list[dict[str, str]]:
    """One line per currency, largest first."""
    items = sorted(by_currency.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"currency": code, "text": money.fmt(amount, code)} for code, amount in items if amount]


def converted_line(by_currency: Mapping[str, Decimal], total: Decimal, currency: str,
                   not_converted: tuple[str, ...] | list[str]) -> str:
    """"≈ €1,476.00 in EUR" when more than one currency is involved ("" otherwise), naming
    what had no exchange rate."""
    present = [c for c, a in by_currency.items() if a]
    if len(present) < 2:
        return ""
    text = f"≈ {money.fmt(total, currency)} in {currency}"
    if not_converted:
        text += f" · no exchange rate for {', '.join(not_converted)}"
    return text


def amount(value: Any, currency: str) -> str:
    return money.fmt(value, currency) if isinstance(value, Decimal) else "—"


def day(value: date | datetime | None) -> str:
    return value.strftime("%d %b %Y") if value else "—"


def days_ago(value: datetime | None, now: datetime) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    days = (now - value).days
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days:,} days ago"

