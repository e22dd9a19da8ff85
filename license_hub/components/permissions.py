"""Showing only what the signed-in user may do. This is courtesy, not security:
every handler checks the permission again on the server."""

from __future__ import annotations

import reflex as rx

from license_hub.state.base import AppState


def when_can(permission: str, *children: rx.Component) -> rx.Component:
    """`children` only for users whose role has `permission`."""
    return rx.cond(AppState.me_perms.contains(permission), rx.fragment(*children))


def forbidden_state(message) -> rx.Component:
    """What a page shows instead of its data when the role may not see it."""
    return rx.flex(
        rx.center(
            rx.icon("shield_x", size=22, color=rx.color("red", 11)),
            width="44px",
            height="44px",
            border_radius="9999px",
            background=rx.color("red", 3),
        ),
        rx.heading(message, size="3", weight="bold", as_="h1", data_testid="forbidden-message"),
        rx.text(
            "Your role does not include this page. Ask an admin if you need access.",
            size="2",
            color=rx.color("gray", 11),
            max_width="420px",
            text_align="center",
        ),
        rx.link(rx.button(rx.icon("arrow_left", size=14), "Back to licenses", variant="soft"), href="/licenses"),
        direction="column",
        align="center",
        spacing="2",
        padding="56px 24px",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="var(--radius-4)",
        background=rx.color("gray", 2),
        role="alert",
        data_testid="forbidden",
    )
