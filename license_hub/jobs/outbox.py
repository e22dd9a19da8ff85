"""The email outbox: reminder emails are rows of the delivery ledger
(channel "email"), written in the same transaction as the in-app notification,
and sent afterwards — so a failed SMTP server delays an email, it never loses
or repeats a reminder.

A sender claims rows first (pending -> sending, FOR UPDATE SKIP LOCKED on
PostgreSQL), sends outside any transaction, then marks them sent. Two senders
never claim the same row. If a sender dies between the server's "250 OK" and
marking the row sent, the row is re-sent after STALE_CLAIM with the same
Message-ID: that narrow window is the only way an email can go out twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, select

from license_hub.db import write_session
from license_hub.models import License, Reminder, ReminderDelivery
from license_hub.models.types import utcnow
from license_hub.services.core import secrets
from license_hub.services.notify import mailer, notify_settings
from license_hub.services.notify.notify_settings import NotifySettings

log = logging.getLogger(__name__)

EMAIL = "email"
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=5)
STALE_CLAIM = timedelta(minutes=15)
BATCH = 200
FOOTER = (
    "\n\n--\nYou receive this because you are an administrator of License Hub or the business owner of the license.\n"
)
HOLDER_FOOTER = "\n\n--\nYou receive this because you hold a seat of this license.\n"
HOLDER_KIND = "seat_request"  # the asked holders' emails (services/seats/seat_request_mail)

_RD = ReminderDelivery


@dataclass(frozen=True)
class _Claimed:
    id: int
    recipient: str
    subject: str
    body: str
    key: str
    license_id: int
    kind: str = ""

    @property
    def footer(self) -> str:
        return HOLDER_FOOTER if self.kind == HOLDER_KIND else FOOTER


def _claim(session: Session, now: datetime, worker: str, limit: int) -> list[_Claimed]:
    ready = or_(
        and_(_RD.status == "pending", or_(_RD.claimed_at.is_(None), _RD.claimed_at < now - RETRY_AFTER)),
        and_(_RD.status == "sending", _RD.claimed_at < now - STALE_CLAIM),
    )
    stmt = select(_RD.id).where(_RD.channel == EMAIL, ready).order_by(_RD.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    ids = list(session.exec(stmt))
    if not ids:
        return []
    session.execute(
        update(_RD)
        .where(_RD.id.in_(ids))
        .values(status="sending", claimed_by=worker, claimed_at=now, attempts=_RD.attempts + 1)
    )
    rows = session.exec(
        select(_RD, Reminder.license_id, Reminder.kind)
        .join(Reminder, Reminder.id == _RD.reminder_id)
        .where(_RD.id.in_(ids))
        .order_by(_RD.id)
    )
    return [
        _Claimed(
            d.id,
            d.recipient,
            d.subject,
            d.body,
            f"{d.reminder_id}/{d.occurrence}/{d.lead_days}/{d.recipient}",
            license_id,
            kind,
        )
        for d, license_id, kind in rows
    ]


def _finish(session: Session, outcomes: list[tuple[_Claimed, str | None]], now: datetime, worker: str) -> int:
    sent = 0
    for claimed, error in outcomes:
        row = session.get(_RD, claimed.id)
        if row is None or row.status != "sending" or row.claimed_by != worker:
            continue  # our claim went stale and another sender took the row over
        if error is None:
            row.status, row.sent_at, row.last_error = "sent", now, ""
            sent += 1
        else:
            row.status = "failed" if row.attempts >= MAX_ATTEMPTS else "pending"
            row.last_error = error[:500]
            log.warning("reminder email %s to %s not sent: %s", row.id, row.recipient, error)
        session.add(row)
    return sent


def _clear_keys(session: Session, license_ids: set[int]) -> list[str]:
    """The clear product keys of the licenses concerned, only so the mailer can
    refuse a message that would carry one. Never shown, never logged."""
    keys = []
    for cipher in session.exec(select(License.product_key_cipher).where(License.id.in_(license_ids))):
        try:
            keys.append(secrets.decrypt(cipher) or "")
        except ValueError:
            continue
    return keys


def _digest(recipient: str, items: list[_Claimed]) -> mailer.OutgoingEmail:
    n = len(items)
    subject = f"License Hub: {n} reminder{'s' if n != 1 else ''}"
    parts = [f"{i}. {item.body}" for i, item in enumerate(items, 1)]
    footer = HOLDER_FOOTER if all(i.kind == HOLDER_KIND for i in items) else FOOTER
    body = f"{subject} since the last digest.\n\n" + "\n\n---\n\n".join(parts) + footer
    return mailer.OutgoingEmail(recipient, subject, body, "digest:" + ",".join(str(i.id) for i in items))


def send_pending(
    *, now: datetime | None = None, config: NotifySettings | None = None, worker: str = "", digest: bool = False
) -> int:
    """Send what the outbox holds: one email per row, or with `digest` one email
    per recipient gathering all their rows. Returns the number of rows sent."""
    cfg = config or notify_settings.load()
    if not cfg.email_enabled:
        return 0
    now = now or utcnow()
    worker = (worker or "outbox")[:100]
    total = 0
    while True:
        with write_session() as session:
            batch = _claim(session, now, worker, BATCH)
            guard = _clear_keys(session, {c.license_id for c in batch}) if batch else []
        if not batch:
            return total
        groups: list[tuple[mailer.OutgoingEmail, list[_Claimed]]] = []
        if digest:
            by_recipient: dict[str, list[_Claimed]] = defaultdict(list)
            for item in batch:
                by_recipient[item.recipient].append(item)
            groups = [(_digest(r, items), items) for r, items in by_recipient.items()]
        else:
            groups = [(mailer.OutgoingEmail(c.recipient, c.subject, c.body + c.footer, c.key), [c]) for c in batch]
        results = mailer.send(cfg, [email for email, _ in groups], secrets=guard)
        outcomes = [(item, error) for (_, items), error in zip(groups, results) for item in items]
        with write_session() as session:
            total += _finish(session, outcomes, now, worker)
        if len(batch) < BATCH:
            return total
