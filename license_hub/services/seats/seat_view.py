"""One seat as seat tables show it (the serial key only masked), by its id."""

from __future__ import annotations

from sqlmodel import Session, select

from license_hub.models import Assignment, Device, Person
from license_hub.models.enums import PersonStatus
from license_hub.services.core import secrets
from license_hub.services.core.errors import NotFound
from license_hub.services.seats.assignments import SeatRow


def seat_row(session: Session, assignment_id: int) -> SeatRow:
    stmt = (
        select(Assignment, Person.name, Person.email, Person.status, Device.name)
        .outerjoin(Person, Person.id == Assignment.person_id)
        .outerjoin(Device, Device.id == Assignment.device_id)
        .where(Assignment.id == assignment_id)
    )
    found = session.exec(stmt).first()
    if found is None:
        raise NotFound("This seat does not exist")
    seat, p_name, p_email, p_status, d_name = found
    return SeatRow(
        id=seat.id,
        holder=p_name or seat.assignee_name or "",
        email=p_email or "",
        device=d_name or seat.device_name or "",
        seat_key_masked=secrets.mask(seat.seat_key_cipher is not None, seat.seat_key_hint),
        activated_on=seat.activated_on,
        assigned_at=seat.assigned_at,
        assigned_by=seat.assigned_by,
        revoked_at=seat.revoked_at,
        revoked_by=seat.revoked_by,
        contact_terminated=p_status == PersonStatus.OFFBOARDED.value and seat.revoked_at is None,
        revoke_reason=seat.revoke_reason,
    )


def license_of(session: Session, assignment_id: int) -> int:
    seat = session.get(Assignment, assignment_id)
    if seat is None:
        raise NotFound("This seat does not exist")
    return seat.license_id
