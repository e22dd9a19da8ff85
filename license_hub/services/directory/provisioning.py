"""SCIM users: what an identity provider creates, replaces and deprovisions.

A SCIM user is a person with a linked identity (userName, externalId, ...); its
SCIM id is the person's id. Creating a user whose work email is already in the
directory (from a CSV import, say) links that person instead of refusing, so a
provider can take over an existing directory. PATCH is applied to the user's JSON
form and read back as a full replacement (scim_patch), so PUT and PATCH share one
reading with the column bounds of both databases. Deactivation and DELETE go
through the leavers policy; DELETE also unlinks the identity (a soft deprovision:
the person and their history stay).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import GroupMember, Person, ScimIdentity
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.directory import leavers, scim_filter
from license_hub.services.directory.scim_filter import ENTERPRISE, Attr

USER_NOT_FOUND = "This user does not exist"
MAX_PAGE = 200


class Conflict(DomainError):
    """A unique attribute (userName, email, displayName) is taken: 409 uniqueness."""


@dataclass(frozen=True)
class UserData:
    user_name: str
    active: bool
    external_id: str | None = None
    full_name: str = ""  # the directory's name: displayName, else the name parts, else userName
    display_name: str = ""
    given_name: str = ""
    family_name: str = ""
    email: str | None = None
    title: str = ""
    department: str = ""
    employee_number: str = ""
    manager_id: int | None = None


@dataclass(frozen=True)
class ScimUser:
    id: int
    user_name: str
    external_id: str | None
    active: bool
    display_name: str
    given_name: str
    family_name: str
    email: str | None
    title: str
    department: str
    employee_number: str
    manager_id: int | None
    created_at: datetime
    updated_at: datetime


def _get(data: dict, name: str) -> Any:
    for key, value in data.items():
        if isinstance(key, str) and key.lower() == name.lower():
            return value
    return None


def _text(errors: dict, field: str, value: Any, limit: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        errors[field] = f"{field} must be a string"
        return ""
    text = str(value).strip()
    if "\x00" in text:
        errors[field] = f"{field} contains a NUL character"
    elif len(text) > limit:
        errors[field] = f"{field} is at most {limit} characters"
    elif required and not text:
        errors[field] = f"{field} is required"
    return text


def as_bool(value: Any) -> bool | None:
    """SCIM booleans, and the strings "True"/"False" Entra ID sends."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _work_email(emails: Any) -> Any:
    if not isinstance(emails, list) or not emails:
        return None
    items = [e for e in emails if isinstance(e, dict)]
    for pick in (
        lambda e: str(_get(e, "type") or "").lower() == "work",
        lambda e: as_bool(_get(e, "primary")),
        lambda e: True,
    ):
        for item in items:
            if pick(item):
                return _get(item, "value")
    return None


def read_user(data: Any, *, active_default: bool) -> UserData:
    """A user's attributes from its JSON form, checked against the column bounds."""
    if not isinstance(data, dict):
        raise ValidationError({"body": "The request body must be a JSON object"})
    errors: dict[str, str] = {}
    user_name = _text(errors, "userName", _get(data, "userName"), 254, required=True)
    external_id = _text(errors, "externalId", _get(data, "externalId"), 255) or None
    raw_active = _get(data, "active")
    active = as_bool(raw_active) if raw_active is not None else active_default
    if active is None:
        errors["active"] = "active must be true or false"
    name = _get(data, "name") if isinstance(_get(data, "name"), dict) else {}
    given = _text(errors, "name.givenName", _get(name, "givenName"), 100)
    family = _text(errors, "name.familyName", _get(name, "familyName"), 100)
    formatted = _text(errors, "name.formatted", _get(name, "formatted"), 200)
    display = _text(errors, "displayName", _get(data, "displayName"), 200)
    email = _text(errors, "emails", _work_email(_get(data, "emails")), 254).lower() or None
    if email and ("@" not in email or any(c.isspace() for c in email)):
        errors["emails"] = "Enter a valid email address"
    title = _text(errors, "title", _get(data, "title"), 100)
    ext = _get(data, ENTERPRISE)
    ext = ext if isinstance(ext, dict) else {}
    department = _text(errors, "department", _get(ext, "department"), 100)
    employee_number = _text(errors, "employeeNumber", _get(ext, "employeeNumber"), 64)
    manager = _get(ext, "manager")
    manager = _get(manager, "value") if isinstance(manager, dict) else manager
    manager_id = None
    if manager not in (None, ""):
        text = str(manager).strip()
        manager_id = int(text) if text.isdigit() and 0 < int(text) < 2**31 else None
    if errors:
        raise ValidationError(errors)
    full = display or formatted or " ".join(p for p in (given, family) if p) or user_name
    return UserData(
        user_name,
        bool(active),
        external_id,
        full[:200],
        display,
        given,
        family,
        email,
        title,
        department,
        employee_number,
        manager_id,
    )


USER_ATTRS: dict[str, Attr] = {
    "id": Attr(Person.id, kind="integer"),
    "username": Attr(ScimIdentity.user_name_key),
    "externalid": Attr(ScimIdentity.external_id, case_exact=True),
    "displayname": Attr(Person.name),
    "name.givenname": Attr(ScimIdentity.given_name),
    "name.familyname": Attr(ScimIdentity.family_name),
    "title": Attr(ScimIdentity.title),
    "emails": Attr(Person.email),
    "emails.value": Attr(Person.email),
    "emails.type": Attr(
        condition=lambda op, raw: scim_filter.true() if (raw or "").lower() == "work" else scim_filter.false()
    ),
    "emails.primary": Attr(condition=lambda op, raw: scim_filter.true()),
    "active": Attr(condition=lambda op, raw: _active_condition(op, raw)),
    f"{ENTERPRISE}:department".lower(): Attr(Person.department),
    f"{ENTERPRISE}:employeenumber".lower(): Attr(ScimIdentity.employee_number),
    f"{ENTERPRISE}:manager.value".lower(): Attr(Person.manager_id, kind="integer"),
    "meta.created": Attr(ScimIdentity.created_at, case_exact=True),
    "meta.lastmodified": Attr(ScimIdentity.updated_at, case_exact=True),
}


def _active_condition(op: str, raw: str | None):
    value = as_bool(raw)
    if op not in ("eq", "ne") or value is None:
        raise scim_filter.InvalidFilter("Compare active with eq or ne and true or false")
    is_active = Person.status != PersonStatus.OFFBOARDED.value
    return is_active if (op == "eq") == value else ~is_active


def _view(person: Person, ident: ScimIdentity) -> ScimUser:
    return ScimUser(
        person.id,
        ident.user_name,
        ident.external_id,
        person.status != PersonStatus.OFFBOARDED.value,
        ident.display_name,
        ident.given_name,
        ident.family_name,
        person.email,
        ident.title,
        person.department,
        ident.employee_number,
        person.manager_id,
        ident.created_at,
        ident.updated_at,
    )


def _base():
    return select(Person, ScimIdentity).join(ScimIdentity, ScimIdentity.person_id == Person.id)


def get_user(session: Session, person_id: int) -> ScimUser:
    row = session.exec(_base().where(Person.id == person_id)).first() if 0 < person_id < 2**31 else None
    if row is None:
        raise NotFound(USER_NOT_FOUND)
    return _view(*row)


def list_users(
    session: Session, filter_text: str = "", start_index: int = 1, count: int = 100
) -> tuple[list[ScimUser], int]:
    """A page of users (1-based start index, as SCIM counts) and the total matching."""
    stmt = _base()
    if filter_text and filter_text.strip():
        stmt = stmt.where(scim_filter.parse(filter_text, USER_ATTRS))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    count = max(0, min(count, MAX_PAGE))
    if count == 0:
        return [], int(total)
    rows = session.exec(stmt.order_by(Person.id).offset(max(start_index, 1) - 1).limit(count)).all()
    return [_view(p, i) for p, i in rows], int(total)


def _check_unique(session: Session, data: UserData, person_id: int | None) -> Person | None:
    """Refuse a userName or email another user holds; return an unlinked person with the email."""
    other = session.exec(
        select(ScimIdentity.person_id).where(ScimIdentity.user_name_key == data.user_name.lower())
    ).first()
    if other is not None and other != person_id:
        raise Conflict(f"userName {data.user_name} is already taken")
    if not data.email:
        return None
    holder = session.exec(select(Person).where(Person.email == data.email)).first()
    if holder is None or holder.id == person_id:
        return None
    if person_id is not None or session.get(ScimIdentity, holder.id) is not None:
        raise Conflict(f"{data.email} already belongs to another user")
    return holder


def _manager(session: Session, data: UserData, person_id: int | None) -> int | None:
    mid = data.manager_id
    if mid is None or mid == person_id or session.get(Person, mid) is None:
        return None
    return mid


def _write(session: Session, person: Person, ident: ScimIdentity, data: UserData) -> dict:
    changes: dict[str, list] = {}
    for obj, field, value in (
        (person, "name", data.full_name),
        (ident, "display_name", data.display_name),
        (person, "email", data.email),
        (person, "department", data.department),
        (person, "manager_id", _manager(session, data, person.id)),
        (ident, "user_name", data.user_name),
        (ident, "user_name_key", data.user_name.lower()),
        (ident, "external_id", data.external_id),
        (ident, "given_name", data.given_name),
        (ident, "family_name", data.family_name),
        (ident, "title", data.title),
        (ident, "employee_number", data.employee_number),
    ):
        if getattr(obj, field) != value:
            changes[field] = [getattr(obj, field), value]
            setattr(obj, field, value)
    if changes:
        ident.updated_at = utcnow()
    session.add(person)
    session.add(ident)
    return changes


def create_user(session: Session, actor: str, data: UserData) -> ScimUser:
    existing = _check_unique(session, data, None)
    person = existing or Person(name=data.full_name, status=PersonStatus.ACTIVE.value)
    if existing is None:
        session.add(person)
        session.flush()
        audit_log.record(session, actor, "create", "person", person.id, {"name": person.name, "via": "scim"})
    ident = ScimIdentity(person_id=person.id, user_name=data.user_name, user_name_key=data.user_name.lower())
    changes = _write(session, person, ident, data)
    session.flush()
    audit_log.record(session, actor, "scim_link", "person", person.id, {"userName": data.user_name, **changes})
    _set_active(session, actor, person.id, data.active)
    return get_user(session, person.id)


def replace_user(session: Session, actor: str, person_id: int, data: UserData) -> ScimUser:
    """A full replacement: whatever the body leaves out is cleared, and a missing active deactivates."""
    person = lock_row(session, Person, person_id) if 0 < person_id < 2**31 else None
    ident = session.get(ScimIdentity, person_id) if person is not None else None
    if person is None or ident is None:
        raise NotFound(USER_NOT_FOUND)
    _check_unique(session, data, person_id)
    changes = _write(session, person, ident, data)
    session.flush()
    if changes:
        audit_log.record(session, actor, "scim_update", "person", person_id, changes)
    _set_active(session, actor, person_id, data.active)
    return get_user(session, person_id)


def _set_active(session: Session, actor: str, person_id: int, active: bool) -> None:
    person = session.get(Person, person_id)
    gone = person is not None and person.status == PersonStatus.OFFBOARDED.value
    if not active and not gone:
        leavers.deactivate_person(session, actor, person_id)
    elif active and gone:
        leavers.reactivate_person(session, actor, person_id)


def delete_user(session: Session, actor: str, person_id: int) -> None:
    """Soft deprovision: offboard, leave every group, unlink the identity; the person stays."""
    person = lock_row(session, Person, person_id) if 0 < person_id < 2**31 else None
    ident = session.get(ScimIdentity, person_id) if person is not None else None
    if person is None or ident is None:
        raise NotFound(USER_NOT_FOUND)
    leavers.deactivate_person(session, actor, person_id)
    from license_hub.services.directory import scim_groups  # groups import this module

    scim_groups.leave_all(session, actor, person_id)
    session.delete(ident)
    session.flush()
    audit_log.record(session, actor, "scim_unlink", "person", person_id, {"userName": ident.user_name})


def member_ids(session: Session, person_id: int) -> list[int]:
    """The groups a user belongs to (the User resource's read-only groups attribute)."""
    return list(session.exec(select(GroupMember.group_id).where(GroupMember.person_id == person_id)).all())
