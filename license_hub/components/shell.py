"""The frame every page sits in: a top bar with the product name and a left
navigation listing only the pages that exist."""

from __future__ import annotations

from typing import Callable

import reflex as rx

from license_hub.components.software_nav import SOFTWARE_PAGES, software_nav
from license_hub.pages import nav_items
from license_hub.state.base import AppState


def icon_button(icon: str, icon_size: int = 16, **props) -> rx.Component:
    """An icon-only button whose icon keeps its own size (rx.icon_button would
    resize a direct icon child to its preset)."""
    return rx.icon_button(rx.fragment(rx.icon(icon, size=icon_size)), **props)


def _nav_item(key: str, label: str, href: str, icon: str, active: str) -> rx.Component:
    on = key == active
    return rx.link(
        rx.flex(
            rx.icon(icon, size=16),
            rx.text(label, size="2", weight="medium"),
            align="center",
            spacing="2",
            padding_x="10px",
            padding_y="7px",
            border_radius="var(--radius-2)",
            background=rx.color("accent", 4) if on else "transparent",
            color=rx.color("accent", 11) if on else rx.color("gray", 11),
            _hover={
                "background": rx.color("accent", 4) if on else rx.color("gray", 4),
                "color": rx.color("accent", 11) if on else rx.color("gray", 12),
            },
        ),
        href=href,
        underline="none",
        aria_current="page" if on else None,
        data_testid=f"nav-{key}",
    )


def _user_menu() -> rx.Component:
    """Who is signed in, their role, their account and sign-out (a form POST that
    ends the session on the server and clears the cookie)."""
    return rx.cond(
        AppState.me_email != "",
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.avatar(fallback=AppState.me_name[:1].upper(), size="1", radius="full"),
                    rx.flex(
                        rx.text(AppState.me_name, size="2", weight="medium"),
                        rx.text(AppState.me_role, size="1", color=rx.color("gray", 11)),
                        direction="column",
                        align="start",
                        spacing="0",
                    ),
                    rx.icon("chevron_down", size=14),
                    variant="ghost",
                    color_scheme="gray",
                    data_testid="user-menu",
                ),
            ),
            rx.menu.content(
                rx.text(AppState.me_email, size="1", color=rx.color("gray", 11), padding="4px 12px"),
                rx.menu.item(rx.link("Your account", href="/account", underline="none"), data_testid="menu-account"),
                rx.menu.separator(),
                rx.el.form(
                    rx.el.button("Sign out", type="submit", class_name="lh-menu-submit", data_testid="sign-out"),
                    action="/api/v1/session/end",
                    method="post",
                    id="lh-sign-out",
                    on_submit=rx.call_script("document.getElementById('lh-sign-out').submit()"),
                ),
            ),
        ),
    )


def _top_bar() -> rx.Component:
    """The banner landmark: product name, extras, the user menu."""
    bar = rx.flex(
        rx.link(
            rx.flex(
                rx.center(
                    rx.icon("key_round", size=16, color="white"),
                    width="26px",
                    height="26px",
                    border_radius="var(--radius-2)",
                    background=rx.color("accent", 9),
                ),
                rx.text("License Hub", size="3", weight="bold", color=rx.color("gray", 12)),
                align="center",
                spacing="2",
            ),
            href="/dashboard",
            underline="none",
        ),
        rx.spacer(),
        *[make() for make in TOP_BAR_EXTRAS],
        _user_menu(),
        align="center",
        spacing="3",
        height="52px",
        padding_x="16px",
    )
    return rx.el.header(
        bar,
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 1),
        position="sticky",
        top="0",
        z_index="10",
    )


# Builders other modules add to the top bar (search, the notifications bell).
TOP_BAR_EXTRAS: list[Callable[[], rx.Component]] = []


def _side_nav(active: str) -> rx.Component:
    links = rx.flex(
        rx.text(
            "Software",
            size="1",
            weight="medium",
            color=rx.color("gray", 11),
            padding_x="10px",
            padding_bottom="4px",
            text_transform="uppercase",
            letter_spacing="0.06em",
        ),
        *[
            rx.cond(
                AppState.me_perms.contains(item.permission), _nav_item(item.key, item.label, href, item.icon, active)
            )
            for href, item in nav_items()
        ],
        direction="column",
        spacing="1",
        padding="16px 12px",
        min_height="calc(100vh - 52px)",
    )
    return rx.el.nav(
        links,
        aria_label="Main",
        width="208px",
        flex_shrink="0",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 2),
    )


def shell(*children: rx.Component, active: str) -> rx.Component:
    return rx.box(
        _top_bar(),
        rx.flex(
            _side_nav(active),
            rx.el.main(
                rx.box(
                    *([software_nav(active)] if active in SOFTWARE_PAGES else []),
                    *children,
                    max_width="1280px",
                    margin_x="auto",
                ),
                flex="1",
                min_width="0",
                padding="24px 28px 48px",
                # "true" once the page's load events have run: automation waits on it.
                custom_attrs={"data-ready": rx.cond(rx.State.is_hydrated, "true", "false")},
            ),
        ),
        background=rx.color("gray", 1),
        min_height="100vh",
    )


def page_header(title, subtitle=None, *actions: rx.Component, leading: rx.Component | None = None) -> rx.Component:
    return rx.flex(
        rx.flex(
            *([leading] if leading is not None else []),
            rx.box(
                rx.heading(title, size="6", as_="h1", weight="bold", data_testid="page-title"),
                rx.text(subtitle, size="2", color=rx.color("gray", 11)) if subtitle is not None else rx.fragment(),
            ),
            align="center",
            spacing="3",
            min_width="0",
        ),
        rx.flex(*actions, spacing="2", align="center"),
        justify="between",
        align="center",
        spacing="4",
        margin_bottom="20px",
        wrap="wrap",
    )


def empty_state(
    icon: str, title, text, *actions: rx.Component, testid: str = "empty-state", title_as: str = ""
) -> rx.Component:
    """`title_as` makes the title a heading of that level, for a state that stands for the whole page."""
    return rx.flex(
        rx.center(
            rx.icon(icon, size=22, color=rx.color("accent", 11)),
            width="44px",
            height="44px",
            border_radius="9999px",
            background=rx.color("accent", 3),
        ),
        rx.heading(title, as_=title_as, size="3", weight="bold")
        if title_as
        else rx.text(title, size="3", weight="bold"),
        rx.text(text, size="2", color=rx.color("gray", 11), max_width="420px", text_align="center"),
        rx.flex(*actions, spacing="2", margin_top="6px") if actions else rx.fragment(),
        direction="column",
        align="center",
        spacing="2",
        padding="48px 24px",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="var(--radius-4)",
        background=rx.color("gray", 2),
        data_testid=testid,
    )


def error_callout(message, title: str = "") -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("circle_alert", size=16)),
            *([rx.callout.text(title, weight="bold")] if title else []),
            rx.callout.text(message),
            color_scheme="red",
            role="alert",
            size="1",
            margin_bottom="16px",
        ),
    )


def not_found(message, back_href: str, back_label: str) -> rx.Component:
    return empty_state(
        "search",
        "Not found",
        message,
        rx.link(rx.button(rx.icon("arrow_left", size=14), back_label, variant="soft"), href=back_href),
        testid="not-found",
        title_as="h1",
    )
