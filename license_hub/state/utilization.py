"""/utilization — active licenses ranked by seat fill, the dormant seats behind
them, what those seats cost (potential savings) and what reclaiming has already
won back (realized savings), with charts a manager can click through.

The query string is the source of truth (window, sort, page, dormant page). The
report is pandas over a few SQL aggregates: it runs in a worker thread from a
background event so the page never blocks the server's event loop."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import reflex as rx

from license_hub.db import read_session
from license_hub.models.types import utcnow
from license_hub.services.reports import charts
from license_hub.services.reports import savings
from license_hub.services.reports import utilization
from license_hub.state import report_views as rv
from license_hub.state.base import AppState, _choice, _page, handler
from license_hub.state.labels import SEAT_TYPE_LABELS

WINDOWS = ["30", "60", "90", "180"]
DEFAULT_WINDOW = str(utilization.DEFAULT_WINDOW_DAYS)
SORTS = ("rank", "software", "fill", "dormant", "savings")
DEFAULT_SORT = "rank"
PAGE_SIZE = 25
DORMANT_PAGE_SIZE = 25
CHART_TOP = 20
REALIZED_DAYS = 365
SIGNAL_COLORS = {utilization.SIGNAL_STATUS: "red", utilization.SIGNAL_USAGE: "green",
                 utilization.SIGNAL_LOGIN: "amber", utilization.SIGNAL_NONE: "gray"}
FILL_COLORS = ((90, "red"), (50, "green"), (0, "amber"))  # the chart's colours, as Radix scales


def fill_color(pct: float) -> str:
    return next(color for floor, color in FILL_COLORS if pct >= floor)


def users_href(license_id: int, window: str) -> str:
    """The license's View all users page, on its inactive seats for this window."""
    return f"/licenses/{license_id}/users?" + urlencode({"view": "inactive", "days": window})


def _sort_value(amount: Any, currency: str, table: dict[str, Decimal]) -> float:
    if not isinstance(amount, Decimal):
        return 0.0
    return float(amount * table[currency]) if currency in table else float(amount)


def _ranking_rows(report: utilization.UtilizationReport, table: dict[str, Decimal]) -> pd.DataFrame:
    r = report.ranking.copy()
    r["_software"] = [f"{p} {n}".lower() for p, n in zip(r["product"], r["name"].fillna(""))]
    r["_savings"] = [_sort_value(a, c, table) for a, c in zip(r["potential_savings"], r["currency"])]
    return r


def _sorted(r: pd.DataFrame, sort: str, descending: bool) -> pd.DataFrame:
    key = {"rank": "rank", "software": "_software", "fill": "fill", "dormant": "dormant_seats",
           "savings": "_savings"}[sort]
    if sort == "rank":
        return r.sort_values("rank", ascending=not descending, kind="stable")
    return r.sort_values([key, "rank"], ascending=[not descending, True], kind="stable")


def _ranking_view(row: Any, window: str) -> dict[str, Any]:
    lid = int(row.license_id)
    return {
        "id": lid, "rank": int(row.rank), "software": row.product, "name": row.name or "",
        "href": f"/licenses/{lid}", "users_href": users_href(lid, window),
        "seat_type": SEAT_TYPE_LABELS.get(row.seat_type, row.seat_type),
        "fill": min(float(row.fill_pct), 100.0), "fill_text": f"{float(row.fill_pct):.1f}%",
        "color": fill_color(float(row.fill_pct)), "used": int(row.seats_used), "total": int(row.seats_total),
        "dormant": int(row.dormant_seats), "savings": rv.amount(row.potential_savings, row.currency)
        if int(row.dormant_seats) else "—",
    }


def _dormant_view(seat: utilization.DormantSeat, costs: dict[int, tuple[Any, str]], now: datetime,
                  window: str) -> dict[str, Any]:
    per_seat, currency = costs.get(seat.license_id, (None, ""))
    if seat.signal == utilization.SIGNAL_STATUS:
        seen, ago = "Holder inactive or offboarded", ""
    elif seat.signal == utilization.SIGNAL_LOGIN:
        seen = f"Last sign-in {rv.day(seat.last_seen)}" if seat.last_seen else "Never signed in"
        ago = rv.days_ago(seat.last_seen, now)
    else:
        seen = f"Last used {rv.day(seat.last_seen)}" if seat.last_seen else "Never used"
        ago = rv.days_ago(seat.last_seen, now)
    return {
        "id": seat.assignment_id, "holder": seat.holder or seat.device or "—", "email": seat.email,
        "license": seat.product if not seat.license_name or seat.license_name == seat.product
        else f"{seat.product} · {seat.license_name}",
        "href": f"/licenses/{seat.license_id}", "users_href": users_href(seat.license_id, window),
        "signal": seat.signal, "weak": seat.weak, "color": SIGNAL_COLORS.get(seat.signal, "gray"),
        "seen": seen, "ago": ago, "cost": rv.amount(per_seat, currency) if currency else "—",
        "reclaimable": seat.reclaimable,
    }


def _savings_chart(frame: pd.DataFrame, key: str, title: str, s: savings.Savings) -> go.Figure:
    """Converted when several currencies all have a rate; else one panel per currency."""
    currencies = set(frame["currency"]) if len(frame) else set()
    converted = len(currencies) > 1 and not s.not_converted
    build = charts.savings_by_product if key == "product" else charts.savings_by_category
    return untitled(build(frame, converted=converted, workspace_currency=s.workspace_currency, top=12, title=title),
                    height=320)


def untitled(fig: go.Figure, height: int | None = None) -> go.Figure:
    """The card names the chart: drop the figure's own title and its room."""
    fig.update_layout(title=None, margin=dict(l=10, r=10, t=28, b=10))
    if height:
        fig.update_layout(height=height)
    return fig


def compute(window: str, sort: str, descending: bool, page: int, dpage: int) -> dict[str, Any]:
    """Worker thread: the whole page's data as plain values (plus backend-only maps)."""
    now, table, currency = utcnow(), rv.rates(), rv.workspace_currency()
    days = int(window)
    with read_session() as session:
        report = utilization.utilization_report(session, window_days=days, now=now, rates=table,
                                                workspace_currency=currency)
        realized = savings.realized_report(session, now - timedelta(days=REALIZED_DAYS), now + timedelta(minutes=1),
                                           rates=table, workspace_currency=currency)
        dormant_total = int(report.licenses["dormant_seats"].sum()) if len(report.licenses) else 0
        dpages = max(1, -(-dormant_total // DORMANT_PAGE_SIZE))
        dpage = min(dpage, dpages)
        seats, _ = utilization.list_dormant_seats(session, window_days=days, now=now, with_total=False,
                                                  offset=(dpage - 1) * DORMANT_PAGE_SIZE, limit=DORMANT_PAGE_SIZE)
    rates_table = savings.exchange_rates(table, currency)
    ranked = _sorted(_ranking_rows(report, rates_table), sort, descending)
    pages = max(1, -(-len(ranked) // PAGE_SIZE))
    page = min(page, pages)
    shown = ranked.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    top = report.ranking.sort_values("rank").head(CHART_TOP)
    costs = {int(r.license_id): (r.annual_cost_per_seat, r.currency) for r in report.licenses.itertuples()}
    pot, real = report.savings, realized
    product_links: dict[str, str] = {}
    with_dormant = report.licenses[report.licenses["dormant_seats"] > 0]
    for product, group in with_dormant.groupby("product"):
        ids = group["license_id"].tolist()
        product_links[str(product)] = (users_href(int(ids[0]), window) if len(ids) == 1
                                       else "/licenses?" + urlencode({"q": str(product)}))
    fill_fig = untitled(charts.fill_ranking_bar(top, top=CHART_TOP, title=f"Seat fill — top {CHART_TOP} licenses"),
                        height=max(180, 34 * len(top) + 100))
    fill_fig.update_layout(bargap=0.35)
    if len(top):  # the whole 0–100% scale, so a half-full license looks half full
        fill_fig.update_xaxes(range=[0, max(105.0, float(top["fill_pct"].max()) * 1.05)])
    signals = [{"signal": r.signal, "seats": int(r.seats), "dormant": int(r.dormant), "weak": bool(r.weak),
                "color": SIGNAL_COLORS.get(r.signal, "gray")} for r in report.signals.itertuples()]
    return {
        "window": window, "page": page, "dpage": dpage, "ranking_total": len(ranked),
        "ranking": [_ranking_view(r, window) for r in shown.itertuples()],
        "unranked": int(len(report.licenses) - len(report.ranking)),
        "dormant_rows": [_dormant_view(s, costs, now, window) for s in seats],
        "dormant_total": dormant_total,
        "active_seats": int(report.licenses["seats_active"].sum()) if len(report.licenses) else 0,
        "licenses_total": int(len(report.licenses)),
        "potential": rv.money_lines(pot.by_currency),
        "potential_converted": rv.converted_line(pot.by_currency, pot.converted_total, currency, pot.not_converted),
        "realized": rv.money_lines(real.by_currency),
        "realized_converted": rv.converted_line(real.by_currency, real.converted_total, currency,
                                                real.not_converted),
        "realized_seats": int(real.rows["seats"].sum()) if len(real.rows) else 0,
        "signals": signals, "workspace_currency": currency,
        "fill_chart": fill_fig,
        "product_chart": _savings_chart(pot.by_product, "product", "Potential savings by product", pot),
        "category_chart": _savings_chart(pot.by_category, "category", "Potential savings by category", pot),
        "has_savings": bool(pot.by_currency),
        "savings_note": (f"Converted to {currency} at the configured exchange rates."
                         if len(pot.by_currency) > 1 and not pot.not_converted else "One panel per currency."),
        "_chart_ids": [int(i) for i in top.sort_values("rank")["license_id"]],
        "_product_links": product_links,
    }


def _point(points: Any) -> dict[str, Any]:
    if isinstance(points, list) and points and isinstance(points[0], dict):
        return points[0]
    return {}


class UtilizationState(AppState):
    window: str = DEFAULT_WINDOW
    sort: str = DEFAULT_SORT
    descending: bool = False
    page: int = 1
    dpage: int = 1
    ranking: list[dict[str, Any]] = []
    ranking_total: int = 0
    unranked: int = 0
    dormant_rows: list[dict[str, Any]] = []
    dormant_total: int = 0
    active_seats: int = 0
    licenses_total: int = 0
    potential: list[dict[str, str]] = []
    potential_converted: str = ""
    realized: list[dict[str, str]] = []
    realized_converted: str = ""
    realized_seats: int = 0
    signals: list[dict[str, Any]] = []
    workspace_currency: str = "EUR"
    fill_chart: go.Figure = go.Figure()
    product_chart: go.Figure = go.Figure()
    category_chart: go.Figure = go.Figure()
    has_savings: bool = False
    savings_note: str = ""
    loading: bool = False
    loaded: bool = False
    error: str = ""
    _chart_ids: list[int] = []
    _product_links: dict[str, str] = {}

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.ranking_total // PAGE_SIZE))

    @rx.var
    def range_label(self) -> str:
        if not self.ranking_total:
            return "No ranked licenses"
        first = (self.page - 1) * PAGE_SIZE + 1
        return f"{first}–{min(self.page * PAGE_SIZE, self.ranking_total)} of {self.ranking_total}"

    @rx.var
    def dpage_count(self) -> int:
        return max(1, -(-self.dormant_total // DORMANT_PAGE_SIZE))

    @rx.var
    def drange_label(self) -> str:
        if not self.dormant_total:
            return "No dormant seats"
        first = (self.dpage - 1) * DORMANT_PAGE_SIZE + 1
        return f"{first}–{min(self.dpage * DORMANT_PAGE_SIZE, self.dormant_total)} of {self.dormant_total}"

    @rx.var
    def export_query(self) -> str:
        return "" if self.window == DEFAULT_WINDOW else f"?window={self.window}"

    def _url(self, **changes: Any) -> str:
        params = {"window": self.window, "sort": self.sort, "dir": "desc" if self.descending else "",
                  "page": self.page, "dpage": self.dpage}
        params.update(changes)
        for key, default in (("window", DEFAULT_WINDOW), ("sort", DEFAULT_SORT), ("page", 1), ("dpage", 1)):
            if params.get(key) == default:
                params[key] = ""
        query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
        return "/utilization" + (f"?{query}" if query else "")

    @handler("license.view", background=True)
    async def load(self):
        """on_load: the filters from the query string, then the report off the event loop."""
        async with self:
            self.window = _choice(self._query("window", 5), WINDOWS, DEFAULT_WINDOW)
            self.sort = _choice(self._query("sort", 12), SORTS, DEFAULT_SORT)
            self.descending = self._query("dir", 4) == "desc"
            self.page, self.dpage = _page(self._query("page")), _page(self._query("dpage"))
            self.loading, self.error = True, ""
            args = (self.window, self.sort, self.descending, self.page, self.dpage)
        try:
            data = await asyncio.to_thread(compute, *args)
        finally:
            async with self:
                self.loading = False
        async with self:
            if (self.window, self.sort, self.descending, self.page, self.dpage) != args:
                return  # a newer load is under way
            for name, value in data.items():
                setattr(self, name, value)
            self.loaded = True

    @handler("license.view")
    def set_window(self, window: str | list[str]):
        return rx.redirect(self._url(window=_choice(window, WINDOWS, DEFAULT_WINDOW), page=1, dpage=1), replace=True)

    @handler("license.view")
    def set_sort(self, key: str):
        chosen = _choice(key, SORTS, DEFAULT_SORT)
        descending = not self.descending if chosen == self.sort else chosen in ("dormant", "savings")
        return rx.redirect(self._url(sort=chosen, dir="desc" if descending else "", page=1), replace=True)

    @handler("license.view")
    def go_page(self, page: int):
        return rx.redirect(self._url(page=min(_page(page), self.page_count)), replace=True)

    @handler("license.view")
    def go_dormant_page(self, page: int):
        return rx.redirect(self._url(dpage=min(_page(page), self.dpage_count)), replace=True)

    @handler("license.view")
    def open_fill_point(self, points: list):
        """A bar of the fill chart: that license's page."""
        index = _point(points).get("pointNumber")
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(self._chart_ids):
            return rx.redirect(f"/licenses/{self._chart_ids[index]}")
        return None

    @handler("license.view")
    def open_product_point(self, points: list):
        """A bar of savings by product: its dormant seats (one license) or its licenses."""
        product = _point(points).get("x")
        href = self._product_links.get(product) if isinstance(product, str) else None
        return rx.redirect(href) if href else None

