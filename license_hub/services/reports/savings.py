"""Money tied up in dormant seats (potential) and money won back (realized).

Potential savings = dormant seats × the annualized cost of one seat. Realized
savings = seats given back (reclaims, and usage audits that lowered the count) ×
the annualized cost of one seat × the share of a year left until the license's
next renewal, since a seat handed back mid-term stops costing money only then.
Both stay per currency: amounts in different currencies are never added up. A
converted total in the workspace currency comes on top, given exchange rates,
and names every currency it could not convert.

Fetch (SQL) and maths (pandas over the fetched frames) are separate functions so
tests pin hand-worked figures and the bench times each. Every amount is an exact
Decimal rounded half-up to the cent per license (or per give-back); sums run on
integer cents, so they are exact too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

import pandas as pd
from sqlalchemy import func, or_, select
from sqlmodel import Session

from license_hub.models import Assignment, License, UsageAudit
from license_hub.models.enums import SeatType, UsageAuditStatus
from license_hub.services.core import money
from license_hub.services.reports import frames

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
DAYS_PER_YEAR = 365
SOURCE_RECLAIM = "reclaim"
SOURCE_AUDIT = "audit"
EVENT_COLUMNS = ["license_id", "at", "seats", "source"]


def _opt(value: Any) -> Any:
    """None for SQL NULL and for the NaN/NaT pandas puts in its place."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def cents(amount: Decimal) -> int:
    return int(amount.quantize(CENT, rounding=ROUND_HALF_UP) * 100)


def from_cents(value: int) -> Decimal:
    return (Decimal(int(value)) / 100).quantize(CENT)


def annual_cost_per_seat(
    cost_per_seat: Decimal | None,
    total_cost: Decimal | None,
    seats_total: int,
    seat_type: str,
    billing_cycle: str,
    custom_cycle_months: int | None,
) -> Decimal | None:
    """Unrounded annual cost of one seat: cost per seat, else total cost / seats total,
    annualized by billing cycle (one-time purchases cost 0 a year). None when unknown;
    an unlimited license's flat price does not drop when a seat is freed."""
    cost_per_seat, total_cost, months = _opt(cost_per_seat), _opt(total_cost), _opt(custom_cycle_months)
    per_year = money.cycles_per_year(billing_cycle, int(months) if months is not None else None)
    if cost_per_seat is not None:
        return Decimal(cost_per_seat) * per_year
    if total_cost is not None and seat_type != SeatType.UNLIMITED.value and int(seats_total) > 0:
        return Decimal(total_cost) * per_year / Decimal(int(seats_total))
    return None


def per_seat_costs(licenses: pd.DataFrame) -> list[Decimal | None]:
    return [
        annual_cost_per_seat(c, t, n, s, b, m)
        for c, t, n, s, b, m in zip(
            licenses["cost_per_seat"],
            licenses["total_cost"],
            licenses["seats_total"],
            licenses["seat_type"],
            licenses["billing_cycle"],
            licenses["custom_cycle_months"],
        )
    ]


def exchange_rates(rates: Mapping[str, Any] | None, workspace_currency: str) -> dict[str, Decimal]:
    """1 unit of a currency = rate units of the workspace currency (which converts at 1)."""
    out = {str(k).upper(): Decimal(str(v)) for k, v in (rates or {}).items() if _opt(v) is not None}
    out[workspace_currency.upper()] = Decimal(1)
    return out


def convert(
    by_currency: Mapping[str, Decimal], rates: Mapping[str, Any] | None, workspace_currency: str
) -> tuple[Decimal, tuple[str, ...]]:
    """(total in the workspace currency, currencies left out for want of a rate)."""
    table = exchange_rates(rates, workspace_currency)
    total, missing = Decimal(0), []
    for code, amount in sorted(by_currency.items()):
        if code.upper() in table:
            total += amount * table[code.upper()]
        elif amount:
            missing.append(code)
    return total.quantize(CENT, rounding=ROUND_HALF_UP), tuple(missing)


def breakdown(frame: pd.DataFrame, key: str, rates: dict[str, Decimal], count_col: str = "seats") -> pd.DataFrame:
    """Count and amount per (key, currency), biggest first, with the workspace-currency
    figure where a rate exists (None otherwise). `frame` has count_col and _cents columns."""
    cols = [key, "currency", count_col, "amount", "converted"]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    grouped = frame.groupby([key, "currency"], sort=True)[[count_col, "_cents"]].sum().reset_index()
    grouped["amount"] = [from_cents(c) for c in grouped["_cents"]]
    grouped["converted"] = [
        (a * rates[c]).quantize(CENT, rounding=ROUND_HALF_UP) if c in rates else None
        for a, c in zip(grouped["amount"], grouped["currency"])
    ]
    grouped["_order"] = [float(v if v is not None else a) for a, v in zip(grouped["amount"], grouped["converted"])]
    grouped = grouped.sort_values(["_order", key, "currency"], ascending=[False, True, True], kind="stable")
    return grouped.reset_index(drop=True)[cols].astype({"amount": object, "converted": object})


def by_currency(frame: pd.DataFrame) -> dict[str, Decimal]:
    if frame.empty:
        return {}
    return {str(k): from_cents(v) for k, v in frame.groupby("currency")["_cents"].sum().items()}


@dataclass(frozen=True)
class Savings:
    """Rows (per license, or per give-back), then the same money per currency and converted."""

    rows: pd.DataFrame
    by_currency: dict[str, Decimal]
    workspace_currency: str
    converted_total: Decimal
    not_converted: tuple[str, ...]
    by_product: pd.DataFrame
    by_category: pd.DataFrame

    @property
    def per_license(self) -> pd.DataFrame:
        return self.rows


class PotentialSavings(Savings):
    pass


class RealizedSavings(Savings):
    pass


def _summarize(
    kind: type, rows: pd.DataFrame, seats_col: str, rates: Mapping[str, Any] | None, workspace_currency: str
) -> Savings:
    counted = rows[rows[seats_col] > 0].rename(columns={seats_col: "seats"})
    per_currency = by_currency(counted)
    total, missing = convert(per_currency, rates, workspace_currency)
    table = exchange_rates(rates, workspace_currency)
    return kind(
        rows=rows.drop(columns="_cents"),
        by_currency=per_currency,
        workspace_currency=workspace_currency,
        converted_total=total,
        not_converted=missing,
        by_product=breakdown(counted, "product", table),
        by_category=breakdown(counted, "category", table),
    )


def potential_savings(
    frame: pd.DataFrame, *, rates: Mapping[str, Any] | None = None, workspace_currency: str = "EUR"
) -> PotentialSavings:
    """`frame`: licenses (frames.fetch_licenses columns) with a `dormant_seats` column."""
    out = frame[["license_id", "name", "product", "category", "currency", "dormant_seats"]].copy()
    per_seat = per_seat_costs(frame)
    out["annual_cost_per_seat"] = pd.Series(
        [None if p is None else p.quantize(CENT, rounding=ROUND_HALF_UP) for p in per_seat],
        index=out.index,
        dtype=object,
    )
    out["cost_known"] = [p is not None for p in per_seat]
    out["_cents"] = pd.Series(
        [0 if p is None else cents(int(n) * p) for p, n in zip(per_seat, frame["dormant_seats"])],
        index=out.index,
        dtype="int64",
    )
    out["potential_savings"] = pd.Series([from_cents(c) for c in out["_cents"]], index=out.index, dtype=object)
    return _summarize(PotentialSavings, out, "dormant_seats", rates, workspace_currency)


# ------------------------------------------------------------------ realized


def _period_clauses(start: datetime, end: datetime):
    reclaimed = (Assignment.revoked_at >= start, Assignment.revoked_at < end)
    audited = (
        UsageAudit.status == UsageAuditStatus.COMPLETED.value,
        UsageAudit.completed_at >= start,
        UsageAudit.completed_at < end,
        UsageAudit.seats_before > UsageAudit.seats_after,
    )
    return reclaimed, audited


def fetch_realized_events(session: Session, start: datetime, end: datetime) -> pd.DataFrame:
    """Seats given back in [start, end): reclaims grouped by license and instant (a bulk
    reclaim is one row), and completed audits that lowered the seat count."""
    reclaimed, audited = _period_clauses(start, end)
    reclaims = (
        select(Assignment.license_id, Assignment.revoked_at, func.count())
        .where(*reclaimed)
        .group_by(Assignment.license_id, Assignment.revoked_at)
    )
    audits = select(
        UsageAudit.license_id, UsageAudit.completed_at, UsageAudit.seats_before - UsageAudit.seats_after
    ).where(*audited)
    rows = [(*r, SOURCE_RECLAIM) for r in session.execute(reclaims)]
    rows += [(*r, SOURCE_AUDIT) for r in session.execute(audits)]
    return pd.DataFrame.from_records(rows, columns=EVENT_COLUMNS).astype({"license_id": "int64", "seats": "int64"})


def fetch_realized_licenses(session: Session, start: datetime, end: datetime) -> pd.DataFrame:
    """The licenses (archived ones too) that gave seats back in the period."""
    reclaimed, audited = _period_clauses(start, end)
    return frames.fetch_licenses(
        session,
        where=or_(
            License.id.in_(select(Assignment.license_id).where(*reclaimed)),
            License.id.in_(select(UsageAudit.license_id).where(*audited)),
        ),
    )


def year_fraction_days(day: date, next_renewal: date | None) -> int | None:
    """Days from the give-back to the next renewal (never negative: a renewal date already
    passed leaves nothing in that term); None when no date is known (a full year)."""
    return None if next_renewal is None else max((next_renewal - day).days, 0)


def realized_savings(
    events: pd.DataFrame,
    licenses: pd.DataFrame,
    *,
    rates: Mapping[str, Any] | None = None,
    workspace_currency: str = "EUR",
) -> RealizedSavings:
    """Give-backs on one day to one license count together: seats × annual cost per seat ×
    days to the next renewal (renewal date, else expiry date) / 365, or a full year without
    a date. `events` from fetch_realized_events, `licenses` from fetch_realized_licenses."""
    cols = [
        "license_id",
        "name",
        "product",
        "category",
        "currency",
        "source",
        "day",
        "seats",
        "next_renewal",
        "days_to_renewal",
        "annual_cost_per_seat",
        "savings",
        "_cents",
    ]
    if events.empty or licenses.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("seats", "_cents") else object) for c in cols})
        return _summarize(RealizedSavings, empty, "seats", rates, workspace_currency)
    ev = events.copy()
    ev["day"] = pd.to_datetime(ev["at"], utc=True).dt.date
    ev = ev.groupby(["license_id", "source", "day"], sort=True)["seats"].sum().reset_index()
    per_seat = dict(zip(licenses["license_id"], per_seat_costs(licenses)))
    next_renewal = {
        lid: _opt(r) or _opt(e)
        for lid, r, e in zip(licenses["license_id"], licenses["renewal_date"], licenses["expiry_date"])
    }
    out = ev.merge(licenses[["license_id", "name", "product", "category", "currency"]], on="license_id", how="inner")
    nxt = [next_renewal[lid] for lid in out["license_id"]]
    days = [year_fraction_days(d, n) for d, n in zip(out["day"], nxt)]
    costs = [per_seat[lid] for lid in out["license_id"]]
    out["next_renewal"] = pd.Series(nxt, index=out.index, dtype=object)
    out["days_to_renewal"] = pd.Series(days, index=out.index, dtype=object)
    out["annual_cost_per_seat"] = pd.Series(
        [None if p is None else p.quantize(CENT, rounding=ROUND_HALF_UP) for p in costs], index=out.index, dtype=object
    )
    out["_cents"] = pd.Series(
        [
            0 if p is None else cents(int(n) * p if d is None else int(n) * p * d / DAYS_PER_YEAR)
            for p, n, d in zip(costs, out["seats"], days)
        ],
        index=out.index,
        dtype="int64",
    )
    out["savings"] = pd.Series([from_cents(c) for c in out["_cents"]], index=out.index, dtype=object)
    out = out.sort_values(["day", "license_id", "source"], kind="stable").reset_index(drop=True)[cols]
    return _summarize(RealizedSavings, out, "seats", rates, workspace_currency)


def realized_report(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    rates: Mapping[str, Any] | None = None,
    workspace_currency: str = "EUR",
) -> RealizedSavings:
    return realized_savings(
        fetch_realized_events(session, start, end),
        fetch_realized_licenses(session, start, end),
        rates=rates,
        workspace_currency=workspace_currency,
    )
