"""The two tables of "View all users": the seats in use (selectable for a bulk
reclaim) and the seats reclaimed, each cell as the seeds name it."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
from license_hub.components.sorting import sort_header
from license_hub.state.seat_users import SeatUsersState as S

MUTED = rx.color("gray", 11)


def can_select() -> rx.Var:
    return S.me_perms.contains("license.assign") & (S.view != "reclaimed")


def sort_head(label: str, key: str, **props) -> rx.Component:
    return sort_header(label, key, S.sort, S.descending, S.set_sort, **props)


def status_cell(row) -> rx.Component:
    return rx.cond(
        row.terminated,
        rx.badge(
            rx.icon("user_x", size=12),
            "Contact terminated — reclaim",
            color_scheme="red",
            variant="solid",
            size="1",
            data_testid="terminated-badge",
        ),
        rx.badge(
            row.status,
            color_scheme=row.status_color,
            variant="soft",
            radius="full",
            size="1",
            data_testid="seat-status",
        ),
    )


def _signal_cell(row) -> rx.Component:
    return rx.cond(
        row.signal != "",
        rx.tooltip(
            rx.flex(
                rx.badge(
                    row.signal, color_scheme=row.signal_color, variant="outline", size="1", data_testid="seat-signal"
                ),
                rx.cond(row.last_seen != "—", rx.text(row.last_seen, size="1", color=MUTED, white_space="nowrap")),
                align="center",
                spacing="2",
            ),
            content=row.signal_hint,
        ),
    )


def _holder_cell(row) -> rx.Component:
    name = rx.text(row.holder, size="2", weight="medium")
    return rx.table.cell(
        rx.cond(
            row.person_href != "",
            rx.link(name, href=row.person_href, underline="hover", color=rx.color("gray", 12)),
            name,
        )
    )


def _muted(value, **props) -> rx.Component:
    return rx.table.cell(rx.text(value, **{"size": "2", "color": MUTED, **props}))


def _active_row(row) -> rx.Component:
    return rx.table.row(
        rx.cond(
            can_select(),
            rx.table.cell(
                rx.checkbox(
                    checked=S.selected.contains(row.id),
                    on_change=lambda c: S.toggle(row.id, c),
                    aria_label="Select " + row.holder.to(str),
                    data_testid="select-seat",
                )
            ),
        ),
        _holder_cell(row),
        _muted(row.email),
        _muted(row.department),
        _muted(row.device),
        _muted(row.seat_key, font_family="var(--code-font-family)", size="1", white_space="nowrap"),
        _muted(row.activated, white_space="nowrap"),
        _muted(row.last_used, white_space="nowrap"),
        rx.table.cell(_signal_cell(row)),
        rx.table.cell(status_cell(row)),
        align="center",
        data_testid="seat-row",
        background=rx.cond(S.selected.contains(row.id), rx.color("accent", 2), "transparent"),
    )


def _reclaimed_row(row) -> rx.Component:
    return rx.table.row(
        _holder_cell(row),
        _muted(row.email),
        _muted(row.department),
        _muted(row.device),
        _muted(row.activated, white_space="nowrap"),
        _muted(row.reclaimed, white_space="nowrap"),
        _muted(row.reclaimed_by),
        align="center",
        data_testid="seat-row",
    )


def active_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.cond(
                    can_select(),
                    rx.table.column_header_cell(
                        rx.checkbox(
                            checked=S.all_selected,
                            on_change=S.toggle_all,
                            aria_label="Select every seat on this page",
                            data_testid="select-all",
                        ),
                        width="36px",
                    ),
                ),
                sort_head("Holder", "holder"),
                sort_head("Email", "email"),
                sort_head("Department", "department"),
                sort_head("Device", "device"),
                header_cell("Seat key"),
                sort_head("Activated", "activated"),
                sort_head("Last used", "last_used"),
                header_cell("Signal"),
                sort_head("Status", "status"),
                align="center",
            )
        ),
        rx.table.body(rx.foreach(S.rows, _active_row)),
        variant="surface",
        size="1",
        width="100%",
        data_testid="seat-table",
    )


def reclaimed_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                sort_head("Holder", "holder"),
                sort_head("Email", "email"),
                sort_head("Department", "department"),
                sort_head("Device", "device"),
                sort_head("Activated", "activated"),
                sort_head("Reclaimed", "reclaimed"),
                header_cell("Reclaimed by"),
                align="center",
            )
        ),
        rx.table.body(rx.foreach(S.rows, _reclaimed_row)),
        variant="surface",
        size="1",
        width="100%",
        data_testid="seat-table",
    )
