"""The license form (add and edit share it): seed 000's fields plus seed 003's
seat type, currency and billing cycle. Errors appear next to their field and
nothing is saved until every field is clean."""
from __future__ import annotations

import reflex as rx

from license_hub.components.paging import form_field
from license_hub.components.shell import icon_button
from license_hub.state.labels import BILLING_OPTIONS, LICENSE_TYPES, SEAT_TYPE_OPTIONS, STATUS_OPTIONS
from license_hub.state.license_edit import LicenseEditState as S


def _input(name: str, **props) -> rx.Component:
    bad = S.errors.contains(name)
    return rx.input(name=name, id=name, default_value=S.values[name].to(str), size="2", width="100%",
                    variant=rx.cond(bad, "soft", "surface"), color_scheme=rx.cond(bad, "red", "gray"),
                    aria_invalid=rx.cond(bad, "true", "false"), **props)


def _trigger(name: str, **props) -> rx.Component:
    bad = S.errors.contains(name)
    return rx.select.trigger(width="100%", id=name, variant=rx.cond(bad, "soft", "surface"),
                             color_scheme=rx.cond(bad, "red", "gray"), **props)


def _select(name: str, options: list[list[str]]) -> rx.Component:
    return rx.select.root(
        _trigger(name),
        rx.select.content(*[rx.select.item(label, value=value) for value, label in options]),
        name=name,
        default_value=S.values[name].to(str),
        size="2",
    )


def _section(title: str, *children: rx.Component, columns: str = "2") -> rx.Component:
    return rx.flex(
        rx.text(title, size="1", weight="bold", color=rx.color("gray", 10), text_transform="uppercase",
                letter_spacing="0.06em"),
        rx.grid(*children, columns=columns, spacing_x="4", spacing_y="3"),
        direction="column",
        spacing="2",
    )


def _software_select() -> rx.Component:
    return rx.cond(
        S.software_options.length() > 0,
        rx.select.root(
            _trigger("catalog_entry_id", placeholder="Choose the product"),
            rx.select.content(rx.foreach(S.software_options, lambda o: rx.select.item(o["name"], value=o["id"]))),
            name="catalog_entry_id",
            default_value=S.values["catalog_entry_id"].to(str),
            size="2",
        ),
        rx.callout.root(
            rx.callout.text("The catalog is empty. ", rx.link("Add the product to the catalog", href="/catalog"),
                            " first, then add its license."),
            size="1",
            color_scheme="amber",
        ),
    )


def _fields() -> rx.Component:
    e = S.errors
    return rx.flex(
        _section(
            "License",
            form_field("Software", "catalog_entry_id", _software_select(), e, required=True),
            form_field("License name", "name", _input("name", placeholder="e.g. M365 E3 — Sales", max_length=200), e),
            form_field("Product Key", "product_key",
                       _input("product_key", placeholder=rx.cond(S.key_mask != "", "Leave blank to keep the saved key",
                                                                 "Serial or product key"),
                              max_length=500, auto_complete="off", spell_check=False),
                       e, hint=rx.cond(S.key_mask != "", "Saved key: " + S.key_mask, "Masked on the card after saving")),
            form_field("Licensed To", "licensed_to", _input("licensed_to", max_length=200), e),
            form_field("Vendor Name", "vendor", _input("vendor", max_length=200), e),
            form_field("Version", "version", _input("version", placeholder="e.g. 2024", max_length=60), e),
            form_field("License Type", "license_type", _select("license_type", [[t, t] for t in LICENSE_TYPES]), e),
            form_field("License Status", "status", _select("status", STATUS_OPTIONS), e),
        ),
        _section(
            "Seats and cost",
            form_field("Seats Total", "seats_total", _input("seats_total", type="number", min=1, step=1), e,
                       required=True),
            form_field("Seat type", "seat_type", _select("seat_type", SEAT_TYPE_OPTIONS), e),
            form_field("Cost per seat", "cost_per_seat", _input("cost_per_seat", input_mode="decimal",
                                                                placeholder="0.00"), e),
            form_field("Total cost", "total_cost", _input("total_cost", input_mode="decimal", placeholder="0.00"), e),
            form_field("Currency", "currency", _input("currency", max_length=3, placeholder="EUR",
                                                      text_transform="uppercase"), e, hint="Three-letter code"),
            form_field("Billing cycle", "billing_cycle", _select("billing_cycle", BILLING_OPTIONS), e),
        ),
        _section(
            "Dates and references",
            form_field("Initial Purchase Date", "purchase_date", _input("purchase_date", type="date"), e),
            form_field("Expiry Date", "expiry_date", _input("expiry_date", type="date"), e),
            form_field("Maintenance Expiry Date", "maintenance_expiry_date",
                       _input("maintenance_expiry_date", type="date"), e),
            form_field("PO / Order Number", "purchase_order", _input("purchase_order", max_length=100), e),
        ),
        form_field("Notes", "notes", rx.text_area(name="notes", id="notes", default_value=S.values["notes"].to(str),
                                                  rows="3", width="100%", max_length=10000), e),
        direction="column",
        spacing="5",
    )


def license_form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.flex(
                rx.dialog.title(S.title, margin="0"),
                rx.dialog.close(icon_button("x", 16, variant="ghost", color_scheme="gray",
                                               aria_label="Close")),
                justify="between",
                align="center",
                margin_bottom="4px",
            ),
            rx.dialog.description(rx.text("Fields marked * are required.", size="2", color=rx.color("gray", 10)),
                                  margin_bottom="16px"),
            rx.form(
                rx.cond(
                    S.form_error != "",
                    rx.callout.root(rx.callout.icon(rx.icon("circle_alert", size=16)), rx.callout.text(S.form_error),
                                    color_scheme="red", size="1", margin_bottom="16px", role="alert"),
                ),
                _fields(),
                rx.flex(
                    rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                    rx.button("Save", type="submit"),
                    spacing="3",
                    justify="end",
                    margin_top="20px",
                ),
                on_submit=S.save,
                no_validate=True,
                key=S.form_key,
                data_testid="license-form",
            ),
            max_width="720px",
        ),
        open=S.open,
        on_open_change=S.set_open,
    )
