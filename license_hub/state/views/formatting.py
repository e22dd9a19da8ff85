"""How dates, times, money and counts read on every page, in one place."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Mapping

from license_hub.services.core import money

NONE = "—"
# Brand avatars get a stable colour per publisher from this set.
_AVATAR_COLORS = ("indigo", "cyan", "orange", "crimson", "grass", "violet", "amber", "teal", "plum", "blue")


def fmt_date(day: date | datetime | None, empty: str = NONE) -> str:
    """ "04 Mar 2025"; a datetime reads as its date."""
    return day.strftime("%d %b %Y") if day else empty


def when(moment: datetime | None, never: str = "Never") -> str:
    """A moment as its date, or `never` when there is none."""
    return fmt_date(moment.date()) if moment else never


def stamp(moment: datetime | str | None) -> str:
    """A stored UTC time as people read it: "04 Mar 2025, 14:03 UTC"."""
    if not moment:
        return ""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return f"{value:%d %b %Y, %H:%M} UTC"


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def days_ago(value: datetime | None, now: datetime) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    days = (now - value).days
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days:,} days ago"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def amount(value: Any, currency: str) -> str:
    """Money in its currency, or a dash when it is not known."""
    return money.fmt(value, currency) if isinstance(value, Decimal) else NONE


@dataclass(frozen=True)
class MoneyLineView:
    """An amount in one currency, as a money figure shows it."""

    currency: str
    text: str


def money_lines(by_currency: Mapping[str, Decimal]) -> list[MoneyLineView]:
    """One line per currency, largest first."""
    items = sorted(by_currency.items(), key=lambda kv: (-kv[1], kv[0]))
    return [MoneyLineView(currency=code, text=money.fmt(value, code)) for code, value in items if value]


def converted_line(
    by_currency: Mapping[str, Decimal], total: Decimal, currency: str, not_converted: tuple[str, ...] | list[str]
) -> str:
    """ "≈ €1,476.00 in EUR" when more than one currency is involved ("" otherwise), naming
    what had no exchange rate."""
    present = [c for c, a in by_currency.items() if a]
    if len(present) < 2:
        return ""
    text = f"≈ {money.fmt(total, currency)} in {currency}"
    if not_converted:
        text += f" · no exchange rate for {', '.join(not_converted)}"
    return text


def initials(name: str) -> str:
    words = [w for w in (name or "").replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper() if len(words[0]) > 1 else words[0].upper()
    return (words[0][0] + words[1][0]).upper()


def avatar_color(name: str) -> str:
    digest = hashlib.sha1((name or "?").strip().lower().encode()).digest()
    return _AVATAR_COLORS[digest[0] % len(_AVATAR_COLORS)]
