"""Reclaim requests still waiting for their holders' answer, each cancellable."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
from license_hub.components.report_cards import section_title
from license_hub.state.reclaim_requests import ReclaimRequestsState as R


def _cancel_request(r) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button("Cancel request", size="1", variant="soft", color_scheme="gray", data_testid="cancel-request")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Cancel this request?"),
            rx.alert_dialog.description("The holder keeps the seat and their link stops working."),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Keep asking", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Cancel request",
                        color_scheme="red",
                        on_click=R.cancel(r.id),
                        data_testid="confirm-cancel-request",
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
        ),
    )


def _request_row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r.holder),
        rx.table.cell(rx.link(r.software, href="/licenses/" + r.license_id.to_string())),
        rx.table.cell(r.asked_at),
        rx.table.cell(r.respond_by),
        rx.table.cell(r.answer),
        rx.table.cell(_cancel_request(r), text_align="right"),
    )


def pending_requests() -> rx.Component:
    return rx.cond(
        R.rows.length() > 0,
        rx.box(
            section_title(
                "Waiting for an answer",
                "Holders asked to keep or give up their seat. Without an answer, "
                "a seat not used since the question is reclaimed at the deadline.",
            ),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        header_cell("Holder"),
                        header_cell("License"),
                        header_cell("Asked at"),
                        header_cell("Deadline"),
                        header_cell("Answer"),
                        header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(R.rows, _request_row)),
                variant="surface",
                size="1",
                width="100%",
                data_testid="pending-requests",
            ),
            overflow_x="auto",
        ),
    )
