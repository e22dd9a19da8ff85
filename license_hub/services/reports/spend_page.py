"""What the Spend page shows beyond the spend report itself: the expiries calendar
grouped by month with per-currency totals, how many licenses have no known cost,
and the finished charts (months in calendar order)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

import pandas as pd
import plotly.graph_objects as go

from license_hub.services.reports import charts, spend


@dataclass(frozen=True)
class CalendarMonth:
    key: str  # "2026-03"
    first_day: date
    entries: list[spend.CalendarEntry]
    totals: dict[str, Decimal]  # per currency, one cycle's amount of every entry with a cost


def month_totals(entries: list[spend.CalendarEntry]) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for e in entries:
        if e.amount_per_cycle is not None:
            sums[e.currency] = sums.get(e.currency, Decimal(0)) + e.amount_per_cycle
    return sums


def calendar_months(entries: list[spend.CalendarEntry]) -> list[CalendarMonth]:
    """The calendar's entries (already in date order) grouped by month."""
    months = []
    for (year, month), group in groupby(entries, key=lambda e: (e.day.year, e.day.month)):
        items = list(group)
        months.append(
            CalendarMonth(
                key=f"{year}-{month:02d}", first_day=date(year, month, 1), entries=items, totals=month_totals(items)
            )
        )
    return months


def unknown_cost(report: spend.SpendReport) -> int:
    """Active licenses whose cost is not known (left out of every total)."""
    return int((~report.licenses["cost_known"]).sum()) if len(report.licenses) else 0


def chart(frame: pd.DataFrame, key: str, title: str, report: spend.SpendReport, top: int = 12) -> go.Figure:
    fig = charts.lean(
        charts.untitled(
            charts.spend_by(
                frame, key, converted=False, workspace_currency=report.workspace_currency, top=top, title=title
            ),
            height=300,
        )
    )
    return fig.update_xaxes(type="category")


def _month_label(key: str) -> str:
    return key if key == spend.NO_DATE else date(int(key[:4]), int(key[5:7]), 1).strftime("%b %Y")


def month_chart(report: spend.SpendReport) -> go.Figure:
    """Months in calendar order (the generic chart orders bars by amount)."""
    frame = report.by_month.copy()
    order = list(dict.fromkeys(frame["renewal_month"]))  # already chronological, "No date" last
    frame["renewal_month"] = [_month_label(m) for m in frame["renewal_month"]]
    fig = chart(frame, "renewal_month", "Annual spend by renewal month", report, top=36)
    return fig.update_xaxes(categoryorder="array", categoryarray=[_month_label(m) for m in order])
