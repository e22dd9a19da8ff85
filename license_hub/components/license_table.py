"""The license register as a dense, sortable table: software with its grade
pill, license name, status, seats used/total with a fill bar, annual cost,
expiry with the amber countdown, vendor and PO. Headers sort on the server (the
column keys are the service's whitelist); the archived view swaps the row
actions for "Restore"."""

from __future__ import annotations

from typing import Callable

import reflex as rx

from license_hub.components.badges import brand_avatar, grade_pill, status_badge
from license_hub.components.license_card import archive_confirm
from license_hub.components.shell import icon_button
from license_hub.state.base import AppState

# (sort key or "", header text, cell alignment)
COLUMNS = [
    ("software", "Software", "left"),
    ("name", "License name", "left"),
    ("status", "Status", "left"),
    ("used", "Seats", "left"),
    ("annual_cost", "Annual cost", "right"),
    ("expiry", "Expiry", "left"),
    ("vendor", "Vendor", "left"),
    ("po", "PO", "left"),
]
MUTED = rx.color("gray", 11)


def _header(key: str, text: str, align: str, sort, descending, on_sort: Callable) -> rx.Component:
    on = sort == key
    arrow = rx.cond(
        on,
        rx.cond(descending, rx.icon("arrow_down", size=12), rx.icon("arrow_up", size=12)),
        rx.icon("chevrons_up_down", size=12, color=rx.color("gray", 11)),
    )
    return rx.table.column_header_cell(
        rx.button(
            rx.text(text, size="1", weight="medium", text_transform="uppercase", letter_spacing="0.04em"),
            arrow,
            variant="ghost",
            color_scheme=rx.cond(on, "accent", "gray"),
            size="1",
            on_click=on_sort(key),
            data_testid=f"sort-{key}",
            style={"margin": "0", "flex_direction": "row-reverse" if align == "right" else "row"},
        ),
        aria_sort=rx.cond(on, rx.cond(descending, "descending", "ascending"), "none"),
        text_align=align,
        white_space="nowrap",
    )


def _seats(row) -> rx.Component:
    return rx.flex(
        rx.text(row.seats, size="2", weight="medium", white_space="nowrap", data_testid="seats-used"),
        rx.cond(
            row.unlimited,
            rx.box(),
            rx.progress(
                value=row.fill,
                max=100,
                size="1",
                width="72px",
                color_scheme=rx.cond(row.full, "amber", "accent"),
                aria_label="Seats used",
            ),
        ),
        direction="column",
        spacing="1",
    )


def _expiry(row) -> rx.Component:
    return rx.flex(
        rx.text(
            row.expiry,
            size="2",
            white_space="nowrap",
            data_testid="expiry",
            color=rx.cond(row.expired, rx.color("red", 11), rx.color("gray", 12)),
        ),
        rx.cond(
            row.countdown != "",
            rx.badge(
                rx.icon("calendar_clock", size=11),
                row.countdown,
                color_scheme="amber",
                variant="soft",
                radius="full",
                size="1",
                data_testid="countdown",
            ),
        ),
        direction="column",
        spacing="1",
        align="start",
    )


def restore_confirm(row, on_restore: Callable) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.icon("archive_restore", size=14), "Restore", size="1", variant="soft", data_testid="restore")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Restore this license?"),
            rx.alert_dialog.description(
                rx.text(
                    "“",
                    row.title,
                    "” returns to the license list with its seats and history, and its reminders are set again.",
                    size="2",
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Restore license", on_click=on_restore(row.id))),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="440px",
        ),
    )


def _actions(row, archived, on_edit: Callable, on_archive: Callable, on_restore: Callable) -> rx.Component:
    can_manage = AppState.me_perms.contains("license.manage")
    return rx.cond(
        archived,
        rx.flex(
            rx.text(
                "Archived ",
                row.archived_on,
                size="1",
                color=MUTED,
                white_space="nowrap",
                title="Archived by " + row.archived_by.to(str),
            ),
            rx.cond(can_manage, restore_confirm(row, on_restore)),
            align="center",
            justify="end",
            spacing="3",
        ),
        rx.cond(
            can_manage,
            rx.flex(
                icon_button(
                    "pencil",
                    14,
                    variant="ghost",
                    color_scheme="gray",
                    size="1",
                    on_click=on_edit(row.id),
                    aria_label="Edit license",
                ),
                archive_confirm(
                    icon_button(
                        "trash_2", 14, variant="ghost", color_scheme="red", size="1", aria_label="Delete license"
                    ),
                    row.title,
                    on_archive(row.id),
                ),
                align="center",
                justify="end",
                spacing="3",
                padding_right="4px",
            ),
        ),
    )


def _row(row, archived, on_edit, on_archive, on_restore) -> rx.Component:
    software = rx.text(row.software, size="2", weight="medium", truncate=True, data_testid="row-software")
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                brand_avatar(row.initials, row.avatar_color, size="1"),
                rx.cond(
                    archived, software, rx.link(software, href=row.href, color=rx.color("gray", 12), underline="hover")
                ),
                grade_pill(row.grade),
                align="center",
                spacing="2",
                min_width="0",
                max_width="240px",
            )
        ),
        rx.table.cell(
            rx.text(
                rx.cond(row.name != "", row.name, "—"),
                size="2",
                truncate=True,
                max_width="220px",
                data_testid="row-name",
            )
        ),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(_seats(row)),
        rx.table.cell(
            rx.text(row.annual_cost, size="2", white_space="nowrap", data_testid="annual-cost"), text_align="right"
        ),
        rx.table.cell(_expiry(row)),
        rx.table.cell(rx.text(row.vendor, size="2", color=MUTED, truncate=True, max_width="160px")),
        rx.table.cell(rx.text(row.purchase_order, size="2", color=MUTED, white_space="nowrap")),
        rx.table.cell(_actions(row, archived, on_edit, on_archive, on_restore), text_align="right"),
        align="center",
        data_testid="license-row",
        data_license_id=row.id,
    )


def license_table(
    rows,
    *,
    sort,
    descending,
    archived,
    on_sort: Callable,
    on_edit: Callable,
    on_archive: Callable,
    on_restore: Callable,
) -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[_header(key, text, align, sort, descending, on_sort) for key, text, align in COLUMNS],
                rx.table.column_header_cell(
                    rx.text(
                        rx.cond(archived, "Archived", ""),
                        size="1",
                        weight="medium",
                        color=MUTED,
                        text_transform="uppercase",
                    ),
                    text_align="right",
                ),
            )
        ),
        rx.table.body(rx.foreach(rows, lambda r: _row(r, archived, on_edit, on_archive, on_restore))),
        variant="surface",
        size="1",
        width="100%",
        data_testid="license-table",
    )
