"""Reading the audit trail: filters for the audit log page and the Activity tabs,
and the one-click export for a vendor audit, which carries the chain's head hash
so an auditor can check nothing was removed since."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timezone
from typing import Iterator

from sqlalchemy import func, or_
from sqlmodel import Session, select

from license_hub.models import AuditEvent
from license_hub.services.audit import audit_log
from license_hub.services.core.csv_out import CsvBuffer, cell

EXPORT_COLUMNS = ["seq", "occurred_at", "actor", "action", "object_type", "object_id", "diff", "prev_hash", "hash"]


@dataclass(frozen=True)
class EventRow:
    seq: int
    occurred_at: str
    actor: str
    action: str
    object_type: str
    object_id: int | None
    diff: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class EventFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: int | None = None
    since: date | None = None
    until: date | None = None
    search: str = ""


def _where(stmt, f: EventFilter):
    if f.actor:
        stmt = stmt.where(func.lower(AuditEvent.actor) == f.actor.strip().lower())
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.object_type:
        stmt = stmt.where(AuditEvent.object_type == f.object_type)
    if f.object_id is not None:
        stmt = stmt.where(AuditEvent.object_id == f.object_id)
    if f.since:
        stmt = stmt.where(AuditEvent.occurred_at >= datetime.combine(f.since, time.min, timezone.utc))
    if f.until:
        stmt = stmt.where(AuditEvent.occurred_at <= datetime.combine(f.until, time.max, timezone.utc))
    if f.search.strip():
        like = f"%{f.search.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(AuditEvent.actor).like(like), func.lower(AuditEvent.diff).like(like)))
    return stmt


def _row(e: AuditEvent) -> EventRow:
    return EventRow(
        e.seq, e.occurred_at.isoformat(), e.actor, e.action, e.object_type, e.object_id, e.diff, e.prev_hash, e.hash
    )


def list_events(
    session: Session, f: EventFilter = EventFilter(), offset: int = 0, limit: int = 50
) -> tuple[list[EventRow], int]:
    total = session.execute(_where(select(func.count(AuditEvent.id)), f)).scalar_one()
    stmt = _where(select(AuditEvent), f).order_by(AuditEvent.seq.desc()).offset(max(offset, 0))
    return [_row(e) for e in session.exec(stmt.limit(max(1, min(limit, 500))))], int(total)


def activity(session: Session, object_type: str, object_id: int, limit: int = 100) -> list[EventRow]:
    """A license's or person's Activity tab: its own events, newest first."""
    rows, _ = list_events(session, EventFilter(object_type=object_type, object_id=object_id), limit=limit)
    return rows


def actions(session: Session) -> list[str]:
    return sorted(session.exec(select(AuditEvent.action).distinct()).all())


def _stream(session: Session, f: EventFilter) -> Iterator[EventRow]:
    stmt = _where(select(AuditEvent), f).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    for event in session.exec(stmt):
        yield _row(event)


def export_csv(session: Session, f: EventFilter = EventFilter()) -> Iterator[str]:
    """Every cell through csv_out's formula guard: the actor of a failed sign-in and
    the data of any event are typed by strangers ("=HYPERLINK(...)" as an email),
    and the CSV is opened in spreadsheets. The JSON export keeps the exact values
    an auditor recomputes the hashes from."""
    head = audit_log.verify(session)
    out = CsvBuffer()
    out.writer.writerow(["# chain_head_hash", head.head_hash, "events", head.checked, "verified", head.ok])
    out.writer.writerow(EXPORT_COLUMNS)
    for n, row in enumerate(_stream(session, f), 1):
        out.writer.writerow([cell(getattr(row, c)) for c in EXPORT_COLUMNS])
        if n % 1000 == 0:
            yield out.take()
    yield out.take()


def export_json(session: Session, f: EventFilter = EventFilter()) -> Iterator[str]:
    head = audit_log.verify(session)
    yield (
        json.dumps(
            {
                "chain_head_hash": head.head_hash,
                "events_in_chain": head.checked,
                "verified": head.ok,
                "problem": head.problem,
            }
        )[:-1]
        + ', "events": ['
    )
    for n, row in enumerate(_stream(session, f)):
        yield ("," if n else "") + json.dumps(asdict(row))
    yield "]}"
