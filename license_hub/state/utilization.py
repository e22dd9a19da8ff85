"""/utilization — active licenses ranked by seat fill, the dormant seats behind
them, what those seats cost (potential savings) and what reclaiming has already
won back (realized savings), with charts a manager can click through.

The query string is the source of truth (window, sort, page, dormant page). The
report (services/reports/utilization_page) is pandas over a few SQL aggregates:
it runs in a worker thread from a background event so the page never blocks the
server's event loop; this state only formats what it returns."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.models.types import utcnow
from license_hub.services.core.errors import ValidationError
from license_hub.services.reports import dormancy_window, dormant_seats, utilization
from license_hub.services.reports import utilization_page as up
from license_hub.services.reports.chart_text import ChartText, describe
from license_hub.services.reports.charts import Figure, blank
from license_hub.state import report_views as rv
from license_hub.state.base import AppState, _choice, _page, handler
from license_hub.state.labels import SEAT_TYPE_LABELS
from license_hub.state.views.formatting import MoneyLineView
from license_hub.state.views.reports import DormantSeatView, RankingView, SignalView

WINDOWS = ["30", "60", "90", "180"]  # quick choices; any 1..3650 days goes through the URL
DEFAULT_WINDOW = str(utilization.DEFAULT_WINDOW_DAYS)


def workspace_window() -> str:
    """The dormancy window an admin set for the workspace (90 days until they do)."""
    with read_session() as session:
        return str(dormancy_window.get(session))


def window_or(value: Any, default: str) -> str:
    """A window from the URL or a field: any whole number of days in bounds, else `default`."""
    try:
        return str(dormancy_window.parse(value))
    except ValidationError:
        return default


SORTS = up.SORTS
DEFAULT_SORT = up.DEFAULT_SORT
PAGE_SIZE = up.PAGE_SIZE
DORMANT_PAGE_SIZE = up.DORMANT_PAGE_SIZE
SIGNAL_COLORS = {
    utilization.SIGNAL_STATUS: "red",
    utilization.SIGNAL_USAGE: "green",
    utilization.SIGNAL_LOGIN: "amber",
    utilization.SIGNAL_NONE: "gray",
}
FILL_COLORS = ((90, "red"), (50, "green"), (0, "amber"))  # the chart's colours, as Radix scales


def fill_color(pct: float) -> str:
    return next(color for floor, color in FILL_COLORS if pct >= floor)


def users_href(license_id: int, window: str) -> str:
    """The license's View all users page, on its inactive seats for this window."""
    return f"/licenses/{license_id}/users?" + urlencode({"view": "inactive", "days": window})


def _ranking_view(row: up.RankedLicense, window: str) -> RankingView:
    lid = row.license_id
    return RankingView(
        id=lid,
        rank=row.rank,
        software=row.product,
        name=row.name,
        href=f"/licenses/{lid}",
        users_href=users_href(lid, window),
        seat_type=SEAT_TYPE_LABELS.get(row.seat_type, row.seat_type),
        fill=min(row.fill_pct, 100.0),
        fill_text=f"{row.fill_pct:.1f}%",
        color=fill_color(row.fill_pct),
        used=row.seats_used,
        total=row.seats_total,
        dormant=row.dormant_seats,
        savings=rv.amount(row.potential_savings, row.currency) if row.dormant_seats else "—",
    )


def _dormant_view(
    seat: dormant_seats.DormantSeat, costs: dict[int, tuple[Any, str]], now: datetime, window: str
) -> DormantSeatView:
    per_seat, currency = costs.get(seat.license_id, (None, ""))
    if seat.signal == utilization.SIGNAL_STATUS:
        seen, ago = "Holder inactive or offboarded", ""
    elif seat.signal == utilization.SIGNAL_LOGIN:
        seen = f"Last sign-in {rv.day(seat.last_seen)}" if seat.last_seen else "Never signed in"
        ago = rv.days_ago(seat.last_seen, now)
    else:
        seen = f"Last used {rv.day(seat.last_seen)}" if seat.last_seen else "Never used"
        ago = rv.days_ago(seat.last_seen, now)
    return DormantSeatView(
        id=seat.assignment_id,
        holder=seat.holder or seat.device or "—",
        email=seat.email,
        license=seat.product
        if not seat.license_name or seat.license_name == seat.product
        else f"{seat.product} · {seat.license_name}",
        href=f"/licenses/{seat.license_id}",
        users_href=users_href(seat.license_id, window),
        signal=seat.signal,
        weak=seat.weak,
        color=SIGNAL_COLORS.get(seat.signal, "gray"),
        seen=seen,
        ago=ago,
        cost=rv.amount(per_seat, currency) if currency else "—",
        reclaimable=seat.reclaimable,
    )


def compute(window: str, sort: str, descending: bool, page: int, dpage: int) -> dict[str, Any]:
    """Worker thread: the whole page's data as plain values (plus backend-only maps)."""
    now, currency = utcnow(), rv.workspace_currency()
    with read_session() as session:
        data = up.build(
            session,
            window_days=int(window),
            sort=sort,
            descending=descending,
            page=page,
            dpage=dpage,
            now=now,
            rates=rv.rates(),
            workspace_currency=currency,
        )
    pot, real = data.potential, data.realized
    product_links = {
        product: users_href(ids[0], window) if len(ids) == 1 else "/licenses?" + urlencode({"q": product})
        for product, ids in data.products_with_dormant.items()
    }
    return {
        "window": window,
        "page": data.page,
        "dpage": data.dpage,
        "ranking_total": data.ranking_total,
        "ranking": [_ranking_view(r, window) for r in data.ranking],
        "unranked": data.unranked,
        "dormant_rows": [_dormant_view(s, data.seat_costs, now, window) for s in data.dormant],
        "dormant_total": data.dormant_total,
        "active_seats": data.active_seats,
        "licenses_total": data.licenses_total,
        "potential": rv.money_lines(pot.by_currency),
        "potential_converted": rv.converted_line(pot.by_currency, pot.converted_total, currency, pot.not_converted),
        "realized": rv.money_lines(real.by_currency),
        "realized_converted": rv.converted_line(real.by_currency, real.converted_total, currency, real.not_converted),
        "realized_seats": data.realized_seats,
        "signals": [
            SignalView(
                signal=t.signal,
                seats=t.seats,
                dormant=t.dormant,
                weak=t.weak,
                color=SIGNAL_COLORS.get(t.signal, "gray"),
            )
            for t in data.signals
        ],
        "workspace_currency": currency,
        "fill_chart": data.fill_chart,
        "product_chart": data.product_chart,
        "category_chart": data.category_chart,
        "fill_chart_text": describe(data.fill_chart, unit="%"),
        "product_chart_text": describe(data.product_chart),
        "category_chart_text": describe(data.category_chart),
        "has_savings": bool(pot.by_currency),
        "savings_note": (
            f"Converted to {currency} at the configured exchange rates."
            if data.converted
            else "One panel per currency."
        ),
        "_chart_ids": data.chart_ids,
        "_product_links": product_links,
    }


def _point(points: Any) -> dict[str, Any]:
    if isinstance(points, list) and points and isinstance(points[0], dict):
        return points[0]
    return {}


class UtilizationState(AppState):
    window: str = DEFAULT_WINDOW
    workspace_window: str = DEFAULT_WINDOW
    window_error: str = ""
    sort: str = DEFAULT_SORT
    descending: bool = False
    page: int = 1
    dpage: int = 1
    ranking: list[RankingView] = []
    ranking_total: int = 0
    unranked: int = 0
    dormant_rows: list[DormantSeatView] = []
    dormant_total: int = 0
    active_seats: int = 0
    licenses_total: int = 0
    potential: list[MoneyLineView] = []
    potential_converted: str = ""
    realized: list[MoneyLineView] = []
    realized_converted: str = ""
    realized_seats: int = 0
    signals: list[SignalView] = []
    workspace_currency: str = "EUR"
    fill_chart: Figure = blank()
    product_chart: Figure = blank()
    category_chart: Figure = blank()
    fill_chart_text: ChartText = ChartText()
    product_chart_text: ChartText = ChartText()
    category_chart_text: ChartText = ChartText()
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
        return f"?window={self.window}"

    def _url(self, **changes: Any) -> str:
        params = {
            "window": self.window,
            "sort": self.sort,
            "dir": "desc" if self.descending else "",
            "page": self.page,
            "dpage": self.dpage,
        }
        params.update(changes)
        for key, default in (("window", self.workspace_window), ("sort", DEFAULT_SORT), ("page", 1), ("dpage", 1)):
            if params.get(key) == default:
                params[key] = ""
        query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
        return "/utilization" + (f"?{query}" if query else "")

    @handler("license.view", background=True)
    async def load(self):
        """on_load: the filters from the query string, then the report off the event loop."""
        default = await asyncio.to_thread(workspace_window)
        async with self:
            self.workspace_window, self.window_error = default, ""
            self.window = window_or(self._query("window", 5) or default, default)
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
        """Look at another window (this page only): any whole number of days in bounds."""
        return self._go_window(window[0] if isinstance(window, list) and window else window)

    @handler("license.view")
    def apply_window(self, form: dict):
        return self._go_window(str((form or {}).get("window", ""))[:10])

    def _go_window(self, chosen: Any):
        try:
            days = str(dormancy_window.parse(chosen))
        except ValidationError as exc:
            self.window_error = exc.errors[dormancy_window.FIELD]
            return None
        self.window_error = ""
        return rx.redirect(self._url(window=days, page=1, dpage=1), replace=True)

    @handler("admin", error="window_error", toast=True)
    def save_window(self):
        """Make the window on screen the workspace's: every dormancy view uses it from now on."""
        with write_session() as session:
            days = dormancy_window.set_window(session, self._actor(), self.window)
        self.workspace_window, self.window_error = str(days), ""
        return rx.toast.success(f"Dormancy window set to {days} days for the workspace")

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
