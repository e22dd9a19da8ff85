"""/reconciliation — what is licensed against what is installed and used."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
from license_hub.components.permissions import when_can
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.reconciliation import ReconciliationState as S
from license_hub.state.usage_import import UsageImportState as U

MUTED = rx.color("gray", 11)
COLORS = {"used": "green", "unused": "amber", "not_installed": "orange", "unlicensed": "red", "unknown": "gray"}
DIMENSIONS = [("product", "Product"), ("person", "Person"), ("device", "Device"), ("department", "Department")]


def bucket_badge(code, label) -> rx.Component:
    return rx.match(
        code,
        *[(c, rx.badge(label, color_scheme=color, variant="soft")) for c, color in COLORS.items()],
        rx.badge(label, variant="soft"),
    )


def _tile(t) -> rx.Component:
    return rx.card(
        rx.flex(
            bucket_badge(t.code, t.label),
            rx.text(t.count, size="6", weight="bold", data_testid="bucket-count"),
            direction="column",
            spacing="2",
            align="start",
        ),
        as_child=False,
        on_click=S.set_bucket(t.code),
        cursor="pointer",
        outline=rx.cond(S.bucket == t.code, f"2px solid {rx.color('accent', 8)}", "none"),
        data_testid="bucket-tile",
        flex="1",
        min_width="170px",
    )


def _num(value) -> rx.Component:
    return rx.table.cell(
        rx.text(value, size="2", color=rx.cond(value == 0, MUTED, rx.color("gray", 12))), text_align="right"
    )


def _summary_row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r.label, href=r.href, size="2", weight="medium", data_testid="drill-link")),
        _num(r.used),
        _num(r.unused),
        _num(r.not_installed),
        _num(r.unlicensed),
        _num(r.unknown),
        rx.table.cell(rx.text(r.savings, size="2", weight="medium"), text_align="right", white_space="nowrap"),
        align="center",
        data_testid="summary-row",
    )


def _head(label: str) -> rx.Component:
    return rx.table.column_header_cell(label, text_align="right")


def _summary() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell(
                    rx.match(S.by, ("person", "Person"), ("device", "Device"), ("department", "Department"), "Product")
                ),
                _head("Licensed and used"),
                _head("Installed but unused"),
                _head("Assigned, not installed"),
                _head("Installed without a license"),
                _head("Usage unknown"),
                _head("Savings / year"),
            )
        ),
        rx.table.body(rx.foreach(S.rows, _summary_row)),
        variant="surface",
        size="1",
        width="100%",
        data_testid="reconciliation-table",
    )


def _item_row(i) -> rx.Component:
    return rx.table.row(
        rx.table.cell(bucket_badge(i.bucket, i.bucket_label)),
        rx.table.cell(rx.text(i.product, size="2", weight="medium")),
        rx.table.cell(
            rx.cond(
                i.license_href != "",
                rx.link(i.license, href=i.license_href, size="2"),
                rx.text(i.license, size="2", color=MUTED),
            )
        ),
        rx.table.cell(rx.text(i.person, size="2")),
        rx.table.cell(rx.text(i.department, size="2", color=MUTED)),
        rx.table.cell(
            rx.cond(
                i.device_href != "",
                rx.link(i.device, href=i.device_href, size="2"),
                rx.text(i.device, size="2", color=MUTED),
            )
        ),
        rx.table.cell(rx.text(i.last_used, size="2", color=MUTED, white_space="nowrap")),
        rx.table.cell(rx.text(i.saving, size="2"), text_align="right", white_space="nowrap"),
        align="center",
        data_testid="drill-row",
    )


def _drill() -> rx.Component:
    return rx.cond(
        S.drill_label != "",
        rx.card(
            rx.flex(
                rx.heading(S.drill_label, size="4", as_="h2", data_testid="drill-title"),
                rx.badge(S.items.length(), radius="full", variant="soft"),
                rx.spacer(),
                rx.link(
                    rx.button(rx.icon("download", size=14), "CSV", variant="soft", size="1"),
                    href=S.csv_href,
                    is_external=True,
                ),
                rx.button(rx.icon("x", size=14), "Close", variant="ghost", size="1", on_click=S.close_drill),
                align="center",
                spacing="2",
                margin_bottom="10px",
            ),
            rx.cond(
                S.items.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Bucket", "Product", "License", "Person", "Department", "Device", "Last used")
                            ],
                            _head("Saving / year"),
                        )
                    ),
                    rx.table.body(rx.foreach(S.items, _item_row)),
                    variant="ghost",
                    size="1",
                    width="100%",
                    data_testid="drill-table",
                ),
                rx.text("Nothing in this bucket.", size="2", color=MUTED),
            ),
            size="2",
            margin_bottom="20px",
        ),
    )


USAGE_UPLOAD_ID = "usage-csv"


def _usage_dropzone() -> rx.Component:
    return rx.upload.root(
        rx.flex(
            rx.icon("file_spreadsheet", size=26, color=rx.color("accent", 10)),
            rx.text(
                rx.cond(U.file_name != "", U.file_name, "Drop a CSV file here, or click to choose one"),
                size="2",
                weight="medium",
                data_testid="usage-file-name",
            ),
            rx.text(
                "Columns: email, product, last active (ISO 8601 date or time). Up to 5 MB.",
                size="1",
                color=MUTED,
                text_align="center",
            ),
            direction="column",
            align="center",
            spacing="2",
            padding="22px 16px",
        ),
        id=USAGE_UPLOAD_ID,
        accept={"text/csv": [".csv"], "text/plain": [".txt"]},
        multiple=False,
        max_files=1,
        on_drop=U.upload(rx.upload_files(upload_id=USAGE_UPLOAD_ID)),
        border=f"1px dashed {rx.color('accent', 7)}",
        border_radius="var(--radius-3)",
        background=rx.color("accent", 2),
        cursor="pointer",
        data_testid="usage-dropzone",
    )


def _usage_problems() -> rx.Component:
    return rx.cond(
        U.problems.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert", size=16)),
            rx.flex(
                rx.text(U.summary, size="2", weight="bold", data_testid="usage-summary"),
                rx.box(
                    rx.table.root(
                        rx.table.header(rx.table.row(header_cell("Line"), header_cell("Problem"))),
                        rx.table.body(
                            rx.foreach(
                                U.problems,
                                lambda p: rx.table.row(
                                    rx.table.cell(rx.text(p.row, size="2", weight="bold")),
                                    rx.table.cell(rx.text(p.message, size="2")),
                                    data_testid="usage-problem",
                                ),
                            )
                        ),
                        size="1",
                        variant="ghost",
                        width="100%",
                    ),
                    max_height="240px",
                    overflow_y="auto",
                ),
                direction="column",
                spacing="2",
                width="100%",
            ),
            color_scheme="red",
            role="alert",
            data_testid="usage-errors",
        ),
    )


def usage_import_dialog() -> rx.Component:
    """A vendor console's export of last-active dates; mounted only for roles that may change seats."""
    return when_can(
        "license.assign",
        rx.dialog.root(
            rx.dialog.trigger(
                rx.button(rx.icon("upload", size=14), "Import usage", variant="soft", data_testid="usage-import")
            ),
            rx.dialog.content(
                rx.dialog.title("Import usage"),
                rx.dialog.description(
                    rx.text(
                        "Last-active dates from a vendor's admin console move each seat's last use"
                        " and the person's last "
                        "sign-in forward. A file with any bad row imports nothing.",
                        size="2",
                        color=MUTED,
                    ),
                    margin_bottom="14px",
                ),
                rx.flex(
                    error_callout(U.error),
                    _usage_dropzone(),
                    _usage_problems(),
                    rx.flex(
                        rx.dialog.close(rx.button("Close", type="button", variant="soft", color_scheme="gray")),
                        justify="end",
                    ),
                    direction="column",
                    spacing="4",
                ),
                max_width="600px",
            ),
            open=U.open,
            on_open_change=U.set_open,
            on_mount=U.close,
        ),
    )


@page(
    "/reconciliation",
    "Reconciliation · License Hub",
    on_load=S.load,
    nav=NavItem("reconciliation", "Reconciliation", "scale", "reports", order=33),
)
def reconciliation_page() -> rx.Component:
    return shell(
        page_header(
            "Reconciliation",
            "What is licensed, against what the agent finds installed and used.",
            rx.flex(
                usage_import_dialog(),
                rx.link(
                    rx.button(rx.icon("download", size=14), "Export CSV", variant="soft"),
                    href=S.csv_href,
                    is_external=True,
                    data_testid="reconciliation-csv",
                ),
                spacing="2",
            ),
        ),
        error_callout(S.error),
        rx.cond(
            S.tiles.length() > 0,
            rx.box(
                rx.flex(rx.foreach(S.tiles, _tile), spacing="3", wrap="wrap", margin_bottom="16px"),
                rx.flex(
                    rx.segmented_control.root(
                        *[rx.segmented_control.item(label, value=v) for v, label in DIMENSIONS],
                        value=S.by,
                        on_change=S.set_by,
                        data_testid="dimension",
                    ),
                    rx.spacer(),
                    rx.text("Potential savings: ", rx.text.strong(S.savings, data_testid="savings"), size="2"),
                    align="center",
                    margin_bottom="14px",
                ),
                _drill(),
                rx.cond(
                    S.rows.length() > 0,
                    _summary(),
                    empty_state(
                        "scale",
                        "Nothing to reconcile yet",
                        "Add licenses and install the endpoint "
                        "agent on your machines: each report lists what is installed and when it was "
                        "last opened.",
                    ),
                ),
                rx.cond(
                    S.more_rows > 0,
                    rx.text(
                        "and ",
                        S.more_rows,
                        " more — export the CSV for all of them",
                        size="1",
                        color=MUTED,
                        margin_top="8px",
                    ),
                ),
            ),
        ),
        active="reconciliation",
    )
