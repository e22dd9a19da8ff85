"""The words of a reminder: one title and one plain-text body per kind, shared by
the in-app notification and the email. Built from masked values only — the
product key appears as its mask, never in clear."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from license_hub.models import CatalogEntry, License, Person
from license_hub.models.enums import ReminderKind
from license_hub.services.core import secrets
from license_hub.services.notify.notifications import license_link


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str
    email_body: str


def _when(days: int) -> str:
    if days > 1:
        return f"in {days} days"
    if days == 1:
        return "tomorrow"
    if days == 0:
        return "today"
    if days == -1:
        return "yesterday"
    return f"{-days} days ago"


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def label(lic: License, entry: CatalogEntry | None) -> str:
    software = entry.name if entry else "License"
    return f"{software} — {lic.name}" if lic.name else software


def _title(kind: str, lic: License, name: str, occurrence: date, today: date) -> str:
    days = (occurrence - today).days
    if kind == ReminderKind.EXPIRY:
        return f"{name} {'expires' if days >= 0 else 'expired'} {_when(days)}"
    if kind == ReminderKind.RENEWAL_NOTICE:
        to_expiry = (lic.expiry_date - today).days if lic.expiry_date else days
        return f"Renewal notice: {name} expires {_when(to_expiry)}"
    if kind == ReminderKind.MAINTENANCE_EXPIRY:
        return f"Maintenance for {name} {'ends' if days >= 0 else 'ended'} {_when(days)}"
    if kind == ReminderKind.CANCELLATION_DEADLINE:
        renews = _day(lic.renewal_date or lic.expiry_date)
        if days > 0:
            return f"{name} auto-renews on {renews}: cancel within {days} day{'s' if days != 1 else ''}"
        if days == 0:
            return f"Last day to cancel {name} before it auto-renews on {renews}"
        return f"The cancellation deadline for {name} passed {_when(days)}"
    if kind == ReminderKind.AUDIT_DUE:
        return f"Usage audit due for {name}" + ("" if days >= 0 else f" (since {_when(days)})")
    if kind == ReminderKind.CAPACITY:
        pct = round(100 * lic.seats_used / lic.seats_total) if lic.seats_total else 0
        return f"{name} is at {pct}% of its seats"
    return f"Reminder for {name}"


_ADVICE = {
    ReminderKind.EXPIRY: "Renew it, or update its dates or status.",
    ReminderKind.RENEWAL_NOTICE: "Its renewal notice period starts: decide whether to renew.",
    ReminderKind.MAINTENANCE_EXPIRY: "Renew the support and upgrade entitlement, or record that it lapses.",
    ReminderKind.CANCELLATION_DEADLINE: "After this day the agreement renews on its own.",
    ReminderKind.AUDIT_DUE: "Start the usage audit from the license page.",
    ReminderKind.CAPACITY: "Reclaim unused seats or raise Seats Total before the license is full.",
}


def render(session: Session, kind: str, lic: License, occurrence: date, today: date, app_url: str) -> Message:
    entry = session.get(CatalogEntry, lic.catalog_entry_id)
    owner = session.get(Person, lic.business_owner_id) if lic.business_owner_id else None
    name = label(lic, entry)
    title = _title(kind, lic, name, occurrence, today)
    link = license_link(lic.id)
    seats = (
        "unlimited"
        if lic.seat_type == "unlimited"
        else f"{lic.seats_used} of {lic.seats_total} used (alert at {lic.capacity_threshold_pct}%)"
    )
    facts = [
        (
            "Software",
            f"{entry.name} ({entry.publisher})" if entry and entry.publisher else (entry.name if entry else ""),
        ),
        ("License", lic.name),
        ("Vendor", lic.vendor),
        ("Product key", secrets.mask(lic.product_key_cipher is not None, lic.product_key_hint)),
        ("Status", lic.status),
        ("Expiry date", _day(lic.expiry_date) if lic.expiry_date else ""),
        ("Renewal date", _day(lic.renewal_date) if lic.renewal_date else ""),
        (
            "Auto-renew",
            (
                "yes"
                + (f", cancellation notice {lic.cancellation_notice_days} days" if lic.cancellation_notice_days else "")
            )
            if lic.auto_renew
            else "no",
        ),
        ("Maintenance expiry", _day(lic.maintenance_expiry_date) if lic.maintenance_expiry_date else ""),
        ("Seats", seats),
        ("Business owner", owner.name if owner else ""),
        ("Purchase order", lic.purchase_order),
    ]
    lines = [f"{title}.", _ADVICE.get(kind, ""), ""] + [f"{k}: {v}" for k, v in facts if v]
    body = "\n".join(line for line in lines if line is not None).strip()
    email_body = f"{body}\n\nOpen the license: {app_url.rstrip('/')}{link}"
    return Message(title=title, body=body, link=link, email_body=email_body)
