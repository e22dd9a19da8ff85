"""Which reminders a license's dates owe, kept in step with every save.

Seed 000: setting an expiry date on an expiring license creates its renewal
reminder; a perpetual license (type Perpetual or the flag) creates none; a revoked (cancelled)
or archived license keeps none. The sending is the scheduler's job.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from license_hub.models import License, Reminder
from license_hub.models.enums import LicenseStatus, ReminderKind
from license_hub.models.types import utcnow
from license_hub.services.licenses import perpetual

_SILENT_STATUSES = {LicenseStatus.CANCELLED.value}


def due_dates(lic: License) -> dict[str, date]:
    """The reminder kinds this license owes now, with the day each falls due."""
    if lic.archived_at is not None or lic.status in _SILENT_STATUSES:
        return {}
    owed: dict[str, date] = {}
    endless = perpetual.is_perpetual(lic)
    if lic.expiry_date and not endless:
        owed[ReminderKind.EXPIRY] = lic.expiry_date
        if lic.renewal_notice_days and lic.renewal_notice_days > 0:
            owed[ReminderKind.RENEWAL_NOTICE] = lic.expiry_date - timedelta(days=lic.renewal_notice_days)
    if lic.maintenance_expiry_date:
        owed[ReminderKind.MAINTENANCE_EXPIRY] = lic.maintenance_expiry_date
    renews_on = lic.renewal_date or (None if endless else lic.expiry_date)
    if lic.auto_renew and renews_on and lic.cancellation_notice_days:
        owed[ReminderKind.CANCELLATION_DEADLINE] = renews_on - timedelta(days=lic.cancellation_notice_days)
    return {str(k): v for k, v in owed.items()}


def sync(session: Session, lic: License) -> list[Reminder]:
    """Create, move or clear this license's date reminders to match its fields."""
    owed = due_dates(lic)
    now = utcnow()
    existing = {r.kind: r for r in session.exec(select(Reminder).where(Reminder.license_id == lic.id))}
    managed = {
        k.value
        for k in (
            ReminderKind.EXPIRY,
            ReminderKind.RENEWAL_NOTICE,
            ReminderKind.MAINTENANCE_EXPIRY,
            ReminderKind.CANCELLATION_DEADLINE,
        )
    }
    active: list[Reminder] = []
    for kind in managed:
        row = existing.get(kind)
        if kind in owed:
            if row is None:
                row = Reminder(license_id=lic.id, kind=kind, due_on=owed[kind], created_at=now)
            elif row.due_on != owed[kind] or row.cleared_at is not None:
                row.due_on, row.cleared_at, row.updated_at = owed[kind], None, now
            session.add(row)
            active.append(row)
        elif row is not None and row.cleared_at is None:
            row.cleared_at = now
            session.add(row)
    return active


def active_for(session: Session, license_id: int) -> list[Reminder]:
    stmt = select(Reminder).where(Reminder.license_id == license_id, Reminder.cleared_at.is_(None))
    return list(session.exec(stmt.order_by(Reminder.due_on)))
