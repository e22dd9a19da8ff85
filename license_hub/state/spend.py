"""/spend — finance's view (seed 003): what the active licenses cost a year by
category, vendor and renewal month, always per currency; the expiries calendar
grouped by month; and the CSV exports. The calendar's reach lives in the URL."""
from __future__ import annotations

import asyncio
from datetime import date, timedelta
from itertools import groupby
from typing import Any

import plotly.graph_objects as go
import reflex as rx
from dateutil.relativedelta import relativedelta

from license_hub.db import read_session
from license_hub.services.reports import charts
from license_hub.services.core import money
from license_hub.services.reports import spend
from license_hub.state import report_views as rv
from license_hub.state.base import AppState, _choice, handler
from license_hub.state.labels import BILLING_LABELS
from license_hub.state.utilization import untitled

HORIZONS = ["3", "6", "12"]
DEFAULT_HORIZON = "12"
KIND_LABELS = {"renewal": "Renews", "expiry": "Expires"}


def _entry(e: spend.CalendarEntry, today: date) -> dict[str, Any]:
    days = (e.day - today).days
    return {
        "key": f"{e.license_id}-{e.kind}", "day": e.day.strftime("%d %b"), "weekday": e.day.strftime("%a"),
        "iso": e.day.isoformat(), "kind": e.kind, "kind_label": KIND_LABELS.get(e.kind, e.kind),
        "title": e.product if not e.license_name or e.license_name == e.product else f"{e.product} · {e.license_name}",
        "href": f"/licenses/{e.license_id}", "vendor": e.vendor or "—", "auto_renew": e.auto_renew,
        "amount": money.fmt(e.amount_per_cycle, e.currency) if e.amount_per_cycle is not None else "—",
        "cycle": BILLING_LABELS.get(e.billing_cycle, e.billing_cycle).lower(), "soon": 0 <= days <= 30,
    }


def _month_totals(entries: list[spend.CalendarEntry]) -> str:
    sums: dict[str, Any] = {}
    for e in entries:
        if e.amount_per_cycle is not None:
            sums[e.currency] = sums.get(e.currency, 0) + e.amount_per_cycle
    return " · ".join(m["text"] for m in rv.money_lines(sums))


def _chart(frame, key: str, title: str, report: spend.SpendReport, top: int = 12) -> go.Figure:
    fig = untitled(charts.spend_by(frame, key, converted=False, workspace_currency=report.workspace_currency,
                                   top=top, title=title), height=300)
    return fig.update_xaxes(type="category")


def _month_label(key: str) -> str:
    return key if key == spend.NO_DATE else date(int(key[:4]), int(key[5:7]), 1).strftime("%b %Y")


def _month_chart(report: spend.SpendReport) -> go.Figure:
    """Months in calendar order (the generic chart orders bars by amount)."""
    frame = report.by_month.copy()
    order = list(dict.fromkeys(frame["renewal_month"]))  # already chronological, "No date" last
    frame["renewal_month"] = [_month_label(m) for m in frame["renewal_month"]]
    fig = _chart(frame, "renewal_month", "Annual spend by renewal month", report, top=36)
    return fig.update_xaxes(categoryorder="array", categoryarray=[_month_label(m) for m in order])


def compute(horizon: int) -> dict[str, Any]:
    today = date.today()
    end = today + relativedelta(months=horizon) - timedelta(days=1)
    currency = rv.workspace_currency()
    with read_session() as session:
        report = spend.fetch_spend(session, rates=rv.rates(), workspace_currency=currency)
        entries = spend.expiries_calendar(session, today, end)
    months = []
    for (year, month), group in groupby(entries, key=lambda e: (e.day.year, e.day.month)):
        items = list(group)
        months.append({"key": f"{year}-{month:02d}", "label": date(year, month, 1).strftime("%B %Y"),
                       "count": len(items), "total": _month_totals(items),
                       "entries": [_entry(e, today) for e in items]})
    unknown = int((~report.licenses["cost_known"]).sum()) if len(report.licenses) else 0
    return {
        "totals": rv.money_lines(report.by_currency),
        "converted": rv.converted_line(report.by_currency, report.converted_total, currency, report.not_converted),
        "licenses": len(report.licenses), "unknown_cost": unknown,
        "currencies": len([c for c, a in report.by_currency.items() if a]),
        "has_spend": bool(report.by_currency),
        "category_chart": _chart(report.by_category, "category", "Annual spend by category", report),
        "vendor_chart": _chart(report.by_vendor, "vendor", "Annual spend by vendor", report),
        "month_chart": _month_chart(report),
        "months": months, "calendar_count": len(entries),
    }


class SpendState(AppState):
    horizon: str = DEFAULT_HORIZON
    totals: list[dict[str, str]] = []
    converted: str = ""
    licenses: int = 0
    unknown_cost: int = 0
    currencies: int = 0
    has_spend: bool = False
    category_chart: go.Figure = go.Figure()
    vendor_chart: go.Figure = go.Figure()
    month_chart: go.Figure = go.Figure()
    months: list[dict[str, Any]] = []
    calendar_count: int = 0
    loading: bool = False
    loaded: bool = False
    error: str = ""
    denied: str = ""

    @handler("reports", error="denied", background=True)
    async def load(self):
        async with self:
            self.denied = ""
            self.horizon = _choice(self._query("months", 3), HORIZONS, DEFAULT_HORIZON)
            self.loading, self.error = True, ""
            horizon = int(self.horizon)
        try:
            data = await asyncio.to_thread(compute, horizon)
        finally:
            async with self:
                self.loading = False
        async with self:
            for name, value in data.items():
                setattr(self, name, value)
            self.loaded = True

    @handler("reports")
    def set_horizon(self, value: str | list[str]):
        chosen = _choice(value, HORIZONS, DEFAULT_HORIZON)
        return rx.redirect("/spend" + ("" if chosen == DEFAULT_HORIZON else f"?months={chosen}"), replace=True)
