"""Fleet utilization (seed 003): active licenses ranked by seat fill, and their
dormant seats counted (the seats one by one are in dormant_seats).

Which seats are dormant, and by which signal, is defined once in dormancy (the
"View all users" page uses the same rules); the names are re-exported here.

The work is split in two so each half can be tested and timed on its own: a SQL
fetch that returns a few counts per license (a million seats never cross into
Python), and pure pandas maths over those frames. The fetch counts with the
dormancy building blocks per license instead of judging each seat; the preview
(dormant_seats) lists seats with the per-seat expressions, and a test checks the
report's counts against them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

import pandas as pd
from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from license_hub.models import Assignment, License, Person
from license_hub.models.enums import SeatType
from license_hub.models.seat_tally import LicenseSeatMonth
from license_hub.models.types import utcnow
from license_hub.services.reports.dormancy import (  # noqa: F401 - re-exported: the definition lives in dormancy
    DEFAULT_WINDOW_DAYS,
    GONE,
    SIGNAL_LOGIN,
    SIGNAL_NONE,
    SIGNAL_STATUS,
    SIGNAL_USAGE,
    SIGNALS,
    WEAK_SIGNALS,
    cutoff_for,
    dormant_expr,
    held_past,
    holder_gone,
    judged_by_login,
    last_seen_expr,
    signal_code_expr,
    signed_in_before,
)
from license_hub.services.reports.frames import active_license_clause, fetch_licenses
from license_hub.services.reports.savings import PotentialSavings, potential_savings

DORMANCY_COLUMNS = [
    "license_id",
    "seats",
    "usage_seats",
    "usage_idle",
    "login_seats",
    "gone_seats",
    "gone_usage_seats",
    "gone_usage_idle",
    "gone_login_seats",
    "login_idle",
]


def _count_if(condition: ColumnElement) -> ColumnElement:
    return func.count(case((condition, literal_column("1"))))


def dormancy_statements(
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    now: datetime | None = None,
    license_ids: list[int] | None = None,
) -> list[Select]:
    """fetch_dormancy's three aggregates, for a caller that runs them side by side;
    dormancy_frame() puts their rows together."""
    cutoff = cutoff_for(now, window_days)
    scope = [Assignment.revoked_at.is_(None)]
    if license_ids is not None:
        scope.append(Assignment.license_id.in_(sorted({int(i) for i in license_ids})))
    used, held_long = Assignment.last_used_at, held_past(cutoff)
    gone_people = select(Person.id).where(holder_gone())
    idle_people = select(Person.id).where(Person.status.not_in(GONE), signed_in_before(cutoff))
    seats = (
        select(
            Assignment.license_id,
            func.count(),
            func.count(used),
            _count_if(and_(held_long, used < cutoff)),
            _count_if(judged_by_login()),
        )
        .where(*scope)
        .group_by(Assignment.license_id)
    )
    gone = (
        select(
            Assignment.license_id,
            func.count(),
            func.count(used),
            _count_if(and_(held_long, used < cutoff)),
            _count_if(used.is_(None)),
        )
        .where(*scope, Assignment.person_id.in_(gone_people))
        .group_by(Assignment.license_id)
    )
    login_idle = (
        select(Assignment.license_id, func.count())
        .where(*scope, used.is_(None), held_long, Assignment.person_id.in_(idle_people))
        .group_by(Assignment.license_id)
    )
    return [seats, gone, login_idle]


def dormancy_frame(results: list[Sequence[Any]]) -> pd.DataFrame:
    """The rows of the three dormancy_statements(), in their order, as fetch_dormancy's frame."""
    frame = pd.DataFrame.from_records([tuple(r) for r in results[0]], columns=DORMANCY_COLUMNS[:5])
    for rows, cols in zip(results[1:], (DORMANCY_COLUMNS[5:9], DORMANCY_COLUMNS[9:])):
        part = pd.DataFrame.from_records([tuple(r) for r in rows], columns=["license_id", *cols])
        frame = frame.merge(part, on="license_id", how="left")
    return frame.fillna(0).astype("int64")


def fetch_dormancy(
    session: Session,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    now: datetime | None = None,
    license_ids: list[int] | None = None,
) -> pd.DataFrame:
    """Per license with active seats, the counts dormancy_by_license() needs, from three
    aggregates that never join a million seats to their holders row by row:

    - every active seat, on the assignment alone: seats, seats with real usage, of those
      idle past the window, and person seats with no usage (the login proxy's pool);
    - seats whose holder is inactive or offboarded (they move to "User status");
    - login-proxy seats idle past the window: no usage, held for longer than the window,
      by a current holder who has not signed in within it (or never).
    On SQLite each reads one covering index (see models.utilization) and no table row. Without
    `license_ids` every license is counted: the report keeps the active ones when it joins
    the license frame.
    """
    statements = dormancy_statements(window_days=window_days, now=now, license_ids=license_ids)
    return dormancy_frame([session.execute(stmt).all() for stmt in statements])


# ------------------------------------------------------------------------- maths


def fill_ranking(licenses: pd.DataFrame, *, ascending: bool = False) -> pd.DataFrame:
    """Licenses with a seat count, ranked by fill (seats_used / seats_total); unlimited skipped.
    Rank 1 is the fullest (or, ascending, the emptiest); ties go to the lower license id."""
    ranked = licenses[(licenses["seat_type"] != SeatType.UNLIMITED.value) & (licenses["seats_total"] > 0)].copy()
    ranked["fill"] = ranked["seats_used"].astype("float64") / ranked["seats_total"].astype("float64")
    ranked["fill_pct"] = (ranked["fill"] * 100).round(1)
    ranked = ranked.sort_values(["fill", "license_id"], ascending=[ascending, True], kind="stable")
    ranked["rank"] = range(1, len(ranked) + 1)
    return ranked.reset_index(drop=True)


BY_LICENSE_COLUMNS = [
    "license_id",
    "seats_active",
    "dormant_seats",
    "status_seats",
    "usage_seats",
    "login_seats",
    "no_signal_seats",
    "dormant_status",
    "dormant_usage",
    "dormant_login",
]
_PER_SIGNAL = (
    (SIGNAL_STATUS, "status_seats", "dormant_status"),
    (SIGNAL_USAGE, "usage_seats", "dormant_usage"),
    (SIGNAL_LOGIN, "login_seats", "dormant_login"),
    (SIGNAL_NONE, "no_signal_seats", None),
)


def dormancy_by_license(counts: pd.DataFrame) -> pd.DataFrame:
    """Per license: active seats and dormant seats, split by the signal that judged them.
    A holder's status outranks their usage, so their seats move out of the other signals."""
    c = counts
    out = pd.DataFrame(
        {
            "license_id": c["license_id"],
            "seats_active": c["seats"],
            "status_seats": c["gone_seats"],
            "usage_seats": c["usage_seats"] - c["gone_usage_seats"],
            "login_seats": c["login_seats"] - c["gone_login_seats"],
            "no_signal_seats": c["seats"] - c["usage_seats"] - c["login_seats"],
            "dormant_status": c["gone_seats"],
            "dormant_usage": c["usage_idle"] - c["gone_usage_idle"],
            "dormant_login": c["login_idle"],
        }
    )
    out["dormant_seats"] = out["dormant_status"] + out["dormant_usage"] + out["dormant_login"]
    return out[BY_LICENSE_COLUMNS].astype("int64").reset_index(drop=True)


def dormant_by_signal(row: Any) -> dict[str, int]:
    """One license's dormant seats per signal (a row of dormancy_by_license, or a frame holding its columns)."""
    return {signal: int(getattr(row, dormant)) for signal, _, dormant in _PER_SIGNAL if dormant}


def signal_totals(by_license: pd.DataFrame) -> pd.DataFrame:
    """Fleet-wide seats and dormant seats per signal, the weak one marked."""
    rows = [
        (signal, int(by_license[seats].sum()), int(by_license[dormant].sum()) if dormant else 0, signal in WEAK_SIGNALS)
        for signal, seats, dormant in _PER_SIGNAL
    ]
    return pd.DataFrame.from_records(rows, columns=["signal", "seats", "dormant", "weak"])


@dataclass(frozen=True)
class UtilizationReport:
    ranking: pd.DataFrame  # fill ranking with dormancy and potential savings per license
    licenses: pd.DataFrame  # every active license (unlimited too) with dormancy and savings
    signals: pd.DataFrame
    savings: PotentialSavings
    window_days: int


def build_report(
    licenses: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    rates: dict | None = None,
    workspace_currency: str = "EUR",
    ascending: bool = False,
) -> UtilizationReport:
    """The pandas half: pure function of the two fetched frames."""
    dormancy = dormancy_by_license(counts)
    merged = licenses.merge(dormancy, on="license_id", how="left")
    merged[BY_LICENSE_COLUMNS[1:]] = merged[BY_LICENSE_COLUMNS[1:]].fillna(0).astype("int64")
    savings = potential_savings(merged, rates=rates, workspace_currency=workspace_currency)
    merged = merged.merge(
        savings.per_license[["license_id", "annual_cost_per_seat", "potential_savings"]], on="license_id", how="left"
    )
    return UtilizationReport(
        ranking=fill_ranking(merged, ascending=ascending),
        licenses=merged,
        signals=signal_totals(merged),
        savings=savings,
        window_days=window_days,
    )


def utilization_report(
    session: Session,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    now: datetime | None = None,
    rates: dict | None = None,
    workspace_currency: str = "EUR",
) -> UtilizationReport:
    licenses = fetch_licenses(session)
    counts = fetch_dormancy(session, window_days=window_days, now=now)
    return build_report(licenses, counts, window_days=window_days, rates=rates, workspace_currency=workspace_currency)


# ------------------------------------------------------------ fill over time


def fetch_seat_movements(session: Session, license_id: int | None = None) -> pd.DataFrame:
    """Seats assigned and revoked per month (every active limited license, or one license),
    and the seats bought now. Assignment rows keep their history, so the past needs no
    snapshots; the per-month counts are kept by the database as seats move
    (models.seat_tally), so this reads a few rows per license, not every seat."""
    if license_id is not None:
        scope = License.id == license_id
    else:
        scope = and_(active_license_clause(), License.seat_type != SeatType.UNLIMITED.value)
    assigned, revoked = func.sum(LicenseSeatMonth.assigned), func.sum(LicenseSeatMonth.revoked)
    stmt = (
        select(LicenseSeatMonth.month, assigned, revoked)
        .where(LicenseSeatMonth.license_id.in_(select(License.id).where(scope)))
        .group_by(LicenseSeatMonth.month)
        .having(or_(assigned != 0, revoked != 0))
        .order_by(LicenseSeatMonth.month)
    )
    movements = pd.DataFrame.from_records(
        [tuple(r) for r in session.execute(stmt)], columns=["month", "assigned", "revoked"]
    ).astype({"assigned": "int64", "revoked": "int64"})
    total = session.execute(select(func.coalesce(func.sum(License.seats_total), 0)).where(scope)).scalar_one()
    movements.attrs["seats_total"] = int(total)
    return movements.reset_index(drop=True)


def seats_over_time(
    movements: pd.DataFrame, *, end: datetime | None = None, months: int = 12, seats_total: int | None = None
) -> pd.DataFrame:
    """Seats in use at the end of each of the last `months` months, and the fill against
    today's seat total (past totals are not kept, so older fills are approximate)."""
    end = end or utcnow()
    labels = [
        f"{p.year:04d}-{p.month:02d}"
        for p in pd.period_range(end=pd.Period(f"{end:%Y-%m}", "M"), periods=max(1, min(int(months), 120)))
    ]
    total = movements.attrs.get("seats_total", 0) if seats_total is None else seats_total
    net = (
        (movements.set_index("month")["assigned"] - movements.set_index("month")["revoked"])
        if len(movements)
        else pd.Series(dtype="int64")
    )
    before = int(net[net.index < labels[0]].sum())
    in_range = net.reindex(labels, fill_value=0).astype("int64")
    in_use = in_range.cumsum() + before
    out = pd.DataFrame({"month": labels, "seats_in_use": in_use.to_numpy(), "seats_total": total})
    out["fill_pct"] = (out["seats_in_use"] * 100 / total).round(1) if total else float("nan")
    return out
