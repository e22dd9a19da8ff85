"""Everything the Utilization page shows, assembled from the utilization and
savings reports: the fill ranking sorted (savings compared in the workspace
currency) and paged, one page of dormant seats, the totals, and the finished
charts. Plain values out; the page only formats them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Mapping

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from license_hub.services.reports import charts, dormant_seats, savings, utilization

SORTS = ("rank", "software", "fill", "dormant", "savings")
DEFAULT_SORT = "rank"
PAGE_SIZE = 25
DORMANT_PAGE_SIZE = 25
CHART_TOP = 20
REALIZED_DAYS = 365
_SORT_COLUMNS = {
    "rank": "rank",
    "software": "_software",
    "fill": "fill",
    "dormant": "dormant_seats",
    "savings": "_savings",
}


@dataclass(frozen=True)
class RankedLicense:
    license_id: int
    rank: int
    product: str
    name: str
    seat_type: str
    fill_pct: float
    seats_used: int
    seats_total: int
    dormant_seats: int
    potential_savings: Decimal | None
    currency: str


@dataclass(frozen=True)
class SignalTotal:
    signal: str
    seats: int
    dormant: int
    weak: bool


@dataclass(frozen=True)
class UtilizationPage:
    page: int
    dpage: int
    ranking: list[RankedLicense]
    ranking_total: int
    unranked: int
    dormant: list[dormant_seats.DormantSeat]
    dormant_total: int
    seat_costs: dict[int, tuple[Decimal | None, str]]  # per license: annual cost per seat, currency
    active_seats: int
    licenses_total: int
    potential: savings.PotentialSavings
    realized: savings.RealizedSavings
    realized_seats: int
    signals: list[SignalTotal]
    fill_chart: go.Figure
    product_chart: go.Figure
    category_chart: go.Figure
    chart_ids: list[int]  # the fill chart's bars, top to bottom
    products_with_dormant: dict[str, list[int]] = field(default_factory=dict)  # product: its licenses

    @property
    def converted(self) -> bool:
        """Several currencies, all with a rate: savings read in the workspace currency."""
        return len(self.potential.by_currency) > 1 and not self.potential.not_converted


def _sort_value(amount: Any, currency: str, table: Mapping[str, Decimal]) -> float:
    if not isinstance(amount, Decimal):
        return 0.0
    return float(amount * table[currency]) if currency in table else float(amount)


def sort_ranking(ranking: pd.DataFrame, sort: str, descending: bool, table: Mapping[str, Decimal]) -> pd.DataFrame:
    """The ranking in the asked order, ties by rank; savings compare converted amounts."""
    r = ranking.copy()
    r["_software"] = [f"{p} {n}".lower() for p, n in zip(r["product"], r["name"].fillna(""))]
    r["_savings"] = [_sort_value(a, c, table) for a, c in zip(r["potential_savings"], r["currency"])]
    if sort not in _SORT_COLUMNS or sort == "rank":
        return r.sort_values("rank", ascending=not descending, kind="stable")
    return r.sort_values([_SORT_COLUMNS[sort], "rank"], ascending=[not descending, True], kind="stable")


def _ranked(row: Any) -> RankedLicense:
    return RankedLicense(
        license_id=int(row.license_id),
        rank=int(row.rank),
        product=str(row.product),
        name=row.name or "",
        seat_type=str(row.seat_type),
        fill_pct=float(row.fill_pct),
        seats_used=int(row.seats_used),
        seats_total=int(row.seats_total),
        dormant_seats=int(row.dormant_seats),
        potential_savings=row.potential_savings if isinstance(row.potential_savings, Decimal) else None,
        currency=str(row.currency),
    )


def ranked_rows(ranking: pd.DataFrame) -> list[RankedLicense]:
    """Ranking rows as typed records, in the frame's order (the page and the API)."""
    return [_ranked(r) for r in ranking.itertuples()]


def _fill_chart(top: pd.DataFrame) -> go.Figure:
    fig = charts.untitled(
        charts.fill_ranking_bar(top, top=CHART_TOP, title=f"Seat fill — top {CHART_TOP} licenses"),
        height=max(180, 34 * len(top) + 100),
    )
    fig.update_layout(bargap=0.35)
    if len(top):  # the whole 0–100% scale, so a half-full license looks half full
        fig.update_xaxes(range=[0, max(105.0, float(top["fill_pct"].max()) * 1.05)])
    return fig


def _savings_chart(frame: pd.DataFrame, key: str, title: str, s: savings.Savings) -> go.Figure:
    """Converted when several currencies all have a rate; else one panel per currency."""
    currencies = set(frame["currency"]) if len(frame) else set()
    converted = len(currencies) > 1 and not s.not_converted
    build = charts.savings_by_product if key == "product" else charts.savings_by_category
    return charts.untitled(
        build(frame, converted=converted, workspace_currency=s.workspace_currency, top=12, title=title), height=320
    )


def _pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


def build(
    session: Session,
    *,
    window_days: int,
    sort: str,
    descending: bool,
    page: int,
    dpage: int,
    now: datetime,
    rates: Mapping[str, Decimal],
    workspace_currency: str,
) -> UtilizationPage:
    """One page of the report; a page past the end is the last page."""
    report = utilization.utilization_report(
        session, window_days=window_days, now=now, rates=dict(rates), workspace_currency=workspace_currency
    )
    realized = savings.realized_report(
        session,
        now - timedelta(days=REALIZED_DAYS),
        now + timedelta(minutes=1),
        rates=rates,
        workspace_currency=workspace_currency,
    )
    lics = report.licenses
    dormant_total = int(lics["dormant_seats"].sum()) if len(lics) else 0
    dpage = min(max(dpage, 1), _pages(dormant_total, DORMANT_PAGE_SIZE))
    seats, _ = dormant_seats.list_dormant_seats(
        session,
        window_days=window_days,
        now=now,
        with_total=False,
        offset=(dpage - 1) * DORMANT_PAGE_SIZE,
        limit=DORMANT_PAGE_SIZE,
    )
    ranked = sort_ranking(report.ranking, sort, descending, savings.exchange_rates(rates, workspace_currency))
    page = min(max(page, 1), _pages(len(ranked), PAGE_SIZE))
    shown = ranked.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    top = report.ranking.sort_values("rank").head(CHART_TOP)
    with_dormant = lics[lics["dormant_seats"] > 0]
    pot = report.savings
    return UtilizationPage(
        page=page,
        dpage=dpage,
        ranking=[_ranked(r) for r in shown.itertuples()],
        ranking_total=len(ranked),
        unranked=int(len(lics) - len(report.ranking)),
        dormant=list(seats),
        dormant_total=dormant_total,
        seat_costs={int(r.license_id): (r.annual_cost_per_seat, str(r.currency)) for r in lics.itertuples()},
        active_seats=int(lics["seats_active"].sum()) if len(lics) else 0,
        licenses_total=int(len(lics)),
        potential=pot,
        realized=realized,
        realized_seats=int(realized.rows["seats"].sum()) if len(realized.rows) else 0,
        signals=[
            SignalTotal(str(r.signal), int(r.seats), int(r.dormant), bool(r.weak)) for r in report.signals.itertuples()
        ],
        fill_chart=_fill_chart(top),
        product_chart=_savings_chart(pot.by_product, "product", "Potential savings by product", pot),
        category_chart=_savings_chart(pot.by_category, "category", "Potential savings by category", pot),
        chart_ids=[int(i) for i in top.sort_values("rank")["license_id"]],
        products_with_dormant={str(p): [int(i) for i in g["license_id"]] for p, g in with_dormant.groupby("product")},
    )
