"""Turns what a form (or an import, or the API) sends into clean license fields,
with one message per bad field. Nothing is saved unless every field is clean."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from babel.numbers import list_currencies

from license_hub.models.enums import (
    AllocationRule,
    BillingCycle,
    ComplianceStatus,
    LicenseStatus,
    LicenseType,
    Scope,
    SeatType,
)
from license_hub.services.core import bounds
from license_hub.services.core.errors import ValidationError
from license_hub.services.licenses import perpetual

CENT = Decimal("0.01")
_CURRENCIES = frozenset(list_currencies())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(limit: int) -> Callable[[Any], str]:
    return lambda value: bounds.text(value, limit)


def _int(value: Any) -> int | None:
    return None if _blank(value) else bounds.whole(value)


def _decimal(value: Any) -> Decimal | None:
    return None if _blank(value) else bounds.amount(value)


def _date(value: Any) -> date | None:
    return None if _blank(value) else bounds.day(value)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


parse_flag = _bool


def _choice(options: type) -> Callable[[Any], str]:
    allowed = [o.value for o in options]

    def parse(value: Any) -> str:
        text = "" if value is None else str(value).strip()
        if text not in allowed:
            raise ValueError(f"Choose one of: {', '.join(allowed)}")
        return text

    return parse


def _optional_choice(options: type) -> Callable[[Any], str]:
    strict = _choice(options)
    return lambda value: "" if _blank(value) else strict(value)


def _compliance(value: Any) -> str | None:
    """Seed 001's hand-set Compliance Status ("Review Required" when uncertain); blank = computed."""
    return None if _blank(value) else _choice(ComplianceStatus)(value)


def _currency(value: Any) -> str:
    code = "" if value is None else str(value).strip().upper()
    if code not in _CURRENCIES:
        raise ValueError("Use a three-letter ISO 4217 currency code, e.g. EUR")
    return code


PARSERS: dict[str, Callable[[Any], Any]] = {
    "catalog_entry_id": _int,
    "name": _text(200),
    "product_key": _text(500),
    "licensed_to": _text(200),
    "vendor": _text(200),
    "version": _text(60),
    "license_type": _choice(LicenseType),
    "status": _choice(LicenseStatus),
    "seats_total": _int,
    "seat_type": _choice(SeatType),
    "quantity_per_seat": _int,
    "scope": _optional_choice(Scope),
    "compliance_override": _compliance,
    "currency": _currency,
    "billing_cycle": _choice(BillingCycle),
    "custom_cycle_months": _int,
    "cost_per_seat": _decimal,
    "total_cost": _decimal,
    "net_unit_price": _decimal,
    "vat_percent": _decimal,
    "gross_unit_price": _decimal,
    "purchase_order": _text(100),
    "invoice_number": _text(100),
    "purchase_date": _date,
    "start_date": _date,
    "expiry_date": _date,
    "renewal_date": _date,
    "maintenance_expiry_date": _date,
    "perpetual": _bool,
    "auto_renew": _bool,
    "renewal_notice_days": _int,
    "cancellation_notice_days": _int,
    "maintenance_included": _bool,
    "allocation_rule": _choice(AllocationRule),
    "reassignable": _bool,
    "transferable": _bool,
    "restriction_geographic": _text(200),
    "restriction_usage": _text(200),
    "virtualization_rights": _text(200),
    "capacity_threshold_pct": _int,
    "serial_number": _text(100),
    "inventory_number": _text(100),
    "organization": _text(200),
    "org_unit": _text(200),
    "location": _text(200),
    "business_owner_id": _int,
    "notes": _text(10_000),
}

# Seed 003's defaults for a new license.
DEFAULTS: dict[str, Any] = {
    "seats_total": 1,
    "seat_type": SeatType.USER.value,
    "billing_cycle": BillingCycle.ANNUAL.value,
    "renewal_notice_days": 30,
    "status": LicenseStatus.ACTIVE.value,
    "license_type": LicenseType.SUBSCRIPTION.value,
    "allocation_rule": AllocationRule.USER_BASED.value,
    "quantity_per_seat": 1,
    "capacity_threshold_pct": 90,
    "reassignable": True,
    "transferable": True,
}


def clean(
    data: dict[str, Any], current: dict[str, Any] | None = None, workspace_currency: str = "EUR"
) -> dict[str, Any]:
    """Parse and check every field. `current` holds the saved values when editing,
    so cross-field rules see the whole license. Raises ValidationError."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        parser = PARSERS.get(key)
        if parser is None:
            continue
        try:
            out[key] = parser(value)
        except ValueError as exc:
            errors[key] = str(exc)

    base = dict(current or {**DEFAULTS, "currency": workspace_currency})
    merged = {**base, **{k: v for k, v in out.items() if k not in errors}}
    for key in ("seats_total", "renewal_notice_days", "quantity_per_seat", "capacity_threshold_pct"):
        if merged.get(key) is None and key not in errors:
            merged[key] = out[key] = DEFAULTS[key]

    if not merged.get("catalog_entry_id") and "catalog_entry_id" not in errors:
        errors["catalog_entry_id"] = "Software is required"
    unlimited = merged.get("seat_type") == SeatType.UNLIMITED.value
    seats = merged.get("seats_total")
    if "seats_total" not in errors and not unlimited and (seats is None or seats < 1):
        errors["seats_total"] = "Seats total must be at least 1"
    if "seats_total" not in errors and seats is not None and seats > 100_000_000:
        errors["seats_total"] = "Seats total must be at most 100,000,000"
    for key in ("renewal_notice_days", "cancellation_notice_days"):
        days = merged.get(key)
        if key not in errors and days is not None and not 0 <= days <= 3650:
            errors[key] = "Enter a number of days between 0 and 3650"
    threshold = merged.get("capacity_threshold_pct")
    if "capacity_threshold_pct" not in errors and threshold is not None and not 1 <= threshold <= 100:
        errors["capacity_threshold_pct"] = "Enter a percentage between 1 and 100"
    if "quantity_per_seat" not in errors and (merged.get("quantity_per_seat") or 0) < 1:
        errors["quantity_per_seat"] = "Quantity per user/computer must be at least 1"
    perpetual.reconcile(out, merged, errors)
    start, expiry = merged.get("start_date"), merged.get("expiry_date")
    if start and expiry and expiry <= start and "expiry_date" not in errors:
        errors["expiry_date"] = "Expiry date must be after the start date"
    if merged.get("perpetual") and expiry and "expiry_date" not in errors:
        errors["expiry_date"] = "A perpetual license has no expiry date"
    if merged.get("billing_cycle") == BillingCycle.CUSTOM.value:
        months = merged.get("custom_cycle_months")
        if "custom_cycle_months" not in errors and months is not None and not 1 <= months <= 120:
            errors["custom_cycle_months"] = "Enter a cycle between 1 and 120 months"
    _check_vat(merged, out, errors)
    per_seat = merged.get("cost_per_seat")
    if (
        "cost_per_seat" not in errors
        and per_seat is not None
        and seats
        and not unlimited
        and per_seat * seats > bounds.MAX_MONEY
    ):
        errors["cost_per_seat"] = f"Cost per seat × seats total must stay under {bounds.MAX_MONEY:,}"

    if errors:
        raise ValidationError(errors)
    return out


def _check_vat(merged: dict[str, Any], out: dict[str, Any], errors: dict[str, str]) -> None:
    """Seed 002: gross = net × (1 + VAT%). Fill in the missing one; refuse a contradiction."""
    if any(k in errors for k in ("net_unit_price", "vat_percent", "gross_unit_price")):
        return
    net, vat, gross = merged.get("net_unit_price"), merged.get("vat_percent"), merged.get("gross_unit_price")
    if vat is not None and vat > 100:
        errors["vat_percent"] = "VAT% must be between 0 and 100"
    elif net is not None and vat is not None:
        expected = (net * (1 + vat / 100)).quantize(CENT, rounding=ROUND_HALF_UP)
        if expected > bounds.MAX_MONEY:
            errors["net_unit_price"] = bounds.TOO_LARGE
        elif out.get("gross_unit_price") is not None and gross != expected:
            errors["gross_unit_price"] = f"Gross unit price must equal net × (1 + VAT%) = {expected}"
        else:
            out["gross_unit_price"] = expected
    elif gross is not None and vat is not None:
        out["net_unit_price"] = (gross / (1 + vat / 100)).quantize(CENT, rounding=ROUND_HALF_UP)
