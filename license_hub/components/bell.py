"""The notifications bell in the top bar: the unread badge, a popover with the
newest notifications (each a link to its license that marks it read) and
"Mark all read". Importing this module adds it to the shell's top bar."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import TOP_BAR_EXTRAS
from license_hub.state.base import AppState
from license_hub.state.notifications import KIND_ICONS
from license_hub.state.notifications import BellState as B

POLL_MS = 30_000


def _item(n) -> rx.Component:
    unread = n.unread
    return rx.popover.close(
        rx.link(
            rx.flex(
                rx.center(
                    rx.match(
                        n.kind, *[(k, rx.icon(i, size=15)) for k, i in KIND_ICONS.items()], rx.icon("bell", size=15)
                    ),
                    width="30px",
                    height="30px",
                    flex_shrink="0",
                    border_radius="var(--radius-2)",
                    background=rx.cond(unread, rx.color("accent", 3), rx.color("gray", 3)),
                    color=rx.cond(unread, rx.color("accent", 11), rx.color("gray", 11)),
                ),
                rx.flex(
                    rx.text(
                        n.title,
                        size="2",
                        weight=rx.cond(unread, "bold", "regular"),
                        color=rx.color("gray", 12),
                        data_testid="notification-title",
                    ),
                    rx.cond(
                        n.body != "",
                        rx.text(
                            n.body,
                            size="1",
                            color=rx.color("gray", 11),
                            overflow="hidden",
                            display="-webkit-box",
                            style={"WebkitLineClamp": "2", "WebkitBoxOrient": "vertical"},
                        ),
                    ),
                    rx.text(n.when, size="1", color=rx.color("gray", 11), title=n.stamp),
                    direction="column",
                    spacing="1",
                    min_width="0",
                    flex="1",
                ),
                rx.cond(
                    unread,
                    rx.box(
                        width="8px",
                        height="8px",
                        border_radius="9999px",
                        flex_shrink="0",
                        margin_top="6px",
                        background=rx.color("accent", 9),
                        aria_label="Unread",
                        role="img",
                        data_testid="unread-dot",
                    ),
                ),
                spacing="3",
                align="start",
                padding="10px 12px",
                border_radius="var(--radius-2)",
                _hover={"background": rx.color("gray", 3)},
            ),
            href=rx.cond(n.href != "", n.href, "/renewals"),
            underline="none",
            on_click=B.open_item(n.id),
            data_testid="notification",
            data_unread=rx.cond(unread, "true", "false"),
        ),
    )


def _list() -> rx.Component:
    return rx.cond(
        B.items.length() > 0,
        rx.flex(
            rx.foreach(B.items, _item),
            direction="column",
            spacing="0",
            max_height="420px",
            overflow_y="auto",
            padding="4px",
        ),
        rx.cond(
            B.listed,
            rx.flex(
                rx.center(
                    rx.icon("bell_off", size=18, color=rx.color("gray", 11)),
                    width="36px",
                    height="36px",
                    border_radius="9999px",
                    background=rx.color("gray", 3),
                ),
                rx.text("No notifications yet", size="2", weight="bold"),
                rx.text(
                    "Reminders about expiries, renewals, maintenance and audits due will appear here.",
                    size="1",
                    color=rx.color("gray", 11),
                    text_align="center",
                    max_width="260px",
                ),
                direction="column",
                align="center",
                spacing="2",
                padding="28px 16px",
                data_testid="notifications-empty",
            ),
            rx.center(rx.spinner(size="2"), padding="28px"),
        ),
    )


def bell() -> rx.Component:
    # The button itself is the popover trigger (it carries aria-expanded); the count sits beside it.
    trigger = rx.icon_button(
        rx.fragment(rx.icon("bell", size=18)),
        variant="ghost",
        color_scheme="gray",
        size="2",
        aria_label=B.bell_label,
        data_testid="bell",
    )
    count = rx.cond(
        B.unread > 0,
        rx.badge(
            B.badge,
            color_scheme="red",
            variant="solid",
            radius="full",
            size="1",
            position="absolute",
            top="-7px",
            right="-11px",
            pointer_events="none",
            min_width="18px",
            justify="center",
            data_testid="bell-count",
        ),
    )
    return rx.cond(
        AppState.me_email != "",
        rx.fragment(
            rx.box(
                rx.popover.root(
                    rx.popover.trigger(trigger),
                    rx.popover.content(
                        rx.flex(
                            rx.flex(
                                rx.text("Notifications", size="3", weight="bold"),
                                rx.text(
                                    B.unread_label, size="1", color=rx.color("gray", 11), data_testid="unread-label"
                                ),
                                direction="column",
                                spacing="0",
                            ),
                            rx.button(
                                rx.icon("check_check", size=14),
                                "Mark all read",
                                variant="ghost",
                                size="1",
                                disabled=B.unread == 0,
                                on_click=B.mark_all_read,
                                data_testid="mark-all-read",
                            ),
                            justify="between",
                            align="center",
                            padding="12px 14px 10px",
                            border_bottom=f"1px solid {rx.color('gray', 4)}",
                        ),
                        _list(),
                        rx.flex(
                            rx.popover.close(
                                rx.link("See upcoming renewals", href="/renewals", size="2", underline="hover")
                            ),
                            justify="center",
                            padding="10px",
                            border_top=f"1px solid {rx.color('gray', 4)}",
                        ),
                        width="380px",
                        padding="0",
                        align="end",
                        side_offset=8,
                        data_testid="notifications-popover",
                    ),
                    on_open_change=B.opened,
                ),
                count,
                position="relative",
                display="inline-flex",
                margin_right="8px",
            ),
            # Fires on mount and then every POLL_MS: keeps the badge current.
            rx.moment(interval=POLL_MS, on_change=B.refresh, display="none", aria_hidden="true"),
        ),
    )


if bell not in TOP_BAR_EXTRAS:
    TOP_BAR_EXTRAS.append(bell)
