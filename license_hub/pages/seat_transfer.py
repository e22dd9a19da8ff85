"""The seat row's "Transfer" dialog: who has the seat now, the new holder picked
from the directory, the per-seat serial key and activated date, then confirm."""

from __future__ import annotations

import reflex as rx

from license_hub.components.holder_picker import DEVICE, PERSON, holder_picker
from license_hub.components.paging import form_field
from license_hub.components.permissions import when_can
from license_hub.state.seat_transfer import SeatTransferState as S

MUTED = rx.color("gray", 11)


def transfer_button(seat) -> rx.Component:
    return rx.button(
        "Transfer",
        size="1",
        variant="soft",
        color_scheme="gray",
        on_click=S.open_for(seat.id),
        aria_label="Transfer the seat of " + seat.holder,
        data_testid="transfer",
    )


def _picker() -> rx.Component:
    common = {
        "query": S.query,
        "on_search": S.search,
        "on_pick": S.pick,
        "searched": S.searched,
        "on_clear": S.clear_pick,
        "input_id": "new_holder",
    }
    return rx.cond(
        S.device_mode,
        holder_picker(
            kind=DEVICE,
            label="New holder",
            listbox_id="transfer-device-options",
            listbox_label="Matching devices",
            options=S.device_options,
            option_testid="transfer-option",
            placeholder="Search devices by name, hostname or owner",
            empty_text="No device matches.",
            picked=S.picked_device,
            clear_label="Clear device",
            picked_testid="transfer-picked",
            **common,
        ),
        holder_picker(
            kind=PERSON,
            label="New holder",
            listbox_id="transfer-person-options",
            listbox_label="Matching contacts",
            options=S.options,
            option_testid="transfer-option",
            placeholder="Search contacts by name or email",
            empty_text="No contact matches.",
            picked=S.picked,
            clear_label="Clear contact",
            picked_testid="transfer-picked",
            **common,
        ),
    )


def transfer_dialog() -> rx.Component:
    """One dialog for every row; the state checks the seat and the permission again."""
    e = S.field_errors
    return when_can(
        "license.assign",
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title("Transfer seat", custom_attrs={"as": "h2"}),
                rx.dialog.description(
                    rx.text(
                        "The seat held by ",
                        rx.text.strong(S.holder, data_testid="transfer-from"),
                        " moves to the new holder in one step. Both stay in the history; the seats used do not change.",
                        size="2",
                        color=MUTED,
                    ),
                    margin_bottom="14px",
                ),
                rx.form(
                    rx.flex(
                        rx.cond(
                            S.error_text != "",
                            rx.callout.root(
                                rx.callout.icon(rx.icon("triangle_alert", size=16)),
                                rx.callout.text(S.error_text, data_testid="transfer-refusal"),
                                color_scheme="red",
                                role="alert",
                            ),
                        ),
                        form_field("New holder", "new_holder", _picker(), e),
                        rx.grid(
                            form_field(
                                "Seat serial key (optional)",
                                "transfer_seat_key",
                                rx.input(
                                    name="seat_key",
                                    id="transfer_seat_key",
                                    max_length=500,
                                    auto_complete="off",
                                    placeholder="Keep this seat's key",
                                ),
                                e,
                            ),
                            form_field(
                                "Activated date",
                                "transfer_activated_on",
                                rx.input(
                                    name="activated_on", id="transfer_activated_on", type="date", default_value=S.today
                                ),
                                e,
                            ),
                            columns="2",
                            spacing="3",
                        ),
                        rx.flex(
                            rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                            rx.button("Transfer seat", type="submit", data_testid="transfer-submit"),
                            spacing="3",
                            justify="end",
                            margin_top="8px",
                        ),
                        direction="column",
                        spacing="4",
                    ),
                    on_submit=S.transfer,
                    no_validate=True,
                    key=S.form_key,
                ),
                max_width="560px",
            ),
            open=S.open,
            on_open_change=S.set_open,
            on_mount=S.close,
        ),
    )
