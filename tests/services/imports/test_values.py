"""Each parse rule of the import, on its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from license_hub.services.imports import values


@pytest.mark.parametrize("text", ["yes", "YES", "true", "True", "1", "on", " On "])
def test_true_words(text):
    assert values.parse_bool(text) is True


@pytest.mark.parametrize("text", ["no", "No", "false", "FALSE", "0", "off", ""])
def test_false_words(text):
    assert values.parse_bool(text) is False


def test_other_words_are_refused():
    with pytest.raises(ValueError, match="not yes/no"):
        values.parse_bool("maybe")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        ("03/31/2026", date(2026, 3, 31)),
        ("3/5/2026", date(2026, 3, 5)),
        ("2016-02-26 00:00:01", date(2016, 2, 26)),
        ("", None),
    ],
)
def test_iso_and_us_dates(text, day):
    assert values.parse_date(text) == day


@pytest.mark.parametrize("text", ["31/03/2026", "2026-02-30", "next week"])
def test_bad_dates(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD or MM/DD/YYYY"):
        values.parse_date(text)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$12.58", Decimal("12.58"), "USD"),
        ("1,234.56", Decimal("1234.56"), ""),
        ("€1.234,56", Decimal("1234.56"), "EUR"),
        ("EUR 1 234,50", Decimal("1234.50"), "EUR"),
        ("£99", Decimal("99"), "GBP"),
        ("$1,200,000.00", Decimal("1200000.00"), "USD"),
        ("", None, ""),
    ],
)
def test_amounts_with_symbols_and_separators(text, amount, currency):
    assert values.parse_amount(text) == (amount, currency)


@pytest.mark.parametrize("text", ["-5", "twelve", "12 seats"])
def test_bad_amounts(text):
    with pytest.raises(ValueError):
        values.parse_amount(text)


@pytest.mark.parametrize(("text", "count"), [("5", 5), ("100,000", 100_000), ("7.0", 7), ("", None)])
def test_seat_counts(text, count):
    assert values.parse_seats(text) == count


@pytest.mark.parametrize("text", ["-1", "2.5", "many", "1" * 13])
def test_bad_seat_counts(text):
    with pytest.raises(ValueError, match="whole number"):
        values.parse_seats(text)
