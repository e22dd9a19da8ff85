"""Scheduled reports (seed 004 "reporting schedules"): a report (utilization, renewals,
spend or compliance) emailed as a CSV attachment to chosen people every week or month.

Runs are due at SEND_HOUR UTC on the chosen weekday (weekly) or day of the month
(monthly, 1-28 so every month has it). The scheduler's scan calls `run_due`: each due
schedule is claimed by one conditional UPDATE that moves next_run_at to the following
run only if it still holds the due time the caller read — a second worker or a second
run of the job sees no row change and sends nothing. The CSV is built by the same
export services the download buttons use (every cell through the formula guard) and
sent with the mailer. A failed send is recorded on the schedule and the run is put
back as due, so the next scan retries it; the job itself never raises for one report.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterator

from sqlalchemy import update
from sqlmodel import Session, select

from license_hub import settings as settings_mod
from license_hub.db import read_session, write_session
from license_hub.models import ReportSchedule
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import emails
from license_hub.services.core.csv_out import csv_stream
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.notify import mailer
from license_hub.services.notify.notify_settings import NotifySettings
from license_hub.services.reports import compliance_score, renewals, spend, utilization

log = logging.getLogger(__name__)

KINDS = {"utilization": "Utilization", "renewals": "Renewals", "spend": "Spend", "compliance": "Compliance"}
CADENCES = {"weekly": "Weekly", "monthly": "Monthly"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_RECIPIENTS = 20
MAX_DAY = 28
SEND_HOUR = 6
ACTOR = "scheduler"
COMPLIANCE_HEADER = ["Product", "Score", "Deduction", "Points", "Fix at"]


@dataclass(frozen=True)
class ScheduleRow:
    id: int
    name: str
    report_kind: str
    recipients: tuple[str, ...]
    cadence: str
    weekday: int
    day_of_month: int
    next_run_at: datetime
    last_run_at: datetime | None
    last_status: str
    last_error: str
    owner: str
    active: bool


def _row(s: ReportSchedule) -> ScheduleRow:
    return ScheduleRow(
        int(s.id or 0),
        s.name,
        s.report_kind,
        tuple(r for r in s.recipients.splitlines() if r),
        s.cadence,
        s.weekday,
        s.day_of_month,
        s.next_run_at,
        s.last_run_at,
        s.last_status,
        s.last_error,
        s.owner,
        s.active,
    )


# --------------------------------------------------------------- calendar


def next_run(cadence: str, weekday: int, day_of_month: int, after: datetime) -> datetime:
    """The first send time (SEND_HOUR UTC on a matching day) strictly after `after`."""
    after = after.astimezone(timezone.utc)
    day = after.date()
    for _ in range(62):
        at = datetime.combine(day, time(SEND_HOUR), tzinfo=timezone.utc)
        matches = day.weekday() == weekday if cadence == "weekly" else day.day == day_of_month
        if matches and at > after:
            return at
        day += timedelta(days=1)
    raise ValueError(f"no run found for {cadence}")  # unreachable with validated fields


# --------------------------------------------------------------- validation


def _int(value: Any, field: str, lo: int, hi: int, message: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: message}) from None
    if not lo <= number <= hi:
        raise ValidationError({field: message})
    return number


def parse_recipients(raw: Any) -> list[str]:
    """Emails separated by commas, semicolons, spaces or lines; each valid, at most MAX_RECIPIENTS."""
    text = str(raw or "")[:20_000]
    parts = [p for p in text.replace(";", ",").replace("\n", ",").replace(" ", ",").split(",") if p.strip()]
    if not parts:
        raise ValidationError({"recipients": "Add at least one email address"})
    if len(parts) > MAX_RECIPIENTS:
        raise ValidationError({"recipients": f"At most {MAX_RECIPIENTS} recipients"})
    out: list[str] = []
    for part in parts:
        try:
            address = emails.normalized(part)
        except ValueError:
            raise ValidationError({"recipients": f"Not a valid email address: {part.strip()[:80]}"}) from None
        if address not in out:
            out.append(address)
    return out


def clean(data: dict[str, Any]) -> dict[str, Any]:
    name = str(data.get("name") or "").strip()
    kind = str(data.get("report_kind") or "").strip()
    cadence = str(data.get("cadence") or "").strip()
    if not name:
        raise ValidationError({"name": "Give the schedule a name"})
    if len(name) > 200:
        raise ValidationError({"name": "At most 200 characters"})
    if kind not in KINDS:
        raise ValidationError({"report_kind": f"Choose one of: {', '.join(KINDS.values())}"})
    if cadence not in CADENCES:
        raise ValidationError({"cadence": "Choose Weekly or Monthly"})
    fields: dict[str, Any] = {
        "name": name,
        "report_kind": kind,
        "cadence": cadence,
        "recipients": "\n".join(parse_recipients(data.get("recipients"))),
        "weekday": 0,
        "day_of_month": 1,
    }
    if cadence == "weekly":
        fields["weekday"] = _int(data.get("weekday", 0), "weekday", 0, 6, "Choose a weekday")
    else:
        fields["day_of_month"] = _int(
            data.get("day_of_month", 1), "day_of_month", 1, MAX_DAY, f"Choose a day from 1 to {MAX_DAY}"
        )
    return fields


# --------------------------------------------------------------- changes


def list_schedules(session: Session) -> list[ScheduleRow]:
    stmt = select(ReportSchedule).order_by(ReportSchedule.name, ReportSchedule.id).limit(500)
    return [_row(s) for s in session.exec(stmt)]


def get(session: Session, schedule_id: int) -> ScheduleRow:
    found = session.get(ReportSchedule, schedule_id)
    if found is None:
        raise NotFound("This schedule does not exist")
    return _row(found)


def create(session: Session, actor: str, data: dict[str, Any], now: datetime | None = None) -> ScheduleRow:
    fields = clean(data)
    now = now or utcnow()
    row = ReportSchedule(
        **fields,
        owner=actor[:254],
        next_run_at=next_run(fields["cadence"], fields["weekday"], fields["day_of_month"], now),
    )
    session.add(row)
    session.flush()
    audit_log.record(session, actor, "create", "report_schedule", row.id, {**fields, "active": True})
    return _row(row)


def _load(session: Session, schedule_id: int) -> ReportSchedule:
    row = session.get(ReportSchedule, schedule_id, with_for_update=True)
    if row is None:
        raise NotFound("This schedule does not exist")
    return row


def update_schedule(
    session: Session, actor: str, schedule_id: int, data: dict[str, Any], now: datetime | None = None
) -> ScheduleRow:
    fields = clean(data)
    row = _load(session, schedule_id)
    diff = {k: [getattr(row, k), v] for k, v in fields.items() if getattr(row, k) != v}
    if diff:
        for key, value in fields.items():
            setattr(row, key, value)
        if {"cadence", "weekday", "day_of_month"} & diff.keys():
            row.next_run_at = next_run(row.cadence, row.weekday, row.day_of_month, now or utcnow())
        row.updated_at = utcnow()
        session.add(row)
        audit_log.record(session, actor, "update", "report_schedule", row.id, diff)
    return _row(row)


def set_active(
    session: Session, actor: str, schedule_id: int, active: bool, now: datetime | None = None
) -> ScheduleRow:
    """Pause or resume. Resuming starts from the next run after now: no burst of missed ones."""
    row = _load(session, schedule_id)
    if row.active != active:
        row.active = active
        if active:
            row.next_run_at = next_run(row.cadence, row.weekday, row.day_of_month, now or utcnow())
        row.updated_at = utcnow()
        session.add(row)
        audit_log.record(session, actor, "resume" if active else "pause", "report_schedule", row.id, {"active": active})
    return _row(row)


def delete(session: Session, actor: str, schedule_id: int) -> None:
    row = _load(session, schedule_id)
    audit_log.record(
        session, actor, "delete", "report_schedule", row.id, {"name": row.name, "report_kind": row.report_kind}
    )
    session.delete(row)


# --------------------------------------------------------------- the reports


def _compliance_lines(session: Session, today: date) -> Iterator[str]:
    card = compliance_score.scorecard(session, today)
    rows: list[list[Any]] = [["All products", card.overall, "", "", ""]]
    for p in card.products:
        if not p.deductions:
            rows.append([p.product, p.score, "", "", ""])
        for d in p.deductions:
            rows.append([p.product, p.score, d.text, d.points, d.href])
    return csv_stream(rows, COMPLIANCE_HEADER)


def build_csv(session: Session, kind: str, today: date) -> str:
    """The report as CSV text, from the export services the download buttons use."""
    cfg = settings_mod.settings
    rates, currency = cfg.exchange_rates, cfg.workspace_currency
    if kind == "utilization":
        report = utilization.utilization_report(
            session, window_days=utilization.DEFAULT_WINDOW_DAYS, rates=rates, workspace_currency=currency
        )
        lines: Iterator[str] = spend.utilization_csv(report)
    elif kind == "renewals":
        lines = renewals.export_csv(session, today=today, app_url=cfg.notify.app_url)
    elif kind == "spend":
        lines = spend.spend_csv(spend.fetch_spend(session, rates=rates, workspace_currency=currency))
    elif kind == "compliance":
        lines = _compliance_lines(session, today)
    else:
        raise ValidationError({"report_kind": "Unknown report"})
    return "".join(lines)


# --------------------------------------------------------------- the job


@dataclass(frozen=True)
class RunResult:
    sent: int
    failed: int


def _claim(schedule_id: int, due: datetime, following: datetime) -> bool:
    """Move this run forward if nobody else has: True when this caller owns the run."""
    with write_session() as session:
        result = session.execute(
            update(ReportSchedule)
            .where(
                ReportSchedule.id == schedule_id,
                ReportSchedule.active.is_(True),
                ReportSchedule.next_run_at == due,
            )
            .values(next_run_at=following)
        )
        return result.rowcount == 1


def _finish(schedule_id: int, due: datetime, following: datetime, error: str | None, now: datetime) -> None:
    with write_session() as session:
        row = session.get(ReportSchedule, schedule_id, with_for_update=True)
        if row is None:
            return
        row.last_run_at = now
        if error is None:
            row.last_status, row.last_error, row.failures = "sent", "", 0
            audit_log.record(session, ACTOR, "report_sent", "report_schedule", row.id, {"due": due.isoformat()})
        else:
            row.last_status, row.last_error, row.failures = "failed", error[:500], row.failures + 1
            if row.active and row.next_run_at == following:
                row.next_run_at = due  # due again: the next scan retries it
            audit_log.record(
                session,
                ACTOR,
                "report_failed",
                "report_schedule",
                row.id,
                {"due": due.isoformat(), "error": error[:200]},
            )
        session.add(row)


def _email(row: ScheduleRow, csv_text: str, today: date) -> list[mailer.OutgoingEmail]:
    label = KINDS[row.report_kind]
    filename = f"{row.report_kind}-{today.isoformat()}.csv"
    subject = f"License Hub: {label} report — {row.name}"
    body = (
        f"The {label.lower()} report of {today.isoformat()} is attached as {filename}.\n\n"
        f"--\nYou receive this because {row.owner or 'an administrator'} scheduled it "
        f"({CADENCES[row.cadence].lower()}) in License Hub.\n"
    )
    attachment = mailer.Attachment(filename, csv_text.encode("utf-8"))
    return [
        mailer.OutgoingEmail(to, subject, body, f"report:{row.id}:{today.isoformat()}:{to}", (attachment,))
        for to in row.recipients
    ]


def run_due(config: NotifySettings, now: datetime | None = None) -> RunResult:
    """Send every due schedule once. Never raises for one report: its failure is recorded."""
    now = now or utcnow()
    with read_session() as session:
        due = list(
            session.exec(
                select(ReportSchedule)
                .where(ReportSchedule.active.is_(True), ReportSchedule.next_run_at <= now)
                .order_by(ReportSchedule.next_run_at, ReportSchedule.id)
                .limit(100)
            )
        )
        rows = [(_row(s), s.next_run_at) for s in due]
    sent = failed = 0
    for row, due_at in rows:
        following = next_run(row.cadence, row.weekday, row.day_of_month, max(now, due_at))
        if not _claim(row.id, due_at, following):
            continue
        error: str | None = None
        try:
            if not config.email_enabled:
                raise RuntimeError("email is not configured (LICENSE_HUB_SMTP_HOST and LICENSE_HUB_SMTP_FROM)")
            today = now.date()
            with read_session() as session:
                csv_text = build_csv(session, row.report_kind, today)
            results = mailer.send(config, _email(row, csv_text, today))
            problems = [f"{to}: {r}" for to, r in zip(row.recipients, results) if r]
            error = "; ".join(problems) or None
        except Exception as exc:  # one report must not stop the others, nor the scan
            log.exception("scheduled report %s failed", row.id)
            error = f"{type(exc).__name__}: {exc}"
        _finish(row.id, due_at, following, error, now)
        if error is None:
            sent += 1
        else:
            failed += 1
    return RunResult(sent, failed)
