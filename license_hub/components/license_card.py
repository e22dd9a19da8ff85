"""Seed 000's license card: masked product key, type, seats used/total, version,
purchase date, PO number, cost, expiry and maintenance expiry, a status badge,
and "Manage Seats", edit (pencil) and delete (trash, confirmed)."""

from __future__ import annotations

from typing import Callable

import reflex as rx

from license_hub.components.badges import brand_avatar, countdown_badge, grade_pill, masked_key, status_badge
from license_hub.components.confirm_dialog import confirm_dialog
from license_hub.components.permissions import when_can
from license_hub.components.shell import icon_button


def _fact(label: str, value, testid: str = "") -> rx.Component:
    return rx.flex(
        rx.text(label, size="1", color=rx.color("gray", 11)),
        rx.text(
            value,
            size="2",
            weight="medium",
            color=rx.color("gray", 12),
            truncate=True,
            **({"data_testid": testid} if testid else {}),
        ),
        direction="column",
        spacing="0",
        min_width="0",
    )


def seat_meter(card) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.text("Seats", size="1", color=rx.color("gray", 11)),
            rx.text(card.seats, size="2", weight="bold", data_testid="seats-used"),
            justify="between",
            align="baseline",
        ),
        rx.cond(
            card.unlimited,
            rx.box(height="6px", border_radius="9999px", background=rx.color("gray", 4)),
            rx.progress(
                value=card.fill,
                max=100,
                size="1",
                color_scheme=rx.cond(card.full, "amber", "accent"),
                aria_label="Seats used",
            ),
        ),
        direction="column",
        spacing="1",
    )


def archive_confirm(trigger: rx.Component, title, on_confirm) -> rx.Component:
    """The confirmation before a license is deleted (archived)."""
    return confirm_dialog(
        "Delete this license?",
        "“",
        title,
        "” leaves the license list and its reminders are cleared. Its seats and audit history are kept.",
        action=rx.button("Delete license", color_scheme="red", on_click=on_confirm),
        trigger=trigger,
    )


def license_card(card, on_edit: Callable, on_archive: Callable, show_software: bool = True) -> rx.Component:
    title_block = rx.flex(
        rx.link(
            card.title,
            href=card.href,
            size="3",
            weight="bold",
            color=rx.color("gray", 12),
            underline="hover",
            display="block",
            overflow="hidden",
            text_overflow="ellipsis",
            white_space="nowrap",
            title=card.title,
            data_testid="card-title",
        ),
        rx.text(
            rx.cond(card.name != "", card.software, card.publisher), size="1", color=rx.color("gray", 11), truncate=True
        )
        if show_software
        else rx.text(card.license_type, size="1", color=rx.color("gray", 11)),
        direction="column",
        min_width="0",
        flex="1",
    )
    return rx.card(
        rx.flex(
            rx.flex(
                brand_avatar(card.initials, card.avatar_color, size="3"),
                title_block,
                rx.flex(
                    status_badge(card.status), grade_pill(card.grade), spacing="1", align="center", flex_shrink="0"
                ),
                spacing="3",
                align="center",
            ),
            rx.flex(
                masked_key(card.key, card.has_key),
                countdown_badge(card.countdown),
                justify="between",
                align="center",
                spacing="2",
                min_height="22px",
            ),
            rx.grid(
                _fact("Type", card.license_type),
                _fact("Version", card.version),
                _fact("Purchased", card.purchase_date),
                _fact("PO number", card.purchase_order),
                _fact("Cost", card.cost),
                _fact("Expiry", card.expiry, "expiry"),
                _fact("Maintenance", card.maintenance),
                _fact("Annual cost", card.annual_cost),
                columns="2",
                spacing_x="4",
                spacing_y="2",
                padding_y="10px",
                border_top=f"1px solid {rx.color('gray', 4)}",
                border_bottom=f"1px solid {rx.color('gray', 4)}",
            ),
            seat_meter(card),
            rx.flex(
                rx.link(rx.button(rx.icon("users", size=14), "Manage Seats", size="2", variant="soft"), href=card.href),
                rx.flex(
                    when_can(
                        "license.manage",
                        rx.tooltip(
                            icon_button(
                                "pencil",
                                15,
                                variant="ghost",
                                color_scheme="gray",
                                size="2",
                                on_click=on_edit(card.id),
                                aria_label="Edit license",
                            ),
                            content="Edit",
                        ),
                        archive_confirm(
                            icon_button(
                                "trash_2",
                                15,
                                variant="ghost",
                                color_scheme="red",
                                size="2",
                                aria_label="Delete license",
                            ),
                            card.title,
                            on_archive(card.id),
                        ),
                    ),
                    spacing="3",
                    align="center",
                    padding_right="4px",
                ),
                justify="between",
                align="center",
                margin_top="auto",
            ),
            direction="column",
            spacing="3",
            height="100%",
        ),
        size="2",
        height="100%",
        data_testid="license-card",
        data_license_id=card.id,
    )
