"""Usage audits (seed 003): a deliberate before/after review of one license's seats.

Start snapshots seats_used as the "before" figure; the admin cleans up in the
vendor's console; complete records the new count, which overwrites seats_used,
and keeps a permanent history entry (before, after, delta, notes), optionally
scheduling the next audit 1-12 months out. Only one audit per license may be in
progress: the check runs under the license row lock, and a partial unique index
backs it. Every step is one transaction with its audit-trail event. The
reminder scan turns the latest completed audit's next_audit_on into the
"audit due" notification to every admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable

from dateutil.relativedelta import relativedelta
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import Assignment, License, UsageAudit
from license_hub.models.enums import UsageAuditStatus
from license_hub.models.types import utcnow
from license_hub.services.access import user_admin
from license_hub.services.audit import audit_log
from license_hub.services.core import bounds
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.seats import assignments as seats

NEXT_AUDIT_MONTHS = (1, 2, 3, 4, 6, 9, 12)
AUDIT_IN_PROGRESS = "An audit is already in progress for this license: complete or cancel it before starting another"
NO_AUDIT_IN_PROGRESS = "No audit is in progress for this license"
MAX_NOTES = 10_000


def _locked_license(session: Session, license_id: int) -> License:
    lic = lock_row(session, License, license_id)
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    return lic


def in_progress(session: Session, license_id: int) -> UsageAudit | None:
    """The open audit, if any: the license page shows its in-progress banner."""
    stmt = select(UsageAudit).where(
        UsageAudit.license_id == license_id, UsageAudit.status == UsageAuditStatus.IN_PROGRESS.value
    )
    return session.exec(stmt).first()


def _open_audit(session: Session, license_id: int) -> UsageAudit:
    audit = in_progress(session, license_id)
    if audit is None:
        raise DomainError(NO_AUDIT_IN_PROGRESS)
    return audit


def start(session: Session, actor: str, license_id: int, *, now: datetime | None = None) -> UsageAudit:
    lic = _locked_license(session, license_id)
    if in_progress(session, license_id) is not None:
        raise DomainError(AUDIT_IN_PROGRESS)
    newest = session.exec(select(func.max(Assignment.id)).where(Assignment.license_id == license_id)).one()
    audit = UsageAudit(
        license_id=license_id,
        status=UsageAuditStatus.IN_PROGRESS.value,
        seats_before=lic.seats_used,
        started_at=now or utcnow(),
        started_by=actor,
        assigned_through=newest or 0,
    )
    session.add(audit)
    try:
        session.flush()
    except IntegrityError as exc:  # the partial unique index: another start won the race
        raise DomainError(AUDIT_IN_PROGRESS) from exc
    audit_log.record(
        session,
        actor,
        "usage_audit_start",
        "license",
        license_id,
        {"usage_audit_id": audit.id, "seats_before": audit.seats_before},
    )
    return audit


def next_audit_date(completed_on: date, months: int | None) -> date | None:
    if months is None:
        return None
    if isinstance(months, bool) or months not in NEXT_AUDIT_MONTHS:
        raise ValidationError({"next_audit_months": "Schedule the next audit 1, 2, 3, 4, 6, 9 or 12 months out"})
    return completed_on + relativedelta(months=months)


def _clean_count(value: object) -> int:
    try:
        count = bounds.whole(value, 0, bounds.MAX_INT)
    except ValueError as exc:
        message = str(exc) if str(exc) != bounds.WHOLE else "Enter the new seat count as a whole number"
        if "between" in message:
            message = "The new seat count cannot be negative" if str(value).strip().startswith("-") else message
        raise ValidationError({"seats_after": message}) from exc
    return count


@dataclass(frozen=True)
class Holder:
    assignment_id: int
    name: str


class ReclaimNeeded(ValidationError):
    """The recorded count is below the seats assigned here: the admin must choose
    which holders give their seat back (nothing is recorded until they do)."""

    def __init__(self, shortfall: int, assigned: int, holders: list[Holder]) -> None:
        self.shortfall, self.holders = shortfall, holders
        word = "holder" if shortfall == 1 else "holders"
        super().__init__(
            {
                "seats_after": f"{assigned} seats are assigned here: choose the {shortfall} {word} "
                f"whose seat to reclaim, or record a higher count"
            }
        )


def _active_seats(session: Session, license_id: int) -> list[int]:
    stmt = select(Assignment.id).where(Assignment.license_id == license_id, Assignment.revoked_at.is_(None))
    return list(session.exec(stmt).all())


def _reclaim_for_audit(
    session: Session, actor: str, lic: License, audit: UsageAudit, count: int, reclaim_ids: set[int], now: datetime
) -> tuple[list[int], int]:
    """Seats assigned before the audit started must fit the recorded count: the
    chosen holders' seats are reclaimed here. Seats assigned while the audit was
    open are kept, on top of the count. Returns (reclaimed ids, seats kept)."""
    active = _active_seats(session, lic.id)
    through = audit.assigned_through  # None: an audit started before this was recorded
    earlier = [aid for aid in active if through is None or aid <= through]
    during = len(active) - len(earlier)
    shortfall = len(earlier) - count
    if shortfall <= 0:
        return [], during
    chosen = sorted(reclaim_ids & set(earlier))
    if len(chosen) != shortfall:
        names = user_admin.seat_holders(session, set(earlier))
        raise ReclaimNeeded(shortfall, len(earlier), [Holder(aid, names.get(aid, "")) for aid in sorted(earlier)])
    seats.ensure_reclaimable(lic)
    for aid in chosen:
        seat = session.get(Assignment, aid)
        seat.revoked_at, seat.revoked_by = now, actor
        session.add(seat)
        audit_log.record(
            session, actor, "reclaim", "assignment", aid, {"license_id": lic.id, "usage_audit_id": audit.id}
        )
    return chosen, during


def complete(
    session: Session,
    actor: str,
    license_id: int,
    *,
    seats_after: int,
    notes: str = "",
    next_audit_months: int | None = None,
    now: datetime | None = None,
    reclaim_ids: Iterable[int] = (),
) -> UsageAudit:
    """Record the new seat count: it replaces seats used; the audit becomes history.
    A count below the seats assigned before the audit started needs `reclaim_ids`
    (raises ReclaimNeeded listing the holders); those seats are reclaimed in this
    same transaction, so assignments never exceed what the license records."""
    count = _clean_count(seats_after)
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ValidationError({"notes": f"Keep the notes under {MAX_NOTES:,} characters"})
    now = now or utcnow()
    next_on = next_audit_date(now.date(), next_audit_months)
    lic = _locked_license(session, license_id)
    audit = _open_audit(session, license_id)
    reclaimed, kept = _reclaim_for_audit(session, actor, lic, audit, count, set(reclaim_ids), now)
    audit.status, audit.seats_after, audit.notes = UsageAuditStatus.COMPLETED.value, count, notes
    audit.next_audit_on, audit.completed_at, audit.completed_by = next_on, now, actor
    seats_used_before = lic.seats_used
    lic.seats_used, lic.updated_at = count + kept, now
    session.add(audit)
    session.add(lic)
    audit_log.record(
        session,
        actor,
        "usage_audit_complete",
        "license",
        license_id,
        {
            "usage_audit_id": audit.id,
            "seats_before": audit.seats_before,
            "seats_after": count,
            "delta": count - audit.seats_before,
            "seats_used": [seats_used_before, lic.seats_used],
            "notes": notes,
            "next_audit_on": next_on,
            "reclaimed": reclaimed,
            "assigned_during_audit": kept,
        },
    )
    return audit


def cancel(session: Session, actor: str, license_id: int, *, now: datetime | None = None) -> UsageAudit:
    """Close the open audit without recording a count; seats_used is left alone."""
    _locked_license(session, license_id)
    audit = _open_audit(session, license_id)
    audit.status, audit.completed_at, audit.completed_by = UsageAuditStatus.CANCELLED.value, now or utcnow(), actor
    session.add(audit)
    audit_log.record(session, actor, "usage_audit_cancel", "license", license_id, {"usage_audit_id": audit.id})
    return audit


@dataclass(frozen=True)
class AuditEntry:
    """One line of a license's audit history."""

    id: int
    status: str
    seats_before: int
    seats_after: int | None
    notes: str
    next_audit_on: date | None
    started_at: datetime
    started_by: str
    completed_at: datetime | None
    completed_by: str

    @property
    def delta(self) -> int | None:
        return None if self.seats_after is None else self.seats_after - self.seats_before


def history(session: Session, license_id: int) -> list[AuditEntry]:
    """Every audit of the license, newest first (in progress, completed and cancelled)."""
    stmt = (
        select(UsageAudit)
        .where(UsageAudit.license_id == license_id)
        .order_by(UsageAudit.started_at.desc(), UsageAudit.id.desc())
    )
    return [
        AuditEntry(
            a.id,
            a.status,
            a.seats_before,
            a.seats_after,
            a.notes,
            a.next_audit_on,
            a.started_at,
            a.started_by,
            a.completed_at,
            a.completed_by,
        )
        for a in session.exec(stmt)
    ]


@dataclass(frozen=True)
class Drift:
    """Recorded seats_used against the seats actually assigned here."""

    seats_used: int
    active_assignments: int

    @property
    def drift(self) -> int:
        return self.seats_used - self.active_assignments


def drift(session: Session, license_id: int) -> Drift:
    lic = session.get(License, license_id)
    if lic is None:
        raise NotFound("This license does not exist")
    return Drift(lic.seats_used, seats.active_count(session, license_id))
