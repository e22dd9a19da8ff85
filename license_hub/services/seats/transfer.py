"""Transferring a seat from one holder to another: the old assignment is revoked and
the new one created in one transaction under the license row lock, so the seat
count never moves and both holders stay in the history."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from license_hub.db import lock_row
from license_hub.models import Assignment, License
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.seats import assignments

NOT_TRANSFERABLE = "This license is not transferable: its seats stay with their holder"


def transfer(
    session: Session,
    actor: str,
    assignment_id: int,
    *,
    person_id: int | None = None,
    device_id: int | None = None,
    assignee_name: str = "",
    device_name: str = "",
    activated_on: date | None = None,
) -> Assignment:
    seat = session.get(Assignment, assignment_id)
    if seat is None:
        raise NotFound("This seat does not exist")
    lic = lock_row(session, License, seat.license_id)
    session.refresh(seat)
    if seat.revoked_at is not None:
        raise DomainError("This seat was already reclaimed")
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    if not lic.transferable:
        raise DomainError(NOT_TRANSFERABLE)
    if person_id is not None and person_id == seat.person_id:
        raise DomainError("This seat is already held by this person")
    assignments.reclaim(session, actor, seat.id)
    new = assignments.assign(
        session,
        actor,
        seat.license_id,
        person_id=person_id,
        device_id=device_id,
        assignee_name=assignee_name,
        device_name=device_name,
        activated_on=activated_on,
    )
    new.seat_key_cipher, new.seat_key_hint = seat.seat_key_cipher, seat.seat_key_hint
    session.add(new)
    audit_log.record(
        session,
        actor,
        "transfer",
        "assignment",
        new.id,
        {
            "license_id": seat.license_id,
            "from_assignment_id": seat.id,
            "from": {
                "person_id": seat.person_id,
                "device_id": seat.device_id,
                "assignee_name": seat.assignee_name,
                "device_name": seat.device_name,
            },
            "to": {
                "person_id": person_id,
                "device_id": device_id,
                "assignee_name": assignee_name,
                "device_name": device_name,
            },
        },
    )
    return new
