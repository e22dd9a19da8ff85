"""A person's status as the UI and the import change it: deactivating is the
leaver policy (services/directory/leavers.py) in the caller's transaction;
reactivating restores nothing by itself, it only lists what they held."""

from __future__ import annotations

from sqlmodel import Session

from license_hub.db import lock_row
from license_hub.models import Person
from license_hub.models.enums import PersonStatus
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.directory import leavers

ACTIVE, INACTIVE, OFFBOARDED = (s.value for s in PersonStatus)


def deactivate(session: Session, actor: str, person_id: int) -> leavers.LeaverResult:
    """The leaver policy, the same whoever deactivates (the UI, an import or SCIM)."""
    return leavers.deactivate_person(session, actor, person_id)


def reactivate(session: Session, actor: str, person_id: int) -> leavers.ReactivateResult:
    """Refused for someone already active, so a double click cannot mislead the toast."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("This person does not exist")
    if person.status == ACTIVE and person.archived_at is None:
        raise DomainError(f"{person.name} is already active")
    return leavers.reactivate_person(session, actor, person_id)


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
