"""Capacity planning (seed 004): when does each license fill up, and how many seats
should it renew with?

Seats in use on a day are the assignments created on or before it and not revoked
by its end (revoked rows stay, so the history is complete). A straight line is fitted
by least squares to the daily counts of the last WINDOW_DAYS days (fewer when the
license is younger, never fewer than MIN_DAYS). A rising line says when the pool
reaches its seats total from today's use; a flat or falling one says it is not
filling up. At renewal the advice is the larger of the window's peak and the use the
line projects for the renewal date, plus HEADROOM_PCT, rounded up; the saving is the
seats dropped times the annual cost of a seat, in the license's own currency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from sqlalchemy import or_
from sqlmodel import Session, select

from license_hub.models import Assignment, CatalogEntry, License
from license_hub.models.enums import SeatType
from license_hub.services.reports import frames
from license_hub.services.reports.savings import annual_cost_per_seat

WINDOW_DAYS = 90
MIN_DAYS = 7
HEADROOM_PCT = 10
CENT = Decimal("0.01")
NOT_FILLING = "Not filling up"
FULL_NOW = "Full now"
TOO_LITTLE = "Not enough history"
UNLIMITED = "Unlimited seats"


@dataclass(frozen=True)
class Trend:
    days: int  # days the line was fitted over
    slope_per_day: float
    current: int  # seats in use today
    peak: int  # most seats in use on one day of the window


@dataclass(frozen=True)
class Forecast:
    license_id: int
    seats_total: int
    current: int
    peak: int
    slope_per_day: float | None
    days_until_full: int | None  # 0 when full now; None when not filling up / unknown
    full_on: date | None
    label: str


@dataclass(frozen=True)
class RightSizing:
    renewal_on: date
    projected: int  # seats the trend expects in use on the renewal date
    recommended: int
    change: int  # recommended - seats total (negative: renew fewer)
    saving: Decimal | None  # a year, in `currency`; negative when more seats cost more
    currency: str


# ----------------------------------------------------------------------- maths


def daily_seats(spans: Iterable[tuple[date, date | None]], start: date, end: date) -> pd.Series:
    """Seats in use at the end of each day from start to end, from (assigned, revoked) days."""
    return pd.Series(_daily_counts(spans, start, end), index=pd.date_range(start, end, freq="D"))


def _daily_counts(spans: Iterable[tuple[date, date | None]], start: date, end: date) -> np.ndarray:
    n = (end - start).days + 1
    delta = np.zeros(n + 1, dtype=np.int64)
    for assigned, revoked in spans:
        if assigned > end or (revoked is not None and revoked <= max(assigned, start)):
            continue
        delta[max((assigned - start).days, 0)] += 1
        if revoked is not None and revoked <= end:
            delta[(revoked - start).days] -= 1
    return np.cumsum(delta[:n])


def fit(daily: pd.Series) -> Trend:
    """The least-squares line through the daily counts (x in days)."""
    return _fit(daily.to_numpy(dtype=float))


def _fit(counts: np.ndarray) -> Trend:
    y = counts.astype(float)
    x = np.arange(len(y), dtype=float)
    var = float(((x - x.mean()) ** 2).sum())
    slope = float(((x - x.mean()) * (y - y.mean())).sum() / var) if var else 0.0
    return Trend(len(y), round(slope, 6), int(y[-1]) if len(y) else 0, int(y.max()) if len(y) else 0)


def forecast(license_id: int, seats_total: int, seat_type: str, trend: Trend | None, today: date) -> Forecast:
    """Days until the pool is full at the fitted rate, from today's use."""
    if seat_type == SeatType.UNLIMITED.value:
        return Forecast(license_id, seats_total, 0, 0, None, None, None, UNLIMITED)
    if trend is None:
        return Forecast(license_id, seats_total, 0, 0, None, None, None, TOO_LITTLE)
    current, peak, slope = trend.current, trend.peak, trend.slope_per_day
    if current >= seats_total:
        return Forecast(license_id, seats_total, current, peak, slope, 0, today, FULL_NOW)
    if slope <= 0:
        return Forecast(license_id, seats_total, current, peak, slope, None, None, NOT_FILLING)
    days = math.ceil((seats_total - current) / slope - 1e-9)
    full_on = today + timedelta(days=days)
    label = f"Full in ~{days} day{'s' if days != 1 else ''} (around {full_on.isoformat()})"
    return Forecast(license_id, seats_total, current, peak, slope, days, full_on, label)


def right_size(
    trend: Trend,
    *,
    seats_total: int,
    renewal_on: date,
    today: date,
    annual_seat_cost: Decimal | None,
    currency: str,
    headroom_pct: int = HEADROOM_PCT,
) -> RightSizing:
    """Seats to renew with: max(peak, projected use on the renewal date) plus headroom, rounded up."""
    ahead = max((renewal_on - today).days, 0)
    projected = max(math.ceil(trend.current + trend.slope_per_day * ahead - 1e-9), 0)
    need = max(trend.peak, projected)
    recommended = max(math.ceil(need * (100 + headroom_pct) / 100 - 1e-9), 1)
    change = recommended - seats_total
    saving = None
    if annual_seat_cost is not None:
        saving = (Decimal(-change) * Decimal(annual_seat_cost)).quantize(CENT, rounding=ROUND_HALF_UP)
    return RightSizing(renewal_on, projected, recommended, change, saving, currency)


# ----------------------------------------------------------------------- fetch


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _span_rows(session: Session, license_ids: Sequence[int], start: date) -> list[tuple[int, date, date | None]]:
    since = datetime.combine(start, datetime.min.time(), tzinfo=timezone.utc)
    stmt = select(Assignment.license_id, Assignment.assigned_at, Assignment.revoked_at).where(
        Assignment.license_id.in_(list(license_ids)),
        or_(Assignment.revoked_at.is_(None), Assignment.revoked_at >= since),
    )
    return [(lid, _day(a), _day(r)) for lid, a, r in session.exec(stmt)]


def _spans(session: Session, license_ids: Sequence[int], start: date) -> pd.DataFrame:
    rows = _span_rows(session, license_ids, start)
    return pd.DataFrame.from_records(rows, columns=["license_id", "assigned", "revoked"])


def trends(
    session: Session, licenses: pd.DataFrame, today: date, window_days: int = WINDOW_DAYS
) -> dict[int, Trend | None]:
    """Per license (rows with license_id and created): its trend, or None with too little history."""
    start = today - timedelta(days=window_days)
    ids = [int(i) for i in licenses["license_id"]]
    spans = _spans(session, ids, start) if ids else pd.DataFrame(columns=["license_id", "assigned", "revoked"])
    by_license = {int(k): g for k, g in spans.groupby("license_id")} if len(spans) else {}
    out: dict[int, Trend | None] = {}
    for lid, created in zip(licenses["license_id"], licenses["created"]):
        first = max(start, created or start)
        if (today - first).days + 1 < MIN_DAYS:
            out[int(lid)] = None
            continue
        group = by_license.get(int(lid))
        pairs = zip(group["assigned"], group["revoked"]) if group is not None else []
        out[int(lid)] = fit(daily_seats(((a, r if isinstance(r, date) else None) for a, r in pairs), first, today))
    return out


def _frame(session: Session, license_ids: list[int] | None = None) -> pd.DataFrame:
    frame = frames.fetch_licenses(session, license_ids)
    ids = [int(i) for i in frame["license_id"]]
    stmt = select(License.id, License.created_at).where(License.id.in_(ids))
    created = {int(i): at for i, at in session.execute(stmt)} if ids else {}
    frame["created"] = [_day(created.get(int(i))) for i in frame["license_id"]]
    return frame


def license_forecast(session: Session, license_id: int, today: date) -> tuple[Forecast, RightSizing | None] | None:
    """One license's forecast and, when it has a renewal (or expiry) date ahead, its right-sizing.
    The same maths as `capacity`, read for one license without DataFrames: the license
    page asks on every visit, and building frames cost more than the rest of its load."""
    lic = session.get(License, license_id)
    if lic is None or session.get(CatalogEntry, lic.catalog_entry_id) is None:
        return None
    start = today - timedelta(days=WINDOW_DAYS)
    first = max(start, _day(lic.created_at) or start)
    trend = None
    if (today - first).days + 1 >= MIN_DAYS:
        spans = ((a, r) for _, a, r in _span_rows(session, [license_id], start))
        trend = _fit(_daily_counts(spans, first, today))
    fc = forecast(license_id, int(lic.seats_total), lic.seat_type, trend, today)
    renewal = lic.renewal_date or lic.expiry_date
    if trend is None or renewal is None or renewal < today or lic.seat_type == SeatType.UNLIMITED.value:
        return fc, None
    cost = annual_cost_per_seat(
        lic.cost_per_seat,
        lic.total_cost,
        int(lic.seats_total),
        lic.seat_type,
        lic.billing_cycle,
        lic.custom_cycle_months,
    )
    sizing = right_size(
        trend,
        seats_total=int(lic.seats_total),
        renewal_on=renewal,
        today=today,
        annual_seat_cost=cost,
        currency=lic.currency,
    )
    return fc, sizing


@dataclass(frozen=True)
class CapacityRow:
    license_id: int
    name: str
    product: str
    seats_used: int
    seats_total: int
    forecast: Forecast


def capacity(session: Session, today: date) -> list[CapacityRow]:
    """Every active license with limited seats, soonest full first; not filling up last."""
    frame = _frame(session)
    frame = frame[frame["seat_type"] != SeatType.UNLIMITED.value]
    found = trends(session, frame, today) if len(frame) else {}
    rows = [
        CapacityRow(
            int(r.license_id),
            r.name,
            r.product,
            int(r.seats_used),
            int(r.seats_total),
            forecast(int(r.license_id), int(r.seats_total), r.seat_type, found[int(r.license_id)], today),
        )
        for r in frame.itertuples()
    ]
    far = 10**9
    rows.sort(
        key=lambda r: (
            r.forecast.days_until_full if r.forecast.days_until_full is not None else far,
            r.product.lower(),
            r.license_id,
        )
    )
    return rows
