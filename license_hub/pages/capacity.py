"""/capacity — every license with limited seats by days until it fills up (seed 004
capacity planning), from a linear trend of its seats in use."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.capacity import SUBTITLE
from license_hub.state.capacity import CapacityState as S

MUTED = rx.color("gray", 11)


def _table() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(h) for h in ("License", "Product", "Seats used", "Trend", "Forecast")]
                )
            ),
            rx.table.body(
                rx.foreach(
                    S.rows,
                    lambda r: rx.table.row(
                        rx.table.cell(rx.link(r.name, href="/licenses/" + r.license_id.to_string(), weight="medium")),
                        rx.table.cell(r.product),
                        rx.table.cell(r.seats),
                        rx.table.cell(rx.text(r.trend, color=MUTED)),
                        rx.table.cell(rx.badge(r.forecast, color_scheme=r.tone)),
                        align="center",
                        data_testid="capacity-row",
                    ),
                )
            ),
            variant="surface",
            size="1",
            width="100%",
        ),
        empty_state(
            "trending_up",
            "No licenses to forecast",
            "Licenses with a limited number of seats appear here once they have seats assigned.",
            testid="capacity-empty",
        ),
    )


@page(
    "/capacity",
    "Capacity · License Hub",
    on_load=S.load,
    nav=NavItem("capacity", "Capacity", "trending_up", "reports", order=36),
)
def capacity_page() -> rx.Component:
    return shell(
        page_header(
            "Capacity",
            SUBTITLE,
        ),
        error_callout(S.error),
        _table(),
        active="capacity",
    )
