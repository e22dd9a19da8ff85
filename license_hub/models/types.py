"""Column types shared by the tables: UTC timestamps and money."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import DateTime, Numeric
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Stores every timestamp in UTC and hands back an aware datetime on both databases."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime (UTC)")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class _BoundedDecimal(TypeDecorator):
    """NUMERIC(p, 2) that reads back only what fits the column. SQLite stores any
    number (or text) in a NUMERIC column; a value saved before input had bounds —
    1e30, NaN, "Infinity" — reads back as None (unknown), so one absurd row cannot
    break a report for everyone."""

    impl = Numeric(14, 2, asdecimal=True)
    cache_ok = True
    limit = Decimal("999999999999.99")

    def result_processor(self, dialect, coltype):
        return self.process_result_value

    def process_result_value(self, value, dialect=None):
        if value is None:
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
        except ArithmeticError:
            return None
        if not number.is_finite() or abs(number) > self.limit:
            return None
        return number.quantize(Decimal("0.01"))


class _Percent(_BoundedDecimal):
    impl = Numeric(5, 2, asdecimal=True)
    cache_ok = True
    limit = Decimal("999.99")


Money = _BoundedDecimal()
Percent = _Percent()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


ZERO = Decimal("0")
