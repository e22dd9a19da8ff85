"""/devices — the machines that hold device-based seats — and /devices/[device_id],
one device with the seats it holds."""

from __future__ import annotations

import reflex as rx

from license_hub.components.installations import device_installations
from license_hub.components.paging import pager
from license_hub.components.permissions import when_can
from license_hub.components.search_box import search_box
from license_hub.components.shell import empty_state, error_callout, not_found, page_header, shell
from license_hub.components.sorting import sort_header
from license_hub.pages import NavItem, page
from license_hub.pages.device_dialogs import device_form_dialog
from license_hub.pages.directory_import import import_button, import_dialog
from license_hub.pages.people import reclaim_confirm
from license_hub.pages.person import seats_table
from license_hub.state.device_edit import DeviceEditState
from license_hub.state.devices import DevicesState as S
from license_hub.state.devices import DeviceState as D

MUTED = rx.color("gray", 11)


def _sort(label: str, key: str, **props) -> rx.Component:
    return sort_header(label, key, S.sort, S.descending, S.set_sort, **props)


def _row(d) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(
                rx.flex(
                    rx.icon("monitor", size=15, color=MUTED),
                    rx.text(d.name, size="2", weight="medium"),
                    align="center",
                    spacing="2",
                ),
                href=d.href,
                underline="none",
                color=rx.color("gray", 12),
                data_testid="device-link",
            )
        ),
        rx.table.cell(rx.text(d.hostname, size="2", color=MUTED, font_family="var(--code-font-family)")),
        rx.table.cell(
            rx.cond(
                d.owner_href != "", rx.link(d.owner, href=d.owner_href, size="2"), rx.text("—", size="2", color=MUTED)
            )
        ),
        rx.table.cell(rx.text(d.os, size="2", color=MUTED)),
        rx.table.cell(rx.text(d.seats, size="2", weight="medium"), text_align="right"),
        align="center",
        data_testid="device-row",
    )


def _list() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        _sort("Name", "name"),
                        _sort("Hostname", "hostname"),
                        _sort("Owner", "owner"),
                        _sort("OS", "os"),
                        _sort("Seats", "seats"),
                    )
                ),
                rx.table.body(rx.foreach(S.rows, _row)),
                variant="surface",
                size="1",
                width="100%",
                data_testid="devices-table",
            ),
            pager(S.range_label, S.page, S.page_count, S.go_page),
        ),
        rx.cond(
            S.loaded,
            rx.cond(
                S.search != "",
                empty_state(
                    "search_x",
                    "No device matches “" + S.search + "”",
                    "Search looks at names, hostnames, owners and operating systems.",
                    rx.button("Clear search", variant="soft", on_click=S.set_search("")),
                ),
                empty_state(
                    "monitor",
                    "No devices yet",
                    "Import machines from a CSV file (name, hostname, owner_email, "
                    "os) to assign device-based seats to them.",
                    import_button("devices"),
                ),
            ),
        ),
    )


@page(
    "/devices",
    "Devices · License Hub",
    on_load=S.load,
    nav=NavItem("devices", "Devices", "monitor", "license.view", order=45),
)
def devices_page() -> rx.Component:
    return shell(
        page_header(
            "Devices",
            "The machines that hold device-based seats.",
            rx.flex(
                import_button("devices"),
                when_can(
                    "license.manage",
                    rx.button(
                        rx.icon("monitor_check", size=15),
                        "Add device",
                        on_click=DeviceEditState.open_create,
                        data_testid="add-device",
                    ),
                ),
                spacing="2",
            ),
        ),
        error_callout(S.error),
        rx.flex(
            search_box(S.search, S.set_search, "Search name, hostname, owner, OS…", "Search devices"),
            justify="end",
            margin_bottom="14px",
        ),
        _list(),
        import_dialog(),
        device_form_dialog(),
        active="devices",
    )


def _fact(label: str, value) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label, min_width="110px"), rx.data_list.value(value))


def _seat_row(s) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(s.license, href=s.license_href, size="2", weight="medium")),
        rx.table.cell(rx.text(s.software, size="2", color=MUTED)),
        rx.table.cell(rx.text(s.device, size="2", color=MUTED)),
        rx.table.cell(rx.text(s.seat_key, size="1", color=MUTED, font_family="var(--code-font-family)")),
        rx.table.cell(rx.text(s.activated, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(s.last_used, size="2", color=MUTED, white_space="nowrap")),
        rx.table.cell(reclaim_confirm(D.device.name, s.license, D.reclaim(s.id)), text_align="right"),
        align="center",
        data_testid="profile-seat",
    )


def _profile() -> rx.Component:
    d = D.device
    return rx.box(
        rx.link(
            rx.flex(rx.icon("arrow_left", size=14), rx.text("Devices", size="2"), align="center", spacing="1"),
            href="/devices",
            color=MUTED,
            underline="none",
        ),
        rx.flex(
            rx.center(
                rx.icon("monitor", size=22, color=rx.color("accent", 11)),
                width="48px",
                height="48px",
                border_radius="var(--radius-3)",
                background=rx.color("accent", 3),
            ),
            rx.box(
                rx.heading(d.name, size="6", as_="h1", data_testid="page-title"),
                rx.text(d.hostname, size="2", color=MUTED, font_family="var(--code-font-family)"),
            ),
            rx.spacer(),
            rx.cond(
                ~d.archived,
                when_can(
                    "license.manage",
                    rx.button(
                        rx.icon("pencil", size=15),
                        "Edit device",
                        variant="soft",
                        color_scheme="gray",
                        on_click=DeviceEditState.open_edit(d.id),
                        data_testid="edit-device",
                    ),
                ),
            ),
            align="center",
            spacing="3",
            margin="12px 0 20px",
        ),
        error_callout(D.error),
        rx.card(
            rx.data_list.root(
                _fact("Owner", rx.cond(d.owner_href != "", rx.link(d.owner, href=d.owner_href), d.owner)),
                _fact("OS", d.os),
                _fact("Serial number", d.serial),
                _fact("Location", d.location),
                _fact("Added", d.added),
                size="2",
            ),
            size="2",
            margin_bottom="24px",
        ),
        rx.flex(
            rx.heading("Seats held", size="4", as_="h2"),
            rx.badge(D.seats.length(), radius="full", variant="soft"),
            align="center",
            spacing="2",
            margin_bottom="10px",
        ),
        rx.cond(
            D.seats.length() > 0,
            seats_table(D.seats, _seat_row),
            empty_state(
                "armchair",
                "No seats",
                "This device holds no seat. Device-based licenses assign seats to machines from their Manage Seats.",
                testid="seats-empty",
            ),
        ),
        device_installations(),
        device_form_dialog(),
    )


@page("/devices/[device_id]", "Device · License Hub", on_load=D.load)
def device_page() -> rx.Component:
    return shell(
        rx.cond(
            D.not_found != "",
            not_found(D.not_found, "/devices", "Back to devices"),
            rx.cond(D.device.id != 0, _profile()),
        ),
        active="devices",
    )
