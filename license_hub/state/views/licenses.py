"""Rows of the license pages: the license card (seed 000) and a seat of one
license. Keys arrive already masked; no ORM object or cipher text passes on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from license_hub.services.licenses.license_list import LicenseCard
from license_hub.services.seats.assignments import SeatRow
from license_hub.state.views.directory import PersonPickView
from license_hub.state.views.formatting import NONE, avatar_color, fmt_date, initials, plural


def countdown(days: int | None, notice_days: int) -> str:
    """Seed 003's amber countdown, shown inside the license's own notice window."""
    if days is None or not 0 <= days <= notice_days:
        return ""
    if days == 0:
        return "Expires today"
    return f"Expires in {plural(days, 'day')}"


@dataclass(frozen=True)
class CardView:
    id: int
    href: str
    software: str
    publisher: str
    initials: str
    avatar_color: str
    grade: str
    name: str
    title: str
    key: str
    has_key: bool
    license_type: str
    status: str
    seats: str
    seats_used: int
    seats_total: int
    unlimited: bool
    fill: int
    full: bool
    version: str
    purchase_date: str
    purchase_order: str
    cost: str
    annual_cost: str
    expiry: str
    maintenance: str
    countdown: str
    expired: bool
    vendor: str
    archived_on: str
    archived_by: str


def card(c: LicenseCard) -> CardView:
    brand = c.publisher or c.software
    fill = 0 if c.unlimited or not c.seats_total else min(100, round(c.seats_used * 100 / c.seats_total))
    return CardView(
        id=c.id,
        href=f"/licenses/{c.id}",
        software=c.software,
        publisher=c.publisher,
        initials=initials(brand),
        avatar_color=avatar_color(brand),
        grade=c.security_grade,
        name=c.name,
        title=c.name or c.software,
        key=c.product_key_masked or "No product key",
        has_key=bool(c.product_key_masked),
        license_type=c.license_type,
        status=c.status,
        seats=f"{c.seats_used} / {'Unlimited' if c.unlimited else c.seats_total}",
        seats_used=c.seats_used,
        seats_total=c.seats_total,
        unlimited=c.unlimited,
        fill=fill,
        full=(not c.unlimited) and c.seats_used >= c.seats_total,
        version=c.version or NONE,
        purchase_date=fmt_date(c.purchase_date),
        purchase_order=c.purchase_order or NONE,
        cost=c.cost,
        annual_cost=c.annual_cost,
        expiry=fmt_date(c.expiry_date),
        maintenance=fmt_date(c.maintenance_expiry_date),
        countdown=countdown(c.days_to_expiry, c.renewal_notice_days),
        expired=c.days_to_expiry is not None and c.days_to_expiry < 0,
        vendor=c.vendor or NONE,
        archived_on=fmt_date(c.archived_on),
        archived_by=c.archived_by or NONE,
    )


@dataclass(frozen=True)
class SeatView:
    """A seat of one license; the serial key is already masked."""

    id: int
    holder: str
    email: str
    device: str
    seat_key: str
    activated: str
    assigned_by: str
    revoked: bool
    reclaimed: str
    reclaimed_by: str
    terminated: bool
    transferred: bool = False  # revoked because the seat moved to another holder


def seat(s: SeatRow) -> SeatView:
    return SeatView(
        id=s.id,
        holder=s.holder or NONE,
        email=s.email or NONE,
        device=s.device or NONE,
        seat_key=s.seat_key_masked or NONE,
        activated=fmt_date(s.activated_on),
        assigned_by=s.assigned_by or NONE,
        revoked=s.revoked_at is not None,
        reclaimed=fmt_date(s.revoked_at.date()) if s.revoked_at else "",
        reclaimed_by=s.revoked_by or "",
        terminated=s.contact_terminated,
        transferred=s.revoke_reason == "transferred",
    )


def person(p: Any) -> PersonPickView:
    """A person picked in a form (the pickers keep it as the form's value)."""
    return PersonPickView(
        id=p.id,
        name=p.name,
        email=p.email,
        department=p.department,
        initials=initials(p.name),
        avatar_color=avatar_color(p.name),
    )


@dataclass(frozen=True)
class LicenseFactsView:
    """The license a detail page shows: its card plus the facts only the page lists.
    Empty (id 0) until one is loaded."""

    id: int = 0
    href: str = ""
    software: str = ""
    publisher: str = ""
    initials: str = ""
    avatar_color: str = ""
    grade: str = ""
    name: str = ""
    title: str = ""
    key: str = ""
    has_key: bool = False
    license_type: str = ""
    status: str = ""
    seats: str = ""
    seats_used: int = 0
    seats_total: int = 0
    unlimited: bool = False
    fill: int = 0
    full: bool = False
    version: str = ""
    purchase_date: str = ""
    purchase_order: str = ""
    cost: str = ""
    annual_cost: str = ""
    expiry: str = ""
    maintenance: str = ""
    countdown: str = ""
    expired: bool = False
    vendor: str = ""
    archived_on: str = ""
    archived_by: str = ""
    entry_id: int = 0
    entry_href: str = ""
    risk: str = ""
    deployment_model: str = ""
    licensed_to: str = ""
    seat_type: str = ""
    billing_cycle: str = ""
    currency: str = ""
    available: str = ""
    notes: str = ""
