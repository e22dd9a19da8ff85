"""Offboarding: when someone leaves, see every paid seat they hold and free them in one move.

The preview lists each active seat with its license, software and cost per seat,
so the admin sees what the departure frees; the departure itself is the leaver
policy in leavers.py. A contact marked gone some other way (an older import, a
status set by hand) keeps their seats, listed here as "Contact terminated" so
someone decides what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, or_
from sqlmodel import Session, select

from license_hub.models import AppUser, Assignment, CatalogEntry, License, Person
from license_hub.models.enums import PersonStatus, SeatType
from license_hub.services.access import accounts as access
from license_hub.services.core import money
from license_hub.services.core.errors import NotFound
from license_hub.services.seats.bulk_seats import NOT_REASSIGNABLE

CENT = Decimal("0.01")


@dataclass(frozen=True)
class HeldSeat:
    assignment_id: int
    license_id: int
    license_name: str
    software: str
    currency: str
    billing_cycle: str
    cost_per_seat: Decimal | None  # per billing cycle
    annual_cost_per_seat: Decimal | None
    activated_on: date | None
    assigned_at: datetime
    reclaimable: bool
    reason: str = ""  # why it cannot be reclaimed


@dataclass(frozen=True)
class OffboardingPreview:
    person_id: int
    name: str
    email: str
    status: str
    seats: tuple[HeldSeat, ...]
    annual_cost_by_currency: dict[str, Decimal]  # of the reclaimable seats


def seat_cost(
    cost_per_seat: Decimal | None, total_cost: Decimal | None, seats_total: int, seat_type: str
) -> Decimal | None:
    """Cost per seat per billing cycle: as recorded, else the total spread over the seats."""
    if cost_per_seat is not None:
        return cost_per_seat
    if total_cost is None or seats_total <= 0 or seat_type == SeatType.UNLIMITED.value:
        return None
    return (total_cost / seats_total).quantize(CENT, rounding=ROUND_HALF_UP)


def _held_statement(person_id: int):
    return (
        select(
            Assignment.id,
            License.id,
            License.name,
            CatalogEntry.name,
            License.currency,
            License.billing_cycle,
            License.custom_cycle_months,
            License.cost_per_seat,
            License.total_cost,
            License.seats_total,
            License.seat_type,
            License.reassignable,
            Assignment.activated_on,
            Assignment.assigned_at,
        )
        .join(License, License.id == Assignment.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(Assignment.person_id == person_id, Assignment.revoked_at.is_(None))
        .order_by(func.lower(CatalogEntry.name), License.id, Assignment.id)
    )


def held_seats(session: Session, person_id: int) -> tuple[HeldSeat, ...]:
    """Every active seat a person holds, across licenses (archived licenses included)."""
    out = []
    for (
        aid,
        lid,
        lname,
        software,
        currency,
        cycle,
        custom,
        per_seat,
        total,
        seats_total,
        seat_type,
        reassignable,
        activated,
        assigned,
    ) in session.exec(_held_statement(person_id)):
        cost = seat_cost(per_seat, total, seats_total, seat_type)
        out.append(
            HeldSeat(
                aid,
                lid,
                lname,
                software,
                currency,
                cycle,
                cost,
                money.annualize(cost, cycle, custom),
                activated,
                assigned,
                bool(reassignable),
                "" if reassignable else NOT_REASSIGNABLE,
            )
        )
    return tuple(out)


def preview(session: Session, person_id: int) -> OffboardingPreview:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("This person does not exist")
    seats = held_seats(session, person_id)
    totals: dict[str, Decimal] = {}
    for seat in seats:
        if seat.reclaimable and seat.annual_cost_per_seat is not None:
            totals[seat.currency] = totals.get(seat.currency, Decimal(0)) + seat.annual_cost_per_seat
    return OffboardingPreview(person.id, person.name, person.email or "", person.status, seats, totals)


def deactivate_accounts(session: Session, actor: str, person: Person) -> list[int]:
    """Someone who left no longer signs in: their linked app account (by link or by
    email) is deactivated, which ends its sessions."""
    match = AppUser.person_id == person.id
    if person.email:
        match = or_(match, func.lower(AppUser.email) == person.email.strip().lower())
    ids = list(session.exec(select(AppUser.id).where(match, AppUser.active)).all())
    for user_id in ids:
        access.set_active(session, actor, user_id, False)
    return ids


@dataclass(frozen=True)
class TerminatedSeat:
    """An active seat held by an offboarded contact: seed 000's "Contact terminated — reclaim"."""

    assignment_id: int
    license_id: int
    license_name: str
    software: str
    person_id: int
    name: str
    email: str
    offboarded_at: datetime | None
    activated_on: date | None
    reclaimable: bool


def terminated_seats(
    session: Session, *, license_id: int | None = None, offset: int = 0, limit: int = 50
) -> tuple[tuple[TerminatedSeat, ...], int]:
    """Every active seat held by an offboarded contact, across licenses (or one), paged."""
    stmt = (
        select(
            Assignment.id,
            License.id,
            License.name,
            CatalogEntry.name,
            Person.id,
            Person.name,
            Person.email,
            Person.archived_at,
            Assignment.activated_on,
            License.reassignable,
        )
        .join(Person, Person.id == Assignment.person_id)
        .join(License, License.id == Assignment.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(Assignment.revoked_at.is_(None), Person.status == PersonStatus.OFFBOARDED.value)
    )
    if license_id is not None:
        stmt = stmt.where(Assignment.license_id == license_id)
    total = session.exec(select(func.count()).select_from(stmt.order_by(None).subquery())).one()
    stmt = stmt.order_by(func.lower(CatalogEntry.name), License.id, func.lower(Person.name), Assignment.id)
    rows = tuple(
        TerminatedSeat(aid, lid, lname, software, pid, name, email or "", archived, activated, bool(reass))
        for aid, lid, lname, software, pid, name, email, archived, activated, reass in session.exec(
            stmt.offset(max(offset, 0)).limit(max(1, min(limit, 200)))
        )
    )
    return rows, int(total)
