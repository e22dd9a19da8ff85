"""The inline reveal of a product or seat serial key: an amber box the reveal
handler fills by script (the key never sits in page state), hidden again after
30 seconds or with the Hide button."""

from __future__ import annotations

import reflex as rx

from license_hub.components.permissions import when_can
from license_hub.components.shell import icon_button
from license_hub.state.key_reveal import HIDE_ALL, PRODUCT_KEY_BOX, KeyRevealState, seat_box_id


def _box(box_id, key, testid: str, note: bool) -> rx.Component:
    """Empty and hidden until a reveal fills it. `key` makes React start it afresh
    for every license or seat, so a key never lingers on the next one."""
    return rx.flex(
        rx.icon("eye", size=13, color=rx.color("amber", 11)),
        rx.el.code(
            data_reveal_text="1",
            data_testid=testid,
            style={
                "font_family": "var(--code-font-family)",
                "font_size": "12px",
                "user_select": "all",
                "color": rx.color("gray", 12),
                "letter_spacing": "0.02em",
            },
        ),
        rx.text("hides in 30 s", size="1", color=rx.color("amber", 11), white_space="nowrap")
        if note
        else rx.fragment(),
        icon_button(
            "eye_off",
            12,
            size="1",
            variant="ghost",
            color_scheme="amber",
            type="button",
            on_click=rx.call_script(HIDE_ALL),
            aria_label="Hide key",
        ),
        id=box_id,
        key=key,
        display="none",
        align="center",
        spacing="2",
        padding="2px 4px 2px 8px",
        border_radius="var(--radius-2)",
        background=rx.color("amber", 3),
        border=f"1px solid {rx.color('amber', 6)}",
        data_reveal_box="1",
        data_testid=f"{testid}-box",
    )


def product_key_reveal(has_key, license_id) -> rx.Component:
    """The "Reveal" button beside the masked product key, and where the key appears."""
    return when_can(
        "key.reveal",
        rx.cond(
            has_key,
            rx.fragment(
                rx.tooltip(
                    rx.button(
                        rx.icon("eye", size=13),
                        "Reveal",
                        size="1",
                        variant="ghost",
                        color_scheme="gray",
                        on_click=KeyRevealState.reveal_product_key,
                        aria_label="Reveal product key",
                    ),
                    content="Show the key here for 30 seconds (the reveal is recorded)",
                ),
                _box(PRODUCT_KEY_BOX, "key-" + license_id.to(str), "revealed-key", note=True),
            ),
        ),
    )


def seat_key_reveal(seat) -> rx.Component:
    """A seat serial key's Reveal, shown in its row."""
    box_id = seat_box_id("") + seat.id.to(str)
    return when_can(
        "key.reveal",
        rx.cond(
            seat.seat_key != "—",
            rx.fragment(
                rx.button(
                    "Reveal",
                    size="1",
                    variant="ghost",
                    color_scheme="gray",
                    on_click=KeyRevealState.reveal_seat_key(seat.id),
                    aria_label="Reveal seat serial key",
                    data_testid="reveal-seat-key",
                ),
                _box(box_id, box_id, "revealed-seat-key", note=False),
            ),
        ),
    )
