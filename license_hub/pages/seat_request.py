"""The holder's keep-or-give-up page: outside the signed-in shell, reached by link."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import error_callout
from license_hub.pages import page
from license_hub.state.seat_request import SeatRequestState as S


def _buttons() -> rx.Component:
    return rx.flex(
        rx.button("Keep my seat", size="3", on_click=S.keep, data_testid="keep-seat"),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(
                rx.button(
                    "I no longer need it", size="3", variant="soft", color_scheme="red", data_testid="give-up-seat"
                )
            ),
            rx.alert_dialog.content(
                rx.alert_dialog.title("Give up your seat?"),
                rx.alert_dialog.description(
                    "Your seat goes back to the pool now. You can ask your IT team for it again later."
                ),
                rx.flex(
                    rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.alert_dialog.action(
                        rx.button(
                            "Give up my seat", color_scheme="red", on_click=S.give_up, data_testid="confirm-give-up"
                        )
                    ),
                    spacing="3",
                    justify="end",
                    margin_top="16px",
                ),
            ),
        ),
        spacing="3",
    )


@page("/seat-request/[seat_token]", "Your seat · License Hub", on_load=S.load)
def seat_request_page() -> rx.Component:
    return rx.el.main(
        rx.center(
            rx.card(
                rx.flex(
                    rx.heading("Do you still need your seat?", size="5", as_="h1"),
                    rx.cond(
                        S.software != "",
                        rx.text("License: ", rx.text.strong(S.software, data_testid="seat-software"), size="3"),
                    ),
                    rx.cond(S.holder != "", rx.text("Holder: ", S.holder, size="2", color=rx.color("gray", 11))),
                    rx.cond(
                        S.respond_by != "", rx.text("Answer by ", S.respond_by, size="2", color=rx.color("gray", 11))
                    ),
                    rx.cond(
                        S.done != "",
                        rx.callout(S.done, icon="circle_check", color_scheme="green", data_testid="seat-answered"),
                    ),
                    error_callout(S.refusal),
                    rx.cond(S.loaded & (S.refusal == "") & (S.done == ""), _buttons()),
                    direction="column",
                    spacing="3",
                ),
                size="4",
                width="440px",
            ),
            min_height="100vh",
            background=rx.color("gray", 2),
        )
    )
