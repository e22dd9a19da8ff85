"""Leavers: a person deactivated (by SCIM, the UI or an import) goes through the
offboarding policy in one transaction.

Reassignable seats go back to their pools. A seat of a license that is not
reassignable cannot go to anyone else, so it is retired: it leaves the holder and
the license's seat total drops by one, so nobody pays for a seat no one can hold.
Their app account is deactivated. Replaying a deactivation changes nothing, so an
identity provider that sends the same PATCH twice leaves one trail. Reactivation
restores nothing: it reports the seats they held so an admin can decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import Assignment, CatalogEntry, License, Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import NotFound
from license_hub.services.directory.offboarding import deactivate_accounts
from license_hub.services.seats.assignments import retire_locked
from license_hub.services.seats.bulk_seats import lock_licenses, reclaim_locked

MAX_FORMER = 200


@dataclass(frozen=True)
class LeaverResult:
    person_id: int
    changed: bool  # False when the person was already gone and held nothing
    reclaimed: tuple[int, ...] = ()  # assignment ids back in their pools
    retired: tuple[int, ...] = ()  # assignment ids of non-reassignable seats, retired
    accounts_deactivated: tuple[int, ...] = ()


@dataclass(frozen=True)
class FormerSeat:
    assignment_id: int
    license_id: int
    license_name: str
    software: str
    revoked_at: datetime | None
    revoked_by: str


@dataclass(frozen=True)
class ReactivateResult:
    person_id: int
    changed: bool
    former_seats: tuple[FormerSeat, ...]


def deactivate_person(session: Session, actor: str, person_id: int) -> LeaverResult:
    """Offboard a leaver: reclaim, retire, deactivate their account, all in the caller's transaction."""
    person = lock_row(session, Person, person_id)
    if person is None:
        raise NotFound("This person does not exist")
    held_query = select(Assignment.id, Assignment.license_id).where(
        Assignment.person_id == person_id, Assignment.revoked_at.is_(None)
    )
    licenses = lock_licenses(session, [lid for _, lid in session.exec(held_query)])
    held = list(session.exec(held_query))  # again, under the locks
    late = {lid for _, lid in held} - set(licenses)
    if late:
        licenses.update(lock_licenses(session, late))
        held = list(session.exec(held_query))
    gone = person.status == PersonStatus.OFFBOARDED.value and person.archived_at is not None
    if gone and not held:
        return LeaverResult(person_id, False)
    reclaim = [(aid, lid) for aid, lid in held if licenses[lid].reassignable]
    retire = [(aid, lid) for aid, lid in held if not licenses[lid].reassignable]
    before = person.status
    person.status = PersonStatus.OFFBOARDED.value
    person.archived_at = person.archived_at or utcnow()
    session.add(person)
    context = {"person_id": person_id}
    if reclaim:
        reclaim_locked(session, actor, reclaim, licenses, action="offboard_reclaim", context=context)
    if retire:
        retire_locked(session, actor, retire, licenses, {"person_id": person_id})
    accounts = deactivate_accounts(session, actor, person)
    audit_log.record(
        session,
        actor,
        "offboard",
        "person",
        person_id,
        {
            "status": [before, person.status],
            "archived_at": person.archived_at,
            "reclaimed": [aid for aid, _ in reclaim],
            "retired": [aid for aid, _ in retire],
            "accounts_deactivated": accounts,
        },
    )
    session.flush()
    return LeaverResult(person_id, True, tuple(a for a, _ in reclaim), tuple(a for a, _ in retire), tuple(accounts))


def former_seats(session: Session, person_id: int) -> tuple[FormerSeat, ...]:
    """The seats a person held and no longer holds, newest first."""
    stmt = (
        select(
            Assignment.id,
            License.id,
            License.name,
            CatalogEntry.name,
            Assignment.revoked_at,
            Assignment.revoked_by,
        )
        .join(License, License.id == Assignment.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(Assignment.person_id == person_id, Assignment.revoked_at.is_not(None))
        .order_by(Assignment.revoked_at.desc(), Assignment.id.desc())
        .limit(MAX_FORMER)
    )
    return tuple(FormerSeat(*row) for row in session.exec(stmt))


def reactivate_person(session: Session, actor: str, person_id: int) -> ReactivateResult:
    """Mark the person active again; seats and app account stay as they are."""
    person = lock_row(session, Person, person_id)
    if person is None:
        raise NotFound("This person does not exist")
    changed = person.status != PersonStatus.ACTIVE.value or person.archived_at is not None
    if changed:
        before = person.status
        person.status = PersonStatus.ACTIVE.value
        person.archived_at = None
        session.add(person)
        audit_log.record(session, actor, "reactivate", "person", person_id, {"status": [before, person.status]})
        session.flush()
    return ReactivateResult(person_id, changed, former_seats(session, person_id))
