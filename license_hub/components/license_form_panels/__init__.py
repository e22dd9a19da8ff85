"""The license form's panels, as seed 001 groups them — General, Details,
Purchase, Validity, Assignment — plus seed 002's Keys tab and Notes. Labels are
the seeds' own words; each error shows right under its field."""

from __future__ import annotations

import reflex as rx

from license_hub.components.holder_picker import PERSON, holder_picker
from license_hub.components.license_form_panels.fields import field_grid, invalid, section, select, switch, text_input
from license_hub.components.license_form_panels.software import software_field
from license_hub.components.paging import form_field
from license_hub.state.labels import (
    ALLOCATION_OPTIONS,
    BILLING_OPTIONS,
    COMPLIANCE_OPTIONS,
    LICENSE_TYPES,
    SCOPE_OPTIONS,
    SEAT_TYPE_OPTIONS,
    STATUS_OPTIONS,
)
from license_hub.state.license_edit import LicenseEditState as S

E = S.errors
# (key, title, lucide icon, one line on what the panel holds)
PANELS = [
    ("general", "General", "file_key", "The product, who it is licensed to, and how many seats."),
    ("details", "Details", "list_tree", "Scope, compliance and where the license lives in the organization."),
    ("purchase", "Purchase", "receipt", "Order references, cost and how often it recurs."),
    ("validity", "Validity", "calendar_range", "The agreement's timeline and renewal terms."),
    ("assignment", "Assignment", "users", "Allocation rules, reassignment controls and restrictions."),
    ("keys", "Keys", "key_round", "The license's product key, encrypted at rest and masked after saving."),
    ("notes", "Notes", "notebook_pen", ""),
]


def general() -> rx.Component:
    return field_grid(
        rx.box(form_field("Software", "catalog_entry_id", software_field(), E, required=True), grid_column="span 2"),
        form_field("License name", "name", text_input("name", placeholder="e.g. M365 E3 — Sales", max_length=200), E),
        form_field("Licensed To", "licensed_to", text_input("licensed_to", max_length=200), E),
        form_field("Vendor Name", "vendor", text_input("vendor", max_length=200), E),
        form_field(
            "License Type",
            "license_type",
            select("license_type", [[t, t] for t in LICENSE_TYPES], value=S.license_type, on_change=S.set_license_type),
            E,
        ),
        form_field("License Status", "status", select("status", STATUS_OPTIONS), E),
        form_field(
            "Seats Total",
            "seats_total",
            text_input("seats_total", type="number", min=0, step=1),
            E,
            required=True,
            hint=rx.cond(S.seat_type == "unlimited", "Unlimited: seats are not counted", ""),
        ),
        form_field(
            "Seat type",
            "seat_type",
            select("seat_type", SEAT_TYPE_OPTIONS, on_change=S.set_seat_type),
            E,
            hint="Unlimited for enterprise or site licenses",
        ),
        form_field(
            "Quantity per user/computer",
            "quantity_per_seat",
            text_input("quantity_per_seat", type="number", min=1, step=1),
            E,
        ),
    )


def _owner() -> rx.Component:
    return holder_picker(
        kind=PERSON,
        label="Business owner",
        listbox_id="owner-options",
        listbox_label="Matching contacts",
        query=S.owner_query,
        options=S.owner_options,
        on_search=S.search_owner,
        on_pick=S.pick_owner,
        option_testid="owner-option",
        placeholder="Search contacts",
        picked=S.owner,
        on_clear=S.clear_owner,
        clear_label="Clear business owner",
        picked_testid="picked-owner",
        input_id="business_owner_id",
        input_name="business_owner_search",
        compact=True,
    )


def details() -> rx.Component:
    return field_grid(
        form_field("Scope", "scope", select("scope", SCOPE_OPTIONS), E),
        form_field(
            "Compliance Status",
            "compliance_override",
            select("compliance_override", COMPLIANCE_OPTIONS),
            E,
            hint="Set Review Required when uncertain",
        ),
        form_field("Version", "version", text_input("version", placeholder="e.g. 2024", max_length=60), E),
        form_field("Organization", "organization", text_input("organization", max_length=200), E),
        form_field(
            "Organizational structure",
            "org_unit",
            text_input("org_unit", placeholder="e.g. Finance › Payroll", max_length=200),
            E,
        ),
        form_field("Location", "location", text_input("location", max_length=200), E),
        form_field("Serial number", "serial_number", text_input("serial_number", max_length=100), E),
        form_field("Inventory number", "inventory_number", text_input("inventory_number", max_length=100), E),
        form_field("Business owner", "business_owner_id", _owner(), E),
    )


def purchase() -> rx.Component:
    return field_grid(
        form_field("PO / Order Number", "purchase_order", text_input("purchase_order", max_length=100), E),
        form_field("Invoice number", "invoice_number", text_input("invoice_number", max_length=100), E),
        form_field("Initial Purchase Date", "purchase_date", text_input("purchase_date", type="date"), E),
        form_field(
            "Currency",
            "currency",
            text_input("currency", max_length=8, placeholder="EUR", text_transform="uppercase"),
            E,
            hint="Three-letter code",
        ),
        form_field(
            "Billing cycle", "billing_cycle", select("billing_cycle", BILLING_OPTIONS, on_change=S.set_billing_cycle), E
        ),
        rx.cond(
            S.billing_cycle == "custom",
            form_field(
                "Custom cycle (months)",
                "custom_cycle_months",
                text_input("custom_cycle_months", type="number", min=1, max=120, step=1),
                E,
                hint="Cost recurs every this many months",
            ),
            rx.box(),
        ),
        form_field(
            "Cost per seat", "cost_per_seat", text_input("cost_per_seat", input_mode="decimal", placeholder="0.00"), E
        ),
        form_field(
            "Total cost",
            "total_cost",
            text_input("total_cost", input_mode="decimal", placeholder="0.00"),
            E,
            hint="Either or both can be recorded",
        ),
        rx.box(),
        form_field(
            "Net unit price",
            "net_unit_price",
            text_input(
                "net_unit_price", input_mode="decimal", placeholder="0.00", on_blur=lambda v: S.set_price("net", v)
            ),
            E,
            hint="Price without VAT",
        ),
        form_field(
            "VAT%",
            "vat_percent",
            text_input(
                "vat_percent", input_mode="decimal", placeholder="e.g. 21", on_blur=lambda v: S.set_price("vat", v)
            ),
            E,
        ),
        form_field(
            "Gross unit price",
            "gross_unit_price",
            rx.debounce_input(
                rx.input(
                    name="gross_unit_price",
                    id="gross_unit_price",
                    value=S.gross,
                    on_change=S.set_gross,
                    input_mode="decimal",
                    placeholder="Computed from net and VAT",
                    size="2",
                    width="100%",
                    variant=rx.cond(invalid("gross_unit_price"), "soft", "surface"),
                    color_scheme=rx.cond(invalid("gross_unit_price"), "red", "gray"),
                ),
                debounce_timeout=300,
            ),
            E,
            hint=rx.cond(S.computed_gross != "", "Net × (1 + VAT%) = " + S.computed_gross, "Price including VAT"),
        ),
    )


def validity() -> rx.Component:
    return field_grid(
        form_field("Start Date", "start_date", text_input("start_date", type="date"), E),
        form_field(
            "Expiry Date",
            "expiry_date",
            text_input("expiry_date", type="date"),
            E,
            hint=rx.cond(S.perpetual, "A perpetual license has no expiry date", "Drives the renewal reminders"),
        ),
        form_field("Renewal date", "renewal_date", text_input("renewal_date", type="date"), E),
        switch("perpetual", "Perpetual", "No expiry", checked=S.perpetual, on_change=S.set_perpetual),
        switch("auto_renew", "Auto-renew", "Renews on its own"),
        switch("maintenance_included", "Maintenance and support included"),
        form_field(
            "Renewal notice days",
            "renewal_notice_days",
            text_input("renewal_notice_days", type="number", min=0, step=1),
            E,
            hint="The amber countdown starts this many days before expiry",
        ),
        form_field(
            "Cancellation notice days",
            "cancellation_notice_days",
            text_input("cancellation_notice_days", type="number", min=0, step=1),
            E,
        ),
        form_field(
            "Maintenance Expiry Date", "maintenance_expiry_date", text_input("maintenance_expiry_date", type="date"), E
        ),
    )


def assignment() -> rx.Component:
    return field_grid(
        form_field("Allocation rules", "allocation_rule", select("allocation_rule", ALLOCATION_OPTIONS), E),
        switch("reassignable", "Reassignable", "A freed seat can go to someone else"),
        switch("transferable", "Transferable", "May move to another organization"),
        form_field(
            "Geographic restrictions",
            "restriction_geographic",
            text_input("restriction_geographic", placeholder="e.g. EU only", max_length=200),
            E,
        ),
        form_field(
            "Usage restrictions",
            "restriction_usage",
            text_input("restriction_usage", placeholder="e.g. Non-commercial", max_length=200),
            E,
        ),
        form_field(
            "Virtualisation rights",
            "virtualization_rights",
            text_input("virtualization_rights", placeholder="e.g. Up to 2 VMs", max_length=200),
            E,
        ),
        form_field(
            "Capacity alert threshold %",
            "capacity_threshold_pct",
            text_input("capacity_threshold_pct", type="number", min=1, max=100, step=1),
            E,
            hint="Alert when this share of seats is in use",
        ),
    )


def keys() -> rx.Component:
    key_input = dict(max_length=500, auto_complete="off", spell_check=False, font_family="var(--code-font-family)")
    return rx.cond(
        S.key_mask != "",
        field_grid(
            rx.flex(
                rx.el.label(rx.text("Product Key", size="2", weight="medium", as_="span"), html_for="product_key"),
                rx.flex(
                    rx.icon("key_round", size=14, color=rx.color("gray", 11)),
                    rx.text(
                        "Saved key: ",
                        rx.el.span(
                            S.key_mask, data_testid="saved-key", style={"font_family": "var(--code-font-family)"}
                        ),
                        size="2",
                    ),
                    height="32px",
                    align="center",
                    spacing="2",
                ),
                rx.text("Never shown here: reveal it on the license page.", size="1", color=rx.color("gray", 11)),
                direction="column",
                spacing="1",
            ),
            form_field(
                "Replace key",
                "product_key",
                text_input("product_key", placeholder="Leave blank to keep the saved key", **key_input),
                E,
            ),
            switch("clear_product_key", "Clear the saved key", "Removes it when you save"),
        ),
        field_grid(
            rx.box(
                form_field(
                    "Product Key",
                    "product_key",
                    text_input("product_key", placeholder="Serial or product key", **key_input),
                    E,
                    hint="Masked on the card after saving",
                ),
                grid_column="span 2",
            ),
        ),
    )


def notes() -> rx.Component:
    return form_field(
        "Notes",
        "notes",
        rx.text_area(
            name="notes", id="notes", default_value=S.values["notes"].to(str), rows="3", width="100%", max_length=10000
        ),
        E,
    )


BUILDERS = {
    "general": general,
    "details": details,
    "purchase": purchase,
    "validity": validity,
    "assignment": assignment,
    "keys": keys,
    "notes": notes,
}


def panels() -> list[rx.Component]:
    return [section(key, title, icon, blurb, BUILDERS[key]()) for key, title, icon, blurb in PANELS]
