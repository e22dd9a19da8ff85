"""Emailing each asked holder the link to their own answer page: most holders
have no app account, so the in-app notice alone would reach almost nobody.

The emails go through the reminder outbox (rows of the delivery ledger, written
in the asking transaction and sent afterwards, retried, never repeated). The
ledger hangs off a reminder, so each license gets one "seat_request" reminder
row that only anchors these deliveries: it has no date and stays cleared, so
the reminder scan and the renewals views never pick it up.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from license_hub.models import Assignment, Person, Reminder, ReminderDelivery
from license_hub.models.types import utcnow
from license_hub.models.utilization import ReclaimRequest
from license_hub.services.core import emails
from license_hub.services.notify.notify_settings import NotifySettings

KIND = "seat_request"
EMAIL = "email"  # the outbox's channel
CHUNK = 1000


def _anchor(session: Session, license_id: int, now: datetime) -> Reminder:
    row = session.exec(select(Reminder).where(Reminder.license_id == license_id, Reminder.kind == KIND)).first()
    if row is None:
        row = Reminder(license_id=license_id, kind=KIND, due_on=None, created_at=now, cleared_at=now)
        session.add(row)
        session.flush()
    return row


def queue(
    session: Session,
    license_id: int,
    request_ids: list[int],
    links: dict[int, str],
    *,
    subject: str,
    body: str,
    config: NotifySettings,
    now: datetime | None = None,
) -> int:
    """Queue one email per asked holder with an address, carrying their own link
    (`links`: person id -> path). Returns the emails queued; an address that does
    not validate is skipped, never the batch."""
    if not config.email_enabled or not links:
        return 0
    now = now or utcnow()
    addresses: dict[int, str] = {}
    for start in range(0, len(request_ids), CHUNK):
        stmt = (
            select(Person.id, Person.email)
            .join(Assignment, Assignment.person_id == Person.id)
            .join(ReclaimRequest, ReclaimRequest.assignment_id == Assignment.id)
            .where(ReclaimRequest.id.in_(request_ids[start : start + CHUNK]))
        )
        for pid, address in session.execute(stmt):
            try:
                addresses[pid] = emails.normalized(address or "")
            except ValueError:
                continue
    anchor = _anchor(session, license_id, now)
    base = (config.app_url or "").rstrip("/")
    queued = 0
    for pid in sorted(set(addresses) & set(links)):
        occurrence = now.date()
        exists = session.exec(
            select(ReminderDelivery.id).where(
                ReminderDelivery.reminder_id == anchor.id,
                ReminderDelivery.occurrence == occurrence,
                ReminderDelivery.lead_days == 0,
                ReminderDelivery.channel == EMAIL,
                ReminderDelivery.recipient == addresses[pid],
            )
        ).first()
        if exists:  # asked twice the same day: the first email already carries a link
            continue
        session.add(
            ReminderDelivery(
                reminder_id=anchor.id,
                occurrence=occurrence,
                lead_days=0,
                channel=EMAIL,
                recipient=addresses[pid],
                status="pending",
                subject=subject[:300],
                body=f"{body}\n\nAnswer here (no account needed): {base}{links[pid]}",
                created_at=now,
            )
        )
        queued += 1
    session.flush()
    return queued
