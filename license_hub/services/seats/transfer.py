"""Transferring a seat from one holder to another in one step.

The old assignment is revoked with the reason "transferred" and the new one created
in one transaction under the license row lock, so the seat count never moves and
both holders stay in the history. The seat's serial key goes with the seat unless a
new one is given (the key belongs to the seat, not to its holder); the new holder's
activated date is the given day, today by default, as when a seat is assigned.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from license_hub.db import lock_row, share_rows
from license_hub.models import Assignment, License, Person
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.seats import assignments

NOT_TRANSFERABLE = "This license is not transferable: its seats stay with their holder"
TRANSFERRED = "transferred"
SAME_HOLDER = "This seat is already held by this person"
SAME_DEVICE = "This seat is already tied to this device"


def transfer(
    session: Session,
    actor: str,
    assignment_id: int,
    *,
    person_id: int | None = None,
    device_id: int | None = None,
    assignee_name: str = "",
    device_name: str = "",
    seat_key: str = "",
    activated_on: date | None = None,
) -> Assignment:
    assignee_name, device_name, seat_key = assignments.clean_holder_text(assignee_name, device_name, seat_key)
    if not (person_id or device_id or assignee_name or device_name):
        raise ValidationError({"assignee": "Pick who gets the seat, or enter an assignee name and/or a device name"})
    activated_on = assignments.clean_day(activated_on)

    seat = session.get(Assignment, assignment_id)
    if seat is None:
        raise NotFound("This seat does not exist")
    if person_id is not None:  # person before license, the order offboarding takes
        share_rows(session, Person, [person_id])
    lic = lock_row(session, License, seat.license_id)
    session.refresh(seat)
    if seat.revoked_at is not None:
        raise DomainError("This seat was already reclaimed")
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    if not lic.transferable:
        raise DomainError(NOT_TRANSFERABLE)
    assignments.ensure_reclaimable(lic)  # the old holder gives the seat up
    if person_id is not None and person_id == seat.person_id:
        raise DomainError(SAME_HOLDER)
    if person_id is None and device_id is not None and device_id == seat.device_id:
        raise DomainError(SAME_DEVICE)
    assignments.check_holder(session, lic.id, person_id, device_id, one_per_device=person_id is None)

    seat.revoked_at, seat.revoked_by, seat.revoke_reason = utcnow(), actor, TRANSFERRED
    session.add(seat)
    session.flush()  # the old row leaves the partial unique index before the new one enters
    cipher, hint = (
        (secrets.encrypt(seat_key), secrets.hint(seat_key)) if seat_key else (seat.seat_key_cipher, seat.seat_key_hint)
    )
    new = assignments.new_seat(
        session,
        actor,
        lic.id,
        person_id=person_id,
        device_id=device_id,
        assignee_name=assignee_name,
        device_name=device_name,
        seat_key_cipher=cipher,
        seat_key_hint=hint,
        activated_on=activated_on,
    )
    audit_log.record(
        session,
        actor,
        "transfer",
        "assignment",
        new.id,
        {
            "license_id": lic.id,
            "from_assignment_id": seat.id,
            **_holder("from", seat.person_id, seat.device_id, seat.assignee_name, seat.device_name),
            **_holder("to", person_id, device_id, assignee_name, device_name),
            "new_seat_key": bool(seat_key),
            "seats_used": lic.seats_used,
        },
    )
    return new


def _holder(side: str, person_id: int | None, device_id: int | None, name: str, device: str) -> dict:
    """One side of the transfer as flat audit fields, only those it has."""
    fields = {"person_id": person_id, "device_id": device_id, "assignee_name": name, "device_name": device}
    return {f"{side}_{key}": value for key, value in fields.items() if value}
