"""Merging two people who are the same: everything the duplicate holds or is named
on (seats with their usage and history, devices, agent hosts, licenses they own,
app accounts, reports) moves to the kept person in one transaction, and the
duplicate is removed. Where both hold a seat of one license, the more recently
used seat stays and the other is reclaimed; the preview shows all of it first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import AppUser, Assignment, CatalogEntry, Device, Host, License, Person
from license_hub.models.enums import PersonStatus
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.seats.bulk_seats import lock_licenses, reclaim_locked

FILLED_FIELDS = ("email", "username", "employee_id", "department", "location", "manager_id")
BOTH_LOCKED = "Both hold a seat of {license}, which is not reassignable: reclaim one of them by hand first"


@dataclass(frozen=True)
class SeatConflict:
    license_id: int
    license_name: str
    kept_assignment_id: int
    reclaimed_assignment_id: int
    reclaimed_from: str  # the name of the person whose seat goes back


@dataclass(frozen=True)
class MergePreview:
    keep_id: int
    keep_name: str
    merge_id: int
    merge_name: str
    seats_moving: int  # active seats of the duplicate that move as they are
    conflicts: tuple[SeatConflict, ...]
    history_moving: int  # reclaimed seats (history) of the duplicate
    devices: int
    hosts: int
    licenses_owned: int
    accounts: int
    reports: int
    filled: dict[str, str]  # fields the kept person lacks, taken from the duplicate
    problems: tuple[str, ...]  # why the merge cannot go ahead (empty when it can)


def _seats(session: Session, person_id: int) -> dict[int, tuple[int, datetime | None, bool, str]]:
    """Active seats by license: (assignment id, last used, reassignable, license name)."""
    stmt = (
        select(
            Assignment.id, License.id, Assignment.last_used_at, License.reassignable, License.name, CatalogEntry.name
        )
        .join(License, License.id == Assignment.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(Assignment.person_id == person_id, Assignment.revoked_at.is_(None))
    )
    return {lid: (aid, used, bool(re), lname or sw) for aid, lid, used, re, lname, sw in session.exec(stmt)}


def _count(session: Session, column, person_id: int, *extra) -> int:
    return int(session.exec(select(func.count()).where(column == person_id, *extra)).one())


def preview(session: Session, keep_id: int, merge_id: int) -> MergePreview:
    keep, dup = session.get(Person, keep_id), session.get(Person, merge_id)
    if keep is None or dup is None:
        raise NotFound("This person does not exist")
    if keep_id == merge_id:
        raise DomainError("Choose two different people to merge")
    mine, theirs = _seats(session, keep_id), _seats(session, merge_id)
    conflicts, problems = [], []
    for lid in sorted(set(mine) & set(theirs)):
        (k_aid, k_used, reassignable, name), (m_aid, m_used, _, _) = mine[lid], theirs[lid]
        if not reassignable:
            problems.append(BOTH_LOCKED.format(license=name))
            continue
        if m_used is not None and (k_used is None or m_used > k_used):  # the more recently used seat stays
            conflicts.append(SeatConflict(lid, name, m_aid, k_aid, keep.name))
        else:
            conflicts.append(SeatConflict(lid, name, k_aid, m_aid, dup.name))
    filled = {
        f: str(getattr(dup, f)) for f in FILLED_FIELDS if getattr(dup, f) and not getattr(keep, f) and f != "manager_id"
    }
    if not keep.manager_id and dup.manager_id and dup.manager_id != keep_id:
        manager = session.get(Person, dup.manager_id)
        filled["manager"] = manager.name if manager else ""
    if keep.status == PersonStatus.OFFBOARDED.value:
        problems.append(f"{keep.name} is offboarded: reactivate them first, or keep {dup.name} instead")
    return MergePreview(
        keep_id,
        keep.name,
        merge_id,
        dup.name,
        len(set(theirs) - set(mine)),
        tuple(conflicts),
        _count(session, Assignment.person_id, merge_id, Assignment.revoked_at.is_not(None)),
        _count(session, Device.owner_id, merge_id),
        _count(session, Host.person_id, merge_id),
        _count(session, License.business_owner_id, merge_id),
        _count(session, AppUser.person_id, merge_id),
        _count(session, Person.manager_id, merge_id),
        filled,
        tuple(problems),
    )


def merge(session: Session, actor: str, keep_id: int, merge_id: int) -> MergePreview:
    """Merge `merge_id` into `keep_id`; returns what was done (the preview, under the locks)."""
    if keep_id == merge_id:
        raise DomainError("Choose two different people to merge")
    for pid in sorted((keep_id, merge_id)):  # person rows first, in id order
        if lock_row(session, Person, pid) is None:
            raise NotFound("This person does not exist")
    licenses = lock_licenses(session, set(_seats(session, keep_id)) | set(_seats(session, merge_id)))
    plan = preview(session, keep_id, merge_id)
    if plan.problems:
        raise DomainError("; ".join(plan.problems))
    if plan.conflicts:
        reclaim_locked(
            session,
            actor,
            [(c.reclaimed_assignment_id, c.license_id) for c in plan.conflicts],
            licenses,
            action="merge_reclaim",
            context={"kept_person_id": keep_id, "merged_person_id": merge_id},
        )
    keep, dup = session.get(Person, keep_id), session.get(Person, merge_id)
    assert keep is not None and dup is not None
    taken = {f: getattr(dup, f) for f in FILLED_FIELDS if getattr(dup, f) and not getattr(keep, f)}
    if taken.get("manager_id") == keep_id:
        taken.pop("manager_id")
    moves = [
        (Assignment, Assignment.person_id, "person_id"),
        (Device, Device.owner_id, "owner_id"),
        (Host, Host.person_id, "person_id"),
        (License, License.business_owner_id, "business_owner_id"),
        (AppUser, AppUser.person_id, "person_id"),
        (Person, Person.manager_id, "manager_id"),
    ]
    for model, column, name in moves:
        session.exec(
            update(model).where(column == merge_id).values({name: keep_id}).execution_options(synchronize_session=False)
        )
    session.expire(keep)  # the bulk updates above bypassed the loaded row
    if keep.manager_id == keep_id:  # the duplicate managed the kept person
        keep.manager_id = None
    last_seen = max((t for t in (keep.last_sign_in_at, dup.last_sign_in_at) if t), default=None)
    snapshot = {f: getattr(dup, f) for f in ("name", "email", "username", "employee_id", "department", "status")}
    session.delete(dup)
    session.flush()  # the duplicate's unique email / username / employee id are free now
    for field, value in taken.items():
        setattr(keep, field, value)
    keep.last_sign_in_at = last_seen
    session.add(keep)
    audit_log.record(
        session,
        actor,
        "merge",
        "person",
        keep_id,
        {
            "merged_person_id": merge_id,
            "merged": snapshot,
            "filled": sorted(taken),
            "seats_moved": plan.seats_moving,
            "seats_reclaimed": [c.reclaimed_assignment_id for c in plan.conflicts],
            "history_moved": plan.history_moving,
            "devices": plan.devices,
            "hosts": plan.hosts,
            "licenses_owned": plan.licenses_owned,
            "accounts": plan.accounts,
            "reports": plan.reports,
        },
    )
    session.flush()
    return plan
