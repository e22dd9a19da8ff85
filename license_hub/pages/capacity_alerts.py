"""/capacity-alerts — every license at or above its capacity threshold, most
urgent first: the dashboard's card shows the first ten and links here."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell, pager
from license_hub.components.report_cards import MUTED, NUMERIC
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import page
from license_hub.state.capacity_alerts import CapacityAlertsState as S


def _row(a) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(a.title, href=a.href, weight="medium", size="2", data_testid="alert-license")),
        rx.table.cell(rx.text(a.seats, size="2", style=NUMERIC), text_align="right"),
        rx.table.cell(rx.badge(a.fill_text, color_scheme=a.color, variant="soft", size="1", style=NUMERIC)),
        rx.table.cell(rx.text(a.threshold, size="2", color=MUTED)),
        rx.table.cell(rx.text(a.next_date, size="2", color=MUTED), data_testid="alert-next-date"),
        align="center",
        data_testid="alert-row",
    )


def _table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                header_cell("License"),
                header_cell("Seats used", text_align="right"),
                header_cell("Fill"),
                header_cell("Threshold"),
                header_cell("Renews or expires"),
            ),
        ),
        rx.table.body(rx.foreach(S.rows, _row)),
        variant="surface",
        size="1",
        width="100%",
        data_testid="alerts-table",
    )


@page("/capacity-alerts", "Capacity alerts · License Hub", on_load=S.load)
def capacity_alerts_page() -> rx.Component:
    return shell(
        page_header(
            "Capacity alerts",
            "Licenses at or above their capacity threshold: the fullest first, then the soonest to renew.",
            rx.link(rx.button("Back to dashboard", variant="soft"), href="/dashboard"),
        ),
        error_callout(S.error),
        rx.cond(
            S.rows.length() > 0,
            rx.box(_table(), pager(S.range_label, S.page, S.page_count, S.go_page)),
            rx.cond(
                S.loaded,
                empty_state(
                    "gauge",
                    "No license is at its capacity threshold",
                    "Alerts appear here when a license's seats used reach its threshold (90% unless set otherwise).",
                    rx.link(rx.button("Back to dashboard", variant="soft"), href="/dashboard"),
                ),
            ),
        ),
        active="dashboard",
    )
