"""Rows of the license pages: the license card (seed 000) and a seat of one
license. Keys arrive already masked; no ORM object or cipher text passes on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from license_hub.services.licenses.license_list import LicenseCard
from license_hub.services.seats.assignments import SeatRow
from license_hub.state.views.directory import PersonPickView
from license_hub.state.views.formatting import NONE, amount, avatar_color, fmt_date, initials, plural


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
    reassignable: bool = True
    retired_note: str = ""  # "2 seats retired — raise the total to reuse them"


@dataclass(frozen=True)
class FactView:
    """One recorded field of a license as its page shows it: "—" when it is blank."""

    field: str
    label: str
    value: str


@dataclass(frozen=True)
class FactPanelView:
    key: str
    title: str
    facts: list[FactView] = field(default_factory=list)


# Every field the license form records, in seed 001's panels and with the form's own
# labels. tests/state/test_license_record.py holds this to the License columns, so a
# new column without a place here fails.
RECORD_PANELS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "general",
        "General",
        (
            ("catalog_entry_id", "Software"),
            ("name", "License name"),
            ("product_key", "Product Key"),
            ("licensed_to", "Licensed To"),
            ("vendor", "Vendor Name"),
            ("license_type", "License Type"),
            ("status", "License Status"),
            ("seats_total", "Seats Total"),
            ("seats_used", "Seats used"),
            ("seat_type", "Seat type"),
            ("quantity_per_seat", "Quantity per user/computer"),
        ),
    ),
    (
        "details",
        "Details",
        (
            ("scope", "Scope"),
            ("compliance_override", "Compliance Status"),
            ("version", "Version"),
            ("organization", "Organization"),
            ("org_unit", "Organizational structure"),
            ("location", "Location"),
            ("serial_number", "Serial number"),
            ("inventory_number", "Inventory number"),
            ("business_owner_id", "Business owner"),
        ),
    ),
    (
        "purchase",
        "Purchase",
        (
            ("purchase_order", "PO / Order Number"),
            ("invoice_number", "Invoice number"),
            ("purchase_date", "Initial Purchase Date"),
            ("currency", "Currency"),
            ("billing_cycle", "Billing cycle"),
            ("custom_cycle_months", "Custom cycle (months)"),
            ("cost_per_seat", "Cost per seat"),
            ("total_cost", "Total cost"),
            ("net_unit_price", "Net unit price"),
            ("vat_percent", "VAT%"),
            ("gross_unit_price", "Gross unit price"),
        ),
    ),
    (
        "validity",
        "Validity",
        (
            ("start_date", "Start Date"),
            ("expiry_date", "Expiry Date"),
            ("perpetual", "Perpetual"),
            ("renewal_date", "Renewal date"),
            ("auto_renew", "Auto-renew"),
            ("renewal_notice_days", "Renewal notice days"),
            ("cancellation_notice_days", "Cancellation notice days"),
            ("maintenance_expiry_date", "Maintenance Expiry Date"),
            ("maintenance_included", "Maintenance and support included"),
        ),
    ),
    (
        "assignment",
        "Assignment",
        (
            ("allocation_rule", "Allocation rules"),
            ("reassignable", "Reassignable"),
            ("transferable", "Transferable"),
            ("restriction_geographic", "Geographic restrictions"),
            ("restriction_usage", "Usage restrictions"),
            ("virtualization_rights", "Virtualisation rights"),
            ("capacity_threshold_pct", "Capacity alert threshold %"),
        ),
    ),
    ("notes", "Notes", (("notes", "Notes"),)),
)
# Columns that are bookkeeping, not something the form records.
# seats_retired is counted by reclaim, not entered, and has its own badge on the page.
NOT_RECORDED = frozenset(
    {"id", "product_key_hint", "created_at", "updated_at", "archived_at", "archived_by", "seats_retired"}
)
# Columns shown under another name: the key's cipher text is shown as its mask.
SHOWN_AS = {"product_key_cipher": "product_key"}


def _plain(value: Any, labels: dict[str, str] | None = None) -> str:
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return fmt_date(value)
    text = str(value)
    return (labels or {}).get(text, text)


def record_panels(
    lic: Any, *, software: str, owner: str, key_mask: str, labels: dict[str, dict[str, str]]
) -> list[FactPanelView]:
    """Every recorded field of `lic` in its panel. The key arrives masked; money is
    shown in the license's currency; the owner and software by name."""
    special: dict[str, str] = {
        "catalog_entry_id": software or NONE,
        "product_key": key_mask or NONE,
        "business_owner_id": owner or NONE,
        "vat_percent": f"{lic.vat_percent.normalize():f}%" if isinstance(lic.vat_percent, Decimal) else NONE,
        "capacity_threshold_pct": f"{lic.capacity_threshold_pct}%",
        "seats_total": "Unlimited" if lic.seat_type == "unlimited" else str(lic.seats_total),
    }
    money = {"cost_per_seat", "total_cost", "net_unit_price", "gross_unit_price"}
    panels = []
    for key, title, fields in RECORD_PANELS:
        facts = []
        for name, label in fields:
            if name in special:
                value = special[name]
            elif name in money:
                value = amount(getattr(lic, name), lic.currency)
            else:
                value = _plain(getattr(lic, name), labels.get(name))
            facts.append(FactView(field=name, label=label, value=value))
        panels.append(FactPanelView(key=key, title=title, facts=facts))
    return panels
