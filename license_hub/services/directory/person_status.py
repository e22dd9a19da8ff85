"""A person's status: deactivating runs the offboarding policy (seats reclaimed,
app account deactivated) in the caller's transaction; reactivating restores
nothing by itself, it only lists what they held so someone decides again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import Assignment, CatalogEntry, License, Person
from license_hub.models.enums import PersonStatus
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.directory import offboarding

ACTIVE, INACTIVE, OFFBOARDED = (s.value for s in PersonStatus)


@dataclass(frozen=True)
class FormerSeat:
    """A seat the person held until it was reclaimed when they left."""

    assignment_id: int
    license_id: int
    license_name: str
    software: str
    revoked_at: datetime


@dataclass(frozen=True)
class Reactivated:
    person_id: int
    former_seats: tuple[FormerSeat, ...]


def deactivate(session: Session, actor: str, person_id: int) -> offboarding.OffboardResult:
    """Through the offboarding policy; deactivating someone already gone changes nothing."""
    person = lock_row(session, Person, person_id)
    if person is None:
        raise NotFound("This person does not exist")
    if person.status == OFFBOARDED and person.archived_at is not None:
        still = [s for s in offboarding.held_seats(session, person_id) if s.reclaimable]
        if not still:
            kept = tuple(s for s in offboarding.held_seats(session, person_id) if not s.reclaimable)
            return offboarding.OffboardResult(person_id, person.archived_at, (), kept)
    return offboarding.offboard(session, actor, person_id)


def former_seats(session: Session, person_id: int, since: datetime | None) -> tuple[FormerSeat, ...]:
    """Seats revoked from the person at or after `since` (their departure)."""
    stmt = (
        select(Assignment.id, License.id, License.name, CatalogEntry.name, Assignment.revoked_at)
        .join(License, License.id == Assignment.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(Assignment.person_id == person_id, Assignment.revoked_at.is_not(None))
        .order_by(func.lower(CatalogEntry.name), License.id, Assignment.id)
    )
    if since is not None:
        stmt = stmt.where(Assignment.revoked_at >= since)
    return tuple(
        FormerSeat(aid, lid, lname or software, software, at) for aid, lid, lname, software, at in session.exec(stmt)
    )


def reactivate(session: Session, actor: str, person_id: int) -> Reactivated:
    person = lock_row(session, Person, person_id)
    if person is None:
        raise NotFound("This person does not exist")
    if person.status == ACTIVE:
        raise DomainError(f"{person.name} is already active")
    held = former_seats(session, person_id, person.archived_at)
    before, archived = person.status, person.archived_at
    person.status, person.archived_at = ACTIVE, None
    session.add(person)
    audit_log.record(
        session,
        actor,
        "reactivate",
        "person",
        person_id,
        {"status": [before, ACTIVE], "archived_at": [archived, None], "former_seats": [s.assignment_id for s in held]},
    )
    session.flush()
    return Reactivated(person_id, held)


def set_status(session: Session, actor: str, person_id: int, status: str) -> None:
    """Active ↔ inactive (still here, e.g. on leave): seats stay."""
    person = lock_row(session, Person, person_id)
    if person is None:
        raise NotFound("This person does not exist")
    if status == OFFBOARDED:
        deactivate(session, actor, person_id)
        return
    if person.status == OFFBOARDED:
        reactivate(session, actor, person_id)
        person = lock_row(session, Person, person_id)
        assert person is not None
    if status not in (ACTIVE, INACTIVE) or person.status == status:
        return
    before, person.status = person.status, status
    session.add(person)
    audit_log.record(session, actor, "update", "person", person_id, {"status": [before, status]})
    session.flush()
