"""What an all-or-nothing seat step shows when it refused: the shortage, and each
selected holder who could not get a seat, with the reason. Bulk assign and Assign
persons / Assign assets refuse the same way, so they show it the same way."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell


def refusal_report(report, shortage, *, holder_header: str, advice: str, testid: str) -> rx.Component:
    """`report` rows carry name and reason; test ids are `<testid>-report`, `-shortage`, `-refusal`."""
    return rx.cond(
        (report.length() > 0) | (shortage != ""),
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert", size=16)),
            rx.flex(
                rx.text("Nothing was assigned", size="2", weight="bold"),
                rx.cond(shortage != "", rx.text(shortage, size="2", data_testid=f"{testid}-shortage")),
                rx.cond(
                    report.length() > 0,
                    rx.table.root(
                        rx.table.header(rx.table.row(header_cell(holder_header), header_cell("Why not"))),
                        rx.table.body(
                            rx.foreach(
                                report,
                                lambda r: rx.table.row(
                                    rx.table.cell(rx.text(r.name, size="2", weight="medium")),
                                    rx.table.cell(rx.text(r.reason, size="2")),
                                    data_testid=f"{testid}-refusal",
                                ),
                            )
                        ),
                        size="1",
                        variant="ghost",
                        width="100%",
                    ),
                ),
                rx.text(advice, size="1"),
                direction="column",
                spacing="2",
                width="100%",
            ),
            color_scheme="red",
            role="alert",
            data_testid=f"{testid}-report",
        ),
    )
