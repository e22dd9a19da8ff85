"""Capacity alerts (seed 001): active licenses with a seat count whose seats used
reached their alert threshold, most urgent first.

Urgency: the fuller license first (fill %, seats used over seats total); at equal
fill the one whose next date comes first (renewal date, else expiry date; none
last), since that is the one to buy seats for or to renegotiate soonest; then the
license id, so paging is stable. Counted, ordered and paged in SQL: the dashboard
takes the first ten and the total, the "View all" list any page of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Float, and_, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from license_hub.models import CatalogEntry, License
from license_hub.models.enums import SeatType
from license_hub.services.reports.frames import active_license_clause

DASHBOARD_ROWS = 10


@dataclass(frozen=True)
class CapacityAlert:
    license_id: int
    name: str
    product: str
    seats_used: int
    seats_total: int
    fill_pct: float
    capacity_threshold_pct: int
    next_date: date | None  # renewal date, else expiry date

    def days_to(self, today: date) -> int | None:
        return (self.next_date - today).days if self.next_date is not None else None


def alert_clause() -> ColumnElement:
    """At or above the threshold, on an active license that has a seat count."""
    return and_(
        active_license_clause(),
        License.seat_type != SeatType.UNLIMITED.value,
        License.seats_total > 0,
        License.capacity_threshold_pct > 0,
        License.seats_used * 100 >= License.capacity_threshold_pct * License.seats_total,
    )


def count_alerts(session: Session) -> int:
    return int(session.execute(select(func.count(License.id)).where(alert_clause())).scalar_one())


def list_alerts(session: Session, *, limit: int = DASHBOARD_ROWS, offset: int = 0) -> list[CapacityAlert]:
    """One page of the alerts, most urgent first."""
    fill = cast(License.seats_used, Float) / License.seats_total
    next_date = func.coalesce(License.renewal_date, License.expiry_date)
    stmt = (
        select(
            License.id,
            License.name,
            CatalogEntry.name,
            License.seats_used,
            License.seats_total,
            License.capacity_threshold_pct,
            next_date,
        )
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(alert_clause())
        .order_by(fill.desc(), case((next_date.is_(None), 1), else_=0), next_date, License.id)
        .limit(max(0, int(limit)))
        .offset(max(0, int(offset)))
    )
    return [
        CapacityAlert(
            license_id=int(lid),
            name=name or "",
            product=product,
            seats_used=int(used),
            seats_total=int(total),
            fill_pct=round(int(used) * 100 / int(total), 1),
            capacity_threshold_pct=int(threshold),
            next_date=day,
        )
        for lid, name, product, used, total, threshold, day in session.execute(stmt)
    ]
