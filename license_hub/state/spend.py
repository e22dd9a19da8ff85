"""/spend — finance's view (seed 003): what the active licenses cost a year by
category, vendor and renewal month, always per currency; the expiries calendar
grouped by month; and the CSV exports. The calendar's reach lives in the URL.

The page arrives in two stages: the totals and the calendar first, then the three
charts, which the browser asks for once it has drawn the first stage."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import reflex as rx
from dateutil.relativedelta import relativedelta

from license_hub.db import read_session
from license_hub.services.core import data_version, money
from license_hub.services.reports import frames, spend, spend_page
from license_hub.services.reports.chart_text import ChartText, describe
from license_hub.services.reports.charts import Figure, blank
from license_hub.state import report_views as rv
from license_hub.state.base import AppState, _choice, handler
from license_hub.state.labels import BILLING_LABELS
from license_hub.state.views.formatting import MoneyLineView
from license_hub.state.views.reports import CalendarEntryView, CalendarMonthView

# A month lists its first entries only (its count and totals cover all of them, and
# the renewals page lists the rest): at 10,000 licenses a year's calendar holds
# thousands, and every entry listed is one more row the browser draws before the
# page is on screen (ten a month keep a year's calendar near a hundred rows).
MONTH_ENTRIES = 10
HORIZONS = ["3", "6", "12"]
DEFAULT_HORIZON = "12"
KIND_LABELS = {"renewal": "Renews", "expiry": "Expires"}


def _entry(e: spend.CalendarEntry, today: date) -> CalendarEntryView:
    days = (e.day - today).days
    return CalendarEntryView(
        key=f"{e.license_id}-{e.kind}",
        day=e.day.strftime("%d %b"),
        weekday=e.day.strftime("%a"),
        iso=e.day.isoformat(),
        kind=e.kind,
        kind_label=KIND_LABELS.get(e.kind, e.kind),
        title=e.product if not e.license_name or e.license_name == e.product else f"{e.product} · {e.license_name}",
        href=f"/licenses/{e.license_id}",
        vendor=e.vendor or "—",
        auto_renew=e.auto_renew,
        amount=money.fmt(e.amount_per_cycle, e.currency) if e.amount_per_cycle is not None else "—",
        cycle=BILLING_LABELS.get(e.billing_cycle, e.billing_cycle).lower(),
        soon=0 <= days <= 30,
    )


def compute(horizon: int) -> tuple[dict[str, Any], spend.SpendReport]:
    """The first stage's fields and the report the charts are drawn from, reused while
    nothing was committed since (data_version) on the same day."""
    rates = rv.rates()
    key = (horizon, date.today(), rv.workspace_currency(), tuple(sorted((str(k), str(v)) for k, v in rates.items())))
    return data_version.reuse(read_session, "spend", key, lambda: _compute(horizon))


def _compute(horizon: int) -> tuple[dict[str, Any], spend.SpendReport]:
    today = date.today()
    end = today + relativedelta(months=horizon) - timedelta(days=1)
    currency = rv.workspace_currency()
    with read_session() as session:
        licenses = frames.fetch_licenses(session)
    # One read of the active licenses feeds the report and the calendar.
    report = spend.spend_report(licenses, rates=rv.rates(), workspace_currency=currency)
    entries = spend.calendar_from_licenses(licenses, today, end)
    months = [
        CalendarMonthView(
            key=m.key,
            label=m.first_day.strftime("%B %Y"),
            count=len(m.entries),
            total=" · ".join(line.text for line in rv.money_lines(m.totals)),
            entry_rows=[_entry(e, today) for e in m.entries[:MONTH_ENTRIES]],
            more=f"and {len(m.entries) - MONTH_ENTRIES:,} more this month" if len(m.entries) > MONTH_ENTRIES else "",
        )
        for m in spend_page.calendar_months(entries)
    ]
    return {
        "totals": rv.money_lines(report.by_currency),
        "converted": rv.converted_line(report.by_currency, report.converted_total, currency, report.not_converted),
        "licenses": len(report.licenses),
        "unknown_cost": spend_page.unknown_cost(report),
        "currencies": len([c for c, a in report.by_currency.items() if a]),
        # Charts only when some license has a known cost: zero bars say nothing.
        "has_spend": bool(report.by_currency) and spend_page.unknown_cost(report) < len(report.licenses),
        "months": months,
        "calendar_count": len(entries),
    }, report


def charts_for(horizon: int) -> dict[str, Any]:
    """The second stage, drawn once per report: plotting nine currency panels costs
    more than reading the report, and a reused report keeps its charts."""
    _, report = compute(horizon)
    return data_version.derived(report, "spend-charts", lambda: compute_charts(report))


def compute_charts(report: spend.SpendReport) -> dict[str, Any]:
    """The second stage: the three figures and, for each, its text alternative."""
    figures = {
        "category_chart": spend_page.chart(report.by_category, "category", "Annual spend by category", report),
        "vendor_chart": spend_page.chart(report.by_vendor, "vendor", "Annual spend by vendor", report),
        "month_chart": spend_page.month_chart(report),
    }
    return figures | {f"{name}_text": describe(fig) for name, fig in figures.items()}


class SpendState(AppState):
    horizon: str = DEFAULT_HORIZON
    totals: list[MoneyLineView] = []
    converted: str = ""
    licenses: int = 0
    unknown_cost: int = 0
    currencies: int = 0
    has_spend: bool = False
    category_chart: Figure = blank()
    vendor_chart: Figure = blank()
    month_chart: Figure = blank()
    category_chart_text: ChartText = ChartText()
    vendor_chart_text: ChartText = ChartText()
    month_chart_text: ChartText = ChartText()
    months: list[CalendarMonthView] = []
    calendar_count: int = 0
    loading: bool = False
    loaded: bool = False
    complete: bool = False  # the last stage (the charts) is in
    error: str = ""
    denied: str = ""

    @handler("reports", error="denied", background=True)
    async def load(self):
        async with self:
            self.denied = ""
            self.horizon = _choice(self._query("months", 3), HORIZONS, DEFAULT_HORIZON)
            self.loading, self.complete, self.error = True, False, ""
            horizon = int(self.horizon)
        try:
            data, _ = await asyncio.to_thread(compute, horizon)
        finally:
            async with self:
                self.loading = False
        async with self:
            for name, value in data.items():
                setattr(self, name, value)
            self.loaded = True

    @handler("reports", error="denied", background=True)
    async def load_charts(self):
        """The second stage, asked for by the charts' placeholders once the first
        stage is drawn: plotting three figures takes the browser longer than all the
        text, which would otherwise wait behind it."""
        async with self:
            horizon = int(_choice(self.horizon, HORIZONS, DEFAULT_HORIZON))
            figures = await asyncio.to_thread(charts_for, horizon)
        async with self:
            for name, value in figures.items():
                setattr(self, name, value)
            self.complete = True

    @handler("reports")
    def set_horizon(self, value: str | list[str]):
        chosen = _choice(value, HORIZONS, DEFAULT_HORIZON)
        return rx.redirect("/spend" + ("" if chosen == DEFAULT_HORIZON else f"?months={chosen}"), replace=True)
