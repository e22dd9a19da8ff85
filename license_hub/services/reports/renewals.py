"""The renewals list: every upcoming expiry, renewal, maintenance expiry and
cancellation deadline in a window, filterable by business owner and vendor,
sorted by date, paged in SQL, and exported as streamed CSV for finance.

The dated events come from the reminder rows that reminders.sync keeps in step
with each license (so a cancellation deadline — renewal date minus notice days —
is already computed), plus the license's own renewal date. Archived and
cancelled licenses owe nothing and are left out. No key appears here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Iterator

from sqlalchemy import String, and_, case, func, literal, or_, union_all
from sqlmodel import Session, select

from license_hub.models import CatalogEntry, License, Person, Reminder
from license_hub.models.enums import LicenseStatus, ReminderKind
from license_hub.services.core import money
from license_hub.services.core.csv_out import csv_stream
from license_hub.services.notify.notifications import license_link

RENEWAL = "renewal"
EVENT_LABELS = {
    ReminderKind.EXPIRY.value: "Expires",
    RENEWAL: "Renews",
    ReminderKind.MAINTENANCE_EXPIRY.value: "Maintenance expires",
    ReminderKind.CANCELLATION_DEADLINE.value: "Cancel by",
}
WINDOWS = (30, 60, 90, 180, 365)
DEFAULT_WINDOW = 90
CSV_HEADER = [
    "Date",
    "Event",
    "Days left",
    "Software",
    "License",
    "Vendor",
    "Business owner",
    "Status",
    "Auto-renew",
    "Annual cost",
    "Currency",
    "Link",
]
_REMINDER_KINDS = [k for k in EVENT_LABELS if k != RENEWAL]
_ORDER = {k: i for i, k in enumerate(EVENT_LABELS)}


@dataclass(frozen=True)
class RenewalRow:
    license_id: int
    due_on: date
    kind: str
    label: str
    days_left: int
    software: str
    license_name: str
    vendor: str
    owner_id: int | None
    owner_name: str
    status: str
    auto_renew: bool
    annual_cost: Decimal | None
    annual_cost_text: str
    currency: str
    link: str


def _events(lo: date, hi: date, kinds: set[str]):
    parts = []
    rem_kinds = [k for k in _REMINDER_KINDS if not kinds or k in kinds]
    if rem_kinds:
        parts.append(
            select(
                Reminder.license_id.label("license_id"), Reminder.kind.label("kind"), Reminder.due_on.label("due_on")
            ).where(Reminder.cleared_at.is_(None), Reminder.kind.in_(rem_kinds), Reminder.due_on.between(lo, hi))
        )
    if not kinds or RENEWAL in kinds:
        # A renewal on the expiry day is the same event as the expiry: list it once.
        parts.append(
            select(
                License.id.label("license_id"),
                literal(RENEWAL, String(30)).label("kind"),
                License.renewal_date.label("due_on"),
            ).where(
                License.renewal_date.between(lo, hi),
                or_(License.expiry_date.is_(None), License.expiry_date != License.renewal_date),
            )
        )
    if not parts:
        return None
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("ev")


def _query(*, today: date, window_days: int, past_days: int, owner_id: int | None, vendor: str, kinds: set[str]):
    lo, hi = today - timedelta(days=max(past_days, 0)), today + timedelta(days=max(window_days, 0))
    ev = _events(lo, hi, kinds)
    if ev is None:
        return None, None
    stmt = (
        select(ev.c.due_on, ev.c.kind, License, CatalogEntry, Person.name)
        .join(License, License.id == ev.c.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .outerjoin(Person, Person.id == License.business_owner_id)
        .where(License.archived_at.is_(None), License.status != LicenseStatus.CANCELLED.value)
    )
    if owner_id:
        stmt = stmt.where(License.business_owner_id == owner_id)
    if vendor.strip():
        v = vendor.strip().lower()
        stmt = stmt.where(
            or_(func.lower(License.vendor) == v, and_(License.vendor == "", func.lower(CatalogEntry.publisher) == v))
        )
    kind_order = case(*[(ev.c.kind == k, i) for k, i in _ORDER.items()], else_=99)
    return stmt, (ev.c.due_on, func.lower(CatalogEntry.name), License.id, kind_order)


def _row(due_on: date, kind: str, lic: License, entry: CatalogEntry, owner_name: str | None, today: date) -> RenewalRow:
    per_cycle = money.total_per_cycle(lic.cost_per_seat, lic.total_cost, lic.seats_total)
    annual = money.annualize(per_cycle, lic.billing_cycle, lic.custom_cycle_months)
    return RenewalRow(
        license_id=lic.id,
        due_on=due_on,
        kind=kind,
        label=EVENT_LABELS.get(kind, kind),
        days_left=(due_on - today).days,
        software=entry.name,
        license_name=lic.name,
        vendor=lic.vendor or entry.publisher,
        owner_id=lic.business_owner_id,
        owner_name=owner_name or "",
        status=lic.status,
        auto_renew=lic.auto_renew,
        annual_cost=annual,
        annual_cost_text=money.fmt(annual, lic.currency) if annual is not None else "—",
        currency=lic.currency,
        link=license_link(lic.id),
    )


def list_renewals(
    session: Session,
    *,
    today: date,
    window_days: int = DEFAULT_WINDOW,
    past_days: int = 0,
    owner_id: int | None = None,
    vendor: str = "",
    kinds: set[str] | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[RenewalRow], int]:
    """One page of events from `past_days` ago to `window_days` ahead, soonest first, plus the total."""
    stmt, order = _query(
        today=today, window_days=window_days, past_days=past_days, owner_id=owner_id, vendor=vendor, kinds=_kinds(kinds)
    )
    if stmt is None:
        return [], 0
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    page = stmt.order_by(*order).offset(max(int(offset), 0)).limit(max(1, min(int(limit), 200)))
    rows = [_row(d, k, lic, entry, owner, today) for d, k, lic, entry, owner in session.execute(page)]
    return rows, int(total)


def _kinds(kinds: set[str] | None) -> set[str]:
    unknown = set(kinds or ()) - set(EVENT_LABELS)
    if unknown:
        raise ValueError(f"unknown event kinds: {', '.join(sorted(unknown))}")
    return set(kinds or ())


def owners(session: Session) -> list[tuple[int, str]]:
    """Business owners of live licenses, for the owner filter."""
    stmt = (
        select(Person.id, Person.name)
        .join(License, License.business_owner_id == Person.id)
        .where(License.archived_at.is_(None))
        .distinct()
        .order_by(Person.name, Person.id)
    )
    return [(pid, name) for pid, name in session.execute(stmt)]


def vendors(session: Session) -> list[str]:
    """Vendor names as the list shows them (the license's vendor, else the publisher)."""
    name = case((License.vendor != "", License.vendor), else_=CatalogEntry.publisher)
    stmt = (
        select(name)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(License.archived_at.is_(None), name != "")
        .distinct()
    )
    return sorted({v for (v,) in session.execute(stmt)}, key=str.lower)


def export_csv(
    session: Session,
    *,
    today: date,
    app_url: str = "",
    window_days: int = DEFAULT_WINDOW,
    past_days: int = 0,
    owner_id: int | None = None,
    vendor: str = "",
    kinds: set[str] | None = None,
    batch: int = 500,
) -> Iterator[str]:
    """The whole filtered list as CSV text, one line at a time (header first),
    read from the database in batches so memory stays flat."""
    stmt, order = _query(
        today=today, window_days=window_days, past_days=past_days, owner_id=owner_id, vendor=vendor, kinds=_kinds(kinds)
    )
    yield from csv_stream(_export_rows(session, stmt, order, today, app_url, batch), CSV_HEADER)


def _export_rows(session: Session, stmt, order, today: date, app_url: str, batch: int) -> Iterator[list[Any]]:
    if stmt is None:
        return
    result = session.execute(stmt.order_by(*order).execution_options(yield_per=batch))
    for d, k, lic, entry, owner in result:
        r = _row(d, k, lic, entry, owner, today)
        yield [
            r.due_on.isoformat(),
            r.label,
            r.days_left,
            r.software,
            r.license_name,
            r.vendor,
            r.owner_name,
            r.status,
            "yes" if r.auto_renew else "no",
            "" if r.annual_cost is None else f"{r.annual_cost:.2f}",
            r.currency,
            f"{app_url.rstrip('/')}{r.link}",
        ]
