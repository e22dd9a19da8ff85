"""Spend reporting (seed 003 "Finance"): what the active licenses cost a year, by
category, by vendor and by renewal month, always per currency; the expiries
calendar; and the CSV exports finance takes away (utilization, savings, spend).

A license's annual cost is its cost per cycle (total cost, else cost per seat ×
seats) annualized by billing cycle; a one-time purchase costs nothing a year. The
vendor is the license's own vendor (a reseller, say) or else the product's
publisher. Exports are generators of CSV lines (csv_out: streamed, formulas defused).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping, Sequence

import pandas as pd
from sqlalchemy import and_, or_, select
from sqlmodel import Session

from license_hub.models import CatalogEntry, License
from license_hub.services.core import money
from license_hub.services.core.csv_out import csv_stream
from license_hub.services.reports import frames, utilization
from license_hub.services.reports.savings import (
    PotentialSavings,
    RealizedSavings,
    breakdown,
    by_currency,
    cents,
    convert,
    exchange_rates,
    from_cents,
)

NO_DATE = "No date"
UNKNOWN_VENDOR = "Unknown vendor"
UNCATEGORIZED = "Uncategorized"


def annual_costs(licenses: pd.DataFrame) -> pd.DataFrame:
    """Licenses (frames.fetch_licenses columns) with annual_cost, vendor_label,
    category_label and renewal_month added."""
    out = licenses.copy()
    costs = _annual_cost_values(out)
    out["annual_cost"] = pd.Series(costs, index=out.index, dtype=object)
    out["cost_known"] = [c is not None for c in costs]
    out["_cents"] = pd.Series([0 if c is None else cents(c) for c in costs], index=out.index, dtype="int64")
    out["vendor_label"] = [
        (v or "").strip() or (p or "").strip() or UNKNOWN_VENDOR for v, p in zip(out["vendor"], out["publisher"])
    ]
    out["category_label"] = [(c or "").strip() or UNCATEGORIZED for c in out["category"]]
    days = [r if not pd.isna(r) else e for r, e in zip(out["renewal_date"], out["expiry_date"])]
    out["renewal_month"] = [NO_DATE if d is None or pd.isna(d) else f"{d.year:04d}-{d.month:02d}" for d in days]
    out["licenses"] = 1
    return out


def _annual_cost_values(licenses: pd.DataFrame) -> list[Decimal | None]:
    costs = []
    for c, t, n, b, m in zip(
        licenses["cost_per_seat"],
        licenses["total_cost"],
        licenses["seats_total"],
        licenses["billing_cycle"],
        licenses["custom_cycle_months"],
    ):
        c, t, m = (None if pd.isna(v) else v for v in (c, t, m))
        per_cycle = money.total_per_cycle(c, t, int(n))
        costs.append(money.annualize(per_cycle, b, int(m) if m is not None else None))
    return costs


@dataclass(frozen=True)
class SpendTotals:
    """The annual spend per currency and converted, without the breakdowns: what the
    dashboard shows, at a fraction of spend_report's work over thousands of licenses."""

    by_currency: dict[str, Decimal]
    workspace_currency: str
    converted_total: Decimal
    not_converted: tuple[str, ...]


def spend_totals(
    licenses: pd.DataFrame, *, rates: Mapping[str, Any] | None = None, workspace_currency: str = "EUR"
) -> SpendTotals:
    """Pure: the same totals as spend_report(licenses).by_currency and its conversion."""
    sums: dict[str, int] = {}
    for currency, cost in zip(licenses["currency"], _annual_cost_values(licenses)):
        if not pd.isna(currency):
            sums[str(currency)] = sums.get(str(currency), 0) + (0 if cost is None else cents(cost))
    per_currency = {code: from_cents(sums[code]) for code in sorted(sums)}
    total, missing = convert(per_currency, rates, workspace_currency)
    return SpendTotals(per_currency, workspace_currency, total, missing)


@dataclass(frozen=True)
class SpendReport:
    licenses: pd.DataFrame  # annual_costs() rows
    by_currency: dict[str, Decimal]
    workspace_currency: str
    converted_total: Decimal
    not_converted: tuple[str, ...]
    by_category: pd.DataFrame  # category_label, currency, licenses, amount, converted
    by_vendor: pd.DataFrame
    by_month: pd.DataFrame  # in month order, "No date" last


def spend_report(
    licenses: pd.DataFrame, *, rates: Mapping[str, Any] | None = None, workspace_currency: str = "EUR"
) -> SpendReport:
    """Pure: annual spend of the given licenses, grouped three ways, per currency."""
    rows = annual_costs(licenses)
    per_currency = by_currency(rows)
    total, missing = convert(per_currency, rates, workspace_currency)
    table = exchange_rates(rates, workspace_currency)
    month = breakdown(rows, "renewal_month", table, "licenses")
    month = (
        month.assign(_last=month["renewal_month"] == NO_DATE)
        .sort_values(["_last", "renewal_month", "currency"], kind="stable")
        .drop(columns="_last")
        .reset_index(drop=True)
    )
    category = breakdown(rows, "category_label", table, "licenses").rename(columns={"category_label": "category"})
    vendor = breakdown(rows, "vendor_label", table, "licenses").rename(columns={"vendor_label": "vendor"})
    return SpendReport(
        rows.drop(columns="_cents"), per_currency, workspace_currency, total, missing, category, vendor, month
    )


def fetch_spend(
    session: Session, *, rates: Mapping[str, Any] | None = None, workspace_currency: str = "EUR"
) -> SpendReport:
    return spend_report(frames.fetch_licenses(session), rates=rates, workspace_currency=workspace_currency)


# ----------------------------------------------------------------- calendar


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    kind: str  # "renewal" or "expiry"
    license_id: int
    license_name: str
    product: str
    vendor: str
    status: str
    auto_renew: bool
    currency: str
    amount_per_cycle: Decimal | None
    billing_cycle: str


def expiries_calendar(session: Session, start: date, end: date) -> list[CalendarEntry]:
    """Renewals and expiries of active licenses from start to end (inclusive), by day."""
    if end < start:
        raise ValueError("end before start")
    # Only the columns the entries show: loading whole License rows costs ten times more.
    stmt = (
        select(
            License.id,
            License.name,
            License.renewal_date,
            License.expiry_date,
            License.vendor,
            License.status,
            License.auto_renew,
            License.currency,
            License.cost_per_seat,
            License.total_cost,
            License.seats_total,
            License.billing_cycle,
            CatalogEntry.name,
            CatalogEntry.publisher,
        )
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(
            frames.active_license_clause(),
            or_(
                and_(License.renewal_date >= start, License.renewal_date <= end),
                and_(License.expiry_date >= start, License.expiry_date <= end),
            ),
        )
    )
    return _calendar_entries(session.execute(stmt), start, end)


def calendar_from_licenses(licenses: pd.DataFrame, start: date, end: date) -> list[CalendarEntry]:
    """expiries_calendar() from the active licenses' frame (frames.fetch_licenses) a
    page already holds: the same entries without reading the licenses again."""
    if end < start:
        raise ValueError("end before start")
    if not len(licenses):
        return []
    renewal, expiry = licenses["renewal_date"], licenses["expiry_date"]

    def within(days: pd.Series) -> pd.Series:
        return pd.Series([not _missing(d) and start <= d <= end for d in days.tolist()], index=days.index)

    due = licenses[within(renewal) | within(expiry)]
    columns = [
        "license_id",
        "name",
        "renewal_date",
        "expiry_date",
        "vendor",
        "status",
        "auto_renew",
        "currency",
        "cost_per_seat",
        "total_cost",
        "seats_total",
        "billing_cycle",
        "product",
        "publisher",
    ]
    lists = [[None if _missing(v) else v for v in due[c].tolist()] for c in columns]
    return _calendar_entries(zip(*lists), start, end)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _calendar_entries(rows: Iterable[Sequence[Any]], start: date, end: date) -> list[CalendarEntry]:
    entries = []
    for (
        lid,
        name,
        renewal,
        expiry,
        vendor,
        status,
        auto,
        currency,
        per_seat,
        total,
        seats,
        cycle,
        product,
        publisher,
    ) in rows:
        for kind, day in (("renewal", renewal), ("expiry", expiry)):
            if day is None or not start <= day <= end or (kind == "expiry" and day == renewal):
                continue
            entries.append(
                CalendarEntry(
                    day,
                    kind,
                    lid,
                    name,
                    product,
                    vendor or publisher or "",
                    status,
                    auto,
                    currency,
                    money.total_per_cycle(per_seat, total, seats),
                    cycle,
                )
            )
    return sorted(entries, key=lambda e: (e.day, e.product.lower(), e.license_id, e.kind))


# ------------------------------------------------------------------ CSV


def csv_lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """One CSV line per yield, header first (csv_out.csv_stream)."""
    return csv_stream(rows, header)


def utilization_csv(report: "utilization.UtilizationReport") -> Iterator[str]:
    """Every active license, ranked by fill (unlimited ones last, unranked)."""
    ranked = report.ranking.set_index("license_id")[["rank", "fill_pct"]]
    rows = report.licenses.join(ranked, on="license_id")
    rows = rows.assign(_u=rows["rank"].isna()).sort_values(["_u", "rank", "license_id"], kind="stable")
    header = [
        "Rank",
        "License ID",
        "Software",
        "License",
        "Category",
        "Seat type",
        "Seats used",
        "Seats total",
        "Fill %",
        "Active seats",
        "Dormant seats",
        "Dormant: user status",
        "Dormant: real usage",
        "Dormant: login proxy",
        "Seats with no signal",
        "Currency",
        "Annual cost per seat",
        "Potential savings",
    ]
    yield from csv_lines(
        header,
        (
            (
                "" if pd.isna(r.rank) else int(r.rank),
                r.license_id,
                r.product,
                r.name,
                r.category,
                r.seat_type,
                r.seats_used,
                r.seats_total,
                "" if pd.isna(r.fill_pct) else f"{r.fill_pct:.1f}",
                r.seats_active,
                r.dormant_seats,
                r.dormant_status,
                r.dormant_usage,
                r.dormant_login,
                r.no_signal_seats,
                r.currency,
                r.annual_cost_per_seat,
                r.potential_savings,
            )
            for r in rows.itertuples(index=False)
        ),
    )


def potential_savings_csv(savings: PotentialSavings) -> Iterator[str]:
    rows = savings.rows[savings.rows["dormant_seats"] > 0]
    header = [
        "License ID",
        "Software",
        "License",
        "Category",
        "Currency",
        "Dormant seats",
        "Annual cost per seat",
        "Potential savings",
    ]
    yield from csv_lines(
        header,
        (
            (
                r.license_id,
                r.product,
                r.name,
                r.category,
                r.currency,
                r.dormant_seats,
                r.annual_cost_per_seat,
                r.potential_savings,
            )
            for r in rows.itertuples(index=False)
        ),
    )


def realized_savings_csv(savings: RealizedSavings) -> Iterator[str]:
    header = [
        "Day",
        "License ID",
        "Software",
        "License",
        "Category",
        "Source",
        "Seats",
        "Next renewal",
        "Days to renewal",
        "Currency",
        "Annual cost per seat",
        "Realized savings",
    ]
    yield from csv_lines(
        header,
        (
            (
                r.day.isoformat(),
                r.license_id,
                r.product,
                r.name,
                r.category,
                r.source,
                r.seats,
                r.next_renewal.isoformat() if r.next_renewal else "",
                r.days_to_renewal,
                r.currency,
                r.annual_cost_per_seat,
                r.savings,
            )
            for r in savings.rows.itertuples(index=False)
        ),
    )


def spend_csv(report: SpendReport) -> Iterator[str]:
    rows = report.licenses.sort_values(["product", "license_id"], kind="stable")
    header = [
        "License ID",
        "Software",
        "License",
        "Category",
        "Vendor",
        "Status",
        "Billing cycle",
        "Currency",
        "Annual cost",
        "Renewal month",
    ]
    yield from csv_lines(
        header,
        (
            (
                r.license_id,
                r.product,
                r.name,
                r.category_label,
                r.vendor_label,
                r.status,
                r.billing_cycle,
                r.currency,
                r.annual_cost,
                r.renewal_month,
            )
            for r in rows.itertuples(index=False)
        ),
    )
