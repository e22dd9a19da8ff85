"""Administering who may use License Hub, and reading the trail they leave.

The Settings → Users page lists users and roles, invites someone with a
temporary password handed over once, and changes roles and access — with the
rule that an admin can never lock themselves out (deactivate their own account
or take away their own Admin role). The audit log page and a license's Activity
tab read the trail through the helpers at the bottom: the object types and
actors to filter by, names for the objects events point at, and a license's
history including the seats issued from it.
"""

from __future__ import annotations

import secrets as pysecrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from license_hub.models import AppUser, Assignment, AuditEvent, CatalogEntry, Device, License, Person, Role
from license_hub.services.access import accounts as access
from license_hub.services.audit.audit_query import EventRow
from license_hub.services.core.errors import DomainError, NotFound

OWN_ACCOUNT = "You cannot deactivate your own account. Ask another admin to do it."
OWN_ADMIN_ROLE = "You cannot remove your own Admin role. Ask another admin to change it."
# No look-alike characters (0/O, 1/l/I): the password is read out or typed by hand.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


@dataclass(frozen=True)
class UserRow:
    id: int
    email: str
    name: str
    role: str
    active: bool
    must_change_password: bool
    last_sign_in_at: datetime | None
    created_at: datetime | None


@dataclass(frozen=True)
class RoleRow:
    id: int
    name: str
    built_in: bool
    permissions: tuple[str, ...]
    users: int


def list_users(session: Session, limit: int = 500) -> list[UserRow]:
    """Everyone who can (or could) sign in: active accounts first, then by name."""
    stmt = (
        select(AppUser, Role.name)
        .join(Role, Role.id == AppUser.role_id)
        .order_by(AppUser.active.desc(), func.lower(AppUser.name), AppUser.email)
        .limit(limit)
    )
    return [
        UserRow(u.id, u.email, u.name, role, u.active, u.must_change_password, u.last_sign_in_at, u.created_at)
        for u, role in session.exec(stmt)
    ]


def list_roles(session: Session) -> list[RoleRow]:
    """Built-in roles in their usual order, then custom roles by name, each with
    its permissions (in the order access.PERMISSIONS lists them) and active users."""
    counts = dict(
        session.exec(
            select(AppUser.role_id, func.count(AppUser.id)).where(AppUser.active).group_by(AppUser.role_id)
        ).all()
    )
    order = list(access.PERMISSIONS)
    rows = []
    for role in session.exec(select(Role)):
        perms = tuple(sorted(set(role.permissions.split()) & set(order), key=order.index))
        rows.append(RoleRow(role.id, role.name, role.built_in, perms, int(counts.get(role.id, 0))))

    def rank(r: RoleRow) -> tuple:
        built = access.BUILT_IN_ROLES
        return (0, built.index(r.name), "") if r.name in built else (1, 0, r.name.lower())

    return sorted(rows, key=rank)


def temporary_password(groups: int = 4, size: int = 4) -> str:
    """A strong one-time password in readable groups (about 94 bits with the defaults)."""
    return "-".join("".join(pysecrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def new_temporary() -> tuple[str, access.NewPassword]:
    """A temporary password and its hash. Slow: make it before the write transaction
    that invites (and in a thread when on an event loop)."""
    password = temporary_password()
    return password, access.new_password(password)


def invite_user(
    session: Session,
    actor: access.Principal,
    *,
    email: str,
    name: str,
    role: str,
    temporary: tuple[str, access.NewPassword] | None = None,
) -> tuple[AppUser, str]:
    """Create an account with a temporary password the admin hands over; the user
    must choose their own at first sign-in. The password is returned once, never stored."""
    password, hashed = temporary or new_temporary()
    user = access.create_user(
        session,
        actor.email,
        email=email,
        password=hashed,
        role=role,
        name=name,
        must_change_password=True,
        expires_in=access.TEMPORARY_PASSWORD_LIFE,
    )
    return user, password


def change_role(session: Session, actor: access.Principal, user_id: int, role: str) -> AppUser:
    """access.set_role, refusing to let an admin take away their own admin rights."""
    new_role = access.role_by_name(session, role)
    if user_id == actor.user_id and "admin" not in new_role.permissions.split():
        raise DomainError(OWN_ADMIN_ROLE)
    return access.set_role(session, actor.email, user_id, new_role.name)


def set_active(session: Session, actor: access.Principal, user_id: int, active: bool) -> AppUser:
    """Deactivate (signing the user out everywhere) or reactivate — never yourself."""
    if user_id == actor.user_id and not active:
        raise DomainError(OWN_ACCOUNT)
    if session.get(AppUser, user_id) is None:
        raise NotFound("No such user")
    return access.set_active(session, actor.email, user_id, active)


# --- reading the trail -------------------------------------------------------


def object_types(session: Session) -> list[str]:
    return sorted(t for t in session.exec(select(AuditEvent.object_type).distinct()).all() if t)


def actors(session: Session, limit: int = 200) -> list[str]:
    """The most active actors first, for the actor filter's suggestions."""
    stmt = (
        select(AuditEvent.actor)
        .group_by(AuditEvent.actor)
        .order_by(func.count(AuditEvent.id).desc(), AuditEvent.actor)
        .limit(limit)
    )
    return [a for a in session.exec(stmt).all() if a]


def object_names(session: Session, refs: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """Readable names for the objects a page of events points at (one query per
    type). Objects that are gone keep no name; the caller shows "<type> #id"."""
    ids: dict[str, set[int]] = {}
    for kind, oid in refs:
        ids.setdefault(kind, set()).add(oid)
    names: dict[tuple[str, int], str] = {}
    if ids.get("license"):
        stmt = (
            select(License.id, License.name, CatalogEntry.name)
            .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
            .where(License.id.in_(ids["license"]))
        )
        names.update({("license", i): n or software for i, n, software in session.exec(stmt)})
    simple = {
        "user": (AppUser.id, AppUser.email),
        "person": (Person.id, Person.name),
        "device": (Device.id, Device.name),
        "catalog_entry": (CatalogEntry.id, CatalogEntry.name),
        "role": (Role.id, Role.name),
    }
    for kind, (id_col, name_col) in simple.items():
        if ids.get(kind):
            names.update({(kind, i): n for i, n in session.exec(select(id_col, name_col).where(id_col.in_(ids[kind])))})
    if ids.get("assignment"):
        names.update({("assignment", i): h for i, h in seat_holders(session, ids["assignment"]).items()})
    return names


def seat_holders(session: Session, assignment_ids: set[int]) -> dict[int, str]:
    """Who or what each seat was issued to: the person, the device, or the free-text names."""
    stmt = (
        select(Assignment.id, Person.name, Device.name, Assignment.assignee_name, Assignment.device_name)
        .outerjoin(Person, Person.id == Assignment.person_id)
        .outerjoin(Device, Device.id == Assignment.device_id)
        .where(Assignment.id.in_(assignment_ids))
    )
    return {
        i: person or assignee or device or device_name or ""
        for i, person, device, assignee, device_name in session.exec(stmt)
    }


@dataclass(frozen=True)
class ActivityRow:
    event: EventRow
    subject: str  # for seat events: who held the seat


REVEAL_ACTIONS = ("reveal_key", "reveal_keys")


def license_activity(
    session: Session, license_id: int, limit: int = 50, detailed: bool = False
) -> tuple[list[ActivityRow], int]:
    """A license's Activity tab: events on the license itself and on the seats
    issued from it (assign, reclaim), newest first; and how many there are.
    Key reveals and field-level changes belong to the audit trail: only a
    `detailed` reader (the audits permission) sees them; others see who did what, when."""
    seat_ids = select(Assignment.id).where(Assignment.license_id == license_id)
    where = or_(
        and_(AuditEvent.object_type == "license", AuditEvent.object_id == license_id),
        and_(AuditEvent.object_type == "assignment", AuditEvent.object_id.in_(seat_ids)),
    )
    if not detailed:
        where = and_(where, AuditEvent.action.not_in(REVEAL_ACTIONS))
    total = session.execute(select(func.count(AuditEvent.id)).where(where)).scalar_one()
    events = session.exec(
        select(AuditEvent).where(where).order_by(AuditEvent.seq.desc()).limit(max(1, min(limit, 500)))
    ).all()
    holders = seat_holders(session, {e.object_id for e in events if e.object_type == "assignment"})
    rows = [
        ActivityRow(
            EventRow(
                e.seq,
                e.occurred_at.isoformat(),
                e.actor,
                e.action,
                e.object_type,
                e.object_id,
                e.diff if detailed else "{}",
                e.prev_hash,
                e.hash,
            ),
            holders.get(e.object_id, "") if e.object_type == "assignment" else "",
        )
        for e in events
    ]
    return rows, int(total)
