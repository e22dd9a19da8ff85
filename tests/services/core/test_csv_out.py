"""The shared CSV writer: one line per yield, formulas defused, numbers left alone."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from license_hub.services.core.csv_out import FORMULA_START, csv_stream, defuse


def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote():
    for ch in FORMULA_START:
        assert defuse(ch + "SUM(A1)") == "'" + ch + "SUM(A1)"
    assert defuse("plain =text") == "plain =text" and defuse("") == ""


def test_stream_is_one_line_per_yield_header_first():
    lines = list(
        csv_stream(
            [['=HYPERLINK("http://x")', -3, Decimal("12.5"), None, float("nan"), "ok"]],
            ["Name", "Days", "Cost", "None", "NaN", "Text"],
        )
    )
    assert lines[0] == "Name,Days,Cost,None,NaN,Text\r\n" and len(lines) == 2
    (row,) = list(csv.reader(io.StringIO(lines[1])))
    assert row == ['\'=HYPERLINK("http://x")', "-3", "12.50", "", "", "ok"]  # a negative number is not a formula
