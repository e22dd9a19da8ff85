"""Audit events as people read them: a coloured action badge, who and when, the
object, and the diff as short "field: before → after" lines. Used by the audit
log table and by the Activity section of a record's page."""

from __future__ import annotations

import reflex as rx

from license_hub.components.permissions import when_can


def action_badge(event) -> rx.Component:
    return rx.badge(
        event.action_label,
        color_scheme=event.color,
        variant="soft",
        radius="full",
        size="1",
        white_space="nowrap",
        data_testid="action-badge",
    )


def object_ref(event) -> rx.Component:
    """The event's object: a link where it has a page, plain text otherwise."""
    return rx.cond(
        event.href != "",
        rx.link(event.object, href=event.href, size="2", weight="medium", data_testid="object-link"),
        rx.text(event.object, size="2", color=rx.color("gray", 11)),
    )


def diff_block(event) -> rx.Component:
    return rx.flex(
        rx.foreach(
            event.lines.to(list[str]),
            lambda line: rx.text(
                line,
                size="1",
                color=rx.color("gray", 11),
                font_family="var(--code-font-family)",
                word_break="break-word",
            ),
        ),
        rx.cond(event.more != "", rx.text(event.more, size="1", color=rx.color("gray", 11))),
        direction="column",
        spacing="0",
        data_testid="event-diff",
    )


def _item(event) -> rx.Component:
    return rx.flex(
        rx.box(
            width="8px",
            height="8px",
            border_radius="9999px",
            background=rx.color(event.color, 9),
            margin_top="7px",
            flex_shrink="0",
        ),
        rx.flex(
            rx.flex(
                action_badge(event),
                rx.cond(event.subject != "", rx.text(event.subject, size="2", weight="medium")),
                rx.text("by ", event.actor, size="2", color=rx.color("gray", 11)),
                rx.spacer(),
                rx.text(event.time, size="1", color=rx.color("gray", 11), white_space="nowrap"),
                align="center",
                spacing="2",
                wrap="wrap",
            ),
            diff_block(event),
            direction="column",
            spacing="1",
            flex="1",
            min_width="0",
        ),
        spacing="3",
        padding_y="10px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        style={"&:last-child": {"border_bottom": "none"}},
        data_testid="activity-item",
    )


def activity_list(events, empty_text: str = "Nothing has happened here yet.") -> rx.Component:
    """A record's history, newest first (`events` are state.audit_log.event_view
    dicts with a `subject`: for seat events, who held the seat)."""
    return rx.cond(
        events.length() > 0,
        rx.flex(rx.foreach(events, _item), direction="column", data_testid="activity-list"),
        rx.text(empty_text, size="2", color=rx.color("gray", 11), padding_y="12px", data_testid="activity-empty"),
    )


def activity_section(events, total, audit_href) -> rx.Component:
    """The Activity section of a record's page: its latest events, and for roles
    that may read the audit log, a link to the full, filterable trail."""
    return rx.box(
        rx.flex(
            rx.flex(
                rx.heading("Activity", size="4", as_="h2"),
                rx.text(
                    rx.cond(total > events.length(), "Latest " + events.length().to(str) + " of " + total.to(str), ""),
                    size="2",
                    color=rx.color("gray", 11),
                ),
                align="baseline",
                spacing="3",
            ),
            when_can(
                "audits",
                rx.link(
                    rx.flex(
                        rx.text("Open in the audit log", size="2"),
                        rx.icon("arrow_right", size=14),
                        align="center",
                        spacing="1",
                    ),
                    href=audit_href,
                    data_testid="activity-audit-link",
                ),
            ),
            justify="between",
            align="center",
            margin_bottom="8px",
        ),
        rx.card(activity_list(events, "No changes recorded yet."), size="2", padding_y="4px"),
        margin_top="32px",
        data_testid="activity",
    )
