"""Answering a keep-or-give-up request without an app account (issue: "Ask holders
first" must not take seats from people who answered).

Each request gets its own link: the request id and an HMAC over the request's id,
asked-at and deadline, with a key derived from the app secret for this one purpose.
The link can answer that request only, once, and only until its deadline. "Keep"
closes the request and confirms use; "I no longer need it" reclaims the seat at
once under the license lock. Admins can cancel a pending request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session

from license_hub.db import lock_row
from license_hub.models import Assignment, CatalogEntry, License, Person
from license_hub.models.types import utcnow
from license_hub.models.utilization import ReclaimRequest
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.seats.bulk_seats import lock_licenses, reclaim_locked
from license_hub.services.seats.reclaim import GIVE_UP, KEEP

PURPOSE = "seat-request"
PATH = "/seat-request/"
MAX_TOKEN = 120
INVALID_LINK = "This link is not valid. Ask your IT team for a new one."
LINK_EXPIRED = "This link has expired: the deadline to answer has passed."
ALREADY_ANSWERED = "You have already answered: nothing was changed."
CANCELLED = "Your IT team cancelled this request: you keep your seat."
CLOSED = "This request is closed: nothing was changed."
ALREADY_CLOSED = "This request is already closed"
ANSWERS = {KEEP: "Keep", GIVE_UP: "Give up"}


def _sign(req: ReclaimRequest) -> str:
    message = f"{req.id}|{req.requested_at.isoformat()}|{req.respond_by.isoformat()}".encode()
    digest = hmac.new(secrets.derived_key(PURPOSE), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_for(req: ReclaimRequest) -> str:
    return f"{req.id}.{_sign(req)}"


def link_for(req: ReclaimRequest) -> str:
    return PATH + token_for(req)


def _request(session: Session, token: str, *, lock: bool) -> ReclaimRequest:
    """The request a well-formed, genuine token names; anything else is one message."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN or token.count(".") != 1:
        raise NotFound(INVALID_LINK)
    raw_id, signature = token.split(".")
    if not (raw_id.isascii() and raw_id.isdigit() and 0 < len(raw_id) < 19):
        raise NotFound(INVALID_LINK)
    req = lock_row(session, ReclaimRequest, int(raw_id)) if lock else session.get(ReclaimRequest, int(raw_id))
    if req is None or not hmac.compare_digest(_sign(req).encode(), signature.encode()):
        raise NotFound(INVALID_LINK)
    return req


def _refusal(req: ReclaimRequest, now: datetime) -> str:
    if req.outcome == "cancelled":
        return CANCELLED
    if req.responded_at is not None:
        return ALREADY_ANSWERED
    if req.closed_at is not None:
        return CLOSED
    return LINK_EXPIRED if now > req.respond_by else ""


@dataclass(frozen=True)
class SeatQuestion:
    """What the holder's page shows."""

    holder: str
    software: str
    respond_by: datetime
    answer: str  # "" while open
    refusal: str  # why the link can no longer answer, "" while it can


def _label(session: Session, license_id: int) -> str:
    stmt = (
        select(CatalogEntry.name, License.name)
        .join(License, License.catalog_entry_id == CatalogEntry.id)
        .where(License.id == license_id)
    )
    row = session.execute(stmt).first()
    if row is None:
        return "a license"
    product, name = row
    return f"{product} ({name})" if name and name != product else product


def question(session: Session, token: str, *, now: datetime | None = None) -> SeatQuestion:
    req = _request(session, token, lock=False)
    seat = session.get(Assignment, req.assignment_id)
    person = session.get(Person, seat.person_id) if seat and seat.person_id else None
    return SeatQuestion(
        person.name if person else "",
        _label(session, seat.license_id) if seat else "a license",
        req.respond_by,
        ANSWERS.get(req.response or "", ""),
        _refusal(req, now or utcnow()),
    )


def answer(session: Session, token: str, response: str, *, now: datetime | None = None) -> ReclaimRequest:
    """The holder's one answer. Keep: the request closes and the seat counts as used.
    Give up: the seat is reclaimed now, in the name of its holder."""
    if response not in (KEEP, GIVE_UP):
        raise DomainError("Answer keep or give up")
    now = now or utcnow()
    req = _request(session, token, lock=True)
    refusal = _refusal(req, now)
    if refusal:
        raise DomainError(refusal)
    seat = session.get(Assignment, req.assignment_id)
    person = session.get(Person, seat.person_id) if seat.person_id else None
    actor = f"{(person.email or person.name) if person else 'holder'} (seat request {req.id})"[:200]
    licenses = lock_licenses(session, [seat.license_id])
    session.refresh(seat)
    lic = licenses[seat.license_id]
    req.response, req.responded_at, req.closed_at = response, now, now
    audit_log.record(
        session, actor, "reclaim_response", "assignment", seat.id, {"request_id": req.id, "response": response}
    )
    if seat.revoked_at is not None:
        req.outcome = "seat_gone"
    elif response == KEEP:
        req.outcome = "kept"
        session.exec(
            update(Assignment)
            .where(Assignment.id == seat.id)
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
    elif lic.archived_at is not None or not lic.reassignable:
        req.outcome = "skipped"
    else:
        req.outcome = "reclaimed"
        reclaim_locked(
            session,
            actor,
            [(seat.id, lic.id)],
            licenses,
            "reclaim_given_up",
            {"request_id": req.id, "person_ids": [seat.person_id]},
            now=now,
        )
    session.add(req)
    session.flush()
    return req


def cancel(session: Session, actor: str, request_id: int, *, now: datetime | None = None) -> ReclaimRequest:
    """An admin withdraws the question: the seat stays, the link stops working."""
    req = lock_row(session, ReclaimRequest, request_id)
    if req is None:
        raise NotFound("This request does not exist")
    if req.closed_at is not None:
        raise DomainError(ALREADY_CLOSED)
    req.closed_at, req.outcome = now or utcnow(), "cancelled"
    session.add(req)
    seat = session.get(Assignment, req.assignment_id)
    audit_log.record(
        session,
        actor,
        "reclaim_request_cancel",
        "license",
        seat.license_id if seat else None,
        {"request_id": req.id, "assignment_id": req.assignment_id},
    )
    session.flush()
    return req


@dataclass(frozen=True)
class PendingRequest:
    id: int
    holder: str
    license_id: int
    software: str
    asked_at: datetime
    respond_by: datetime
    answer: str  # "" = no answer yet


def pending(session: Session, *, limit: int = 500) -> list[PendingRequest]:
    """Open requests, soonest deadline first."""
    stmt = (
        select(
            ReclaimRequest.id,
            Person.name,
            License.id,
            CatalogEntry.name,
            License.name,
            ReclaimRequest.requested_at,
            ReclaimRequest.respond_by,
            ReclaimRequest.response,
        )
        .join(Assignment, Assignment.id == ReclaimRequest.assignment_id)
        .join(License, License.id == Assignment.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .outerjoin(Person, Person.id == Assignment.person_id)
        .where(ReclaimRequest.closed_at.is_(None))
        .order_by(ReclaimRequest.respond_by, ReclaimRequest.id)
        .limit(limit)
    )
    return [
        PendingRequest(
            rid,
            holder or "",
            lid,
            f"{product} ({name})" if name and name != product else product,
            asked,
            by,
            ANSWERS.get(resp or "", ""),
        )
        for rid, holder, lid, product, name, asked, by, resp in session.execute(stmt)
    ]
