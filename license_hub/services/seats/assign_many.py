"""Seed 002's "Assign persons" and "Assign assets": many people, or many devices,
picked from the directory and saved onto one license in one step.

The seat count moves for all of them or for none: if the new holders would exceed
the seats available, nothing is assigned and the refusal says how many are free
(seed 002 saves one selection, it never half-saves one). Anyone who already holds a
seat of the license is not an error: they keep it and are reported as skipped, so
saving the same selection twice changes nothing the second time. Each new seat is
its own "assign" event in the audit trail, as if assigned one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlmodel import Session, select

from license_hub.db import lock_row, share_rows
from license_hub.models import Assignment, Device, License, Person
from license_hub.models.enums import PersonStatus
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.seats import assignments
from license_hub.services.seats.bulk_seats import PERSON_NOT_FOUND, offboarded_message, seats_free, unique_ids

MAX_PICK = 500  # a pick list, not a department: bulk assign covers whole departments
DEVICE_NOT_FOUND = "This device does not exist"
PERSONS, ASSETS = "persons", "assets"


@dataclass(frozen=True)
class Holder:
    """A person or device of the selection, by id and name."""

    id: int
    name: str


@dataclass(frozen=True)
class Refusal:
    id: int
    name: str
    reason: str


@dataclass(frozen=True)
class AssignManyResult:
    license_id: int
    assigned: tuple[Holder, ...]
    assignment_ids: tuple[int, ...]
    skipped: tuple[Holder, ...]  # already held a seat of this license: left alone
    seats_free: int | None  # before the change; None for an unlimited license


class AssignManyRefused(DomainError):
    """Nothing was assigned: `refusals` names who cannot get a seat; `shortage` says
    the selection is larger than the seats available."""

    def __init__(self, shortage: str = "", refusals: tuple[Refusal, ...] = ()):
        parts = [shortage] if shortage else []
        if refusals:
            parts.append(f"{len(refusals)} of the selected cannot get a seat")
        super().__init__("; ".join(parts))
        self.shortage, self.refusals = shortage, refusals


def _ids(ids: Iterable[int] | None, field: str, noun: str) -> list[int]:
    if ids is None:
        raise ValidationError({field: f"Choose at least one {noun}"})
    picked = unique_ids(ids, field)
    if not picked:
        raise ValidationError({field: f"Choose at least one {noun}"})
    if len(picked) > MAX_PICK:
        raise ValidationError({field: f"Choose at most {MAX_PICK} at once"})
    return picked


def _locked_license(session: Session, license_id: int) -> License:
    lic = lock_row(session, License, license_id)
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    return lic


def _holding(session: Session, license_id: int, column, ids: list[int]) -> set[int]:
    return set(
        session.exec(
            select(column).where(Assignment.license_id == license_id, Assignment.revoked_at.is_(None), column.in_(ids))
        ).all()
    )


def assign_persons(
    session: Session, actor: str, license_id: int, person_ids: Iterable[int] | None, *, activated_on: date | None = None
) -> AssignManyResult:
    """One seat each for the people who do not hold one yet, or none at all."""
    ids = _ids(person_ids, "people", "person")
    day = assignments.clean_day(activated_on)
    share_rows(session, Person, ids)  # people before the license, the order offboarding takes
    lic = _locked_license(session, license_id)
    found = {p.id: p for p in session.exec(select(Person).where(Person.id.in_(ids))).all()}
    refusals = []
    for pid in ids:
        person = found.get(pid)
        if person is None:
            refusals.append(Refusal(pid, f"Person #{pid}", PERSON_NOT_FOUND))
        elif person.status == PersonStatus.OFFBOARDED.value:
            refusals.append(Refusal(pid, person.name, offboarded_message(person.name)))
    held = _holding(session, license_id, Assignment.person_id, ids)
    return _save(
        session, actor, lic, [Holder(i, found[i].name) for i in ids if i in found], held, refusals, day, "person"
    )


def assign_assets(
    session: Session, actor: str, license_id: int, device_ids: Iterable[int] | None, *, activated_on: date | None = None
) -> AssignManyResult:
    """One seat each for the devices that do not hold one yet, or none at all."""
    ids = _ids(device_ids, "assets", "asset")
    day = assignments.clean_day(activated_on)
    lic = _locked_license(session, license_id)
    found = {d.id: d for d in session.exec(select(Device).where(Device.id.in_(ids))).all()}
    refusals = [Refusal(did, f"Device #{did}", DEVICE_NOT_FOUND) for did in ids if did not in found]
    held = _holding(session, license_id, Assignment.device_id, ids)
    return _save(
        session, actor, lic, [Holder(i, found[i].name) for i in ids if i in found], held, refusals, day, "device"
    )


def _save(
    session: Session,
    actor: str,
    lic: License,
    picked: list[Holder],
    held: set[int],
    refusals: list[Refusal],
    day: date | None,
    kind: str,
) -> AssignManyResult:
    refusals = [r for r in refusals if r.id not in held]
    eligible = [h for h in picked if h.id not in held and all(r.id != h.id for r in refusals)]
    free, shortage = seats_free(session, lic, len(eligible))
    if refusals or shortage:
        raise AssignManyRefused(shortage, tuple(refusals))
    skipped = tuple(h for h in picked if h.id in held)
    new_ids = []
    for holder in eligible:
        seat = assignments.new_seat(
            session,
            actor,
            lic.id,
            person_id=holder.id if kind == "person" else None,
            device_id=holder.id if kind == "device" else None,
            assignee_name="",
            device_name="",
            seat_key_cipher=None,
            seat_key_hint="",
            activated_on=day,
        )
        new_ids.append(seat.id)
        audit_log.record(
            session,
            actor,
            "assign",
            "assignment",
            seat.id,
            {
                "license_id": lic.id,
                "person_id": seat.person_id,
                "device_id": seat.device_id,
                "via": PERSONS if kind == "person" else ASSETS,
            },
        )
    lic.seats_used += len(new_ids)
    session.add(lic)
    session.flush()
    return AssignManyResult(lic.id, tuple(eligible), tuple(new_ids), skipped, free)
