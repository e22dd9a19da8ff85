"""The "Assign Seat" dialog of the license page (seed 000, step 3)."""

from __future__ import annotations

import reflex as rx

from license_hub.components.holder_picker import DEVICE, PERSON, holder_picker
from license_hub.components.paging import form_field
from license_hub.components.permissions import when_can
from license_hub.state.seat_assign import SeatAssignState as S


def _picker() -> rx.Component:
    return holder_picker(
        kind=PERSON,
        label="Assignee",
        listbox_id="assignee-options",
        listbox_label="Matching contacts",
        query=S.query,
        options=S.options,
        on_search=S.search,
        on_pick=S.pick,
        option_testid="person-option",
        placeholder="Search contacts by name or email",
        searched=S.searched,
        empty_text="No contact matches — use Assignee name below.",
        picked=S.picked,
        on_clear=S.clear_pick,
        clear_label="Clear contact",
        picked_testid="picked-person",
    )


def _device_picker() -> rx.Component:
    """Device-based licenses: a seat is tied to a machine from the devices directory."""
    return holder_picker(
        kind=DEVICE,
        label="Device",
        listbox_id="device-options",
        listbox_label="Matching devices",
        query=S.query,
        options=S.device_options,
        on_search=S.search_devices,
        on_pick=S.pick_device,
        option_testid="device-option",
        placeholder="Search devices by name, hostname or owner",
        searched=S.searched,
        empty_text="No device matches — use Device name below.",
        picked=S.picked_device,
        on_clear=S.clear_pick,
        clear_label="Clear device",
        picked_testid="picked-device",
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
