"""/utilization — the fleet-wide companion to usage audits (seed 003): licenses
ranked by seat fill, dormant seats with the signal that judged them, potential and
realized savings, charts that click through, and the bulk reclaim."""

from __future__ import annotations

import reflex as rx

from license_hub.components.permissions import when_can
from license_hub.components.report_cards import (
    MUTED,
    NUMERIC,
    big_number,
    chart_card,
    loading_placeholder,
    money_block,
    stat_card,
)
from license_hub.components.shell import error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.pages.reclaim_dialog import reclaim_dialog
from license_hub.pages.utilization.dormant import dormant_seats
from license_hub.pages.utilization.ranking import ranking
from license_hub.pages.utilization.reclaim_requests import pending_requests
from license_hub.state.reclaim_requests import ReclaimRequestsState as R
from license_hub.state.utilization import WINDOWS
from license_hub.state.utilization import UtilizationState as S


def _exports() -> rx.Component:
    return when_can(
        "reports",
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("download", size=14),
                    "Export",
                    rx.icon("chevron_down", size=14),
                    variant="soft",
                    color_scheme="gray",
                    data_testid="export-menu",
                )
            ),
            rx.menu.content(
                rx.menu.item(
                    rx.el.a(
                        "Utilization (CSV)",
                        href="/api/v1/utilization.csv" + S.export_query,
                        download="",
                        reload_document=True,
                        data_testid="export-utilization",
                    ),
                    as_child=True,
                ),
                rx.menu.item(
                    rx.el.a(
                        "Potential savings (CSV)",
                        href="/api/v1/savings.csv" + S.export_query,
                        download="",
                        reload_document=True,
                        data_testid="export-savings",
                    ),
                    as_child=True,
                ),
                rx.menu.item(
                    rx.el.a(
                        "Realized savings (CSV)",
                        href="/api/v1/savings.csv?kind=realized",
                        download="",
                        reload_document=True,
                        data_testid="export-realized",
                    ),
                    as_child=True,
                ),
            ),
        ),
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.text("Dormancy window", size="2", weight="medium"),
            rx.segmented_control.root(
                *[rx.segmented_control.item(f"{w} days", value=w) for w in WINDOWS],
                value=S.window,
                on_change=S.set_window,
                size="1",
                data_testid="window-switch",
            ),
            rx.form(
                rx.flex(
                    rx.input(
                        name="window",
                        key=S.window,
                        default_value=S.window,
                        type="number",
                        min=1,
                        max=3650,
                        step=1,
                        size="1",
                        width="80px",
                        aria_label="Dormancy window in days",
                        aria_invalid=rx.cond(S.window_error != "", "true", "false"),
                        data_testid="window-days",
                    ),
                    rx.text("days", size="1", color=MUTED),
                    rx.button("Apply", type="submit", size="1", variant="soft", data_testid="window-apply"),
                    align="center",
                    spacing="2",
                ),
                on_submit=S.apply_window,
            ),
            rx.cond(
                S.window_error != "",
                rx.text(S.window_error, size="1", color=rx.color("red", 11), data_testid="window-error"),
            ),
            rx.cond(
                S.window == S.workspace_window,
                rx.text("The workspace window.", size="1", color=MUTED, data_testid="window-is-workspace"),
                rx.flex(
                    rx.text("Workspace window: ", S.workspace_window, " days.", size="1", color=MUTED),
                    when_can(
                        "admin",
                        rx.button(
                            "Use ",
                            S.window,
                            " days for the workspace",
                            size="1",
                            variant="outline",
                            on_click=S.save_window,
                            data_testid="window-save",
                        ),
                    ),
                    align="center",
                    spacing="2",
                ),
            ),
            rx.text("A seat unused for longer than this counts as dormant.", size="1", color=MUTED),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(
            S.loading,
            rx.flex(
                rx.spinner(size="1"),
                rx.text("Updating…", size="1", color=MUTED),
                align="center",
                spacing="2",
                data_testid="loading",
            ),
        ),
        justify="between",
        align="center",
        spacing="3",
        wrap="wrap",
        padding_bottom="16px",
        margin_bottom="16px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _signal_line(s) -> rx.Component:
    return rx.flex(
        rx.badge(s.signal, color_scheme=s.color, variant="soft", size="1"),
        rx.text(s.dormant, " of ", s.seats, size="1", color=MUTED, style=NUMERIC),
        justify="between",
        align="center",
        spacing="2",
    )


def _stats() -> rx.Component:
    return rx.grid(
        stat_card(
            "Potential savings a year",
            "piggy_bank",
            money_block(S.potential, S.potential_converted, "Nothing to save", "potential-savings"),
            rx.text(S.dormant_total, " dormant of ", S.active_seats, " active seats", size="1", color=MUTED),
            testid="card-potential",
            tone="grass",
        ),
        stat_card(
            "Realized savings, last 12 months",
            "badge_check",
            money_block(S.realized, S.realized_converted, "None yet", "realized-savings"),
            rx.text(
                S.realized_seats, " seats given back (reclaims and audits, to the next renewal)", size="1", color=MUTED
            ),
            testid="card-realized",
        ),
        stat_card(
            "Dormant seats",
            "moon",
            big_number(S.dormant_total, "dormant-count"),
            rx.flex(rx.foreach(S.signals, _signal_line), direction="column", spacing="1"),
            testid="card-dormant",
            tone="amber",
        ),
        stat_card(
            "Licenses ranked",
            "gauge",
            big_number(S.ranking_total, "ranked-count"),
            rx.text(S.unranked, " unlimited or seatless not ranked", size="1", color=MUTED),
            testid="card-ranked",
            tone="gray",
        ),
        columns=rx.breakpoints(initial="1", sm="2", lg="4"),
        spacing="3",
        margin_bottom="16px",
    )


def _charts() -> rx.Component:
    return rx.flex(
        chart_card(
            "Fullest licenses",
            S.fill_chart,
            "fill-chart",
            subtitle="The top 20 by seat fill. Click a bar to open the license.",
            on_click=S.open_fill_point,
            text=S.fill_chart_text,
        ),
        rx.cond(
            S.has_savings,
            rx.grid(
                chart_card(
                    "Potential savings by product",
                    S.product_chart,
                    "savings-product-chart",
                    subtitle=S.savings_note + " Click a bar to see the dormant seats.",
                    on_click=S.open_product_point,
                    text=S.product_chart_text,
                ),
                chart_card(
                    "Potential savings by category",
                    S.category_chart,
                    "savings-category-chart",
                    subtitle=S.savings_note,
                    text=S.category_chart_text,
                ),
                columns=rx.breakpoints(initial="1", lg="2"),
                spacing="3",
            ),
        ),
        direction="column",
        spacing="3",
    )


@page(
    "/utilization",
    "Utilization · License Hub",
    on_load=[S.load, R.load],
    nav=NavItem("utilization", "Utilization", "gauge", "license.view", order=25),
)
def utilization_page() -> rx.Component:
    return shell(
        page_header(
            "Utilization",
            "Which licenses are full, which seats sit unused, and what they cost.",
            _exports(),
            when_can("license.assign", reclaim_dialog()),
        ),
        error_callout(S.error),
        _toolbar(),
        rx.cond(
            S.loaded,
            rx.fragment(
                _stats(), _charts(), ranking(), dormant_seats(), when_can("license.assign", pending_requests())
            ),
            loading_placeholder(),
        ),
        active="utilization",
    )
