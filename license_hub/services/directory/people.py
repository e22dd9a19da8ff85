"""People and devices: who and what can hold a seat."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from license_hub.models import Device, Person
from license_hub.models.enums import PersonStatus
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import ValidationError


@dataclass(frozen=True)
class PersonOption:
    id: int
    name: str
    email: str
    department: str


def create_person(
    session: Session,
    actor: str,
    *,
    name: str,
    email: str | None = None,
    department: str = "",
    location: str = "",
    status: str = PersonStatus.ACTIVE.value,
) -> Person:
    name, email = (name or "").strip(), (email or "").strip().lower() or None
    errors = {}
    if not name:
        errors["name"] = "Name is required"
    if email and ("@" not in email or len(email) > 254):
        errors["email"] = "Enter a valid email address"
    elif email and session.exec(select(Person.id).where(Person.email == email)).first():
        errors["email"] = f"{email} is already in the directory"
    if status not in {s.value for s in PersonStatus}:
        errors["status"] = "Choose active, inactive or offboarded"
    if errors:
        raise ValidationError(errors)
    person = Person(
        name=name[:200],
        email=email,
        department=department.strip()[:100],
        location=location.strip()[:100],
        status=status,
    )
    session.add(person)
    session.flush()
    audit_log.record(session, actor, "create", "person", person.id, {"name": person.name, "email": email})
    return person


def create_device(
    session: Session, actor: str, *, name: str, hostname: str = "", os: str = "", owner_id: int | None = None
) -> Device:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Name is required"})
    device = Device(name=name[:200], hostname=hostname.strip()[:200], os=os.strip()[:100], owner_id=owner_id)
    session.add(device)
    session.flush()
    audit_log.record(session, actor, "create", "device", device.id, {"name": device.name})
    return device


def search_people(session: Session, term: str, limit: int = 10) -> list[PersonOption]:
    """Active people matching a name or email, for the assignee picker."""
    stmt = select(Person).where(Person.status != PersonStatus.OFFBOARDED.value)
    if term.strip():
        like = f"%{term.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Person.name).like(like), func.lower(Person.email).like(like)))
    stmt = stmt.order_by(func.lower(Person.name)).limit(max(1, min(limit, 50)))
    return [PersonOption(p.id, p.name, p.email or "", p.department) for p in session.exec(stmt)]
