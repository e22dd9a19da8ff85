"""The license page's "Bulk assign" dialog: people as chips, or a whole department;
one seat each or none, with a report of who could not get one and why."""

from __future__ import annotations

import reflex as rx

from license_hub.components.badges import brand_avatar
from license_hub.components.paging import header_cell
from license_hub.components.permissions import when_can
from license_hub.components.shell import error_callout
from license_hub.state.bulk_assign import BulkAssignState as S

MUTED = rx.color("gray", 11)


def _option(p) -> rx.Component:
    return rx.flex(
        brand_avatar(p.initials, p.avatar_color, size="1"),
        rx.flex(
            rx.text(p.name, size="2", weight="medium"), rx.text(p.email, size="1", color=MUTED), direction="column"
        ),
        rx.spacer(),
        rx.text(p.department, size="1", color=rx.color("gray", 11)),
        align="center",
        spacing="2",
        padding="6px 10px",
        cursor="pointer",
        role="option",
        tab_index=-1,
        _hover={"background": rx.color("accent", 3)},
        on_click=S.add(p.id),
        data_testid="bulk-option",
    )


def _chip(p) -> rx.Component:
    return rx.badge(
        p.name,
        rx.el.button(
            rx.icon("x", size=12),
            type="button",
            on_click=S.remove(p.id),
            aria_label="Remove " + p.name,
            style={
                "background": "none",
                "border": "none",
                "padding": "0",
                "cursor": "pointer",
                "color": "inherit",
                "display": "inline-flex",
            },
        ),
        variant="soft",
        radius="full",
        size="2",
        data_testid="bulk-chip",
    )


def _people_picker() -> rx.Component:
    return rx.flex(
        rx.cond(
            S.chosen.length() > 0,
            rx.flex(rx.foreach(S.chosen, _chip), spacing="2", wrap="wrap", data_testid="bulk-chips"),
        ),
        rx.box(
            rx.debounce_input(
                rx.input(
                    rx.input.slot(rx.icon("search", size=14)),
                    value=S.query,
                    on_change=S.search,
                    placeholder="Type a name or email to add people",
                    auto_complete="off",
                    aria_label="Add people",
                    aria_controls="bulk-options",
                ),
                debounce_timeout=250,
            ),
            rx.cond(
                S.options.length() > 0,
                rx.box(
                    rx.foreach(S.options, _option),
                    role="listbox",
                    id="bulk-options",
                    aria_label="Matching people",
                    margin_top="4px",
                    border=f"1px solid {rx.color('gray', 5)}",
                    border_radius="var(--radius-2)",
                    background=rx.color("gray", 1),
                    box_shadow="var(--shadow-3)",
                    max_height="220px",
                    overflow_y="auto",
                ),
                rx.cond(
                    S.searched,
                    rx.text("No one else in the directory matches.", size="1", color=MUTED, padding_top="4px"),
                ),
            ),
        ),
        direction="column",
        spacing="2",
    )


def _department_picker() -> rx.Component:
    return rx.cond(
        S.departments.length() > 0,
        rx.flex(
            rx.select.root(
                rx.select.trigger(placeholder="Choose a department", aria_label="Department", width="100%"),
                rx.select.content(rx.foreach(S.departments, lambda d: rx.select.item(d.label, value=d.name))),
                value=S.department,
                on_change=S.set_department,
            ),
            rx.text("Every current member gets a seat; members who already hold one keep it.", size="1", color=MUTED),
            direction="column",
            spacing="1",
        ),
        rx.text(
            "No one in the directory has a department yet. Import people with a department column first.",
            size="2",
            color=MUTED,
        ),
    )


def _report() -> rx.Component:
    return rx.cond(
        (S.report.length() > 0) | (S.shortage != ""),
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert", size=16)),
            rx.flex(
                rx.text("Nothing was assigned", size="2", weight="bold"),
                rx.cond(S.shortage != "", rx.text(S.shortage, size="2", data_testid="bulk-shortage")),
                rx.cond(
                    S.report.length() > 0,
                    rx.table.root(
                        rx.table.header(rx.table.row(header_cell("Person"), header_cell("Why not"))),
                        rx.table.body(
                            rx.foreach(
                                S.report,
                                lambda r: rx.table.row(
                                    rx.table.cell(rx.text(r.name, size="2", weight="medium")),
                                    rx.table.cell(rx.text(r.reason, size="2")),
                                    data_testid="bulk-refusal",
                                ),
                            )
                        ),
                        size="1",
                        variant="ghost",
                        width="100%",
                    ),
                ),
                rx.text("Fix the selection (remove these people or free seats) and try again.", size="1"),
                direction="column",
                spacing="2",
                width="100%",
            ),
            color_scheme="red",
            role="alert",
            data_testid="bulk-report",
        ),
    )


def bulk_assign_dialog() -> rx.Component:
    """Shown only to roles that may assign seats; the state checks again."""
    return when_can(
        "license.assign",
        rx.dialog.root(
            rx.dialog.trigger(
                rx.button(rx.icon("users", size=15), "Bulk assign", variant="soft", data_testid="open-bulk-assign")
            ),
            rx.dialog.content(
                rx.dialog.title("Bulk assign"),
                rx.dialog.description(
                    rx.text(
                        "Give one seat to each of several people, or to a whole department. "
                        "All or nothing: if anyone cannot get a seat, no one does.",
                        size="2",
                        color=MUTED,
                    ),
                    margin_bottom="14px",
                ),
                rx.flex(
                    rx.segmented_control.root(
                        rx.segmented_control.item("People", value="people"),
                        rx.segmented_control.item("Department", value="department"),
                        value=S.mode,
                        on_change=S.set_mode,
                        size="2",
                    ),
                    error_callout(S.error),
                    rx.cond(S.mode == "department", _department_picker(), _people_picker()),
                    _report(),
                    rx.flex(
                        rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                        rx.button(
                            S.assign_label,
                            on_click=[S.start, S.assign],
                            loading=S.busy,
                            disabled=S.seat_count == 0,
                            data_testid="bulk-submit",
                        ),
                        spacing="3",
                        justify="end",
                        margin_top="4px",
                    ),
                    direction="column",
                    spacing="4",
                ),
                max_width="600px",
            ),
            open=S.open,
            on_open_change=S.set_open,
            on_mount=S.close,
        ),
    )
