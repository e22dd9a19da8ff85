"""The "Reclaim dormant seats" dialog of /utilization: preview, the keep-or-give-up
option, confirmation, progress, and the outcome."""

from __future__ import annotations

import reflex as rx

from license_hub.components.report_cards import MUTED, NUMERIC
from license_hub.state.reclaim_dialog import ASK_DAYS
from license_hub.state.reclaim_dialog import ReclaimState as R


def _line(ln) -> rx.Component:
    return rx.flex(
        rx.text(
            ln.software,
            size="2",
            weight="medium",
            trim="both",
            overflow="hidden",
            text_overflow="ellipsis",
            white_space="nowrap",
            min_width="0",
        ),
        rx.flex(
            rx.text(ln.seats, " seats", size="2", color=MUTED, style=NUMERIC),
            rx.text(ln.savings, size="2", style=NUMERIC, min_width="96px", text_align="right"),
            spacing="3",
            flex_shrink="0",
        ),
        justify="between",
        align="center",
        spacing="3",
        padding_y="4px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="plan-line",
    )


def _preview() -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.box(
                rx.text("Seats to reclaim", size="1", color=MUTED),
                rx.text(R.plan_seats, size="7", weight="bold", style=NUMERIC, data_testid="plan-seats"),
                rx.text(
                    "on ",
                    R.plan_licenses,
                    rx.cond(R.plan_licenses == 1, " license", " licenses"),
                    size="1",
                    color=MUTED,
                ),
            ),
            rx.box(
                rx.text("Saves a year", size="1", color=MUTED),
                rx.cond(
                    R.plan_savings.length() > 0,
                    rx.foreach(
                        R.plan_savings,
                        lambda m: rx.text(m.text, size="5", weight="bold", style=NUMERIC, data_testid="plan-savings"),
                    ),
                    rx.text("Cost unknown", size="5", weight="bold", color=rx.color("gray", 11)),
                ),
                rx.cond(R.plan_converted != "", rx.text(R.plan_converted, size="1", color=MUTED)),
                text_align="right",
            ),
            justify="between",
            align="start",
            spacing="4",
        ),
        rx.box(
            rx.foreach(R.plan_lines, _line),
            rx.cond(
                R.plan_more > 0,
                rx.text("and ", R.plan_more, " more licenses", size="1", color=MUTED, padding_top="4px"),
            ),
        ),
        rx.cond(
            R.held_back > 0,
            rx.callout.root(
                rx.callout.icon(rx.icon("lock", size=14)),
                rx.callout.text(R.held_back, " dormant seats stay: their licenses are not reassignable."),
                size="1",
                color_scheme="gray",
            ),
        ),
        rx.cond(
            R.awaiting > 0,
            rx.callout.root(
                rx.callout.icon(rx.icon("hourglass", size=14)),
                rx.callout.text(R.awaiting, " seats wait for their holder's answer and are left alone."),
                size="1",
                color_scheme="gray",
            ),
        ),
        rx.flex(
            rx.flex(
                rx.switch(
                    checked=R.ask_first, on_change=R.set_ask_first, id="ask-first", size="1", data_testid="ask-first"
                ),
                rx.el.label(
                    rx.text("Ask holders first (keep or give up)", size="2", weight="medium"), html_for="ask-first"
                ),
                align="center",
                spacing="2",
            ),
            rx.cond(
                R.ask_first,
                rx.flex(
                    rx.text("Reclaim unanswered seats after", size="2", color=MUTED),
                    rx.select.root(
                        rx.select.trigger(aria_label="Days to answer", data_testid="ask-days"),
                        rx.select.content(*[rx.select.item(f"{d} days", value=d) for d in ASK_DAYS]),
                        value=R.ask_days,
                        on_change=R.set_ask_days,
                        size="1",
                    ),
                    align="center",
                    spacing="2",
                    padding_left="32px",
                ),
            ),
            rx.text(
                rx.cond(
                    R.ask_first,
                    "Each holder is asked whether they still need the seat; a seat given up or left "
                    "unanswered is reclaimed after the deadline.",
                    "Each seat is revoked and freed now, and its holder is notified. The assignments stay "
                    "in the history.",
                ),
                size="1",
                color=MUTED,
            ),
            direction="column",
            spacing="2",
            padding="12px",
            border_radius="var(--radius-3)",
            background=rx.color("gray", 2),
            border=f"1px solid {rx.color('gray', 4)}",
        ),
        direction="column",
        spacing="3",
    )


def _progress() -> rx.Component:
    return rx.flex(
        rx.progress(value=R.progress, max=100, size="3", aria_label="Reclaim progress", data_testid="reclaim-progress"),
        rx.flex(
            rx.text(
                R.seats_seen,
                " of ",
                R.plan_seats,
                " seats · ",
                R.licenses_done,
                " of ",
                R.plan_licenses,
                " licenses",
                size="2",
                color=MUTED,
                style=NUMERIC,
                data_testid="progress-text",
            ),
            rx.cond(R.running, rx.spinner(size="1")),
            justify="between",
            align="center",
        ),
        rx.cond(
            R.finished,
            rx.callout.root(
                rx.callout.icon(rx.icon("circle_check", size=16)),
                rx.callout.text(R.result, weight="medium", data_testid="reclaim-result"),
                color_scheme="green",
                size="1",
            ),
        ),
        rx.foreach(R.skipped, lambda s: rx.text(s, size="1", color=MUTED, data_testid="reclaim-skipped")),
        direction="column",
        spacing="3",
    )


def _body() -> rx.Component:
    return rx.cond(
        R.planning,
        rx.flex(
            rx.spinner(size="3"),
            rx.text("Counting dormant seats…", size="2", color=MUTED),
            direction="column",
            align="center",
            spacing="3",
            padding="32px",
        ),
        rx.cond(
            R.running | R.finished,
            _progress(),
            rx.cond(
                R.plan_seats > 0,
                _preview(),
                rx.flex(
                    rx.icon("party_popper", size=24, color=rx.color("accent", 10)),
                    rx.text("No dormant seat to reclaim in the last ", R.window, " days.", size="2", weight="medium"),
                    rx.cond(
                        R.awaiting > 0,
                        rx.text(R.awaiting, " seats are waiting for their holder's answer.", size="1", color=MUTED),
                    ),
                    direction="column",
                    align="center",
                    spacing="2",
                    padding="24px",
                    data_testid="plan-empty",
                ),
            ),
        ),
    )


def _actions() -> rx.Component:
    close = rx.dialog.close(
        rx.button(
            rx.cond(R.finished, "Close", "Cancel"),
            variant="soft",
            color_scheme="gray",
            disabled=R.running,
            data_testid="reclaim-close",
        )
    )
    confirm = rx.cond(
        R.ask_first,
        rx.button(
            rx.icon("send", size=14),
            "Ask ",
            R.plan_seats,
            " holders",
            on_click=R.run,
            loading=R.running,
            data_testid="reclaim-confirm",
        ),
        rx.button(
            rx.icon("undo_2", size=14),
            "Reclaim ",
            R.plan_seats,
            " seats",
            color_scheme="red",
            on_click=R.run,
            loading=R.running,
            data_testid="reclaim-confirm",
        ),
    )
    return rx.flex(
        close,
        rx.cond(~R.finished & ~R.running & ~R.planning & (R.plan_seats > 0), confirm),
        spacing="3",
        justify="end",
        margin_top="16px",
    )


def reclaim_dialog() -> rx.Component:
    # The button opens the dialog through the state (it loads the preview first); as a
    # plain button rather than the dialog's trigger it stays one focusable control.
    opener = rx.button(
        rx.icon("undo_2", size=14), "Reclaim dormant seats", on_click=R.open_dialog, data_testid="reclaim-open"
    )
    return rx.fragment(opener, _dialog())


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Reclaim dormant seats"),
            rx.dialog.description(
                "Seats unused for more than ",
                R.window,
                " days, on licenses whose seats may be reassigned.",
                size="2",
                color=MUTED,
                margin_bottom="12px",
            ),
            _body(),
            _actions(),
            max_width="520px",
            data_testid="reclaim-dialog",
        ),
        open=R.open,
        on_open_change=R.set_open,
    )
