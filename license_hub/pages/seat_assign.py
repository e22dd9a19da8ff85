"""The "Assign Seat" dialog of the license page (seed 000, step 3)."""

from __future__ import annotations

import reflex as rx

from license_hub.components.badges import brand_avatar
from license_hub.components.paging import form_field
from license_hub.components.permissions import when_can
from license_hub.components.shell import icon_button
from license_hub.state.seat_assign import SeatAssignState as S


def _option(p) -> rx.Component:
    return rx.flex(
        brand_avatar(p.initials, p.avatar_color, size="1"),
        rx.flex(
            rx.text(p.name, size="2", weight="medium"),
            rx.text(p.email, size="1", color=rx.color("gray", 11)),
            direction="column",
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
        on_click=S.pick(p.id),
        data_testid="person-option",
    )


def _picker() -> rx.Component:
    return rx.cond(
        S.picked.id > 0,
        rx.flex(
            brand_avatar(S.picked.initials, S.picked.avatar_color, size="2"),
            rx.flex(
                rx.text(S.picked.name, size="2", weight="medium"),
                rx.text(S.picked.email, size="1", color=rx.color("gray", 11)),
                direction="column",
            ),
            rx.spacer(),
            icon_button(
                "x",
                14,
                variant="ghost",
                color_scheme="gray",
                type="button",
                on_click=S.clear_pick,
                aria_label="Clear contact",
            ),
            align="center",
            spacing="2",
            padding="8px 10px",
            border=f"1px solid {rx.color('accent', 6)}",
            border_radius="var(--radius-2)",
            background=rx.color("accent", 2),
            data_testid="picked-person",
        ),
        rx.box(
            rx.debounce_input(
                rx.input(
                    rx.input.slot(rx.icon("search", size=14)),
                    value=S.query,
                    on_change=S.search,
                    placeholder="Search contacts by name or email",
                    auto_complete="off",
                    aria_label="Assignee",
                    aria_controls="assignee-options",
                ),
                debounce_timeout=250,
            ),
            rx.cond(
                S.options.length() > 0,
                rx.box(
                    rx.foreach(S.options, _option),
                    role="listbox",
                    id="assignee-options",
                    aria_label="Matching contacts",
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
                    rx.text(
                        "No contact matches — use Assignee name below.",
                        size="1",
                        color=rx.color("gray", 11),
                        padding_top="4px",
                    ),
                ),
            ),
        ),
    )


def _device_option(d) -> rx.Component:
    return rx.flex(
        rx.icon("monitor", size=16, color=rx.color("gray", 11)),
        rx.flex(
            rx.text(d.name, size="2", weight="medium"),
            rx.text(d.hostname, size="1", color=rx.color("gray", 11)),
            direction="column",
        ),
        rx.spacer(),
        rx.text(d.owner, size="1", color=rx.color("gray", 11)),
        align="center",
        spacing="2",
        padding="6px 10px",
        cursor="pointer",
        role="option",
        tab_index=-1,
        _hover={"background": rx.color("accent", 3)},
        on_click=S.pick_device(d.id),
        data_testid="device-option",
    )


def _device_picker() -> rx.Component:
    """Device-based licenses: a seat is tied to a machine from the devices directory."""
    d = S.picked_device
    return rx.cond(
        d.id != 0,
        rx.flex(
            rx.icon("monitor", size=18, color=rx.color("accent", 11)),
            rx.flex(
                rx.text(d.name, size="2", weight="medium"),
                rx.text(d.hostname, size="1", color=rx.color("gray", 11)),
                direction="column",
            ),
            rx.spacer(),
            icon_button(
                "x",
                14,
                variant="ghost",
                color_scheme="gray",
                type="button",
                on_click=S.clear_pick,
                aria_label="Clear device",
            ),
            align="center",
            spacing="2",
            padding="8px 10px",
            border=f"1px solid {rx.color('accent', 6)}",
            border_radius="var(--radius-2)",
            background=rx.color("accent", 2),
            data_testid="picked-device",
        ),
        rx.box(
            rx.debounce_input(
                rx.input(
                    rx.input.slot(rx.icon("search", size=14)),
                    value=S.query,
                    on_change=S.search_devices,
                    placeholder="Search devices by name, hostname or owner",
                    auto_complete="off",
                    aria_label="Device",
                    aria_controls="device-options",
                ),
                debounce_timeout=250,
            ),
            rx.cond(
                S.device_options.length() > 0,
                rx.box(
                    rx.foreach(S.device_options, _device_option),
                    role="listbox",
                    id="device-options",
                    aria_label="Matching devices",
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
                    rx.text(
                        "No device matches — use Device name below.",
                        size="1",
                        color=rx.color("gray", 11),
                        padding_top="4px",
                    ),
                ),
            ),
        ),
    )


def _refusal() -> rx.Component:
    return rx.cond(
        S.error_text != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert", size=16)),
            rx.flex(
                rx.cond(S.error_title != "", rx.text(S.error_title, size="2", weight="bold")),
                rx.text(S.error_text, size="2", data_testid="assign-refusal"),
                direction="column",
            ),
            color_scheme="red",
            role="alert",
            data_testid="assign-error",
        ),
    )


def assign_dialog() -> rx.Component:
    """Shown only to roles that may assign seats; SeatAssignState checks again."""
    e = S.field_errors
    return when_can(
        "license.assign",
        rx.dialog.root(
            rx.dialog.trigger(rx.button(rx.icon("user_plus", size=15), "Assign Seat", data_testid="open-assign")),
            rx.dialog.content(
                rx.dialog.title("Assign Seat"),
                rx.dialog.description(
                    rx.text(
                        rx.cond(
                            S.device_mode,
                            "This license is device-based: pick a device from the directory, or enter a device name.",
                            "Pick a contact, or enter an assignee name and/or a device name"
                            " for someone or something not in your "
                            "contacts.",
                        ),
                        size="2",
                        color=rx.color("gray", 11),
                    ),
                    margin_bottom="16px",
                ),
                rx.form(
                    rx.flex(
                        _refusal(),
                        rx.cond(
                            S.device_mode,
                            form_field("Device", "assignee", _device_picker(), e),
                            form_field("Assignee", "assignee", _picker(), e),
                        ),
                        rx.flex(
                            rx.separator(size="4"),
                            rx.text("or", size="1", color=rx.color("gray", 11)),
                            rx.separator(size="4"),
                            align="center",
                            spacing="3",
                        ),
                        rx.grid(
                            form_field(
                                "Assignee name",
                                "assignee_name",
                                rx.input(name="assignee_name", id="assignee_name", max_length=200),
                                e,
                            ),
                            form_field(
                                "Device name",
                                "device_name",
                                rx.input(name="device_name", id="device_name", max_length=200),
                                e,
                            ),
                            columns="2",
                            spacing="3",
                        ),
                        rx.grid(
                            form_field(
                                "Seat serial key (optional)",
                                "seat_key",
                                rx.input(name="seat_key", id="seat_key", max_length=500, auto_complete="off"),
                                e,
                            ),
                            form_field(
                                "Activated date",
                                "activated_on",
                                rx.input(name="activated_on", id="activated_on", type="date", default_value=S.today),
                                e,
                            ),
                            columns="2",
                            spacing="3",
                        ),
                        rx.flex(
                            rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                            rx.button("Assign Seat", type="submit", data_testid="assign-submit"),
                            spacing="3",
                            justify="end",
                            margin_top="8px",
                        ),
                        direction="column",
                        spacing="4",
                    ),
                    on_submit=S.assign,
                    no_validate=True,
                    key=S.form_key,
                ),
                max_width="560px",
            ),
            open=S.open,
            on_open_change=S.set_open,
        ),
    )
