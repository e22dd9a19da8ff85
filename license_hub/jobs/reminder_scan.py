"""The reminder scan: what every license's dates, audits and seat fill owe
people today, delivered once.

Stages. A date reminder is announced at several lead times before its day
(LICENSE_HUB_REMINDER_LEAD_DAYS, e.g. 90, 30 and 7 days) and on the day itself.
The renewal notice (seed 003's per-license "renewal notice days") is a stage of
the expiry's timeline. On each run only the latest stage whose day has come is
owed — after downtime the missed stage is sent once, an older superseded one
never. Past its due day a reminder is still owed for a few grace days, then it
falls silent. Audits due and capacity alerts have one stage: the day itself.

Once. The delivery ledger has a unique key per (reminder, occurrence, lead
time, channel, recipient). Each stage is delivered in its own transaction that
locks the reminder row, inserts the ledger row with ON CONFLICT DO NOTHING and,
only when that inserted a row, writes the notifications and queues the emails.
A second run, a second scheduler or a catch-up finds the row and does nothing.
Moving a date changes the occurrence, so the new date gets its own stages;
archiving clears the reminder, so nothing more is sent.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable

from sqlalchemy import and_, func, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from license_hub.db import lock_row, read_session, write_session
from license_hub.jobs import messages, outbox
from license_hub.models import License, Reminder, ReminderDelivery, UsageAudit
from license_hub.models.enums import LicenseStatus, ReminderKind, SeatType, UsageAuditStatus
from license_hub.models.types import utcnow
from license_hub.services.notify import notifications, notify_settings
from license_hub.services.notify.notify_settings import NotifySettings

log = logging.getLogger(__name__)

IN_APP = "in_app"
K = ReminderKind
WITH_LEADS = {K.EXPIRY.value, K.MAINTENANCE_EXPIRY.value, K.CANCELLATION_DEADLINE.value}
FAMILY = {K.RENEWAL_NOTICE.value: K.EXPIRY.value}
DERIVED = (K.CAPACITY.value, K.AUDIT_DUE.value)
_CHUNK = 500


@dataclass(frozen=True)
class Stage:
    reminder_id: int
    license_id: int
    kind: str
    occurrence: date
    lead_days: int

    @property
    def fires_on(self) -> date:
        return self.occurrence - timedelta(days=self.lead_days)


@dataclass
class ScanResult:
    stages: list[Stage] = field(default_factory=list)
    notifications: int = 0
    emails_queued: int = 0
    emails_sent: int = 0
    reminders_changed: int = 0


def run(
    *, today: date | None = None, now: datetime | None = None, config: NotifySettings | None = None, worker: str = ""
) -> ScanResult:
    """One scan. `today`/`now` default to the clock; tests pass them."""
    now = now or utcnow()
    today = today or now.date()
    cfg = config or notify_settings.load()
    result = ScanResult()
    result.reminders_changed = sync_derived(today, now)
    for stage in due_stages(today, cfg):
        sent, queued = deliver(stage, today, now, cfg)
        if sent or queued:
            result.stages.append(stage)
            result.notifications += sent
            result.emails_queued += queued
    if cfg.email_enabled and not cfg.email_digest:
        result.emails_sent = outbox.send_pending(now=now, config=cfg, worker=worker)
    if result.stages:
        log.info(
            "reminder scan %s: %d reminders, %d notifications, %d emails",
            today,
            len(result.stages),
            result.notifications,
            result.emails_sent,
        )
    return result


# --- the derived reminders: seat capacity and usage audits due ---------------------------------


def _eligible():
    return and_(License.archived_at.is_(None), License.status != LicenseStatus.CANCELLED.value)


def _capacity_due(session: Session, today: date, license_id: int | None = None) -> dict[int, date]:
    stmt = select(License.id).where(
        _eligible(),
        License.seat_type != SeatType.UNLIMITED.value,
        License.seats_total > 0,
        License.capacity_threshold_pct > 0,
        License.seats_used * 100 >= License.capacity_threshold_pct * License.seats_total,
    )
    if license_id is not None:
        stmt = stmt.where(License.id == license_id)
    return {found: today for found in session.exec(stmt)}


def _audits_due(session: Session, today: date, license_id: int | None = None) -> dict[int, date]:
    """Seed 003: the next audit scheduled by the latest audit, once it is completed."""
    latest = select(UsageAudit.license_id, func.max(UsageAudit.id).label("audit_id")).group_by(UsageAudit.license_id)
    if license_id is not None:
        latest = latest.where(UsageAudit.license_id == license_id)
    latest = latest.subquery()
    stmt = (
        select(UsageAudit.license_id, UsageAudit.next_audit_on)
        .join(latest, latest.c.audit_id == UsageAudit.id)
        .join(License, License.id == UsageAudit.license_id)
        .where(
            _eligible(), UsageAudit.status == UsageAuditStatus.COMPLETED.value, UsageAudit.next_audit_on.is_not(None)
        )
    )
    return dict(session.exec(stmt).all())


_WANTED = {K.CAPACITY.value: _capacity_due, K.AUDIT_DUE.value: _audits_due}


def sync_derived(today: date, now: datetime) -> int:
    """Keep the capacity and audit-due reminder rows in step, like reminders.sync
    does for the date kinds. A capacity reminder is dated the day the license
    was first seen at or over its threshold; it clears when it drops below, so
    the next crossing is a new occurrence."""
    changed = 0
    with read_session() as session:
        wanted = {kind: find(session, today) for kind, find in _WANTED.items()}
        active = defaultdict(dict)
        for rem in session.exec(select(Reminder).where(Reminder.kind.in_(DERIVED), Reminder.cleared_at.is_(None))):
            active[rem.kind][rem.license_id] = rem.due_on
    for kind in DERIVED:
        want, have = wanted[kind], active[kind]
        for license_id in set(want) | set(have):
            if kind == K.CAPACITY.value and license_id in want and license_id in have:
                continue  # still over: keep the day it crossed
            if want.get(license_id) != have.get(license_id):
                changed += _set_derived(license_id, kind, today, now)
    return changed


def _set_derived(license_id: int, kind: str, today: date, now: datetime) -> int:
    with write_session() as session:
        lic = lock_row(session, License, license_id)  # serialises two scans creating the same row
        if lic is None:
            return 0
        due_on = _WANTED[kind](session, today, license_id).get(license_id)  # re-check under the lock
        row = session.exec(select(Reminder).where(Reminder.license_id == license_id, Reminder.kind == kind)).first()
        if due_on is None:
            if row is None or row.cleared_at is not None:
                return 0
            row.cleared_at = now
        elif row is None:
            row = Reminder(license_id=license_id, kind=kind, due_on=due_on, created_at=now)
        elif row.cleared_at is None and (kind == K.CAPACITY.value or row.due_on == due_on):
            return 0
        else:
            row.due_on, row.cleared_at, row.updated_at = due_on, None, now
        session.add(row)
        return 1


# --- which stages are owed today ---------------------------------------------------------------


def _leads(kind: str, cfg: NotifySettings, skip: int | None) -> list[int]:
    if kind not in WITH_LEADS:
        return [0]
    return [lead for lead in cfg.reminder_lead_days if lead != skip] + [0]


def current_stage(reminders: list[tuple[Reminder, int]], today: date, cfg: NotifySettings) -> Stage | None:
    """The latest stage of one timeline (a reminder, or an expiry with its renewal
    notice) whose day has come, if the timeline is not past its grace days."""
    notice_days = next((days for rem, days in reminders if rem.kind == K.RENEWAL_NOTICE.value), None)
    stages = [
        Stage(rem.id, rem.license_id, rem.kind, rem.due_on, lead)
        for rem, _ in reminders
        for lead in _leads(rem.kind, cfg, notice_days if rem.kind == K.EXPIRY.value else None)
    ]
    final_day = max(rem.due_on for rem, _ in reminders)
    if (today - final_day).days > cfg.reminder_grace_days:
        return None
    come = [s for s in stages if s.fires_on <= today]
    if not come:
        return None
    return max(come, key=lambda s: (s.fires_on, s.kind == K.RENEWAL_NOTICE.value))


def due_stages(today: date, cfg: NotifySettings) -> list[Stage]:
    lo = today - timedelta(days=cfg.reminder_grace_days)
    with read_session() as session:
        longest_notice = session.exec(select(func.max(License.renewal_notice_days))).one() or 0
    hi = today + timedelta(days=min(max(max(cfg.reminder_lead_days, default=0), longest_notice), 3660))
    in_window = or_(
        and_(Reminder.kind != K.RENEWAL_NOTICE.value, Reminder.due_on.between(lo, hi)),
        and_(Reminder.kind == K.RENEWAL_NOTICE.value, License.expiry_date.between(lo, hi), Reminder.due_on <= today),
    )
    stmt = (
        select(Reminder, License.renewal_notice_days)
        .join(License, License.id == Reminder.license_id)
        .where(Reminder.cleared_at.is_(None), Reminder.due_on.is_not(None), _eligible(), in_window)
        .order_by(Reminder.license_id, Reminder.id)
    )
    timelines: dict[tuple[int, str], list[tuple[Reminder, int]]] = defaultdict(list)
    with read_session() as session:
        for rem, notice_days in session.exec(stmt):
            timelines[(rem.license_id, FAMILY.get(rem.kind, rem.kind))].append((rem, notice_days))
        owed = [s for s in (current_stage(rems, today, cfg) for rems in timelines.values()) if s is not None]
        done = _delivered(session, owed)
    return [s for s in owed if (s.reminder_id, s.occurrence, s.lead_days) not in done]


def _delivered(session: Session, stages: Iterable[Stage]) -> set[tuple[int, date, int]]:
    ids = sorted({s.reminder_id for s in stages})
    done: set[tuple[int, date, int]] = set()
    for i in range(0, len(ids), _CHUNK):
        stmt = select(ReminderDelivery.reminder_id, ReminderDelivery.occurrence, ReminderDelivery.lead_days).where(
            ReminderDelivery.channel == IN_APP, ReminderDelivery.reminder_id.in_(ids[i : i + _CHUNK])
        )
        done.update(tuple(row) for row in session.exec(stmt))
    return done


# --- delivering one stage, once ---------------------------------------------------------------


def _insert_once(session: Session, **values) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on the ledger's unique key; True when this
    call inserted the row (and so owns the delivery)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = ReminderDelivery.__table__
    stmt = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["reminder_id", "occurrence", "lead_days", "channel", "recipient"])
        .returning(table.c.id)
    )
    return session.execute(stmt).first() is not None


def deliver(stage: Stage, today: date, now: datetime, cfg: NotifySettings) -> tuple[int, int]:
    """Deliver one stage in one transaction: (notifications written, emails queued)."""
    with write_session() as session:
        rem = lock_row(session, Reminder, stage.reminder_id)
        if rem is None or rem.cleared_at is not None or rem.due_on != stage.occurrence:
            return 0, 0  # moved or cleared since the stage was computed
        lic = session.get(License, rem.license_id)
        if lic is None or lic.archived_at is not None or lic.status == LicenseStatus.CANCELLED.value:
            return 0, 0
        recipients = notifications.recipients_for(session, lic, rem.kind)
        if not recipients:
            return 0, 0  # nobody to tell yet: stay owed rather than be marked delivered
        key = dict(reminder_id=rem.id, occurrence=stage.occurrence, lead_days=stage.lead_days)
        if not _insert_once(session, **key, channel=IN_APP, recipient="", status="done", created_at=now):
            return 0, 0
        msg = messages.render(session, rem.kind, lic, stage.occurrence, today, cfg.app_url)
        for r in recipients:
            notifications.add(
                session,
                r.user_id,
                kind=rem.kind,
                title=msg.title,
                body=msg.body,
                link=msg.link,
                license_id=lic.id,
                now=now,
            )
        queued = 0
        if cfg.email_enabled:
            for address in sorted({r.email.lower() for r in recipients if r.email}):
                queued += _insert_once(
                    session,
                    **key,
                    channel=outbox.EMAIL,
                    recipient=address,
                    status="pending",
                    subject=msg.title[:300],
                    body=msg.email_body,
                    created_at=now,
                )
        return len(recipients), queued
