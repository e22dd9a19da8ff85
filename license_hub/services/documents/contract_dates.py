"""Dates as contracts write them: 2026-03-01, 1 March 2026, March 1, 2026, 01/03/2026.
A numeric date whose day and month could swap is read day-first (month-first in a
US-dollar document) and marked ambiguous, so the reviewer checks it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil import parser as dateparser

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
DATE_RE = re.compile(DATE, re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


@dataclass(frozen=True)
class ParsedDate:
    day: date
    ambiguous: bool


def parse(text: str, month_first: bool = False) -> ParsedDate | None:
    text = text.strip()
    numeric = _NUMERIC.match(text)
    try:
        if numeric:
            return _numeric(*(int(g) for g in numeric.groups()), month_first=month_first)
        if re.match(r"^\d{4}-", text):
            return ParsedDate(date.fromisoformat("-".join(p.zfill(2) for p in text.split("-"))), False)
        return ParsedDate(
            dateparser.parse(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace(" of ", " "), dayfirst=True).date(),
            False,
        )
    except (ValueError, OverflowError):
        return None


def _numeric(a: int, b: int, year: int, month_first: bool) -> ParsedDate:
    if a > 12:
        return ParsedDate(date(year, b, a), False)
    if b > 12:
        return ParsedDate(date(year, a, b), False)
    ambiguous = a != b
    return ParsedDate(date(year, a, b) if month_first else date(year, b, a), ambiguous)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return date(year, month, min(day.day, last))
