"""/dashboard — the headline figures, the software compliance grid, capacity
alerts, the next renewals and seats in use over time. One composed read from the
reporting services (reused while nothing changed), run in a worker thread from a
background event, sent in two stages: the figures, grid and lists first; the chart
once the browser has drawn them and asks for it, so the text never waits behind
the plotting. The overview moves with the clock (dormancy's cutoff, the renewal
countdown), so it is read again each minute, which takes seconds at scale: until
it is in, the page shows the last one read while nothing changed.

The grid counts every product per status but lists only the most urgent ones:
at thousands of licenses it holds hundreds of products, which the full compliance
page lists."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Mapping

import reflex as rx

from license_hub.db import read_session
from license_hub.models.types import utcnow
from license_hub.services.core import data_version
from license_hub.services.reports import compliance, dashboard
from license_hub.services.reports.chart_text import ChartText, describe
from license_hub.services.reports.charts import Figure, blank
from license_hub.state import report_views as rv
from license_hub.state.base import AppState, handler
from license_hub.state.usage_audit import COMPLIANCE_COLORS
from license_hub.state.utilization import fill_color
from license_hub.state.views.formatting import MoneyLineView
from license_hub.state.views.reports import CapacityAlertView, ComplianceRowView, UpcomingRenewalView


def _grid_row(r: Mapping[str, Any]) -> ComplianceRowView:
    statuses = [f"{int(r[s])} {s.lower()}" for s in compliance.STATUSES if int(r[s])]
    return ComplianceRowView(
        key=f"{r['catalog_entry_id']}",
        product=r["product"],
        href=f"/licenses?software={int(r['catalog_entry_id'])}" if int(r["licenses"]) else "",
        licenses=int(r["licenses"]),
        purchased="Unlimited" if r["unlimited"] else f"{int(r['purchased']):,}",
        used=f"{int(r['used']):,}",
        installed=f"{int(r['installed']):,}",
        unlicensed=int(r["unlicensed_installations"]),
        status=r["status"],
        color=COMPLIANCE_COLORS.get(r["status"], "gray"),
        detail=", ".join(statuses) if statuses else "No active license",
    )


@dataclass(frozen=True)
class GridStatusView:
    """How many products of the whole grid are in one status."""

    status: str
    count: int
    color: str


def _alert(r: Any) -> CapacityAlertView:
    return CapacityAlertView(
        id=int(r.license_id),
        href=f"/licenses/{int(r.license_id)}",
        title=r.product if not r.name or r.name == r.product else f"{r.product} · {r.name}",
        fill=min(float(r.fill_pct), 100.0),
        fill_text=f"{float(r.fill_pct):.0f}%",
        color=fill_color(float(r.fill_pct)),
        seats=f"{int(r.seats_used)} / {int(r.seats_total)}",
        threshold=f"alert at {int(r.capacity_threshold_pct)}%",
    )


def _renewal(r: Any) -> UpcomingRenewalView:
    days = r.days_left
    return UpcomingRenewalView(
        key=f"{r.license_id}-{r.kind}",
        href=r.link,
        title=r.license_name or r.software,
        software=r.software,
        label=r.label,
        date=rv.day(r.due_on),
        days="Today" if days == 0 else "Tomorrow" if days == 1 else f"in {days} days",
        urgent=days <= 7,
        cost=r.annual_cost_text,
        auto_renew=r.auto_renew,
    )


def _overview() -> dashboard.Overview:
    return dashboard.cached_overview(
        read_session, now=utcnow(), rates=rv.rates(), workspace_currency=rv.workspace_currency()
    )


def compute() -> tuple[dict[str, Any], dashboard.Overview]:
    """The first stage's fields, and the overview the chart is drawn from."""
    ov = _overview()
    return fields(ov), ov


def recent() -> tuple[dict[str, Any], bool] | None:
    """The first stage's fields from the overview last read while nothing changed, and
    whether it is this minute's (dashboard.recent_overview); None when there is none."""
    found = _recent_overview()
    return None if found is None else (fields(found[0]), found[1])


def _recent_overview() -> tuple[dashboard.Overview, bool] | None:
    return dashboard.recent_overview(
        read_session, now=utcnow(), rates=rv.rates(), workspace_currency=rv.workspace_currency()
    )


def fields(ov: dashboard.Overview) -> dict[str, Any]:
    currency = rv.workspace_currency()
    head, spend = ov.headline, ov.headline.spend
    grid = dashboard.grid_summary(ov)
    return {
        "licenses": head.licenses,
        "seats_used": head.seats_used,
        "seats_total": head.seats_total,
        "fill": head.fill_pct or 0.0,
        "fill_text": "—" if head.fill_pct is None else f"{head.fill_pct:.0f}% used",
        "unlimited": head.unlimited,
        "dormant": head.dormant_seats,
        "spend": rv.money_lines(spend.by_currency),
        "spend_converted": rv.converted_line(spend.by_currency, spend.converted_total, currency, spend.not_converted),
        "savings": rv.money_lines(head.savings.by_currency),
        "savings_converted": rv.converted_line(
            head.savings.by_currency, head.savings.converted_total, currency, head.savings.not_converted
        ),
        "grid": [_grid_row(r) for r in grid.rows],
        "grid_total": grid.total,
        "grid_counts": [
            GridStatusView(status=status, count=count, color=COMPLIANCE_COLORS.get(status, "gray"))
            for status, count in grid.counts.items()
        ],
        "alerts": [_alert(r) for r in dashboard.alert_rows(ov)],
        "alerts_total": ov.alerts_total,
        "renewals": [_renewal(r) for r in ov.renewals],
        "renewals_total": ov.renewals_total,
        "renewal_days": ov.renewal_days,
    }


def compute_chart(ov: dashboard.Overview) -> dict[str, Any]:
    """The second stage: seats in use over time."""
    history_chart = dashboard.history_chart(ov)
    return {
        "history_chart": history_chart or blank(),
        "has_history": history_chart is not None,
        "history_text": describe(history_chart) if history_chart is not None else ChartText(),
    }


def chart_for_overview() -> dict[str, Any]:
    """The second stage, drawn once per overview (a reused overview keeps its chart),
    from the one the first stage showed: the last read while nothing changed, even
    while this minute's is being read (months of seats in use hardly move in one)."""
    found = _recent_overview()
    return chart_of(found[0] if found is not None else _overview())


def chart_of(ov: dashboard.Overview) -> dict[str, Any]:
    return data_version.derived(ov, "dashboard-chart", lambda: compute_chart(ov))


class DashboardState(AppState):
    licenses: int = 0
    seats_used: int = 0
    seats_total: int = 0
    fill: float = 0.0
    fill_text: str = ""
    unlimited: int = 0
    dormant: int = 0
    spend: list[MoneyLineView] = []
    spend_converted: str = ""
    savings: list[MoneyLineView] = []
    savings_converted: str = ""
    grid: list[ComplianceRowView] = []  # the most urgent products only
    grid_total: int = 0
    grid_counts: list[GridStatusView] = []
    alerts: list[CapacityAlertView] = []
    alerts_total: int = 0
    renewals: list[UpcomingRenewalView] = []
    renewals_total: int = 0
    renewal_days: int = dashboard.RENEWAL_DAYS
    history_chart: Figure = blank()
    has_history: bool = False
    history_text: ChartText = ChartText()
    loading: bool = False
    loaded: bool = False
    complete: bool = False  # the last stage (the chart) is in
    error: str = ""

    @rx.var
    def more_renewals(self) -> str:
        extra = self.renewals_total - len(self.renewals)
        return f"and {extra} more in the next {self.renewal_days} days" if extra > 0 else ""

    @rx.var
    def more_grid(self) -> str:
        return f"View all {self.grid_total:,} products" if self.grid_total > len(self.grid) else ""

    @rx.var
    def more_alerts(self) -> str:
        return f"View all {self.alerts_total} alerts" if self.alerts_total > len(self.alerts) else ""

    @handler("license.view", background=True)
    async def load(self):
        async with self:
            self.loading, self.complete, self.error = True, False, ""
        try:
            # What was last read while nothing changed goes on screen at once; when it
            # is from an earlier minute, this minute's follows (with the chart, if drawn).
            shown = await asyncio.to_thread(recent)
            if shown is not None:
                async with self:
                    for name, value in shown[0].items():
                        setattr(self, name, value)
                    self.loaded = True
            if shown is None or not shown[1]:
                data, ov = await asyncio.to_thread(compute)
                async with self:
                    drawn = self.complete
                chart = await asyncio.to_thread(chart_of, ov) if drawn else {}
                async with self:
                    for name, value in (data | chart).items():
                        setattr(self, name, value)
                    self.loaded = True
        finally:
            async with self:
                self.loading = False

    @handler("license.view", background=True)
    async def load_chart(self):
        """The second stage, asked for by the chart's placeholder once the first is drawn."""
        chart = await asyncio.to_thread(chart_for_overview)
        async with self:
            for name, value in chart.items():
                setattr(self, name, value)
            self.complete = True
