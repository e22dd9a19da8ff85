"""The license's past usage audits, each with what it found and the drift since."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
from license_hub.state.usage_audit import UsageAuditState as A

MUTED = rx.color("gray", 11)


def _history_row(h) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.text(h.started, size="2", white_space="nowrap"),
                rx.text(h.started_by, size="1", color=MUTED),
                direction="column",
                spacing="0",
            )
        ),
        rx.table.cell(
            rx.badge(
                h.status_label,
                size="1",
                variant="soft",
                color_scheme=rx.match(h.status, ("completed", "green"), ("in_progress", "blue"), "gray"),
            )
        ),
        rx.table.cell(
            rx.flex(
                rx.text(h.before, size="2"),
                rx.cond(
                    h.after != "",
                    rx.fragment(
                        rx.icon("arrow_right", size=12, color=MUTED), rx.text(h.after, size="2", weight="bold")
                    ),
                ),
                rx.cond(
                    h.delta != "",
                    rx.badge(h.delta, size="1", variant="soft", color_scheme=h.delta_color, data_testid="audit-delta"),
                ),
                align="center",
                spacing="2",
                data_testid="audit-seats",
            )
        ),
        rx.table.cell(
            rx.text(h.notes, size="2", white_space="pre-wrap", color=rx.color("gray", 11)), max_width="360px"
        ),
        rx.table.cell(
            rx.cond(
                h.completed != "",
                rx.flex(
                    rx.text(h.completed, size="2", white_space="nowrap"),
                    rx.text(h.completed_by, size="1", color=MUTED),
                    direction="column",
                    spacing="0",
                ),
                rx.text("—", size="2", color=MUTED),
            )
        ),
        rx.table.cell(rx.text(rx.cond(h.next_audit != "", h.next_audit, "—"), size="2", white_space="nowrap")),
        align="center",
        data_testid="audit-row",
    )


def _drift() -> rx.Component:
    return rx.cond(
        A.drift_text != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("scale", size=14)),
            rx.callout.text(A.drift_text, " A usage audit records the real count.", data_testid="seat-drift"),
            color_scheme="amber",
            size="1",
            margin_bottom="10px",
        ),
    )


def audit_history() -> rx.Component:
    return rx.box(
        rx.flex(
            rx.heading("Usage audits", size="4", as_="h2"),
            rx.text(
                A.seats_used,
                " seats used recorded · ",
                A.assigned,
                " assigned here",
                size="2",
                color=MUTED,
                data_testid="audit-counts",
            ),
            justify="between",
            align="baseline",
            wrap="wrap",
            spacing="3",
            margin_bottom="10px",
        ),
        _drift(),
        rx.cond(
            A.history.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        header_cell("Started"),
                        header_cell("Status"),
                        header_cell("Seats before → after"),
                        header_cell("Notes"),
                        header_cell("Completed"),
                        header_cell("Next audit"),
                    )
                ),
                rx.table.body(rx.foreach(A.history, _history_row)),
                variant="surface",
                size="1",
                width="100%",
                data_testid="audit-history",
            ),
            rx.text(
                "No usage audit yet. Start one to reconcile the seats you pay for with the vendor's own count.",
                size="2",
                color=MUTED,
                data_testid="audit-history-empty",
            ),
        ),
        margin_top="28px",
    )
