"""Bounds every number, date and text a user types must meet before it is saved:
values that fit their columns on SQLite and PostgreSQL alike, and that reports can
add up without overflowing. Each refusal is a message for that field.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX_MONEY = Decimal("999999999999.99")  # Numeric(14, 2)
MAX_INT = 2**31 - 1  # INTEGER on PostgreSQL
FIRST_YEAR, LAST_YEAR = 1900, 2200
AMOUNT = "Enter an amount, e.g. 1250.00"
WHOLE = "Enter a whole number"
TOO_LARGE = f"Enter an amount up to {MAX_MONEY:,}"
CONTROL = "Remove the invisible control characters"
DATE_FORMAT = "Enter a date as YYYY-MM-DD"
DATE_RANGE = f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}"


def _digits_only(text: str) -> bool:
    """ASCII only: Python would read "١٢٣" or full-width digits as numbers."""
    return text.isascii()


def text(value: object, limit: int) -> str:
    out = "" if value is None else str(value).strip()
    if "\x00" in out:
        raise ValueError(CONTROL)
    if len(out) > limit:
        raise ValueError(f"Keep it under {limit} characters")
    return out


def whole(value: object, low: int = -MAX_INT, high: int = MAX_INT) -> int:
    if isinstance(value, bool):
        raise ValueError(WHOLE)
    raw = str(value).strip()
    if not _digits_only(raw) or len(raw) > 12:
        raise ValueError(WHOLE)
    try:
        number = int(raw)
    except ValueError as exc:
        raise ValueError(WHOLE) from exc
    if not low <= number <= high:
        raise ValueError(f"Enter a number between {low:,} and {high:,}")
    return number


def amount(value: object) -> Decimal:
    """Money of zero or more, to the cent, that fits Numeric(14, 2)."""
    raw = str(value).strip().replace(",", "")
    if not _digits_only(raw) or len(raw) > 40:
        raise ValueError(AMOUNT)
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError(AMOUNT) from exc
    if not number.is_finite() or number < 0:
        raise ValueError("Enter an amount of zero or more")
    if number > MAX_MONEY:
        raise ValueError(TOO_LARGE)
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def day(value: object) -> date:
    if isinstance(value, date):
        found = value
    else:
        raw = str(value).strip()
        if not _digits_only(raw):
            raise ValueError(DATE_FORMAT)
        try:
            found = date.fromisoformat(raw)
        except ValueError as exc:
            raise ValueError(DATE_FORMAT) from exc
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise ValueError(DATE_RANGE)
    return found
