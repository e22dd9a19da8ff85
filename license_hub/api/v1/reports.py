"""Reports (scope reports:read): utilization, savings, spend and compliance, from the
same services as the report pages. The pandas work runs in sync routes, so FastAPI
keeps it off the event loop in its threadpool."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlmodel import Session

from license_hub import settings as settings_mod
from license_hub.api.auth import require_scope
from license_hub.api.v1.common import RESPONSES, Descending, Limit, Offset, Page
from license_hub.db import read_session
from license_hub.models.types import utcnow
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.reports import compliance, dormancy_window, savings, spend, utilization
from license_hub.services.reports import utilization_page as up
from license_hub.services.reports.dormancy import MAX_WINDOW_DAYS, MIN_WINDOW_DAYS
from license_hub.services.reports.dormant_seats import DormantSeat, list_dormant_seats

router = APIRouter(prefix="/reports", tags=["reports"], responses=RESPONSES)
READ = Depends(require_scope("reports:read"))

RankingSort = Enum("RankingSort", {s: s for s in up.SORTS}, type=str)
ComplianceStatus = Enum("ComplianceStatus", {s: s for s in compliance.STATUSES}, type=str)
WindowQuery = Annotated[
    int | None,
    Query(
        ge=MIN_WINDOW_DAYS,
        le=MAX_WINDOW_DAYS,
        description="Days without use before a seat counts as dormant; the workspace's window when omitted",
    ),
]
DEFAULT_SORT = RankingSort(up.DEFAULT_SORT)


def _window(session: Session, window: int | None) -> int:
    """The window asked for, else the workspace's: the same one the Utilization page uses."""
    return dormancy_window.get(session) if window is None else window


def _rates() -> tuple[dict[str, Decimal], str]:
    current = settings_mod.settings
    return dict(current.exchange_rates), current.workspace_currency


def _opt(value: Any) -> Any:
    """A frame's cell as JSON-ready: pandas' missing values become None."""
    if value is None or (not isinstance(value, (str, Decimal, date)) and pd.isna(value)):
        return None
    return value


def _records(frame: pd.DataFrame, columns: dict[str, str]) -> list[dict[str, Any]]:
    """The frame's rows with `columns` renamed (frame column: field)."""
    return [
        {field: _opt(getattr(row, col)) for col, field in columns.items()}
        for row in frame[list(columns)].itertuples(index=False)
    ]


class Totals(BaseModel):
    """Money per currency, and converted into the workspace currency at the configured rates."""

    by_currency: dict[str, Decimal]
    workspace_currency: str
    converted_total: Decimal
    not_converted: list[str]


def _totals(report: savings.Savings | spend.SpendReport) -> Totals:
    return Totals(
        by_currency=report.by_currency,
        workspace_currency=report.workspace_currency,
        converted_total=report.converted_total,
        not_converted=list(report.not_converted),
    )


# ------------------------------------------------------------------- utilization


class SignalTotal(BaseModel):
    signal: str
    seats: int
    dormant: int
    weak: bool


class RankedRow(BaseModel):
    """A license in the fill ranking, with its dormant seats split by the signal that judged them."""

    license_id: int
    rank: int
    product: str
    name: str
    seat_type: str
    fill_pct: float
    seats_used: int
    seats_total: int
    dormant_seats: int
    dormant_by_signal: dict[str, int]
    potential_savings: Decimal | None
    currency: str


def _ranking(frame: pd.DataFrame) -> list[RankedRow]:
    return [
        RankedRow(**asdict(r), dormant_by_signal=utilization.dormant_by_signal(row))
        for r, row in zip(up.ranked_rows(frame), frame.itertuples())
    ]


class UtilizationReport(BaseModel):
    window_days: int
    licenses_total: int
    active_seats: int
    dormant_seats: int
    unranked: int
    signals: list[SignalTotal]
    potential_savings: Totals
    ranking: Page[RankedRow]


@router.get(
    "/utilization",
    response_model=UtilizationReport,
    summary="Licenses ranked by seat fill, with dormant seats per signal and potential savings",
)
def utilization_report(
    who: ApiPrincipal = READ,
    window: WindowQuery = None,
    sort: RankingSort = DEFAULT_SORT,
    descending: Descending = False,
    limit: Limit = 50,
    offset: Offset = 0,
):
    rates, currency = _rates()
    with read_session() as s:
        window = _window(s, window)
        report = utilization.utilization_report(
            s, window_days=window, now=utcnow(), rates=rates, workspace_currency=currency
        )
    ranked = up.sort_ranking(report.ranking, sort.value, descending, savings.exchange_rates(rates, currency))
    lics = report.licenses
    return UtilizationReport(
        window_days=window,
        licenses_total=len(lics),
        unranked=len(lics) - len(report.ranking),
        active_seats=int(lics["seats_active"].sum()) if len(lics) else 0,
        dormant_seats=int(lics["dormant_seats"].sum()) if len(lics) else 0,
        signals=[
            SignalTotal(signal=str(r.signal), seats=int(r.seats), dormant=int(r.dormant), weak=bool(r.weak))
            for r in report.signals.itertuples()
        ],
        potential_savings=_totals(report.savings),
        ranking=Page(
            items=_ranking(ranked.iloc[offset : offset + limit]), total=len(ranked), limit=limit, offset=offset
        ),
    )


@router.get(
    "/utilization/dormant-seats",
    response_model=Page[DormantSeat],
    summary="Dormant seats of the active licenses (the reclaim preview), by license",
)
def dormant_seats(who: ApiPrincipal = READ, window: WindowQuery = None, limit: Limit = 50, offset: Offset = 0):
    with read_session() as s:
        rows, total = list_dormant_seats(s, window_days=_window(s, window), now=utcnow(), offset=offset, limit=limit)
    return Page(items=rows, total=total or 0, limit=limit, offset=offset)


# ----------------------------------------------------------------------- savings


class PotentialRow(BaseModel):
    license_id: int
    name: str | None
    product: str
    category: str | None
    currency: str
    dormant_seats: int
    annual_cost_per_seat: Decimal | None
    cost_known: bool
    potential_savings: Decimal


class RealizedRow(BaseModel):
    license_id: int
    name: str | None
    product: str
    category: str | None
    currency: str
    source: str
    day: date
    seats: int
    next_renewal: date | None
    days_to_renewal: int | None
    annual_cost_per_seat: Decimal | None
    savings: Decimal


class SavingsReport(BaseModel):
    window_days: int
    realized_since: datetime
    potential: Totals
    realized: Totals
    potential_by_license: Page[PotentialRow]
    realized_events: Page[RealizedRow]


def _page(model: type[BaseModel], frame: pd.DataFrame, limit: int, offset: int) -> Page:
    shown = frame.iloc[offset : offset + limit]
    items = [model(**r) for r in _records(shown, {c: c for c in model.model_fields})]
    return Page(items=items, total=len(frame), limit=limit, offset=offset)


@router.get(
    "/savings",
    response_model=SavingsReport,
    summary="Potential savings per license (dormant seats) and realized savings over the last 12 months",
)
def savings_report(who: ApiPrincipal = READ, window: WindowQuery = None, limit: Limit = 50, offset: Offset = 0):
    """Both lists page with the same limit and offset; potential lists licenses with dormant seats."""
    rates, currency = _rates()
    now = utcnow()
    since = now - timedelta(days=up.REALIZED_DAYS)
    with read_session() as s:
        window = _window(s, window)
        report = utilization.utilization_report(
            s, window_days=window, now=now, rates=rates, workspace_currency=currency
        )
        realized = savings.realized_report(
            s, since, now + timedelta(minutes=1), rates=rates, workspace_currency=currency
        )
    potential = report.savings.rows
    potential = potential[potential["dormant_seats"] > 0].sort_values(
        ["potential_savings", "license_id"], ascending=[False, True], kind="stable"
    )
    return SavingsReport(
        window_days=window,
        realized_since=since,
        potential=_totals(report.savings),
        realized=_totals(realized),
        potential_by_license=_page(PotentialRow, potential, limit, offset),
        realized_events=_page(RealizedRow, realized.rows, limit, offset),
    )


# ------------------------------------------------------------------------- spend


class SpendGroup(BaseModel):
    """One group's annual spend in one currency (converted when a rate is configured)."""

    key: str
    currency: str
    licenses: int
    amount: Decimal
    converted: Decimal | None


class SpendReport(BaseModel):
    totals: Totals
    licenses: int
    unknown_cost: int
    by_category: list[SpendGroup]
    by_vendor: list[SpendGroup]
    by_month: list[SpendGroup]


def _groups(frame: pd.DataFrame, key: str) -> list[SpendGroup]:
    cols = {key: "key", "currency": "currency", "licenses": "licenses", "amount": "amount", "converted": "converted"}
    return [SpendGroup(**r) for r in _records(frame, cols)]


@router.get(
    "/spend",
    response_model=SpendReport,
    summary="Annual spend of the active licenses by category, vendor and renewal month, per currency",
)
def spend_report(who: ApiPrincipal = READ):
    rates, currency = _rates()
    with read_session() as s:
        report = spend.fetch_spend(s, rates=rates, workspace_currency=currency)
    known = report.licenses["cost_known"] if len(report.licenses) else pd.Series(dtype=bool)
    return SpendReport(
        totals=_totals(report),
        licenses=len(report.licenses),
        unknown_cost=int((~known).sum()),
        by_category=_groups(report.by_category, "category"),
        by_vendor=_groups(report.by_vendor, "vendor"),
        by_month=_groups(report.by_month, "renewal_month"),
    )


# -------------------------------------------------------------------- compliance


class ComplianceRow(BaseModel):
    license_id: int
    name: str | None
    product: str
    seat_type: str
    seats_total: int
    seats_used: int
    active_assignments: int
    linked_installations: int
    consumed: int
    computed: str
    status: str
    overridden: bool


class ComplianceReport(BaseModel):
    counts: dict[str, int]
    licenses: Page[ComplianceRow]


COMPLIANCE_COLUMNS = {c: c for c in ComplianceRow.model_fields if c != "overridden"}


@router.get(
    "/compliance",
    response_model=ComplianceReport,
    summary="Each active license's compliance status (hand overrides win), with counts per status",
)
def compliance_report(
    who: ApiPrincipal = READ, status: ComplianceStatus | None = None, limit: Limit = 50, offset: Offset = 0
):
    with read_session() as s:
        classified = compliance.classify(compliance.fetch_licenses(s))
    counts = {st: int((classified["status"] == st).sum()) for st in compliance.STATUSES}
    shown = classified if status is None else classified[classified["status"] == status.value]
    total = len(shown)
    shown = shown.iloc[offset : offset + limit]
    rows = [
        ComplianceRow(**r, overridden=isinstance(o, str) and bool(o))
        for r, o in zip(_records(shown, COMPLIANCE_COLUMNS), shown["compliance_override"])
    ]
    return ComplianceReport(counts=counts, licenses=Page(items=rows, total=total, limit=limit, offset=offset))
