"""Reclaiming dormant seats (seed 003): in bulk from the utilization preview, or after
asking each holder to keep or give up their seat.

Bulk reclaim takes the seats picked from the preview and re-checks them under the
license row locks: a seat reclaimed meanwhile, used again since the preview, or on
a license whose seats may not be reassigned is skipped with its reason. Unlike the
all-or-nothing bulk reclaim of "View all users", the rest still go. Locking (in id
order, so overlapping bulk changes queue instead of deadlocking) and revoking (one
UPDATE per chunk, one audit event per license) are bulk_seats' own, shared by every
reclaim path. The people whose seats went are returned so the caller can notify them.

A keep-or-give-up request gives the holder N days to answer. process_due() then
reclaims every seat whose holder gave it up or did not answer in time, unless the
seat (or its holder, where sign-ins are the signal) was used after the question was
asked; a "keep" answer confirms use, so it stamps the seat's last_used_at and leaves it alone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from sqlalchemy import case, literal_column, select, update
from sqlmodel import Session

from license_hub.db import lock_row
from license_hub.models import Assignment, License, Person
from license_hub.models.types import utcnow
from license_hub.models.utilization import ReclaimRequest
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.reports.dormancy import DEFAULT_WINDOW_DAYS, cutoff_for, dormant_expr, last_seen_expr
from license_hub.services.reports.frames import ACTIVE_STATUSES
from license_hub.services.seats import assignments
from license_hub.services.seats.bulk_seats import (  # noqa: F401 - the messages and lock_licenses are re-exported
    ALREADY_RECLAIMED,
    MAX_BULK,
    NOT_REASSIGNABLE,
    SEAT_NOT_FOUND,
    chunked,
    lock_licenses,
    reclaim_locked,
    unique_ids,
)

KEEP, GIVE_UP = "keep", "give_up"
LICENSE_INACTIVE = "This license is archived or no longer active"
NO_LONGER_DORMANT = "This seat has been used since the preview"
NO_ONE_TO_ASK = "This seat has no person to ask"
ALREADY_ASKED = "The holder has already been asked about this seat"
DEADLINE_PASSED = "The deadline to answer has passed"


def _ids(values: Iterable[int], what: str) -> list[int]:
    ids = unique_ids(values, what)
    if not ids:
        raise ValidationError({what: "Choose at least one seat"})
    if len(ids) > MAX_BULK:
        raise ValidationError({what: f"Choose at most {MAX_BULK:,} seats at once"})
    return ids


@dataclass(frozen=True)
class ReclaimResult:
    reclaimed: int
    by_license: dict[int, int] = field(default_factory=dict)
    person_ids: tuple[int, ...] = ()  # who to notify
    skipped: tuple[tuple[int, str], ...] = ()  # (assignment id, reason)
    retired: int = 0  # of `reclaimed`: leavers' seats on licenses that are not reassignable


def reclaim_dormant(
    session: Session,
    actor: str,
    assignment_ids: Iterable[int],
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    now: datetime | None = None,
) -> ReclaimResult:
    """Reclaim the chosen seats that are still dormant; skip the others with a reason."""
    ids = _ids(assignment_ids, "seats")
    now = now or utcnow()
    cutoff = cutoff_for(now, window_days)
    owner: dict[int, int] = {}
    for part in chunked(ids):
        owner.update(session.execute(select(Assignment.id, Assignment.license_id).where(Assignment.id.in_(part))).all())
    licenses = lock_licenses(session, owner.values())
    state = {}
    verdict = case((dormant_expr(cutoff), literal_column("1")), else_=literal_column("0"))
    for part in chunked(list(owner)):
        stmt = (
            select(Assignment.id, Assignment.person_id, Assignment.revoked_at, verdict)
            .outerjoin(Person, Person.id == Assignment.person_id)
            .where(Assignment.id.in_(part))
        )
        state.update({r[0]: r[1:] for r in session.execute(stmt)})
    seats: list[tuple[int, int]] = []  # (assignment id, license id)
    retire: list[tuple[int, int]] = []  # leavers' seats on licenses that are not reassignable
    left = assignments.holders_left(session, list(owner))
    people, skipped = set(), []
    for aid in ids:
        lic = licenses.get(owner.get(aid, -1))
        if lic is None:
            skipped.append((aid, SEAT_NOT_FOUND))
            continue
        person_id, revoked_at, dormant = state[aid]
        reason = (
            ALREADY_RECLAIMED
            if revoked_at is not None
            else LICENSE_INACTIVE
            if lic.archived_at is not None or lic.status not in ACTIVE_STATUSES
            else NOT_REASSIGNABLE
            if not lic.reassignable
            else NO_LONGER_DORMANT
            if not int(dormant or 0)
            else ""
        )
        if reason == NOT_REASSIGNABLE and aid in left:
            retire.append((aid, lic.id))  # seed 003: a holder who left is always reclaimable
            continue
        if reason:
            skipped.append((aid, reason))
            continue
        seats.append((aid, lic.id))
        if person_id is not None:
            people.add(person_id)
    retired = assignments.retire_locked(session, actor, retire, licenses, {"window_days": window_days})
    freed = reclaim_locked(
        session,
        actor,
        seats,
        licenses,
        "reclaim_dormant",
        {"window_days": window_days, "person_ids": sorted(people)},
        now=now,
    )
    for lid, n in retired.items():
        freed[lid] = freed.get(lid, 0) + n
    return ReclaimResult(
        sum(freed.values()), freed, tuple(sorted(people)), tuple(skipped), retired=sum(retired.values())
    )


# ------------------------------------------------------------ keep or give up


@dataclass(frozen=True)
class RequestResult:
    request_ids: tuple[int, ...]
    person_ids: tuple[int, ...]  # who to ask
    respond_by: datetime
    skipped: tuple[tuple[int, str], ...] = ()


def request_confirmation(
    session: Session, actor: str, assignment_ids: Iterable[int], *, days: int = 14, now: datetime | None = None
) -> RequestResult:
    """Ask each holder to keep or give up their seat within `days` days."""
    ids = _ids(assignment_ids, "seats")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
        raise ValidationError({"days": "Give holders 1 to 90 days to answer"})
    now = now or utcnow()
    respond_by = now + timedelta(days=days)
    rows: dict[int, tuple] = {}
    asked: set[int] = set()
    for part in chunked(ids):
        stmt = (
            select(
                Assignment.id,
                Assignment.license_id,
                Assignment.person_id,
                Assignment.revoked_at,
                License.reassignable,
                License.archived_at,
            )
            .join(License, License.id == Assignment.license_id)
            .where(Assignment.id.in_(part))
        )
        rows.update({r[0]: r[1:] for r in session.execute(stmt)})
        asked.update(
            session.execute(
                select(ReclaimRequest.assignment_id).where(
                    ReclaimRequest.assignment_id.in_(part), ReclaimRequest.closed_at.is_(None)
                )
            ).scalars()
        )
    created: dict[int, list[ReclaimRequest]] = defaultdict(list)
    skipped, people = [], set()
    for aid in ids:
        row = rows.get(aid)
        reason = (
            SEAT_NOT_FOUND
            if row is None
            else ALREADY_RECLAIMED
            if row[2] is not None
            else LICENSE_INACTIVE
            if row[4] is not None
            else NOT_REASSIGNABLE
            if not row[3]
            else NO_ONE_TO_ASK
            if row[1] is None
            else ALREADY_ASKED
            if aid in asked
            else ""
        )
        if reason:
            skipped.append((aid, reason))
            continue
        req = ReclaimRequest(assignment_id=aid, requested_at=now, requested_by=actor, respond_by=respond_by)
        session.add(req)
        created[row[0]].append(req)
        people.add(row[1])
    session.flush()
    for lid, reqs in sorted(created.items()):
        audit_log.record(
            session,
            actor,
            "reclaim_request",
            "license",
            lid,
            {
                "request_ids": [r.id for r in reqs],
                "assignment_ids": [r.assignment_id for r in reqs],
                "respond_by": respond_by,
            },
        )
    return RequestResult(
        tuple(r.id for reqs in created.values() for r in reqs), tuple(sorted(people)), respond_by, tuple(skipped)
    )


def respond(
    session: Session,
    actor: str,
    request_id: int,
    response: str,
    *,
    person_id: int | None = None,
    now: datetime | None = None,
) -> ReclaimRequest:
    """The holder's answer, keep or give_up; it can change until the deadline.
    With `person_id`, only the seat's holder may answer."""
    if response not in (KEEP, GIVE_UP):
        raise ValidationError({"response": "Answer keep or give up"})
    now = now or utcnow()
    req = lock_row(session, ReclaimRequest, request_id)
    seat = session.get(Assignment, req.assignment_id) if req is not None else None
    if req is None or seat is None or (person_id is not None and seat.person_id != person_id):
        raise NotFound("This request does not exist")
    if req.closed_at is not None or now > req.respond_by:
        raise DomainError(DEADLINE_PASSED)
    req.response, req.responded_at = response, now
    session.add(req)
    audit_log.record(
        session, actor, "reclaim_response", "assignment", seat.id, {"request_id": req.id, "response": response}
    )
    return req


def open_requests(session: Session, assignment_ids: Sequence[int]) -> dict[int, ReclaimRequest]:
    out = {}
    for part in chunked(list(assignment_ids)):
        stmt = select(ReclaimRequest).where(ReclaimRequest.assignment_id.in_(part), ReclaimRequest.closed_at.is_(None))
        out.update({r.assignment_id: r for r in session.execute(stmt).scalars()})
    return out


@dataclass(frozen=True)
class ProcessResult:
    reclaimed: int
    kept: int
    closed: int  # requests closed without a change: seat already gone, or license locked down
    by_license: dict[int, int] = field(default_factory=dict)
    person_ids: tuple[int, ...] = ()  # whose seats were reclaimed


def process_due(session: Session, actor: str = "system", *, now: datetime | None = None) -> ProcessResult:
    """Reclaim seats given up or left unanswered past the deadline; confirm kept ones."""
    now = now or utcnow()
    due = (
        (ReclaimRequest.response == GIVE_UP)
        | (ReclaimRequest.response == KEEP)
        | (ReclaimRequest.response.is_(None) & (ReclaimRequest.respond_by <= now))
    )
    base = (
        select(Assignment.license_id)
        .join(ReclaimRequest, ReclaimRequest.assignment_id == Assignment.id)
        .where(ReclaimRequest.closed_at.is_(None), due)
    )
    licenses = lock_licenses(session, session.execute(base.distinct()).scalars().all())
    stmt = (
        select(ReclaimRequest, Assignment.license_id, Assignment.person_id, Assignment.revoked_at, last_seen_expr())
        .join(Assignment, Assignment.id == ReclaimRequest.assignment_id)
        .outerjoin(Person, Person.id == Assignment.person_id)
        .where(ReclaimRequest.closed_at.is_(None), due, Assignment.license_id.in_(list(licenses) or [-1]))
    )
    seats: list[tuple[int, int]] = []  # (assignment id, license id)
    people, kept, closed, used = set(), [], 0, 0
    for req, lid, person_id, revoked_at, last_seen in session.execute(stmt).all():
        lic = licenses[lid]
        if revoked_at is not None or lic.archived_at is not None or not lic.reassignable:
            req.outcome, closed = "seat_gone" if revoked_at is not None else "skipped", closed + 1
        elif req.response is None and last_seen is not None and last_seen > req.requested_at:
            req.outcome, used = "kept", used + 1  # used since the question: the silence is no reason
        elif req.response == KEEP:
            req.outcome = "kept"
            kept.append(req.assignment_id)
        else:
            req.outcome = "reclaimed"
            seats.append((req.assignment_id, lid))
            if person_id is not None:
                people.add(person_id)
        req.closed_at = now
        session.add(req)
    for part in chunked(kept):
        session.exec(
            update(Assignment)
            .where(Assignment.id.in_(part), Assignment.revoked_at.is_(None))
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
    if kept:
        audit_log.record(session, actor, "reclaim_keep", "assignment", None, {"assignment_ids": kept})
    freed = reclaim_locked(
        session, actor, seats, licenses, "reclaim_request_due", {"person_ids": sorted(people)}, now=now
    )
    return ProcessResult(sum(freed.values()), len(kept) + used, closed, freed, tuple(sorted(people)))
