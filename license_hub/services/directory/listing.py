"""The people and devices directories, and the profiles behind them.

Both lists page, search and sort in SQL with whitelisted sort keys. Seat counts for
a page come from one grouped query over that page's ids; only a sort by seat count
needs the count for everyone, and then it is a single grouped join. A profile is
the holder plus every active seat they hold across licenses — what offboarding and
"who has what" questions start from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from license_hub.models import Assignment, CatalogEntry, Device, License, Person
from license_hub.models.enums import PersonStatus
from license_hub.services.core import secrets
from license_hub.services.core.errors import NotFound, ValidationError

MAX_PAGE = 200
Manager = aliased(Person, name="manager")
Owner = aliased(Person, name="owner")


def like_contains(term: str) -> str:
    """A LIKE pattern (escape "\\") matching text that contains `term`, its wildcards literal.
    Every directory-style search (people, devices, a license's seat holders) uses it."""
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _matcher(session: Session, term: str):
    pattern = like_contains(term)
    if session.get_bind().dialect.name == "sqlite":  # SQLite's LIKE ignores ASCII case already
        return lambda col: col.like(pattern, escape="\\")
    return lambda col: col.ilike(pattern, escape="\\")


def _page(offset: int, limit: int) -> tuple[int, int]:
    return max(int(offset), 0), max(1, min(int(limit), MAX_PAGE))


def _seat_counts(session: Session, column, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    stmt = (
        select(column, func.count(Assignment.id))
        .where(column.in_(ids), Assignment.revoked_at.is_(None))
        .group_by(column)
    )
    return {key: int(n) for key, n in session.exec(stmt)}


def _count_subquery(column):
    return (
        select(column.label("holder_id"), func.count(Assignment.id).label("n"))
        .where(column.is_not(None), Assignment.revoked_at.is_(None))
        .group_by(column)
        .subquery()
    )


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    email: str
    department: str
    location: str
    manager_id: int | None
    manager: str
    status: str
    last_sign_in_at: datetime | None
    active_seats: int


PEOPLE_SORTS = {
    "name": lambda n: func.lower(Person.name),
    "email": lambda n: func.lower(Person.email),
    "department": lambda n: func.lower(Person.department),
    "location": lambda n: func.lower(Person.location),
    "manager": lambda n: func.lower(Manager.name),
    "status": lambda n: Person.status,
    "last_sign_in": lambda n: Person.last_sign_in_at,
    "seats": lambda n: func.coalesce(n, 0),
}


def list_people(
    session: Session,
    *,
    search: str = "",
    status: str = "",
    department: str = "",
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 50,
) -> tuple[tuple[PersonRow, ...], int]:
    if status and status not in {s.value for s in PersonStatus}:
        raise ValidationError({"status": "Choose active, inactive or offboarded"})
    sort = sort if sort in PEOPLE_SORTS else "name"
    offset, limit = _page(offset, limit)
    stmt = select(
        Person.id,
        Person.name,
        Person.email,
        Person.department,
        Person.location,
        Person.manager_id,
        Manager.name,
        Person.status,
        Person.last_sign_in_at,
    ).outerjoin(Manager, Manager.id == Person.manager_id)
    if status:
        stmt = stmt.where(Person.status == status)
    if department.strip():
        stmt = stmt.where(func.lower(Person.department) == department.strip().lower())
    if search.strip():
        match = _matcher(session, search.strip()[:200])
        stmt = stmt.where(
            or_(match(Person.name), match(Person.email), match(Person.department), match(Person.location))
        )
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    counts = None
    if sort == "seats":
        counts = _count_subquery(Assignment.person_id)
        stmt = stmt.outerjoin(counts, counts.c.holder_id == Person.id)
    key = PEOPLE_SORTS[sort](counts.c.n if counts is not None else None)
    stmt = stmt.order_by((key.desc() if descending else key.asc()).nulls_last(), Person.id)
    rows = list(session.exec(stmt.offset(offset).limit(limit)))
    seat_counts = _seat_counts(session, Assignment.person_id, [r[0] for r in rows])
    return tuple(
        PersonRow(pid, name, email or "", dept, loc, mgr_id, mgr or "", st, signin, seat_counts.get(pid, 0))
        for pid, name, email, dept, loc, mgr_id, mgr, st, signin in rows
    ), int(total)


# -------------------------------------------------------------------------- devices


@dataclass(frozen=True)
class DeviceRow:
    id: int
    name: str
    hostname: str
    owner_id: int | None
    owner: str
    os: str
    active_seats: int


DEVICE_SORTS = {
    "name": lambda n: func.lower(Device.name),
    "hostname": lambda n: func.lower(Device.hostname),
    "owner": lambda n: func.lower(Owner.name),
    "os": lambda n: func.lower(Device.os),
    "seats": lambda n: func.coalesce(n, 0),
}


def list_devices(
    session: Session,
    *,
    search: str = "",
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 50,
    archived: bool = False,
) -> tuple[tuple[DeviceRow, ...], int]:
    sort = sort if sort in DEVICE_SORTS else "name"
    offset, limit = _page(offset, limit)
    stmt = (
        select(Device.id, Device.name, Device.hostname, Device.owner_id, Owner.name, Device.os)
        .outerjoin(Owner, Owner.id == Device.owner_id)
        .where(Device.archived_at.is_not(None) if archived else Device.archived_at.is_(None))
    )
    if search.strip():
        match = _matcher(session, search.strip()[:200])
        stmt = stmt.where(or_(match(Device.name), match(Device.hostname), match(Owner.name), match(Device.os)))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    counts = None
    if sort == "seats":
        counts = _count_subquery(Assignment.device_id)
        stmt = stmt.outerjoin(counts, counts.c.holder_id == Device.id)
    key = DEVICE_SORTS[sort](counts.c.n if counts is not None else None)
    stmt = stmt.order_by((key.desc() if descending else key.asc()).nulls_last(), Device.id)
    rows = list(session.exec(stmt.offset(offset).limit(limit)))
    seat_counts = _seat_counts(session, Assignment.device_id, [r[0] for r in rows])
    return tuple(
        DeviceRow(did, name, host, owner_id, owner or "", os_, seat_counts.get(did, 0))
        for did, name, host, owner_id, owner, os_ in rows
    ), int(total)


# ------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class ProfileSeat:
    assignment_id: int
    license_id: int
    software: str
    license_name: str
    activated_on: date | None
    assigned_at: datetime
    last_used_at: datetime | None
    seat_key_masked: str
    device: str


@dataclass(frozen=True)
class PersonProfile:
    id: int
    name: str
    email: str
    department: str
    location: str
    manager_id: int | None
    manager: str
    status: str
    last_sign_in_at: datetime | None
    created_at: datetime
    archived_at: datetime | None
    seats: tuple[ProfileSeat, ...]
    username: str = ""
    employee_id: str = ""

    @property
    def offboarded(self) -> bool:
        return self.status == PersonStatus.OFFBOARDED.value


@dataclass(frozen=True)
class DeviceProfile:
    id: int
    name: str
    hostname: str
    os: str
    owner_id: int | None
    owner: str
    created_at: datetime
    archived_at: datetime | None
    seats: tuple[ProfileSeat, ...]
    serial: str = ""
    location: str = ""


def _active_seats(session: Session, where) -> tuple[ProfileSeat, ...]:
    stmt = (
        select(
            Assignment.id,
            License.id,
            CatalogEntry.name,
            License.name,
            Assignment.activated_on,
            Assignment.assigned_at,
            Assignment.last_used_at,
            Assignment.seat_key_cipher.is_not(None),
            Assignment.seat_key_hint,
            func.coalesce(Device.name, Assignment.device_name),
        )
        .join(License, License.id == Assignment.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .outerjoin(Device, Device.id == Assignment.device_id)
        .where(where, Assignment.revoked_at.is_(None))
        .order_by(func.lower(CatalogEntry.name), License.id, Assignment.id)
    )
    return tuple(
        ProfileSeat(aid, lid, software, lname, activated, assigned, used, secrets.mask(bool(has), hint), device or "")
        for aid, lid, software, lname, activated, assigned, used, has, hint, device in session.exec(stmt)
    )


def person_profile(session: Session, person_id: int) -> PersonProfile:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("This person does not exist")
    manager = session.get(Person, person.manager_id) if person.manager_id else None
    return PersonProfile(
        person.id,
        person.name,
        person.email or "",
        person.department,
        person.location,
        person.manager_id,
        manager.name if manager else "",
        person.status,
        person.last_sign_in_at,
        person.created_at,
        person.archived_at,
        _active_seats(session, Assignment.person_id == person_id),
        person.username or "",
        person.employee_id or "",
    )


def device_profile(session: Session, device_id: int) -> DeviceProfile:
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound("This device does not exist")
    owner = session.get(Person, device.owner_id) if device.owner_id else None
    return DeviceProfile(
        device.id,
        device.name,
        device.hostname,
        device.os,
        device.owner_id,
        owner.name if owner else "",
        device.created_at,
        device.archived_at,
        _active_seats(session, Assignment.device_id == device_id),
        device.serial,
        device.location,
    )
