"""The dashboard in one read: headline figures, the software compliance grid
(seed 001), capacity alerts, what renews in the next days and seats in use over
the last months.

Everything is composed from the reporting services, so the dashboard never
disagrees with the Utilization and Spend pages: the active licenses are fetched
once and feed both the spend and the potential savings. Money stays per currency;
the converted totals come on top and name what they could not convert.

A product's status in the grid sums up its licenses: Over-deployed when any of
them is, or when more copies are installed than seats were bought; Review Required
when someone flagged one; Under-utilized when fewer than half of the seats bought
are used; otherwise Compliant.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any, Callable, ContextManager, Mapping

import pandas as pd
from sqlmodel import Session

from license_hub.models.enums import ComplianceStatus, ReminderKind
from license_hub.models.types import utcnow
from license_hub.services.core import data_version
from license_hub.services.reports import (
    capacity,
    charts,
    compliance,
    dormancy_window,
    frames,
    renewals,
    spend,
    utilization,
)
from license_hub.services.reports.renewals import RenewalRow
from license_hub.services.reports.savings import PotentialSavings, potential_savings
from license_hub.services.reports.spend import SpendTotals

ALERT_COLUMNS = [f.name for f in fields(capacity.CapacityAlert)]
RENEWAL_DAYS = 30
RENEWAL_ROWS = 8
HISTORY_MONTHS = 12
GRID_ROWS = 10
OVER, REVIEW = ComplianceStatus.OVER_DEPLOYED.value, ComplianceStatus.REVIEW_REQUIRED.value
UNDER, OK = ComplianceStatus.UNDER_UTILIZED.value, ComplianceStatus.COMPLIANT.value
URGENCY = (OVER, REVIEW, UNDER, OK)  # the grid's statuses, worst first


@dataclass(frozen=True)
class Headline:
    licenses: int  # active licenses
    seats_used: int  # on licenses with a seat count
    seats_total: int
    unlimited: int  # active licenses with no seat count
    dormant_seats: int
    spend: SpendTotals
    savings: PotentialSavings  # its rows: the licenses with dormant seats only

    @property
    def fill_pct(self) -> float | None:
        return round(self.seats_used * 100 / self.seats_total, 1) if self.seats_total else None


def headline(
    licenses: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    window_days: int,
    rates: Mapping[str, Any] | None,
    workspace_currency: str,
) -> Headline:
    """Pure: from frames.fetch_licenses / utilization.fetch_dormancy frames. The same
    figures as the Utilization and Spend reports, computing only the totals shown here:
    no ranking or breakdowns, and savings priced for the licenses with dormant seats
    only (the others add nothing to any total)."""
    dormancy = utilization.dormancy_by_license(counts)[["license_id", "dormant_seats"]]
    merged = licenses.merge(dormancy, on="license_id", how="left")
    merged["dormant_seats"] = merged["dormant_seats"].fillna(0).astype("int64")
    limited = licenses[licenses["seat_type"] != "unlimited"]
    return Headline(
        licenses=len(licenses),
        seats_used=int(limited["seats_used"].sum()),
        seats_total=int(limited["seats_total"].sum()),
        unlimited=len(licenses) - len(limited),
        dormant_seats=int(merged["dormant_seats"].sum()),
        spend=spend.spend_totals(licenses, rates=rates, workspace_currency=workspace_currency),
        savings=potential_savings(
            merged[merged["dormant_seats"] > 0].reset_index(drop=True),
            rates=rates,
            workspace_currency=workspace_currency,
        ),
    )


def product_status(row: Mapping[str, Any]) -> str:
    """One product's line of the grid (compliance.product_grid columns)."""
    limited = not bool(row["unlimited"])
    if int(row[OVER]) or (limited and int(row["installed"]) > int(row["purchased"])):
        return OVER
    if int(row[REVIEW]):
        return REVIEW
    if limited and int(row["purchased"]) > 1 and int(row["used"]) * 2 < int(row["purchased"]):
        return UNDER
    return OK


def with_product_status(grid: pd.DataFrame) -> pd.DataFrame:
    out = grid.copy()
    out["status"] = [product_status(r) for r in out.to_dict("records")] if len(out) else pd.Series(dtype=object)
    return out


@dataclass(frozen=True)
class Overview:
    headline: Headline
    grid: pd.DataFrame  # compliance.product_grid with `status`
    alerts: pd.DataFrame  # the most urgent capacity.CapacityAlert rows
    renewals: list[RenewalRow]
    renewals_total: int
    history: pd.DataFrame  # utilization.seats_over_time
    renewal_days: int
    alerts_total: int = 0  # every capacity alert, shown or not


def _figures(session: Session, *, today: date, renewal_days: int, renewal_rows: int, alert_rows: int) -> dict:
    """The quick reads: the license frame, the next renewals and the capacity alerts."""
    due, due_total = renewals.list_renewals(
        session,
        today=today,
        window_days=renewal_days,
        kinds={renewals.RENEWAL, ReminderKind.EXPIRY.value},
        limit=renewal_rows,
    )
    alerts = pd.DataFrame([asdict(a) for a in capacity.list_alerts(session, limit=alert_rows)], columns=ALERT_COLUMNS)
    return {
        "licenses": frames.fetch_licenses(session),
        "renewals": (due, due_total),
        "alerts": alerts,
        "alerts_total": capacity.count_alerts(session),
    }


def _grid(session: Session) -> pd.DataFrame:
    return compliance.product_grid(
        compliance.classify(compliance.fetch_licenses(session)), compliance.fetch_installations(session)
    )


def _compose(
    parts: dict,
    *,
    now: datetime,
    window_days: int,
    rates,
    workspace_currency: str,
    renewal_days: int,
    history_months: int,
) -> Overview:
    head = headline(
        parts["licenses"], parts["counts"], window_days=window_days, rates=rates, workspace_currency=workspace_currency
    )
    movements = parts["movements"]
    history = (
        utilization.seats_over_time(movements, end=now, months=history_months)
        if len(movements)
        else pd.DataFrame(columns=["month", "seats_in_use", "seats_total", "fill_pct"])
    )
    due, due_total = parts["renewals"]
    return Overview(
        head,
        with_product_status(parts["grid"]),
        parts["alerts"],
        due,
        due_total,
        history,
        renewal_days,
        parts["alerts_total"],
    )


def overview(
    session: Session,
    *,
    today: date | None = None,
    now: datetime | None = None,
    window_days: int | None = None,
    rates: Mapping[str, Any] | None = None,
    workspace_currency: str = "EUR",
    renewal_days: int = RENEWAL_DAYS,
    renewal_rows: int = RENEWAL_ROWS,
    history_months: int = HISTORY_MONTHS,
    alert_rows: int = capacity.DASHBOARD_ROWS,
) -> Overview:
    """The dashboard; dormancy by the workspace's window unless `window_days` is given."""
    window_days = window_days or dormancy_window.get(session)
    now = now or utcnow()
    today = today or now.date()
    parts = _figures(session, today=today, renewal_days=renewal_days, renewal_rows=renewal_rows, alert_rows=alert_rows)
    parts["counts"] = utilization.fetch_dormancy(session, window_days=window_days, now=now)
    parts["grid"] = _grid(session)
    parts["movements"] = utilization.fetch_seat_movements(session)
    return _compose(
        parts,
        now=now,
        window_days=window_days,
        rates=rates,
        workspace_currency=workspace_currency,
        renewal_days=renewal_days,
        history_months=history_months,
    )


def overview_concurrently(
    sessions: Callable[[], ContextManager[Session]],
    *,
    now: datetime | None = None,
    window_days: int | None = None,
    rates: Mapping[str, Any] | None = None,
    workspace_currency: str = "EUR",
) -> Overview:
    """The same overview, its independent reads side by side, each in a read session of
    its own from `sessions`. At scale dormancy's aggregates read every seat (seat
    movements and the compliance counts read models.seat_tally); the database runs them in
    parallel (SQLite's WAL readers, PostgreSQL backends) and the drivers release the
    GIL while they do, so the page waits for the slowest read, not for their sum."""
    now = now or utcnow()
    if window_days is None:
        with sessions() as session:
            window_days = dormancy_window.get(session)

    def read(fn: Callable[[Session], Any]) -> Any:
        with sessions() as session:
            return fn(session)

    # Dormancy's three aggregates go separately, the one over every seat first: the slowest read sets the pace.
    dormancy = utilization.dormancy_statements(window_days=window_days, now=now)
    jobs: dict[str, Callable[[Session], Any]] = {
        **{f"dormancy{i}": (lambda s, stmt=stmt: s.execute(stmt).all()) for i, stmt in enumerate(dormancy)},
        "movements": utilization.fetch_seat_movements,
        "grid": _grid,
        "figures": lambda s: _figures(
            s,
            today=now.date(),
            renewal_days=RENEWAL_DAYS,
            renewal_rows=RENEWAL_ROWS,
            alert_rows=capacity.DASHBOARD_ROWS,
        ),
    }
    with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="dashboard") as pool:
        futures = {name: pool.submit(read, fn) for name, fn in jobs.items()}
        parts = {name: future.result() for name, future in futures.items()}
    parts |= parts.pop("figures")
    parts["counts"] = utilization.dormancy_frame([parts.pop(f"dormancy{i}") for i in range(len(dormancy))])
    return _compose(
        parts,
        now=now,
        window_days=window_days,
        rates=rates,
        workspace_currency=workspace_currency,
        renewal_days=RENEWAL_DAYS,
        history_months=HISTORY_MONTHS,
    )


def cached_overview(
    sessions: Callable[[], ContextManager[Session]],
    *,
    now: datetime | None = None,
    rates: Mapping[str, Any] | None = None,
    workspace_currency: str = "EUR",
) -> Overview:
    """overview_concurrently, reused while nothing was committed since it was read
    (data_version) and within the same minute: the dormancy cutoff and the renewal
    countdown move with the clock, so a reused overview is at most a minute behind
    time, never behind a change."""
    now = now or utcnow()
    with sessions() as session:
        window_days = dormancy_window.get(session)
    return data_version.reuse(
        sessions,
        "dashboard",
        _reuse_key(window_days, rates, workspace_currency),
        lambda: overview_concurrently(
            sessions, now=now, window_days=window_days, rates=rates, workspace_currency=workspace_currency
        ),
        clock=_minute(now),
    )


def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def _reuse_key(window_days: int, rates: Mapping[str, Any] | None, workspace_currency: str) -> tuple:
    return window_days, tuple(sorted((str(k), str(v)) for k, v in (rates or {}).items())), workspace_currency


def recent_overview(
    sessions: Callable[[], ContextManager[Session]],
    *,
    now: datetime | None = None,
    rates: Mapping[str, Any] | None = None,
    workspace_currency: str = "EUR",
) -> tuple[Overview, bool] | None:
    """The overview cached_overview() last read, if nothing was committed since, and
    whether it is this minute's: the dashboard shows it at once while this minute's
    is read (reading dormancy over every seat takes seconds at scale). It is behind
    the clock only: a seat whose idle time crossed the window since, a countdown
    that moved. None when there is none."""
    now = now or utcnow()
    with sessions() as session:
        window_days = dormancy_window.get(session)
    return data_version.recent(sessions, "dashboard", _reuse_key(window_days, rates, workspace_currency), _minute(now))


def grid_records(ov: Overview) -> list[dict[str, Any]]:
    """The compliance grid as one dict per product."""
    return ov.grid.to_dict("records")


@dataclass(frozen=True)
class GridSummary:
    """The compliance grid as the dashboard shows it: every product counted per
    status, and only the most urgent ones listed (the full list is one link away)."""

    total: int  # every product of the grid
    counts: dict[str, int]  # every product per status, worst status first (URGENCY)
    rows: list[dict[str, Any]]  # the most urgent products, as grid_records


def _gap(r: Mapping[str, Any]) -> int:
    """How far a product is off: copies beyond the seats bought when over-deployed,
    seats bought and unused when under-utilized; 0 otherwise (or when unlimited)."""
    if bool(r["unlimited"]):
        return 0
    purchased = int(r["purchased"])
    if r["status"] == OVER:
        return max(int(r["used"]), int(r["installed"])) - purchased
    if r["status"] == UNDER:
        return purchased - int(r["used"])
    return 0


def urgency_key(r: Mapping[str, Any]) -> tuple:
    """Worst status first; within one, the furthest off, then the unlicensed
    installations, then by name."""
    return (
        URGENCY.index(r["status"]),
        -_gap(r),
        -int(r["unlicensed_installations"]),
        str(r["product"]).casefold(),
        int(r["catalog_entry_id"]),
    )


def grid_summary(ov: Overview, limit: int = GRID_ROWS) -> GridSummary:
    records = grid_records(ov)
    counts = {status: 0 for status in URGENCY}
    for r in records:
        counts[r["status"]] += 1
    return GridSummary(len(records), counts, sorted(records, key=urgency_key)[: max(0, limit)])


def alert_rows(ov: Overview) -> list[Any]:
    """The capacity alerts as rows (attribute access: license_id, product, name, fill_pct, ...)."""
    return list(ov.alerts.itertuples())


def history_chart(ov: Overview) -> charts.Figure | None:
    """Seats in use over time, finished for the dashboard's card; None when no seat was ever used."""
    history = ov.history
    if not len(history) or int(history["seats_in_use"].max()) <= 0:
        return None
    return charts.lean(charts.untitled(charts.utilization_over_time(history), height=300))
