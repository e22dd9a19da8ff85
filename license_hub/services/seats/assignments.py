"""Assigning and reclaiming seats.

The seat count is checked and bumped in the same transaction, under a lock on the
license row, so two admins racing for the last seat cannot both win; the partial
unique index on (license, person) backs the no-duplicate rule in the database too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from license_hub.db import lock_row, share_rows
from license_hub.models import Assignment, Device, License, Person
from license_hub.models.enums import PersonStatus, SeatType
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import bounds, secrets
from license_hub.services.core.errors import (
    ALREADY_ASSIGNED,
    NO_SEATS_REMAINING,
    DomainError,
    NotFound,
    ValidationError,
)

DEVICE_ALREADY_ASSIGNED = "This device already has an active assignment for this license"


def clean_holder_text(assignee_name: str, device_name: str, seat_key: str) -> tuple[str, str, str]:
    """Free-text holder names and a seat key, trimmed and within their columns."""
    assignee_name, device_name, seat_key = (
        (assignee_name or "").strip(),
        (device_name or "").strip(),
        (seat_key or "").strip(),
    )
    if len(assignee_name) > 200 or len(device_name) > 200 or len(seat_key) > 500:
        raise ValidationError({"assignee": "Names are limited to 200 characters and keys to 500"})
    if "\x00" in assignee_name + device_name + seat_key:  # PostgreSQL refuses NUL in text
        raise ValidationError({"assignee": bounds.CONTROL})
    return assignee_name, device_name, seat_key


def clean_day(activated_on: date | None) -> date | None:
    if activated_on is None:
        return None
    try:
        return bounds.day(activated_on)
    except ValueError as exc:
        raise ValidationError({"activated_on": str(exc)}) from None


def check_holder(
    session: Session, license_id: int, person_id: int | None, device_id: int | None, *, one_per_device: bool = False
) -> None:
    """The new holder may take a seat of this (locked) license: they exist, a person is
    not offboarded and holds no active seat of it; with `one_per_device`, neither does
    the device."""
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound("This person does not exist")
        if person.status == PersonStatus.OFFBOARDED.value:
            raise DomainError(f"{person.name} has been offboarded and cannot receive a seat")
        taken = select(Assignment.id).where(
            Assignment.license_id == license_id, Assignment.person_id == person_id, Assignment.revoked_at.is_(None)
        )
        if session.exec(taken).first() is not None:
            raise DomainError(ALREADY_ASSIGNED)
    if device_id is not None:
        if session.get(Device, device_id) is None:
            raise NotFound("This device does not exist")
        if one_per_device:
            taken = select(Assignment.id).where(
                Assignment.license_id == license_id, Assignment.device_id == device_id, Assignment.revoked_at.is_(None)
            )
            if session.exec(taken).first() is not None:
                raise DomainError(DEVICE_ALREADY_ASSIGNED)


def new_seat(
    session: Session,
    actor: str,
    license_id: int,
    *,
    person_id: int | None,
    device_id: int | None,
    assignee_name: str,
    device_name: str,
    seat_key_cipher: bytes | None,
    seat_key_hint: str,
    activated_on: date | None,
) -> Assignment:
    """Insert the assignment row (the caller holds the license lock and moves the count)."""
    seat = Assignment(
        license_id=license_id,
        person_id=person_id,
        device_id=device_id,
        assignee_name=assignee_name,
        device_name=device_name,
        seat_key_cipher=seat_key_cipher,
        seat_key_hint=seat_key_hint,
        activated_on=activated_on or utcnow().date(),
        assigned_at=utcnow(),
        assigned_by=actor,
    )
    session.add(seat)
    try:
        session.flush()
    except IntegrityError as exc:  # the partial unique index caught a duplicate
        raise DomainError(ALREADY_ASSIGNED) from exc
    return seat


def assign(
    session: Session,
    actor: str,
    license_id: int,
    *,
    person_id: int | None = None,
    device_id: int | None = None,
    assignee_name: str = "",
    device_name: str = "",
    seat_key: str = "",
    activated_on: date | None = None,
) -> Assignment:
    assignee_name, device_name, seat_key = clean_holder_text(assignee_name, device_name, seat_key)
    if not (person_id or device_id or assignee_name or device_name):
        raise ValidationError({"assignee": "Pick a contact, or enter an assignee name and/or a device name"})
    activated_on = clean_day(activated_on)

    if person_id is not None:  # an offboarding of this person waits for us, or we for it
        share_rows(session, Person, [person_id])
    lic = lock_row(session, License, license_id)
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    check_holder(session, license_id, person_id, device_id)
    if lic.seat_type != SeatType.UNLIMITED.value and in_use(session, lic) >= lic.seats_total:
        raise DomainError(NO_SEATS_REMAINING)

    lic.seats_used += 1
    session.add(lic)
    seat = new_seat(
        session,
        actor,
        license_id,
        person_id=person_id,
        device_id=device_id,
        assignee_name=assignee_name,
        device_name=device_name,
        seat_key_cipher=secrets.encrypt(seat_key),
        seat_key_hint=secrets.hint(seat_key),
        activated_on=activated_on,
    )
    audit_log.record(
        session,
        actor,
        "assign",
        "assignment",
        seat.id,
        {
            "license_id": license_id,
            "person_id": person_id,
            "device_id": device_id,
            "assignee_name": assignee_name,
            "device_name": device_name,
        },
    )
    return seat


NOT_REASSIGNABLE = "This license is not reassignable: its seats cannot be reclaimed"


def ensure_reclaimable(lic: License) -> None:
    """The reassignable rule: seats of a license that is not reassignable stay with
    their holder (the vendor ties them to that person or machine)."""
    if not lic.reassignable:
        raise DomainError(NOT_REASSIGNABLE)


def holders_left(session: Session, assignment_ids: list[int]) -> set[int]:
    """The seats (of these) whose holder is a contact who left: "Contact terminated — reclaim"."""
    left: set[int] = set()
    for start in range(0, len(assignment_ids), 1000):
        part = assignment_ids[start : start + 1000]
        left.update(
            session.exec(
                select(Assignment.id)
                .join(Person, Person.id == Assignment.person_id)
                .where(Assignment.id.in_(part), Person.status == PersonStatus.OFFBOARDED.value)
            ).all()
        )
    return left


def retire_locked(
    session: Session,
    actor: str,
    seats: list[tuple[int, int]],
    licenses: dict[int, License],
    context: dict | None = None,
) -> dict[int, int]:
    """Seed 003: a holder who left is always reclaimable. On a license that is not
    reassignable the seat cannot go to anyone else, so it is retired: the assignment
    ends and the seat leaves the total (and the pool) until someone raises the total.
    The licenses are locked by the caller; one audit event per license."""
    now = utcnow()
    per_license: dict[int, list[int]] = {}
    for aid, lid in seats:
        per_license.setdefault(lid, []).append(aid)
    retired: dict[int, int] = {}
    for lid in sorted(per_license):
        ids = per_license[lid]
        done = 0
        for start in range(0, len(ids), 1000):
            done += session.exec(
                update(Assignment)
                .where(Assignment.id.in_(ids[start : start + 1000]), Assignment.revoked_at.is_(None))
                .values(revoked_at=now, revoked_by=actor)
                .execution_options(synchronize_session=False)
            ).rowcount
        lic = licenses[lid]
        used, total, before = lic.seats_used, lic.seats_total, lic.seats_retired
        lic.seats_used = max(used - done, 0)
        if lic.seat_type != SeatType.UNLIMITED.value:
            lic.seats_total = max(total - done, lic.seats_used, 0)
            lic.seats_retired = before + (total - lic.seats_total)
        session.add(lic)
        retired[lid] = done
        audit_log.record(
            session,
            actor,
            "retire_seat",
            "license",
            lid,
            {
                "count": done,
                "seats_used": [used, lic.seats_used],
                "seats_total": [total, lic.seats_total],
                "seats_retired": [before, lic.seats_retired],
                "assignment_ids": ids,
                "reason": "holder left; license not reassignable",
                **(context or {}),
            },
        )
    session.flush()
    return retired


def reclaim(session: Session, actor: str, assignment_id: int) -> Assignment:
    """Free one seat; a leaver's seat on a license that is not reassignable is retired."""
    seat = session.get(Assignment, assignment_id)
    if seat is None:
        raise NotFound("This seat does not exist")
    lic = lock_row(session, License, seat.license_id)
    session.refresh(seat)
    if seat.revoked_at is not None:
        raise DomainError("This seat was already reclaimed")
    if lic is not None and lic.id is not None and not lic.reassignable and seat.id in holders_left(session, [seat.id]):
        retire_locked(session, actor, [(seat.id, lic.id)], {lic.id: lic}, {"person_id": seat.person_id})
        session.refresh(seat)
        return seat
    ensure_reclaimable(lic)
    seat.revoked_at, seat.revoked_by = utcnow(), actor
    lic.seats_used = max(lic.seats_used - 1, 0)
    session.add(seat)
    session.add(lic)
    audit_log.record(session, actor, "reclaim", "assignment", seat.id, {"license_id": seat.license_id})
    return seat


def reveal_seat_key(session: Session, actor: str, assignment_id: int, license_id: int | None = None) -> str:
    """The clear seat serial key, for a caller whose permission was checked; the reveal
    is recorded. `license_id`, when given, must be the seat's own license."""
    seat = session.get(Assignment, assignment_id)
    if seat is None or (license_id is not None and seat.license_id != license_id):
        raise NotFound("This seat does not exist")
    audit_log.record(
        session, actor, "reveal_key", "assignment", seat.id, {"field": "seat_key", "license_id": seat.license_id}
    )
    return secrets.decrypt(seat.seat_key_cipher) or ""


@dataclass(frozen=True)
class SeatRow:
    """What a seat table shows: the serial key only masked."""

    id: int
    holder: str
    email: str
    device: str
    seat_key_masked: str
    activated_on: date | None
    assigned_at: datetime
    assigned_by: str
    revoked_at: datetime | None
    revoked_by: str
    contact_terminated: bool
    revoke_reason: str = ""  # "transferred" when the seat moved to another holder


def list_seats(
    session: Session,
    license_id: int,
    *,
    include_revoked: bool = False,
    search: str = "",
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[SeatRow], int]:
    holder = func.coalesce(Person.name, Assignment.assignee_name)
    stmt = (
        select(Assignment, Person.name, Person.email, Person.status, Device.name)
        .outerjoin(Person, Person.id == Assignment.person_id)
        .outerjoin(Device, Device.id == Assignment.device_id)
        .where(Assignment.license_id == license_id)
    )
    if not include_revoked:
        stmt = stmt.where(Assignment.revoked_at.is_(None))
    if search.strip():
        like = f"%{search.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(holder).like(like),
                func.lower(Person.email).like(like),
                func.lower(Assignment.device_name).like(like),
                func.lower(Device.name).like(like),
            )
        )
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    stmt = stmt.order_by(Assignment.revoked_at.is_not(None), Assignment.assigned_at.desc(), Assignment.id.desc())
    rows = []
    for seat, p_name, p_email, p_status, d_name in session.exec(stmt.offset(offset).limit(limit)):
        rows.append(
            SeatRow(
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
        )
    return rows, int(total)


def in_use(session: Session, lic: License) -> int:
    """Seats taken, for availability: the larger of the recorded figure (a usage
    audit may set it) and the active assignment rows, so no recorded figure can
    open the door to more assignments than seats."""
    return max(lic.seats_used, active_count(session, lic.id))


def active_count(session: Session, license_id: int) -> int:
    stmt = select(func.count()).where(Assignment.license_id == license_id, Assignment.revoked_at.is_(None))
    return int(session.exec(stmt).one())
