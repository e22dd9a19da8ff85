"""Cell values as spreadsheets and other tools write them: yes/no flags, US and
ISO dates, amounts with currency symbols and thousands separators, seat counts.
Each parser returns the value in the form the license form accepts, or raises
ValueError with the message shown on the row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from price_parser import Price

from license_hub.services.core import bounds

TRUE = frozenset({"yes", "true", "1", "on", "y"})
FALSE = frozenset({"no", "false", "0", "off", "n", ""})
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
)
SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "CHF": "CHF",
    "kr": "SEK",
    "A$": "AUD",
    "C$": "CAD",
    "₹": "INR",
}


def parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError(f"“{text}” is not yes/no, true/false, 1/0 or on/off")


def parse_date(text: str) -> date | None:
    """ISO (2026-03-31) or US (03/31/2026) dates; a time part (Snipe-IT writes one) is dropped."""
    raw = text.strip()
    if not raw:
        return None
    for fmt in _DATE_FORMATS if raw.isascii() else ():  # strptime would read "٢٠٢٦" as 2026
        try:
            found = datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        if not bounds.FIRST_YEAR <= found.year <= bounds.LAST_YEAR:
            raise ValueError(f"“{text}”: {bounds.DATE_RANGE.lower()}")
        return found
    raise ValueError(f"“{text}” is not a date: use YYYY-MM-DD or MM/DD/YYYY")


def parse_amount(text: str) -> tuple[Decimal | None, str]:
    """(amount, ISO currency guessed from a symbol or code, or "") from text like
    "$1,234.50", "€1.234,50" or "EUR 99"."""
    raw = text.strip()
    if not raw:
        return None, ""
    if raw.startswith("-") or raw.startswith("(") or "-" in raw.split()[0][:2]:
        raise ValueError(f"“{text}” is negative: enter an amount of zero or more")
    price = Price.fromstring(raw)
    if price.amount is None:
        raise ValueError(f"“{text}” is not an amount, e.g. 1,250.00 or $1,250.00")
    leftover = raw
    for part in (price.currency or "", price.amount_text or ""):
        leftover = leftover.replace(part, "", 1)
    if any(ch.isalnum() for ch in leftover):
        raise ValueError(f"“{text}” is not an amount, e.g. 1,250.00 or $1,250.00")
    symbol = (price.currency or "").strip()
    currency = symbol.upper() if len(symbol) == 3 and symbol.isalpha() else SYMBOLS.get(symbol, "")
    amount = Decimal(price.amount)
    if not amount.is_finite() or not str(price.amount_text or "").isascii():
        raise ValueError(f"“{text}” is not an amount, e.g. 1,250.00 or $1,250.00")
    if amount > bounds.MAX_MONEY:
        raise ValueError(f"“{text}”: {bounds.TOO_LARGE.lower()}")
    return amount, currency


def parse_seats(text: str) -> int | None:
    """A seat count: a whole number, thousands separators allowed ("100,000")."""
    raw = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not raw:
        return None
    if raw.endswith(".0"):
        raw = raw[:-2]
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:  # "١٢" is a digit to Python
        raise ValueError(f"“{text}” is not a whole number of seats")
    if int(raw) > bounds.MAX_INT:
        raise ValueError(f"“{text}”: enter at most {bounds.MAX_INT:,} seats")
    return int(raw)
