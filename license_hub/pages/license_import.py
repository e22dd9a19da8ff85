"""The import wizard: upload, map columns, dry run with each row's status, import."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell, pager
from license_hub.components.permissions import forbidden_state
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.license_import import LicenseImportState as S

UPLOAD_ID = "license-csv"
MUTED = rx.color("gray", 11)
STATUS_COLORS = {"created": "green", "updated": "blue", "assigned": "teal", "unchanged": "gray", "error": "red"}


def _steps() -> rx.Component:
    def step(n: str, label: str, key: str) -> rx.Component:
        return rx.badge(n + " " + label, variant=rx.cond(S.step == key, "solid", "soft"), size="2")

    return rx.flex(
        step("1", "Upload", "upload"),
        step("2", "Map columns", "map"),
        step("3", "Dry run", "review"),
        step("4", "Imported", "done"),
        spacing="2",
        wrap="wrap",
    )


def _named_file_input(component: rx.Component, name: str) -> rx.Component:
    """The dropzone builds its own file input: give that input an accessible name."""
    for child in component.children:
        if getattr(child, "tag", None) == "input":
            child.custom_attrs["aria-label"] = name
        else:
            _named_file_input(child, name)
    return component


def _dropzone() -> rx.Component:
    return _named_file_input(_zone(), "CSV file to import")


def _zone() -> rx.Component:
    return rx.upload.root(
        rx.flex(
            rx.icon("file_spreadsheet", size=28, color=rx.color("accent", 10)),
            rx.text("Drop a CSV file here, or click to choose one", size="2", weight="medium"),
            rx.text(
                "License Hub's license export and Snipe-IT license files (importer sample, web importer "
                "labels or its license export) are mapped for you; any other CSV can be mapped by hand. "
                "Up to 50 MB.",
                size="1",
                color=MUTED,
                text_align="center",
                max_width="520px",
            ),
            direction="column",
            align="center",
            spacing="2",
            padding="36px 16px",
        ),
        id=UPLOAD_ID,
        accept={"text/csv": [".csv"], "text/plain": [".txt"]},
        multiple=False,
        max_files=1,
        max_size=50 * 1024 * 1024,
        on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
        border=f"1px dashed {rx.color('accent', 7)}",
        border_radius="var(--radius-3)",
        background=rx.color("accent", 2),
        cursor="pointer",
        data_testid="import-dropzone",
    )


def _mapping() -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.icon("file_check", size=16),
            rx.text(S.file_name, weight="bold", size="2"),
            rx.badge(S.format_label, variant="soft", data_testid="import-format"),
            spacing="2",
            align="center",
        ),
        rx.table.root(
            rx.table.header(rx.table.row(header_cell("Column in the file"), header_cell("Imported as"))),
            rx.table.body(
                rx.foreach(
                    S.columns,
                    lambda c: rx.table.row(
                        rx.table.cell(rx.code(c.header, size="1")),
                        rx.table.cell(
                            rx.select(
                                S.field_labels, value=c.field, size="1", on_change=lambda v: S.set_column(c.index, v)
                            )
                        ),
                        data_testid="import-column",
                    ),
                )
            ),
            size="1",
            variant="surface",
            width="100%",
        ),
        rx.flex(
            rx.button("Start over", variant="soft", color_scheme="gray", on_click=S.start_over),
            rx.button(
                rx.icon("list_checks", size=15),
                "Run dry run",
                on_click=S.check,
                loading=S.busy,
                data_testid="import-check",
            ),
            spacing="3",
            justify="end",
        ),
        direction="column",
        spacing="3",
    )


def _count(status: str) -> rx.Component:
    return rx.badge(
        status.capitalize(),
        " ",
        S.counts[status].to_string(),
        color_scheme=STATUS_COLORS[status],
        variant="soft",
        size="2",
        data_testid=f"import-count-{status}",
    )


def _row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r.row, size="2", weight="bold")),
        rx.table.cell(
            rx.match(
                r.status,
                *[(k, rx.badge(k, color_scheme=v, variant="soft")) for k, v in STATUS_COLORS.items()],
                rx.badge(r.status),
            )
        ),
        rx.table.cell(rx.text(r.license, size="2")),
        rx.table.cell(rx.text(r.holder, size="2", color=MUTED)),
        rx.table.cell(rx.text(r.message, size="2")),
        data_testid="import-row",
    )


def _review() -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.icon("file_check", size=16),
            rx.text(S.file_name, weight="bold", size="2"),
            rx.badge(S.format_label, variant="soft", data_testid="import-format"),
            spacing="2",
            align="center",
        ),
        rx.flex(*[_count(s) for s in STATUS_COLORS], spacing="2", wrap="wrap"),
        rx.callout.root(
            rx.callout.icon(rx.icon(rx.cond(S.error_count > 0, "triangle_alert", "circle_check"), size=16)),
            rx.callout.text(S.summary, data_testid="import-summary"),
            color_scheme=rx.cond(S.error_count > 0, "red", "green"),
            role="status",
        ),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    header_cell("Row"),
                    header_cell("Status"),
                    header_cell("License"),
                    header_cell("Holder"),
                    header_cell("What happens"),
                )
            ),
            rx.table.body(rx.foreach(S.rows, _row)),
            size="1",
            variant="surface",
            width="100%",
        ),
        pager(S.range_label, S.page, S.page_count, S.go_to_page, testid="import-pager"),
        rx.cond(
            S.busy,
            rx.flex(
                rx.progress(value=S.progress, max=100, size="2", width="100%", aria_label="Import progress"),
                rx.text("Importing… ", S.progress.to_string(), "%", size="1", color=MUTED),
                direction="column",
                spacing="1",
                data_testid="import-progress",
            ),
        ),
        rx.flex(
            rx.button("Start over", variant="soft", color_scheme="gray", on_click=S.start_over, disabled=S.busy),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(
                    rx.button(
                        rx.icon("upload", size=15),
                        "Import",
                        loading=S.busy,
                        disabled=S.error_count > 0,
                        data_testid="import-commit",
                    )
                ),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Import this file?"),
                    rx.alert_dialog.description("Every row is written in one go, or none is.", size="2"),
                    rx.flex(
                        rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                        rx.alert_dialog.action(rx.button("Import", on_click=S.commit, data_testid="import-confirm")),
                        spacing="3",
                        justify="end",
                        margin_top="14px",
                    ),
                    max_width="420px",
                ),
            ),
            spacing="3",
            justify="end",
        ),
        direction="column",
        spacing="3",
    )


def _done() -> rx.Component:
    return empty_state(
        "circle_check",
        "Import complete",
        S.summary,
        rx.link(rx.button("Open licenses", variant="soft"), href="/licenses"),
        rx.button("Import another file", on_click=S.start_over, variant="soft", color_scheme="gray"),
        testid="import-done",
    )


def _body() -> rx.Component:
    return rx.flex(
        page_header(
            "Import licenses",
            "Licenses and their seat holders from a CSV file: checked row by row first, "
            "then imported all at once or not at all.",
        ),
        _steps(),
        error_callout(S.error),
        rx.match(S.step, ("map", _mapping()), ("review", _review()), ("done", _done()), _dropzone()),
        direction="column",
        spacing="4",
        width="100%",
    )


@page(
    "/licenses/import",
    "Import licenses · License Hub",
    on_load=S.load,
    nav=NavItem("license_import", "Import", "file_up", "license.manage", order=22),
)
def license_import_page() -> rx.Component:
    return shell(rx.cond(S.denied != "", forbidden_state(S.denied), _body()), active="license_import")
