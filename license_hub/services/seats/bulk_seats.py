"""Bulk seat changes: many people onto one license, many seats back into their pools.

All-or-nothing: every person or seat is checked under the license row lock before
anything is written, and one refusal stops the whole change, so an admin never has
to work out which half of a department got the software. The work is set-based (a
few IN queries, one multi-row INSERT, one counter update and one audit event per
license) so a 5,000-person department costs a handful of statements, not 5,000
transactions. The audit event lists every assignment and person id it touched, so
the trail still answers "who got a seat, when, from whom" per person without
thousands of hash-chain appends serialised behind the chain-head lock.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable, Iterator, Sequence, TypeVar

from sqlalchemy import func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from license_hub.db import lock_row, share_rows
from license_hub.models import Assignment, License, Person
from license_hub.models.enums import PersonStatus, SeatType
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import bounds
from license_hub.services.core.errors import (
    ALREADY_ASSIGNED,
    NO_SEATS_REMAINING,
    DomainError,
    NotFound,
    ValidationError,
)
from license_hub.services.seats.assignments import (  # noqa: F401 - re-exported
    NOT_REASSIGNABLE,
    ensure_reclaimable,
    holders_left,
    in_use,
    retire_locked,
)

SEAT_NOT_FOUND = "This seat does not exist"
ALREADY_RECLAIMED = "This seat was already reclaimed"
PERSON_NOT_FOUND = "This person does not exist"
MAX_BULK = 100_000
IN_CHUNK = 1000  # keeps every IN list far below SQLite's and PostgreSQL's bind-parameter limits

T = TypeVar("T")


def chunked(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def offboarded_message(name: str) -> str:
    return f"{name} has been offboarded and cannot receive a seat"


def unique_ids(ids: Iterable[int], field: str) -> list[int]:
    """The ids as ints, first occurrence kept; anything else is a ValidationError on `field`."""
    try:
        return list(dict.fromkeys(_one_id(raw) for raw in ids))
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: "Choose from the list"}) from exc


def _one_id(raw: object) -> int:
    """A row id that fits an INTEGER column: no floats (inf, NaN, 1.5), no booleans,
    no non-ASCII digits, nothing PostgreSQL would refuse with an error."""
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise ValueError(raw)
    if isinstance(raw, str) and not (raw.isascii() and raw.strip().isdigit()):
        raise ValueError(raw)
    number = int(raw)
    if not 0 < number <= bounds.MAX_INT:
        raise ValueError(raw)
    return number


# --------------------------------------------------------------------------- assign


@dataclass(frozen=True)
class PersonRefusal:
    person_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class BulkAssignResult:
    license_id: int
    assigned: int
    seats_free: int | None  # before the change; None for an unlimited license
    seats_requested: int  # people in the selection who would take a seat
    assignment_ids: tuple[int, ...] = ()
    skipped_holders: tuple[int, ...] = ()  # department mode: already held a seat, left alone
    refusals: tuple[PersonRefusal, ...] = ()
    shortage: str = ""  # "No seats remaining on this license: 3 free, 5 requested"

    @property
    def ok(self) -> bool:
        return not self.refusals and not self.shortage


class BulkAssignRefused(DomainError):
    """Nothing was assigned; `result` says who could not get a seat and why."""

    def __init__(self, result: BulkAssignResult):
        parts = [result.shortage] if result.shortage else []
        if result.refusals:
            parts.append(f"{len(result.refusals)} of the selected people cannot get a seat")
        super().__init__("; ".join(parts))
        self.result = result


def _active_holders(session: Session, license_id: int, person_ids: Sequence[int]) -> set[int]:
    held: set[int] = set()
    for part in chunked(person_ids):
        held.update(
            session.exec(
                select(Assignment.person_id).where(
                    Assignment.license_id == license_id, Assignment.revoked_at.is_(None), Assignment.person_id.in_(part)
                )
            ).all()
        )
    return held


def _select_people(session: Session, license_id: int, person_ids: Sequence[int]):
    """Explicit selection: every person must be able to take a seat."""
    found: dict[int, tuple[str, str]] = {}
    for part in chunked(person_ids):
        for pid, name, status in session.exec(select(Person.id, Person.name, Person.status).where(Person.id.in_(part))):
            found[pid] = (name, status)
    held = _active_holders(session, license_id, list(found))
    refusals, eligible = [], []
    for pid in person_ids:
        if pid not in found:
            refusals.append(PersonRefusal(pid, "", PERSON_NOT_FOUND))
            continue
        name, status = found[pid]
        if status == PersonStatus.OFFBOARDED.value:
            refusals.append(PersonRefusal(pid, name, offboarded_message(name)))
        elif pid in held:
            refusals.append(PersonRefusal(pid, name, ALREADY_ASSIGNED))
        else:
            eligible.append(pid)
    return eligible, refusals, ()


def _department_ids(session: Session, department: str) -> list[int]:
    return list(session.exec(select(Person.id).where(func.lower(Person.department) == department.lower())).all())


def _select_department(session: Session, license_id: int, department: str):
    """Department selection: its current members (offboarded people have left it);
    members who already hold a seat keep it and are reported as skipped."""
    members = list(
        session.exec(
            select(Person.id)
            .where(func.lower(Person.department) == department.lower(), Person.status != PersonStatus.OFFBOARDED.value)
            .order_by(Person.id)
        ).all()
    )
    if not members:
        raise ValidationError({"department": f"No current member of the directory is in department “{department}”"})
    held = _active_holders(session, license_id, members)
    return [pid for pid in members if pid not in held], [], tuple(pid for pid in members if pid in held)


def seats_free(session: Session, lic: License, requested: int) -> tuple[int | None, str]:
    """Seats free on the locked license (None when unlimited) and, when `requested`
    would overcommit it, the refusal in the seed's words with the figures."""
    if lic.seat_type == SeatType.UNLIMITED.value:
        return None, ""
    free = max(lic.seats_total - in_use(session, lic), 0)
    shortage = f"{NO_SEATS_REMAINING}: {free} free, {requested} requested" if requested > free else ""
    return free, shortage


def bulk_assign(
    session: Session,
    actor: str,
    license_id: int,
    *,
    person_ids: Iterable[int] | None = None,
    department: str | None = None,
    activated_on: date | None = None,
) -> BulkAssignResult:
    """Give one seat of `license_id` to each person (ids) or to every current member of a
    department, or to nobody: raises BulkAssignRefused with per-person reasons."""
    department = (department or "").strip()
    if "\x00" in department or len(department) > 100:  # PostgreSQL refuses NUL even in a WHERE
        raise ValidationError({"department": bounds.CONTROL if "\x00" in department else "Choose a department"})
    if person_ids is not None and department:
        raise ValidationError({"people": "Choose people or a department, not both"})
    if person_ids is None and not department:
        raise ValidationError({"people": "Choose people or a department"})
    ids = unique_ids(person_ids, "people") if person_ids is not None else []
    if person_ids is not None and not ids:
        raise ValidationError({"people": "Choose at least one person"})
    if len(ids) > MAX_BULK:
        raise ValidationError({"people": f"Assign at most {MAX_BULK:,} people at once"})

    # People before the license (the order offboarding takes), so neither can slip past the other.
    share_rows(session, Person, ids or _department_ids(session, department))
    lic = lock_row(session, License, license_id)
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    if department:
        eligible, refusals, skipped = _select_department(session, license_id, department)
    else:
        eligible, refusals, skipped = _select_people(session, license_id, ids)

    free, shortage = seats_free(session, lic, len(eligible))
    result = BulkAssignResult(
        license_id, 0, free, len(eligible), skipped_holders=skipped, refusals=tuple(refusals), shortage=shortage
    )
    if not result.ok:
        raise BulkAssignRefused(result)
    if not eligible:
        return result

    now, day = utcnow(), activated_on or date.today()
    rows = [
        {
            "license_id": license_id,
            "person_id": pid,
            "device_id": None,
            "assignee_name": "",
            "device_name": "",
            "seat_key_cipher": None,
            "seat_key_hint": "",
            "activated_on": day,
            "assigned_at": now,
            "assigned_by": actor,
            "last_used_at": None,
            "revoked_at": None,
            "revoked_by": "",
            "revoke_reason": "",
            "notes": "",
        }
        for pid in eligible
    ]
    stmt = insert(Assignment).returning(Assignment.id, sort_by_parameter_order=True)
    try:
        new_ids = [row[0] for row in session.exec(stmt, params=rows)]
    except IntegrityError as exc:  # the partial unique index caught a duplicate
        raise DomainError(ALREADY_ASSIGNED) from exc
    before = lic.seats_used
    lic.seats_used += len(new_ids)
    session.add(lic)
    audit_log.record(
        session,
        actor,
        "bulk_assign",
        "license",
        license_id,
        {
            "count": len(new_ids),
            "department": department or None,
            "seats_used": [before, lic.seats_used],
            "activated_on": day,
            "assignment_ids": new_ids,
            "person_ids": eligible,
        },
    )
    session.flush()
    return BulkAssignResult(license_id, len(new_ids), free, len(eligible), tuple(new_ids), skipped)


# -------------------------------------------------------------------------- reclaim


@dataclass(frozen=True)
class SeatRefusal:
    assignment_id: int
    license_id: int | None
    reason: str


@dataclass(frozen=True)
class BulkReclaimResult:
    reclaimed: int
    by_license: dict[int, int] = field(default_factory=dict)  # license id -> seats freed
    refusals: tuple[SeatRefusal, ...] = ()
    retired: int = 0  # of `reclaimed`: leavers' seats on licenses that are not reassignable


class BulkReclaimRefused(DomainError):
    """Nothing was reclaimed; `refusals` says which seats could not be and why."""

    def __init__(self, refusals: Sequence[SeatRefusal]):
        super().__init__(
            f"{len(refusals)} of the selected seats cannot be reclaimed: "
            + "; ".join(sorted({r.reason for r in refusals}))
        )
        self.refusals = tuple(refusals)


def lock_licenses(session: Session, license_ids: Iterable[int]) -> dict[int, License]:
    """Lock license rows one by one in ascending id order, so two bulk changes over
    overlapping licenses queue instead of deadlocking."""
    locked: dict[int, License] = {}
    for lid in sorted(set(license_ids)):
        lic = lock_row(session, License, lid)
        if lic is not None:
            locked[lid] = lic
    return locked


def reclaim_locked(
    session: Session,
    actor: str,
    seats: Sequence[tuple[int, int]],
    licenses: dict[int, License],
    action: str = "bulk_reclaim",
    context: dict | None = None,
    *,
    now: datetime | None = None,
) -> dict[int, int]:
    """Revoke active seats (assignment id, license id) whose licenses are already locked:
    one UPDATE per chunk, one counter update and one audit event per license (`action`,
    with `context` added to its details). Every reclaim path (bulk, offboarding, dormant
    seats, keep-or-give-up) goes through here. Returns the seats freed per license."""
    now = now or utcnow()
    per_license: dict[int, list[int]] = defaultdict(list)
    for aid, lid in seats:
        per_license[lid].append(aid)
    freed: dict[int, int] = {}
    for lid in sorted(per_license):
        ids, done = per_license[lid], 0
        for part in chunked(ids):
            done += session.exec(
                update(Assignment)
                .where(Assignment.id.in_(part), Assignment.revoked_at.is_(None))
                .values(revoked_at=now, revoked_by=actor)
                .execution_options(synchronize_session=False)
            ).rowcount
        lic = licenses[lid]
        before = lic.seats_used
        lic.seats_used = max(before - done, 0)
        session.add(lic)
        freed[lid] = done
        audit_log.record(
            session,
            actor,
            action,
            "license",
            lid,
            {"count": done, "seats_used": [before, lic.seats_used], "assignment_ids": ids, **(context or {})},
        )
    session.flush()
    return freed


def bulk_reclaim(session: Session, actor: str, assignment_ids: Iterable[int]) -> BulkReclaimResult:
    """Reclaim the selected seats, across any number of licenses, or none of them."""
    ids = unique_ids(assignment_ids, "seats")
    if not ids:
        raise ValidationError({"seats": "Choose at least one seat"})
    if len(ids) > MAX_BULK:
        raise ValidationError({"seats": f"Reclaim at most {MAX_BULK:,} seats at once"})
    owner: dict[int, int] = {}
    for part in chunked(ids):
        owner.update(session.exec(select(Assignment.id, Assignment.license_id).where(Assignment.id.in_(part))).all())
    licenses = lock_licenses(session, owner.values())
    # Re-read under the locks: another admin may have reclaimed some of these meanwhile.
    revoked: set[int] = set()
    for part in chunked(list(owner)):
        revoked.update(
            session.exec(select(Assignment.id).where(Assignment.id.in_(part), Assignment.revoked_at.is_not(None))).all()
        )
    refusals, retire = [], []
    left = holders_left(session, [aid for aid in ids if aid in owner])
    for aid in ids:
        lid = owner.get(aid)
        lic = licenses.get(lid) if lid is not None else None
        if lid is None:
            refusals.append(SeatRefusal(aid, None, SEAT_NOT_FOUND))
        elif aid in revoked:
            refusals.append(SeatRefusal(aid, lid, ALREADY_RECLAIMED))
        elif lic is not None and not lic.reassignable and aid in left:
            retire.append((aid, lid))  # seed 003: a holder who left is always reclaimable
        elif lic is not None and not lic.reassignable:
            refusals.append(SeatRefusal(aid, lid, NOT_REASSIGNABLE))
    if refusals:
        raise BulkReclaimRefused(refusals)
    retiring = {aid for aid, _ in retire}
    retired = retire_locked(session, actor, retire, licenses)
    freed = reclaim_locked(session, actor, [(aid, owner[aid]) for aid in ids if aid not in retiring], licenses)
    for lid, n in retired.items():
        freed[lid] = freed.get(lid, 0) + n
    return BulkReclaimResult(sum(freed.values()), freed, retired=sum(retired.values()))
