"""Service results turned into the plain dicts the browser receives. This is the
one place that decides what leaves the server: keys arrive here already masked,
and no ORM object or cipher text is ever passed on."""
from __future__ import annotations

import hashlib
from typing import Any

from license_hub.state.base import _fmt_date, _plural

# Brand avatars get a stable colour per publisher from this set.
_AVATAR_COLORS = ("indigo", "cyan", "orange", "crimson", "grass", "violet", "amber", "teal", "plum", "blue")


def initials(name: str) -> str:
    words = [w for w in (name or "").replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper() if len(words[0]) > 1 else words[0].upper()
    return (words[0][0] + words[1][0]).upper()


def avatar_color(name: str) -> str:
    digest = hashlib.sha1((name or "?").strip().lower().encode()).digest()
    return _AVATAR_COLORS[digest[0] % len(_AVATAR_COLORS)]


def countdown(days: int | None, notice_days: int) -> str:
    """Seed 003's amber countdown, shown inside the license's own notice window."""
    if days is None or not 0 <= days <= notice_days:
        return ""
    if days == 0:
        return "Expires today"
    return f"Expires in {_plural(days, 'day')}"


def card(c: Any) -> dict[str, Any]:
    """A license card (services.license_list.LicenseCard) as plain values."""
    brand = c.publisher or c.software
    fill = 0 if c.unlimited or not c.seats_total else min(100, round(c.seats_used * 100 / c.seats_total))
    return {
        "id": c.id,
        "href": f"/licenses/{c.id}",
        "software": c.software,
        "publisher": c.publisher,
        "initials": initials(brand),
        "avatar_color": avatar_color(brand),
        "grade": c.security_grade,
        "name": c.name,
        "title": c.name or c.software,
        "key": c.product_key_masked or "No product key",
        "has_key": bool(c.product_key_masked),
        "license_type": c.license_type,
        "status": c.status,
        "seats": f"{c.seats_used} / {'Unlimited' if c.unlimited else c.seats_total}",
        "seats_used": c.seats_used,
        "seats_total": c.seats_total,
        "unlimited": c.unlimited,
        "fill": fill,
        "full": (not c.unlimited) and c.seats_used >= c.seats_total,
        "version": c.version or "—",
        "purchase_date": _fmt_date(c.purchase_date),
        "purchase_order": c.purchase_order or "—",
        "cost": c.cost,
        "annual_cost": c.annual_cost,
        "expiry": _fmt_date(c.expiry_date),
        "maintenance": _fmt_date(c.maintenance_expiry_date),
        "countdown": countdown(c.days_to_expiry, c.renewal_notice_days),
        "expired": c.days_to_expiry is not None and c.days_to_expiry < 0,
        "vendor": getattr(c, "vendor", "") or "—",
        "archived_on": _fmt_date(getattr(c, "archived_on", None)),
        "archived_by": getattr(c, "archived_by", "") or "—",
    }


def catalog_row(r: Any) -> dict[str, Any]:
    brand = r.publisher or r.name
    return {
        "id": r.id,
        "href": f"/catalog/{r.id}",
        "name": r.name,
        "publisher": r.publisher or "—",
        "category": r.category or "—",
        "deployment_model": r.deployment_model,
        "grade": r.security_grade,
        "risk": r.security_risk,
        "licenses": r.license_count,
        "initials": initials(brand),
        "avatar_color": avatar_color(brand),
    }


def catalog_entry(e: Any) -> dict[str, Any]:
    brand = e.publisher or e.name
    website = (e.website or "").strip()
    return {
        "id": e.id,
        "name": e.name,
        "publisher": e.publisher,
        "category": e.category,
        "deployment_model": e.deployment_model,
        "description": e.description,
        "website": website,
        "website_href": website if website.startswith(("http://", "https://")) else (f"https://{website}" if website else ""),
        "grade": e.security_grade or "",
        "risk": e.security_risk or "",
        "rationale": e.security_rationale or "",
        "initials": initials(brand),
        "avatar_color": avatar_color(brand),
    }


def seat(s: Any) -> dict[str, Any]:
    """A seat row (services.seats.SeatRow); the serial key is already masked."""
    return {
        "id": s.id,
        "holder": s.holder or "—",
        "email": s.email or "—",
        "device": s.device or "—",
        "seat_key": s.seat_key_masked or "—",
        "activated": _fmt_date(s.activated_on),
        "assigned_by": s.assigned_by or "—",
        "revoked": s.revoked_at is not None,
        "reclaimed": _fmt_date(s.revoked_at.date()) if s.revoked_at else "",
        "reclaimed_by": s.revoked_by or "",
        "terminated": s.contact_terminated,
    }


def person(p: Any) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "email": p.email, "department": p.department,
            "initials": initials(p.name), "avatar_color": avatar_color(p.name)}
