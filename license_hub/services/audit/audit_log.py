"""Append-only, hash-chained audit trail.

Each event's hash covers its own content and the previous event's hash. Writers
lock the single chain-head row, so events from concurrent transactions form one
chain. `verify()` walks the chain and names the first event that does not fit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import AuditChainHead, AuditCheckpoint, AuditEvent
from license_hub.models.types import utcnow


def _default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return "<secret>"
    raise TypeError(f"not serialisable: {type(value).__name__}")


def canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=_default)


def _digest(prev_hash: str, event: AuditEvent) -> str:
    body = canonical(
        {
            "seq": event.seq,
            "occurred_at": event.occurred_at.isoformat(),
            "actor": event.actor,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "diff": event.diff,
        }
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def record(
    session: Session,
    actor: str,
    action: str,
    object_type: str,
    object_id: int | None,
    diff: dict | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it commits or rolls back with the change)."""
    head = lock_row(session, AuditChainHead, 1)
    if head is None:
        head = AuditChainHead(id=1, seq=0, hash="")
        session.add(head)
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=utcnow(),
        actor=actor or "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        diff=canonical(diff or {}),
        prev_hash=head.hash,
        hash="",
    )
    event.hash = _digest(head.hash, event)
    head.seq, head.hash = event.seq, event.hash
    session.add(event)
    session.add(head)
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""


def verify(session: Session) -> ChainReport:
    """The whole chain, from its first event (the CLI and the exports)."""
    return _walk(session, 0, "")


def verify_from_checkpoint(session: Session) -> ChainReport:
    """Only the events after the stored checkpoint, once its own event is seen to
    still carry the hash it had: a page visit costs the new events, not the whole
    chain. `license-hub verify-audit-log` still checks everything."""
    checkpoint = session.get(AuditCheckpoint, 1)
    if checkpoint is None or checkpoint.seq <= 0:
        return _walk(session, 0, "")
    anchor = session.exec(select(AuditEvent).where(AuditEvent.seq == checkpoint.seq)).first()
    if anchor is None or anchor.hash != checkpoint.hash or _digest(anchor.prev_hash, anchor) != anchor.hash:
        return verify(session)  # the anchor moved: name the first bad event from the start
    return _walk(session, checkpoint.seq, checkpoint.hash)


def save_checkpoint(session: Session, report: ChainReport) -> None:
    """Remember a sound chain's head, never moving the checkpoint backwards."""
    if not report.ok or report.checked <= 0:
        return
    checkpoint = lock_row(session, AuditCheckpoint, 1)
    if checkpoint is None:
        checkpoint = AuditCheckpoint(id=1)
    if report.checked > checkpoint.seq:
        checkpoint.seq, checkpoint.hash, checkpoint.verified_at = report.checked, report.head_hash, utcnow()
        session.add(checkpoint)


def _walk(session: Session, after_seq: int, prev_hash: str) -> ChainReport:
    expected_seq, checked = after_seq + 1, after_seq
    stmt = (
        select(AuditEvent).where(AuditEvent.seq > after_seq).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    )
    for event in session.exec(stmt):
        if event.seq != expected_seq:
            return ChainReport(False, checked, prev_hash, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return ChainReport(
                False, checked, prev_hash, event.seq, f"event {event.seq} does not follow event {event.seq - 1}"
            )
        if _digest(prev_hash, event) != event.hash:
            return ChainReport(False, checked, prev_hash, event.seq, f"event {event.seq} was altered")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = session.get(AuditChainHead, 1)
    if head is not None and head.seq != checked:
        return ChainReport(False, checked, prev_hash, checked + 1, f"event {checked + 1} is missing")
    return ChainReport(True, checked, prev_hash)
