"""The reclaim preview (seed 003): the dormant seats of active licenses one by one,
judged with dormancy's per-seat expressions, and their count from the same
aggregates as the utilization report (a test holds the two to each other)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from license_hub.models import Assignment, CatalogEntry, Device, License, Person
from license_hub.services.reports.dormancy import (
    DEFAULT_WINDOW_DAYS,
    SIGNALS,
    WEAK_SIGNALS,
    cutoff_for,
    dormant_expr,
    holder_gone,
    last_seen_expr,
    signal_code_expr,
)
from license_hub.services.reports.frames import active_license_clause, fetch_licenses
from license_hub.services.reports.utilization import dormancy_by_license, fetch_dormancy


@dataclass(frozen=True)
class DormantSeat:
    assignment_id: int
    license_id: int
    license_name: str
    product: str
    person_id: int | None
    holder: str
    email: str
    device: str
    signal: str
    last_seen: datetime | None  # None: never signed in, or the holder's status decided
    assigned_at: datetime
    reclaimable: bool  # False when the license is not reassignable

    @property
    def weak(self) -> bool:
        return self.signal in WEAK_SIGNALS


def dormant_seats_statement(cutoff: datetime, license_ids: list[int] | None = None):
    stmt = (
        select(
            Assignment.id,
            Assignment.license_id,
            License.name,
            CatalogEntry.name,
            Assignment.person_id,
            func.coalesce(Person.name, Assignment.assignee_name),
            func.coalesce(Person.email, ""),
            func.coalesce(Device.name, Assignment.device_name),
            signal_code_expr(),
            case((holder_gone(), None), else_=last_seen_expr()),
            Assignment.assigned_at,
            License.reassignable,
        )
        .select_from(Assignment)
        .join(License, License.id == Assignment.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .outerjoin(Person, Person.id == Assignment.person_id)
        .outerjoin(Device, Device.id == Assignment.device_id)
        .where(Assignment.revoked_at.is_(None), active_license_clause(), dormant_expr(cutoff))
    )
    if license_ids is not None:
        stmt = stmt.where(Assignment.license_id.in_(license_ids))
    return stmt


def count_dormant_seats(
    session: Session,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    now: datetime | None = None,
    license_id: int | None = None,
) -> int:
    """Dormant seats of the active licenses (or of one), from the same aggregates as the report."""
    licenses = fetch_licenses(
        session,
        where=active_license_clause()
        if license_id is None
        else and_(active_license_clause(), License.id == license_id),
    )
    counts = fetch_dormancy(
        session, window_days=window_days, now=now, license_ids=None if license_id is None else [license_id]
    )
    by_license = dormancy_by_license(counts)
    return int(by_license[by_license["license_id"].isin(licenses["license_id"])]["dormant_seats"].sum())


def list_dormant_seats(
    session: Session,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    now: datetime | None = None,
    license_id: int | None = None,
    offset: int = 0,
    limit: int = 50,
    with_total: bool = True,
) -> tuple[list[DormantSeat], int | None]:
    """The reclaim preview: dormant seats of active licenses, a page at a time, with the
    total (fleet-wide it costs a report's worth of counting: pass with_total=False when
    the caller already has the report)."""
    cutoff = cutoff_for(now, window_days)
    offset, limit = max(int(offset), 0), max(1, min(int(limit), 1000))
    stmt = dormant_seats_statement(cutoff, None if license_id is None else [license_id])
    total = (
        count_dormant_seats(session, window_days=window_days, now=now, license_id=license_id) if with_total else None
    )
    page = stmt.order_by(Assignment.license_id, Assignment.id).offset(offset).limit(limit)
    rows = [
        DormantSeat(
            assignment_id=r[0],
            license_id=r[1],
            license_name=r[2],
            product=r[3],
            person_id=r[4],
            holder=r[5] or "",
            email=r[6] or "",
            device=r[7] or "",
            signal=SIGNALS[int(r[8])],
            last_seen=r[9],
            assigned_at=r[10],
            reclaimable=bool(r[11]),
        )
        for r in session.execute(page)
    ]
    return rows, total
