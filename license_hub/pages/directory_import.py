"""The "Import CSV" dialog shared by the people and devices pages: choose a file,
see it checked row by row, import only a clean file."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
from license_hub.components.permissions import when_can
from license_hub.components.shell import error_callout
from license_hub.state.directory_import import DirectoryImportState as S

UPLOAD_ID = "directory-csv"
MUTED = rx.color("gray", 11)


def import_button(kind: str) -> rx.Component:
    return when_can(
        "license.manage",
        rx.button(
            rx.icon("upload", size=15),
            "Import CSV",
            variant="soft",
            on_click=S.open_for(kind),
            data_testid=f"import-{kind}",
        ),
    )


def _dropzone() -> rx.Component:
    return rx.upload.root(
        rx.flex(
            rx.icon("file_spreadsheet", size=26, color=rx.color("accent", 10)),
            rx.text(
                rx.cond(S.file_name != "", S.file_name, "Drop a CSV file here, or click to choose one"),
                size="2",
                weight="medium",
                data_testid="import-file-name",
            ),
            rx.text(
                "Columns: ",
                S.columns,
                ". The first row names the columns; only “name” is required.",
                size="1",
                color=MUTED,
                text_align="center",
            ),
            direction="column",
            align="center",
            spacing="2",
            padding="22px 16px",
        ),
        id=UPLOAD_ID,
        accept={"text/csv": [".csv"], "text/plain": [".txt"]},
        multiple=False,
        max_files=1,
        on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
        border=f"1px dashed {rx.color('accent', 7)}",
        border_radius="var(--radius-3)",
        background=rx.color("accent", 2),
        cursor="pointer",
        data_testid="import-dropzone",
    )


def _problems() -> rx.Component:
    return rx.cond(
        S.problems.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert", size=16)),
            rx.flex(
                rx.text(S.summary, size="2", weight="bold", data_testid="import-summary"),
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(header_cell("Row"), header_cell("Column"), header_cell("Problem"))
                        ),
                        rx.table.body(
                            rx.foreach(
                                S.problems,
                                lambda p: rx.table.row(
                                    rx.table.cell(rx.text(p.row, size="2", weight="bold")),
                                    rx.table.cell(rx.code(p.column, size="1")),
                                    rx.table.cell(rx.text(p.message, size="2")),
                                    data_testid="import-problem",
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
            data_testid="import-errors",
        ),
        rx.cond(
            S.ready > 0,
            rx.callout.root(
                rx.callout.icon(rx.icon("circle_check", size=16)),
                rx.callout.text(S.summary, data_testid="import-summary"),
                color_scheme="green",
                data_testid="import-ready",
            ),
        ),
    )


ACTION_COLORS = {"new": "green", "updated": "blue", "deactivate": "red"}
ACTION_LABELS = {"new": "New", "updated": "Updated", "deactivate": "To deactivate"}


def _count_chip(key: str, label: str) -> rx.Component:
    return rx.badge(
        label,
        ": ",
        S.counts[key].to(int),
        variant="soft",
        color_scheme=ACTION_COLORS.get(key, "gray"),
        data_testid=f"plan-{key}",
    )


def _plan() -> rx.Component:
    """People only: what the import will do, row by row (new, updated with its fields, deactivated)."""
    return rx.cond(
        (S.kind == "people") & (S.ready > 0),
        rx.flex(
            rx.flex(
                _count_chip("new", "New"),
                _count_chip("updated", "Updated"),
                _count_chip("unchanged", "Unchanged"),
                _count_chip("deactivate", "To deactivate"),
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                S.plan_rows.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                header_cell("Row"), header_cell(""), header_cell("Person"), header_cell("Changes")
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                S.plan_rows,
                                lambda r: rx.table.row(
                                    rx.table.cell(rx.text(r.row, size="2", color=MUTED)),
                                    rx.table.cell(
                                        rx.badge(
                                            rx.match(r.action, *ACTION_LABELS.items(), r.action),
                                            color_scheme=rx.match(r.action, *ACTION_COLORS.items(), "gray"),
                                            size="1",
                                        )
                                    ),
                                    rx.table.cell(
                                        rx.text(r.name, size="2", weight="medium"),
                                        rx.text(r.email, size="1", color=MUTED),
                                    ),
                                    rx.table.cell(rx.text(r.fields, size="2")),
                                    data_testid="plan-row",
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
            ),
            direction="column",
            spacing="2",
        ),
    )


def _absent_switch() -> rx.Component:
    return rx.cond(
        S.kind == "people",
        rx.flex(
            rx.switch(
                id="deactivate-absent",
                checked=S.deactivate_absent,
                on_change=S.set_deactivate_absent,
                data_testid="deactivate-absent",
            ),
            rx.el.label(
                rx.text(
                    "Deactivate people who are not in the file (their seats are reclaimed)",
                    size="2",
                    as_="span",
                ),
                html_for="deactivate-absent",
            ),
            spacing="2",
            align="center",
        ),
    )


def import_dialog() -> rx.Component:
    """Mounted only for roles that may import; the state checks again."""
    return when_can(
        "license.manage",
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title(rx.cond(S.kind == "devices", "Import devices", "Import people")),
                rx.dialog.description(
                    rx.text(
                        "Every row is checked first. A file with any bad row imports nothing — "
                        "fix the rows listed and choose the file again.",
                        rx.cond(
                            S.kind == "people",
                            " People already in the directory (same email or employee id) are updated.",
                            "",
                        ),
                        size="2",
                        color=MUTED,
                    ),
                    margin_bottom="14px",
                ),
                rx.flex(
                    error_callout(S.error),
                    _dropzone(),
                    _absent_switch(),
                    _problems(),
                    _plan(),
                    rx.flex(
                        rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                        rx.button(
                            S.import_label,
                            on_click=[S.start, S.confirm],
                            loading=S.busy,
                            disabled=S.ready == 0,
                            data_testid="import-submit",
                        ),
                        spacing="3",
                        justify="end",
                    ),
                    direction="column",
                    spacing="4",
                ),
                max_width="640px",
            ),
            open=S.open,
            on_open_change=S.set_open,
            on_mount=S.close,
        ),
    )
