"""CSV for people who open it in a spreadsheet: one writer and one formula guard.

Finance opens the exports in a spreadsheet, which runs a cell starting with "=",
"+", "-", "@", tab or carriage return as a formula: a license or holder name
typed by anyone could then fetch URLs or run commands on the reader's machine.
Such a text cell gets a leading quote. Every export shares this guard (the seat
export applies the same characters in SQL), so no export can forget it or guard
a different set of characters. Exports are generators of text so a route can
stream them with flat memory.
"""

from __future__ import annotations

import csv
import io
import math
from decimal import Decimal
from typing import Any, Iterable, Iterator

from license_hub.services.core.money import CENT

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """The text, with a leading quote if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def cell(value: Any) -> Any:
    """A value as a CSV cell: None and NaN empty, money to the cent, text defused.
    Numbers stay numbers (a negative one is not a formula)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, Decimal):
        return str(value.quantize(CENT))
    if isinstance(value, str):
        return defuse(value)
    return value


class CsvBuffer:
    """A csv writer over one reusable buffer: write rows, take the text written so far."""

    def __init__(self) -> None:
        self.buf = io.StringIO()
        self.writer = csv.writer(self.buf, lineterminator="\r\n")

    def take(self) -> str:
        text = self.buf.getvalue()
        self.buf.seek(0)
        self.buf.truncate()
        return text

    def line(self, values: Iterable[Any]) -> str:
        """One row through cell(), as text."""
        self.writer.writerow([cell(v) for v in values])
        return self.take()


def csv_stream(rows: Iterable[Iterable[Any]], header: Iterable[str]) -> Iterator[str]:
    """One CSV line per yield, the header first; every cell through cell()."""
    out = CsvBuffer()
    yield out.line(header)
    for row in rows:
        yield out.line(row)
