"""/licenses/from-contract — upload a contract, review the catalog entry and license
it proposes, keep the fields you accept, and create both."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
from license_hub.components.shell import error_callout, page_header, shell
from license_hub.pages import page
from license_hub.state.contract_license import ContractLicenseState as C

MUTED = rx.color("gray", 11)
FORM_ID = "lh-contract-upload"


def _upload() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.icon("file_up", size=22, color=rx.color("accent", 11)),
            rx.flex(
                rx.text("Upload a contract, order form or quote", size="3", weight="bold"),
                rx.text(
                    "PDF, DOCX or plain text up to 20 MB. Its vendor, product, seats, prices and dates are "
                    "found for you to review; nothing is created until you confirm.",
                    size="2",
                    color=MUTED,
                ),
                rx.el.form(
                    rx.flex(
                        rx.el.input(
                            type="file",
                            name="file",
                            accept=".pdf,.docx,.txt",
                            required=True,
                            aria_label="Contract file",
                            data_testid="contract-file",
                            style={"fontSize": "13px"},
                        ),
                        rx.button(
                            rx.icon("upload", size=14), "Upload and read", type="submit", data_testid="contract-upload"
                        ),
                        align="center",
                        spacing="3",
                        margin_top="8px",
                    ),
                    action="/api/v1/documents",
                    method="post",
                    enc_type="multipart/form-data",
                    id=FORM_ID,
                    on_submit=rx.call_script(f"document.getElementById('{FORM_ID}').submit()"),
                ),
                direction="column",
                spacing="1",
            ),
            spacing="4",
            align="start",
        ),
        max_width="720px",
    )


def _field_row(field) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=C.accepted.contains(field.name),
                on_change=lambda checked: C.toggle(field.name, checked),
                data_testid="keep-" + field.name,
            )
        ),
        rx.table.cell(rx.text(field.label, size="2", weight="medium")),
        rx.table.cell(rx.text(field.value, size="2", weight="bold")),
        rx.table.cell(
            rx.flex(
                rx.text(
                    "p. ",
                    field.page,
                    " · “",
                    field.snippet,
                    "”",
                    size="1",
                    color=MUTED,
                    truncate=True,
                    max_width="380px",
                    title=field.snippet,
                ),
                rx.cond(field.flags != "", rx.text(field.flags, size="1", color=rx.color("amber", 11))),
                direction="column",
            )
        ),
    )


def _proposal() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.text("From ", rx.text.strong(C.filename), size="2", color=MUTED),
            rx.cond(C.note != "", rx.callout(C.note, icon="scan_text", color_scheme="amber", size="1")),
            rx.heading("Catalog entry", size="3", as_="h3"),
            rx.flex(
                rx.flex(
                    rx.text("Product", size="2", weight="medium"),
                    rx.input(value=C.product, on_change=C.set_product, data_testid="contract-product"),
                    rx.cond(
                        C.errors.contains("product"), rx.text(C.errors["product"], size="1", color=rx.color("red", 11))
                    ),
                    direction="column",
                    spacing="1",
                    flex="1",
                ),
                rx.flex(
                    rx.text("Publisher (vendor)", size="2", weight="medium"),
                    rx.input(value=C.publisher, on_change=C.set_publisher, data_testid="contract-publisher"),
                    direction="column",
                    spacing="1",
                    flex="1",
                ),
                rx.flex(
                    rx.text("License name", size="2", weight="medium"),
                    rx.input(value=C.license_name, on_change=C.set_license_name, placeholder="Optional"),
                    direction="column",
                    spacing="1",
                    flex="1",
                ),
                spacing="3",
                wrap="wrap",
            ),
            rx.cond(
                C.existing_entry,
                rx.text("This product is already in the catalog: the license joins it.", size="1", color=MUTED),
            ),
            rx.heading("License terms", size="3", as_="h3", margin_top="8px"),
            rx.text(
                "Tick the values to keep. Flagged values start unticked: check them against the document.",
                size="1",
                color=MUTED,
            ),
            rx.cond(
                C.fields.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            header_cell("Keep"),
                            header_cell("Field"),
                            header_cell("Found in document"),
                            header_cell("Source"),
                        )
                    ),
                    rx.table.body(rx.foreach(C.fields, _field_row)),
                    variant="ghost",
                    size="1",
                    width="100%",
                    data_testid="proposal-table",
                ),
            ),
            rx.flex(
                rx.link(rx.button("Start over", variant="soft", color_scheme="gray"), href="/licenses/from-contract"),
                rx.button("Create catalog entry and license", on_click=C.create, data_testid="contract-create"),
                spacing="3",
                justify="end",
            ),
            direction="column",
            spacing="3",
        ),
        max_width="960px",
    )


@page("/licenses/from-contract", "Create from contract · License Hub", on_load=C.load)
def contract_license_page() -> rx.Component:
    return shell(
        page_header("Create from contract", "A new catalog entry and license, proposed from the contract itself."),
        error_callout(C.error),
        rx.cond(C.document_id > 0, _proposal(), _upload()),
        active="licenses",
    )
