"""The license register as lists and cards: status chips with live counts, the
four saved filters of seed 003, search, sort and paging — all in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Numeric, and_, case, cast, func, or_
from sqlmodel import Session, select

from license_hub.models import CatalogEntry, License
from license_hub.models.enums import LicenseStatus, SeatType
from license_hub.services.core import money, secrets
from license_hub.services.licenses import perpetual

RENEWING_SOON_DAYS = 60
SAVED_FILTERS = {
    "renewing_soon": "Renewing soon",
    "expired": "Expired",
    "fully_seated": "Fully seated",
    "underutilized": "Underutilized",
}


def _annual_cost():
    """Cost per year in SQL, as money.annualize computes it (amounts are compared as
    numbers, whatever their currency)."""
    per_cycle = func.coalesce(License.total_cost, License.cost_per_seat * License.seats_total)
    per_year = case(
        (License.billing_cycle == "monthly", 12.0),
        (License.billing_cycle == "quarterly", 4.0),
        (License.billing_cycle == "biennial", 0.5),
        (License.billing_cycle == "one_time", 0.0),
        (License.billing_cycle == "custom", 12.0 / func.coalesce(func.nullif(License.custom_cycle_months, 0), 12)),
        else_=1.0,
    )
    return cast(per_cycle, Numeric(18, 2)) * per_year


SORTS = {
    "software": lambda: func.lower(CatalogEntry.name),
    "name": lambda: func.lower(License.name),
    "expiry": lambda: License.expiry_date,
    "seats": lambda: License.seats_total,
    "used": lambda: License.seats_used,
    "status": lambda: License.status,
    "created": lambda: License.created_at,
    "annual_cost": _annual_cost,
    "vendor": lambda: func.lower(License.vendor),
    "po": lambda: func.lower(License.purchase_order),
}


@dataclass(frozen=True)
class LicenseCard:
    """Seed 000's card: masked key, type, seats used/total, version, purchase date,
    PO number, cost, expiry, maintenance expiry and a status badge."""

    id: int
    software: str
    publisher: str
    security_grade: str
    name: str
    product_key_masked: str
    license_type: str
    status: str
    seat_type: str
    seats_used: int
    seats_total: int
    unlimited: bool
    version: str
    purchase_date: date | None
    purchase_order: str
    cost: str
    annual_cost: str
    expiry_date: date | None
    maintenance_expiry_date: date | None
    renewal_notice_days: int
    days_to_expiry: int | None
    archived: bool
    vendor: str = ""
    archived_on: date | None = None
    archived_by: str = ""

    @property
    def in_notice_window(self) -> bool:
        """The amber countdown: within this license's own renewal notice days."""
        return self.days_to_expiry is not None and 0 <= self.days_to_expiry <= self.renewal_notice_days


def saved_filter_clause(key: str, today: date):
    not_unlimited = License.seat_type != SeatType.UNLIMITED.value
    if key == "renewing_soon":
        return and_(
            perpetual.not_perpetual(),
            License.expiry_date >= today,
            License.expiry_date <= today + timedelta(days=RENEWING_SOON_DAYS),
        )
    if key == "expired":
        return and_(perpetual.not_perpetual(), License.expiry_date < today)
    if key == "fully_seated":
        return and_(not_unlimited, License.seats_used >= License.seats_total)
    if key == "underutilized":
        return and_(not_unlimited, License.seats_total > 1, License.seats_used * 2 < License.seats_total)
    raise ValueError(f"unknown filter {key!r}")


def _base(search: str, archived: bool):
    stmt = select(License, CatalogEntry).join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
    stmt = stmt.where(License.archived_at.is_not(None) if archived else License.archived_at.is_(None))
    if search.strip():
        like = f"%{search.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(CatalogEntry.name).like(like),
                func.lower(License.name).like(like),
                func.lower(License.vendor).like(like),
                func.lower(CatalogEntry.publisher).like(like),
                func.lower(License.purchase_order).like(like),
                func.lower(License.licensed_to).like(like),
                func.lower(License.serial_number).like(like),
                func.lower(License.inventory_number).like(like),
                func.lower(License.invoice_number).like(like),
            )
        )
    return stmt


def status_counts(
    session: Session,
    search: str = "",
    archived: bool = False,
    *,
    catalog_entry_id: int | None = None,
    saved_filter: str = "",
    today: date | None = None,
) -> dict[str, int]:
    """The chips' live counts: everything the list is filtered by except the status itself."""
    stmt = _base(search, archived)
    if catalog_entry_id:
        stmt = stmt.where(License.catalog_entry_id == catalog_entry_id)
    if saved_filter:
        stmt = stmt.where(saved_filter_clause(saved_filter, today or date.today()))
    base = stmt.with_only_columns(License.status, func.count(License.id)).group_by(License.status)
    counts = {s.value: 0 for s in LicenseStatus}
    for status, n in session.execute(base):
        counts[status] = int(n)
    return counts


def list_cards(
    session: Session,
    *,
    today: date,
    search: str = "",
    status: str = "",
    saved_filter: str = "",
    sort: str = "software",
    descending: bool = False,
    offset: int = 0,
    limit: int = 24,
    archived: bool = False,
    catalog_entry_id: int | None = None,
) -> tuple[list[LicenseCard], int]:
    stmt = _base(search, archived)
    if status:
        stmt = stmt.where(License.status == status)
    if saved_filter:
        stmt = stmt.where(saved_filter_clause(saved_filter, today))
    if catalog_entry_id:
        stmt = stmt.where(License.catalog_entry_id == catalog_entry_id)
    total = session.execute(stmt.with_only_columns(func.count(License.id)).order_by(None)).scalar_one()
    key = SORTS.get(sort, SORTS["software"])()
    order = key.desc() if descending else key.asc()
    stmt = stmt.order_by(order.nulls_last(), License.id).offset(max(offset, 0)).limit(max(1, min(limit, 200)))
    return [to_card(lic, entry, today) for lic, entry in session.exec(stmt)], int(total)


def to_card(lic: License, entry: CatalogEntry, today: date) -> LicenseCard:
    per_cycle = money.total_per_cycle(lic.cost_per_seat, lic.total_cost, lic.seats_total)
    annual = money.annualize(per_cycle, lic.billing_cycle, lic.custom_cycle_months)
    return LicenseCard(
        id=lic.id,
        software=entry.name,
        publisher=entry.publisher,
        security_grade=entry.security_grade or "",
        name=lic.name,
        product_key_masked=secrets.mask(lic.product_key_cipher is not None, lic.product_key_hint),
        license_type=lic.license_type,
        status=lic.status,
        seat_type=lic.seat_type,
        seats_used=lic.seats_used,
        seats_total=lic.seats_total,
        unlimited=lic.seat_type == SeatType.UNLIMITED.value,
        version=lic.version,
        purchase_date=lic.purchase_date,
        purchase_order=lic.purchase_order,
        cost=money.fmt(per_cycle, lic.currency),
        annual_cost=money.fmt(annual, lic.currency) if annual is not None and annual > Decimal(0) else "—",
        expiry_date=lic.expiry_date,
        maintenance_expiry_date=lic.maintenance_expiry_date,
        renewal_notice_days=lic.renewal_notice_days,
        days_to_expiry=None
        if lic.expiry_date is None or perpetual.is_perpetual(lic)
        else (lic.expiry_date - today).days,
        archived=lic.archived_at is not None,
        vendor=lic.vendor,
        archived_on=lic.archived_at.date() if lic.archived_at else None,
        archived_by=lic.archived_by,
    )
