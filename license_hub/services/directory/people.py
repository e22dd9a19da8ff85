"""People and devices: who and what can hold a seat. Adding and editing share one
validation, so the form, the API and the import refuse the same things."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import Device, Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import bounds, emails
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.directory import devices, person_status

# Column bounds (the same on SQLite and PostgreSQL).
PERSON_LIMITS = {"name": 200, "email": 254, "username": 100, "employee_id": 50, "department": 100, "location": 100}
STATUS_MESSAGE = "Choose active, inactive or offboarded"
PERSON_FIELDS = ("name", "email", "username", "employee_id", "department", "location", "manager_id", "status")


@dataclass(frozen=True)
class PersonOption:
    id: int
    name: str
    email: str
    department: str


def _taken(session: Session, column: Any, value: str, person_id: int | None) -> bool:
    stmt = select(Person.id).where(func.lower(column) == value.lower())
    if person_id is not None:
        stmt = stmt.where(Person.id != person_id)
    return session.exec(stmt).first() is not None


def _manager_ok(session: Session, manager_id: int, person_id: int | None) -> str:
    """An error message, or "" when the manager may be set."""
    if manager_id == person_id:
        return "A person cannot be their own manager"
    manager = session.get(Person, manager_id)
    if manager is None:
        return "This manager is not in the directory"
    seen, cursor = {manager_id}, manager.manager_id
    while cursor is not None and person_id is not None:  # no loops in the reporting line
        if cursor == person_id:
            return f"{manager.name} reports to this person: choose someone else"
        if cursor in seen:
            break
        seen.add(cursor)
        above = session.get(Person, cursor)
        cursor = above.manager_id if above else None
    return ""


def clean_person(session: Session, data: dict[str, Any], person_id: int | None = None) -> dict[str, Any]:
    """The fields as they will be stored, or ValidationError with one message per field."""
    errors: dict[str, str] = {}
    text = {key: str(data.get(key) or "").strip() for key in PERSON_LIMITS}
    for key, limit in PERSON_LIMITS.items():
        if "\x00" in text[key]:  # PostgreSQL refuses NUL in text: a field message, never a 500
            errors[key] = bounds.CONTROL
        elif len(text[key]) > limit:
            errors[key] = f"At most {limit} characters"
    if not text["name"]:
        errors["name"] = "Name is required"
    email = text["email"]
    if email and "email" not in errors:
        try:
            email = emails.normalized(email)
        except ValueError:
            errors["email"] = emails.INVALID
        else:
            if _taken(session, Person.email, email, person_id):
                errors["email"] = f"{email} is already in the directory"
    username = text["username"].lower()
    if username and "username" not in errors and _taken(session, Person.username, username, person_id):
        errors["username"] = f"The username {username} already belongs to someone else"
    employee_id = text["employee_id"]
    if employee_id and "employee_id" not in errors and _taken(session, Person.employee_id, employee_id, person_id):
        errors["employee_id"] = f"The employee id {employee_id} already belongs to someone else"
    status = str(data.get("status") or PersonStatus.ACTIVE.value).strip().lower()
    if status not in {s.value for s in PersonStatus}:
        errors["status"] = STATUS_MESSAGE
    manager_id = data.get("manager_id")
    if manager_id in ("", None):
        manager_id = None
    elif isinstance(manager_id, bool) or not isinstance(manager_id, int) or not 0 < manager_id < 2**31:
        errors["manager_id"] = "This manager is not in the directory"
    elif message := _manager_ok(session, manager_id, person_id):
        errors["manager_id"] = message
    if errors:
        raise ValidationError(errors)
    return {
        "name": text["name"],
        "email": email or None,
        "username": username or None,
        "employee_id": employee_id or None,
        "department": text["department"],
        "location": text["location"],
        "manager_id": manager_id,
        "status": status,
    }


def create_person(
    session: Session,
    actor: str,
    *,
    name: str,
    email: str | None = None,
    department: str = "",
    location: str = "",
    status: str = PersonStatus.ACTIVE.value,
    username: str | None = None,
    employee_id: str | None = None,
    manager_id: int | None = None,
) -> Person:
    fields = clean_person(
        session,
        {
            "name": name,
            "email": email,
            "department": department,
            "location": location,
            "status": status,
            "username": username,
            "employee_id": employee_id,
            "manager_id": manager_id,
        },
    )
    person = Person(**fields)
    if person.status == PersonStatus.OFFBOARDED.value:
        person.archived_at = utcnow()
    session.add(person)
    session.flush()
    audit_log.record(
        session, actor, "create", "person", person.id, {k: v for k, v in fields.items() if v not in (None, "")}
    )
    return person


def update_person(session: Session, actor: str, person_id: int, data: dict[str, Any]) -> dict[str, list]:
    """Edit a person's details; returns the changes ({field: [before, after]}). A status
    change goes through deactivate / reactivate, so the offboarding policy always runs."""
    person = lock_row(session, Person, person_id)
    if person is None:
        raise NotFound("This person does not exist")
    fields = clean_person(session, {k: data.get(k, getattr(person, k)) for k in PERSON_FIELDS}, person_id)
    status = fields.pop("status")
    changes = {k: [getattr(person, k), v] for k, v in fields.items() if getattr(person, k) != v}
    for key, (_, after) in changes.items():
        setattr(person, key, after)
    if changes:
        session.add(person)
        session.flush()
        audit_log.record(session, actor, "update", "person", person_id, changes)
    if status != person.status:
        before = person.status
        if status == PersonStatus.OFFBOARDED.value:
            person_status.deactivate(session, actor, person_id)
        elif before == PersonStatus.OFFBOARDED.value and status == PersonStatus.ACTIVE.value:
            person_status.reactivate(session, actor, person_id)
        else:
            person_status.set_status(session, actor, person_id, status)
        changes["status"] = [before, status]
    return changes


def search_people(session: Session, term: str, limit: int = 10) -> list[PersonOption]:
    """Active people matching a name or email, for the assignee picker."""
    stmt = select(Person).where(Person.status != PersonStatus.OFFBOARDED.value)
    if term.strip():
        like = f"%{term.strip().lower()[:200]}%"
        stmt = stmt.where(or_(func.lower(Person.name).like(like), func.lower(Person.email).like(like)))
    stmt = stmt.order_by(func.lower(Person.name)).limit(max(1, min(limit, 50)))
    return [PersonOption(p.id, p.name, p.email or "", p.department) for p in session.exec(stmt)]


def create_device(
    session: Session,
    actor: str,
    *,
    name: str,
    hostname: str = "",
    os: str = "",
    owner_id: int | None = None,
    serial: str = "",
    location: str = "",
) -> Device:
    """Kept for its callers; the device rules live in devices.py."""
    return devices.add_device(
        session,
        actor,
        {"name": name, "hostname": hostname, "os": os, "owner_id": owner_id, "serial": serial, "location": location},
    )
