"""What the license form sends and shows: every field with the longest value it
accepts, the switches, the select values standing for "not set", seed 001's panels
(errors are flagged per panel), and how a stored value reads in the form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

# Every field the form sends, with the longest value each accepts.
TEXT_FIELDS: dict[str, int] = {
    "catalog_entry_id": 20,
    "name": 200,
    "product_key": 500,
    "licensed_to": 200,
    "vendor": 200,
    "license_type": 30,
    "status": 20,
    "seats_total": 20,
    "seat_type": 20,
    "quantity_per_seat": 20,
    "scope": 20,
    "compliance_override": 30,
    "version": 60,
    "organization": 200,
    "org_unit": 200,
    "location": 200,
    "serial_number": 100,
    "inventory_number": 100,
    "purchase_order": 100,
    "invoice_number": 100,
    "purchase_date": 10,
    "currency": 3,
    "billing_cycle": 20,
    "custom_cycle_months": 20,
    "cost_per_seat": 30,
    "total_cost": 30,
    "net_unit_price": 30,
    "vat_percent": 30,
    "gross_unit_price": 30,
    "start_date": 10,
    "expiry_date": 10,
    "renewal_date": 10,
    "renewal_notice_days": 20,
    "cancellation_notice_days": 20,
    "maintenance_expiry_date": 10,
    "allocation_rule": 20,
    "restriction_geographic": 200,
    "restriction_usage": 200,
    "virtualization_rights": 200,
    "capacity_threshold_pct": 20,
    "notes": 10_000,
}
FLAG_FIELDS = ("perpetual", "auto_renew", "maintenance_included", "reassignable", "transferable", "clear_product_key")
# Select values standing for "not set" (a Radix select item cannot have an empty value).
UNSET = {"scope": "none", "compliance_override": "auto"}
# Seed 001's panels, in the order the form shows them: errors are flagged per panel.
PANELS: dict[str, tuple[str, ...]] = {
    "general": (
        "catalog_entry_id",
        "name",
        "licensed_to",
        "vendor",
        "license_type",
        "status",
        "seats_total",
        "seat_type",
        "quantity_per_seat",
    ),
    "details": (
        "scope",
        "compliance_override",
        "version",
        "organization",
        "org_unit",
        "location",
        "serial_number",
        "inventory_number",
        "business_owner_id",
    ),
    "purchase": (
        "purchase_order",
        "invoice_number",
        "purchase_date",
        "currency",
        "billing_cycle",
        "custom_cycle_months",
        "cost_per_seat",
        "total_cost",
        "net_unit_price",
        "vat_percent",
        "gross_unit_price",
    ),
    "validity": (
        "start_date",
        "expiry_date",
        "perpetual",
        "renewal_date",
        "auto_renew",
        "renewal_notice_days",
        "cancellation_notice_days",
        "maintenance_expiry_date",
        "maintenance_included",
    ),
    "assignment": (
        "allocation_rule",
        "reassignable",
        "transferable",
        "restriction_geographic",
        "restriction_usage",
        "virtualization_rights",
        "capacity_threshold_pct",
    ),
    "keys": ("product_key",),
    "notes": ("notes",),
}


def form_text(value: Any) -> str:
    """A stored value as the form's input holds it: money to the cent, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def amount(text: str) -> Decimal | None:
    """A typed amount for the live gross, or None while it is not a number of 0 or more."""
    try:
        number = Decimal(text.strip().replace(",", "")) if text.strip() else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() and number >= 0 else None
