"""/software-rules — normalization rules and the unmatched software awaiting one."""

from __future__ import annotations

import reflex as rx

from license_hub.components.search_box import search_box
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.software_rules import SoftwareRulesState as S

MUTED = rx.color("gray", 11)


def _field_error(name: str) -> rx.Component:
    return rx.cond(S.field_errors.contains(name), rx.text(S.field_errors[name], size="1", color=rx.color("red", 11)))


def _input(label: str, field: str, value, placeholder: str) -> rx.Component:
    return rx.flex(
        rx.text(label, size="1", weight="medium"),
        rx.input(
            value=value,
            on_change=lambda v: S.set_field(field, v),
            placeholder=placeholder,
            aria_label=label,
            data_testid=f"rule-{field}",
        ),
        _field_error(field),
        direction="column",
        spacing="1",
        flex="1",
    )


def _form() -> rx.Component:
    return rx.card(
        rx.heading("New rule", size="3", as_="h2", margin_bottom="4px"),
        rx.text(
            "Bundle ids are tried first, then vendors, then name patterns (* matches anything, case does not "
            "matter). A name equal to a product's matches without a rule.",
            size="1",
            color=MUTED,
        ),
        rx.flex(
            rx.flex(
                rx.el.label(rx.text("Product", size="1", weight="medium", as_="span"), html_for="rule-product"),
                rx.select.root(
                    rx.select.trigger(placeholder="Choose a product", id="rule-product", data_testid="rule-product"),
                    rx.select.content(rx.foreach(S.products, lambda p: rx.select.item(p.name, value=p.id))),
                    value=S.product_id,
                    on_change=lambda v: S.set_field("product_id", v),
                ),
                _field_error("catalog_entry_id"),
                direction="column",
                spacing="1",
                flex="1",
            ),
            _input("Name pattern", "pattern", S.pattern, "Adobe Acrobat*"),
            _input("Vendor", "vendor", S.vendor, "Adobe"),
            _input("Bundle id", "bundle_id", S.bundle_id, "com.adobe.Acrobat.Pro"),
            spacing="3",
            margin_top="12px",
            wrap="wrap",
        ),
        rx.flex(
            rx.button(
                rx.icon("eye", size=14), "Preview", variant="soft", on_click=S.preview, data_testid="rule-preview"
            ),
            rx.button(rx.icon("check", size=14), "Save rule", on_click=S.save, data_testid="rule-save"),
            spacing="2",
            justify="end",
            margin_top="12px",
        ),
        rx.cond(
            S.previewed,
            rx.box(
                rx.text("This rule would match:", size="2", weight="medium", margin="12px 0 6px"),
                rx.cond(
                    S.preview_rows.length() > 0,
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(h)
                                    for h in ("Installed name", "Vendor", "Hosts", "Now mapped to")
                                ]
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                S.preview_rows,
                                lambda p: rx.table.row(
                                    rx.table.cell(p.name),
                                    rx.table.cell(rx.text(p.vendor, color=MUTED)),
                                    rx.table.cell(p.hosts),
                                    rx.table.cell(p.current),
                                    data_testid="preview-row",
                                ),
                            )
                        ),
                        size="1",
                        variant="ghost",
                        width="100%",
                    ),
                    rx.text("No installed software matches.", size="2", color=MUTED),
                ),
            ),
        ),
        size="2",
        margin_bottom="20px",
    )


def _delete(r) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.icon_button(
                rx.icon("trash_2", size=14), size="1", variant="ghost", color_scheme="red", aria_label="Delete rule"
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this rule?"),
            rx.alert_dialog.description("Software it matched is normalized again without it.", size="2"),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Delete rule", color_scheme="red", on_click=S.delete(r.id))),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="400px",
        ),
    )


def _rules() -> rx.Component:
    return rx.cond(
        S.rules.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(h) for h in ("Product", "Name pattern", "Vendor", "Bundle id", "")]
                )
            ),
            rx.table.body(
                rx.foreach(
                    S.rules,
                    lambda r: rx.table.row(
                        rx.table.cell(rx.text(r.product, weight="medium")),
                        rx.table.cell(rx.code(r.pattern)),
                        rx.table.cell(r.vendor),
                        rx.table.cell(rx.text(r.bundle_id, color=MUTED)),
                        rx.table.cell(_delete(r), text_align="right"),
                        align="center",
                        data_testid="rule-row",
                    ),
                )
            ),
            variant="surface",
            size="1",
            width="100%",
        ),
        empty_state(
            "wand_sparkles",
            "No rules yet",
            "Names equal to a catalog product already match. Add a rule for variants such as “Adobe Acrobat (64-bit)”.",
            testid="rules-empty",
        ),
    )


def _unmatched() -> rx.Component:
    return rx.box(
        rx.flex(
            rx.heading("Unmatched software", size="4", as_="h2"),
            rx.badge(S.unmatched_total, radius="full", variant="soft"),
            rx.spacer(),
            search_box(S.search, S.set_search, "Search names…", "Search unmatched software", width="240px", icon=False),
            align="center",
            spacing="2",
            margin="24px 0 10px",
        ),
        rx.cond(
            S.unmatched_rows.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[rx.table.column_header_cell(h) for h in ("Installed name", "Vendor", "Source", "Hosts", "")]
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        S.unmatched_rows,
                        lambda u: rx.table.row(
                            rx.table.cell(rx.text(u.name, weight="medium")),
                            rx.table.cell(u.vendor),
                            rx.table.cell(rx.text(u.source, color=MUTED)),
                            rx.table.cell(u.hosts),
                            rx.table.cell(
                                rx.button(
                                    "Create rule", size="1", variant="soft", on_click=S.start_from(u.name, u.vendor)
                                ),
                                text_align="right",
                            ),
                            align="center",
                            data_testid="unmatched-row",
                        ),
                    )
                ),
                variant="surface",
                size="1",
                width="100%",
            ),
            empty_state(
                "circle_check",
                "Nothing to triage",
                "Every installed package the agents reported matches a catalog product.",
                testid="unmatched-empty",
            ),
        ),
    )


@page(
    "/software-rules",
    "Software rules · License Hub",
    on_load=S.load,
    nav=NavItem("software-rules", "Software rules", "wand_sparkles", "catalog.manage", order=34),
)
def software_rules_page() -> rx.Component:
    return shell(
        page_header("Software rules", "How the names the agent reports map to products in the catalog."),
        error_callout(S.error),
        _form(),
        _rules(),
        _unmatched(),
        active="software-rules",
    )
