"""The columns an import understands, and the files it recognises without help.

An import column maps to one target field: a license field (the license form's own
names), the catalog entry it belongs to, or who holds a seat. Known formats map
their headers by name, compared case- and whitespace-insensitively: License Hub's
own license export and Snipe-IT's three license CSV styles (the sample / command-line
importer's headers, the web importer's field labels, and its license export).
Snipe-IT columns with no License Hub counterpart (its depreciation, "Min. QTY",
termination date, licensed-to email and the like) are recognised and left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Target fields, in the order License Hub's own export writes them, with their labels.
CATALOG_FIELDS = {"software": "Software", "publisher": "Publisher", "category": "Category"}
LICENSE_FIELDS = {
    "name": "License name",
    "product_key": "Product key",
    "serial_number": "Serial number",
    "inventory_number": "Inventory number",
    "licensed_to": "Licensed to",
    "vendor": "Vendor",
    "version": "Version",
    "license_type": "License type",
    "status": "Status",
    "seats_total": "Seats total",
    "seat_type": "Seat type",
    "scope": "Scope",
    "allocation_rule": "Allocation rule",
    "currency": "Currency",
    "billing_cycle": "Billing cycle",
    "cost_per_seat": "Cost per seat",
    "total_cost": "Total cost",
    "purchase_order": "Purchase order",
    "invoice_number": "Invoice number",
    "purchase_date": "Purchase date",
    "start_date": "Start date",
    "expiry_date": "Expiry date",
    "renewal_date": "Renewal date",
    "maintenance_expiry_date": "Maintenance expiry date",
    "perpetual": "Perpetual",
    "auto_renew": "Auto-renew",
    "renewal_notice_days": "Renewal notice days",
    "maintenance_included": "Maintenance included",
    "reassignable": "Reassignable",
    "transferable": "Transferable",
    "organization": "Organization",
    "location": "Location",
    "notes": "Notes",
}
SEAT_FIELDS = {
    "username": "Assignee username",
    "email": "Assignee email",
    "full_name": "Assignee name",
    "device_name": "Device name",
    "seat_key": "Seat key",
    "activated_on": "Activated",
}
FIELD_LABELS = {**CATALOG_FIELDS, **LICENSE_FIELDS, **SEAT_FIELDS}

BOOL_FIELDS = frozenset({"perpetual", "auto_renew", "maintenance_included", "reassignable", "transferable"})
DATE_FIELDS = frozenset(
    {"purchase_date", "start_date", "expiry_date", "renewal_date", "maintenance_expiry_date", "activated_on"}
)
AMOUNT_FIELDS = frozenset({"cost_per_seat", "total_cost"})
COUNT_FIELDS = frozenset({"seats_total", "renewal_notice_days"})

IGNORE = ""  # a recognised column that is deliberately not imported

OWN = "license_hub"
SNIPE_CLI = "snipeit_importer"
SNIPE_WEB = "snipeit_web"
SNIPE_EXPORT = "snipeit_export"
UNKNOWN = "unknown"
FORMAT_LABELS = {
    OWN: "License Hub license export",
    SNIPE_CLI: "Snipe-IT licenses (sample / command-line headers)",
    SNIPE_WEB: "Snipe-IT licenses (web importer labels)",
    SNIPE_EXPORT: "Snipe-IT license export",
    UNKNOWN: "Unknown columns: map them below",
}

_SNIPE_CLI = {
    "full name": "full_name",
    "email": "email",
    "username": "username",
    "item name": "name",
    "serial number": "product_key",
    "serial": "product_key",
    "category": "category",
    "manufacturer": "publisher",
    "purchase date": "purchase_date",
    "purchase cost": "total_cost",
    "purchase order": "purchase_order",
    "order number": "invoice_number",
    "licensed to name": "licensed_to",
    "licensed to email": IGNORE,
    "expiration date": "expiry_date",
    "termination date": IGNORE,
    "maintained": "maintenance_included",
    "reassignable": "reassignable",
    "seats": "seats_total",
    "company": "organization",
    "supplier": "vendor",
    "notes": "notes",
    "location": "location",
    "asset tag": "device_name",
    "checkout type": IGNORE,
    "minimum quantity": IGNORE,
}
_SNIPE_WEB = {
    "checked out to: asset tag": "device_name",
    "category": "category",
    "checkout type": IGNORE,
    "company": "organization",
    "checked out to: email": "email",
    "expiration date": "expiry_date",
    "checked out to: full name": "full_name",
    "license name": "name",
    "licensed to email": IGNORE,
    "licensed to name": "licensed_to",
    "location": "location",
    "maintained": "maintenance_included",
    "manufacturer": "publisher",
    "min. qty": IGNORE,
    "notes": "notes",
    "order number": "invoice_number",
    "purchase cost": "total_cost",
    "purchase date": "purchase_date",
    "purchase order number": "purchase_order",
    "reassignable": "reassignable",
    "seats": "seats_total",
    "serial/product key": "product_key",
    "supplier": "vendor",
    "termination date": IGNORE,
    "checked out to: username": "username",
}
_SNIPE_EXPORT = {
    "id": IGNORE,
    "company": "organization",
    "name": "name",
    "serial number": "product_key",
    "purchase date": "purchase_date",
    "purchase cost": "total_cost",
    "order number": "invoice_number",
    "licenses available": IGNORE,
    "seats": "seats_total",
    "created by": IGNORE,
    "depreciation": IGNORE,
    "updated at": IGNORE,
    "deleted at": IGNORE,
    "email": IGNORE,
    "fully depreciated": IGNORE,
    "supplier": "vendor",
    "expiration date": "expiry_date",
    "purchase order number": "purchase_order",
    "termination date": IGNORE,
    "maintained": "maintenance_included",
    "manufacturer": "publisher",
    "category": "category",
    "min. qty": IGNORE,
    "reassignable": "reassignable",
    "notes": "notes",
    "created at": IGNORE,
}
_OWN = {label.lower(): key for key, label in FIELD_LABELS.items()}
_FORMATS = {OWN: _OWN, SNIPE_EXPORT: _SNIPE_EXPORT, SNIPE_WEB: _SNIPE_WEB, SNIPE_CLI: _SNIPE_CLI}
# Headers only one format writes: they settle a tie.
_MARKERS = {
    OWN: {"software", "license name", "seats total"},
    SNIPE_EXPORT: {"licenses available"},
    SNIPE_WEB: {"serial/product key", "license name"},
    SNIPE_CLI: {"item name"},
}


def normalize(header: str) -> str:
    return re.sub(r"\s+", " ", header.replace("\ufeff", "")).strip().lower()


@dataclass(frozen=True)
class Detected:
    format: str
    mapping: tuple[str | None, ...]  # per column: a target field, IGNORE, or None (not recognised)

    @property
    def label(self) -> str:
        return FORMAT_LABELS[self.format]


def detect(header: list[str]) -> Detected:
    """The known format that recognises the most columns (and its marker), else UNKNOWN
    with whatever columns match a target field's own name or label."""
    names = [normalize(h) for h in header]
    best, best_score = UNKNOWN, 0
    for fmt, table in _FORMATS.items():
        known = sum(1 for n in names if n in table)
        if known == len(names) and _MARKERS[fmt] & set(names) and known > best_score:
            best, best_score = fmt, known
    if best != UNKNOWN:
        return Detected(best, tuple(_FORMATS[best][n] for n in names))
    guess = {**{k: k for k in FIELD_LABELS}, **_OWN}
    return Detected(UNKNOWN, tuple(guess.get(n.replace(" ", "_"), guess.get(n)) for n in names))


def check_mapping(mapping: list[str | None]) -> list[str]:
    """Problems with a column mapping (manual or detected), worded for the user."""
    problems = []
    chosen = [m for m in mapping if m]
    for field in sorted({m for m in chosen if chosen.count(m) > 1}):
        problems.append(f"“{FIELD_LABELS.get(field, field)}” is mapped to more than one column")
    unknown = [m for m in chosen if m not in FIELD_LABELS]
    problems += [f"“{m}” is not a field License Hub imports" for m in unknown]
    if "name" not in chosen and "software" not in chosen:
        problems.append("Map a column to “License name” or “Software”: each license needs a name")
    return problems
