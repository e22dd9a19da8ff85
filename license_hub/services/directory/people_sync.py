"""A people CSV that keeps the directory in step: rows matched to someone already
there (by email, else by employee id) update them, the others are added, and
people absent from the file can be deactivated (through the offboarding policy).

The plan (a dry run) says what would happen, row by row, and writes nothing; the
import re-plans under the same transaction and applies all of it or none. A cell
left empty, or a column the file does not have, leaves that field as it is, so a
partial export never blanks the directory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from license_hub.models import Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.directory import person_status
from license_hub.services.directory.directory_import import (
    _EMAIL,
    _STATUSES,
    ImportRejected,
    RowError,
    _check_length,
    _read,
    _reject_if,
    _sign_in,
)

COLUMNS = (
    "name",
    "email",
    "employee_id",
    "username",
    "department",
    "location",
    "manager_email",
    "status",
    "last_sign_in",
)
LIMITS = {"name": 200, "email": 254, "employee_id": 50, "username": 100, "department": 100, "location": 100}
UPDATABLE = ("name", "email", "employee_id", "username", "department", "location")
OFFBOARDED = PersonStatus.OFFBOARDED.value


@dataclass(frozen=True)
class PlannedRow:
    row: int  # the spreadsheet row (0 for someone absent from the file)
    person_id: int | None  # None for a new person
    name: str
    email: str
    changes: tuple[str, ...] = ()  # the fields an update changes


@dataclass
class SyncPlan:
    rows: int
    new: list[PlannedRow] = field(default_factory=list)
    updated: list[PlannedRow] = field(default_factory=list)
    unchanged: int = 0
    deactivate: list[PlannedRow] = field(default_factory=list)
    applied: bool = False
    created_ids: list[int] = field(default_factory=list)


@dataclass
class _Row:
    row: int
    values: dict[str, str]
    signed_in: datetime | None
    person: Person | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def _directory(session: Session) -> tuple[dict[str, Person], dict[str, Person], dict[str, Person], list[Person]]:
    people = list(session.exec(select(Person)))
    by_email = {p.email.lower(): p for p in people if p.email}
    by_employee = {p.employee_id.lower(): p for p in people if p.employee_id}
    by_username = {p.username.lower(): p for p in people if p.username}
    return by_email, by_employee, by_username, people


def _check_rows(rows: list[tuple[int, dict[str, str]]], errors: list[RowError]) -> list[_Row]:
    now = utcnow()
    out: list[_Row] = []
    seen: dict[str, dict[str, int]] = {"email": {}, "employee_id": {}, "username": {}}
    for row_no, v in rows:
        for col in COLUMNS:
            v.setdefault(col, "")
        for col in ("email", "manager_email", "username", "status"):
            v[col] = v[col].lower()
        if not v["name"]:
            errors.append(RowError(row_no, "name", "name is required"))
        _check_length(errors, row_no, v, LIMITS)
        for col in ("email", "manager_email"):
            if v[col] and not _EMAIL.match(v[col]):
                errors.append(RowError(row_no, col, f"{col} “{v[col]}” is not a valid email address"))
        for col, taken in seen.items():
            key = v[col].lower()
            if key and key in taken:
                errors.append(RowError(row_no, col, f"{col} {v[col]} also appears on row {taken[key]}"))
            elif key:
                taken[key] = row_no
        if v["status"] and v["status"] not in _STATUSES:
            errors.append(RowError(row_no, "status", f"status “{v['status']}” is not one of {', '.join(_STATUSES)}"))
        if v["manager_email"] and v["manager_email"] == v["email"]:
            errors.append(RowError(row_no, "manager_email", "a person cannot be their own manager"))
        out.append(_Row(row_no, v, _sign_in(errors, row_no, v["last_sign_in"], now)))
    return out


def plan(session: Session, data: str | bytes, *, deactivate_absent: bool = False) -> SyncPlan:
    """What importing the file would do; ImportRejected (nothing to apply) when a row is bad."""
    plan_, _ = _plan(session, data, deactivate_absent)
    return plan_


def _plan(session: Session, data: str | bytes, deactivate_absent: bool) -> tuple[SyncPlan, list[_Row]]:
    raw, errors = _read(data, COLUMNS)
    rows = _check_rows(raw, errors)
    by_email, by_employee, by_username, everyone = _directory(session)
    file_emails = {r.values["email"] for r in rows if r.values["email"]}
    for r in rows:
        v = r.values
        a, b = by_email.get(v["email"]), by_employee.get(v["employee_id"].lower())
        if a is not None and b is not None and a.id != b.id:
            errors.append(
                RowError(r.row, "employee_id", f"the email matches {a.name} but the employee id matches {b.name}")
            )
            continue
        r.person = a or b
        owner = by_username.get(v["username"])
        if v["username"] and owner is not None and owner is not r.person:
            errors.append(RowError(r.row, "username", f"the username {v['username']} already belongs to {owner.name}"))
        mgr = v["manager_email"]
        if mgr and mgr not in by_email and mgr not in file_emails:
            errors.append(
                RowError(r.row, "manager_email", f"manager {mgr} is neither in the directory nor in this file")
            )
        if r.person is None:
            continue
        if v["email"] and v["email"] != (r.person.email or "") and v["email"] in by_email:
            errors.append(RowError(r.row, "email", f"{v['email']} is already in the directory"))
        for col in UPDATABLE:
            new = v[col]
            if new and new != (getattr(r.person, col) or ""):
                r.changes[col] = new
        if mgr and (mgr not in by_email or by_email[mgr].id != r.person.manager_id):
            r.changes["manager_id"] = mgr
        if v["status"] and v["status"] != r.person.status:
            r.changes["status"] = v["status"]
        if r.signed_in and r.signed_in != r.person.last_sign_in_at:
            r.changes["last_sign_in_at"] = r.signed_in
    _reject_if(errors, rows)
    result = SyncPlan(len(rows))
    matched = {r.person.id for r in rows if r.person is not None}
    for r in rows:
        v = r.values
        if r.person is None:
            result.new.append(PlannedRow(r.row, None, v["name"], v["email"]))
        elif r.changes:
            names = tuple("manager" if k == "manager_id" else k for k in r.changes if k != "last_sign_in_at")
            result.updated.append(
                PlannedRow(r.row, r.person.id, r.person.name, r.person.email or "", names or ("last sign-in",))
            )
        else:
            result.unchanged += 1
    if deactivate_absent:
        result.deactivate = [
            PlannedRow(0, p.id, p.name, p.email or "")
            for p in sorted(everyone, key=lambda p: (p.name.lower(), p.id))
            if p.id not in matched and p.status != OFFBOARDED
        ]
    return result, rows


def apply(session: Session, actor: str, data: str | bytes, *, deactivate_absent: bool = False) -> SyncPlan:
    """Plan again inside the caller's transaction and apply every part of it."""
    result, rows = _plan(session, data, deactivate_absent)
    now = utcnow()
    fresh = [r for r in rows if r.person is None]
    records = [
        {
            "name": r.values["name"],
            "email": r.values["email"] or None,
            "employee_id": r.values["employee_id"] or None,
            "username": r.values["username"] or None,
            "department": r.values["department"],
            "location": r.values["location"],
            "status": r.values["status"] or PersonStatus.ACTIVE.value,
            "manager_id": None,
            "created_at": now,
            "archived_at": now if r.values["status"] == OFFBOARDED else None,
            "last_sign_in_at": r.signed_in,
        }
        for r in fresh
    ]
    ids = (
        [r[0] for r in session.exec(insert(Person).returning(Person.id, sort_by_parameter_order=True), params=records)]
        if records
        else []
    )
    result.created_ids = ids
    id_by_email = {
        e.lower(): pid for pid, e in session.exec(select(Person.id, Person.email).where(Person.email.is_not(None)))
    }
    for r, pid in zip(fresh, ids):
        if r.values["manager_email"]:
            person = session.get(Person, pid)
            assert person is not None
            person.manager_id = id_by_email.get(r.values["manager_email"])
            session.add(person)
    updates: dict[int, dict[str, list]] = {}
    for r in rows:
        if r.person is None or not r.changes:
            continue
        person, diff = r.person, {}
        for key, value in r.changes.items():
            if key == "status":
                continue
            if key == "manager_id":
                value = id_by_email.get(value)
                if value == person.id:
                    continue
            diff[key] = [getattr(person, key), value]
            setattr(person, key, value)
        session.add(person)
        updates[person.id] = diff
    session.flush()
    for r in rows:  # status changes last: deactivation runs the offboarding policy
        if r.person is not None and "status" in r.changes:
            before = r.person.status
            person_status.set_status(session, actor, r.person.id, r.changes["status"])
            updates.setdefault(r.person.id, {})["status"] = [before, r.changes["status"]]
    for gone in result.deactivate:
        assert gone.person_id is not None
        person_status.deactivate(session, actor, gone.person_id)
    audit_log.record(
        session,
        actor,
        "import",
        "person",
        None,
        {
            "created": ids,
            "updated": {str(k): v for k, v in updates.items()},
            "unchanged": result.unchanged,
            "deactivated": [g.person_id for g in result.deactivate],
        },
    )
    session.flush()
    result.applied = True
    return result


__all__ = ["COLUMNS", "ImportRejected", "PlannedRow", "SyncPlan", "apply", "plan"]
