"""/dashboard — where the day starts: what we own and use, what it costs, what
could be saved, which products are out of compliance (seed 001's grid), which
licenses are nearly full, and what renews in the next 30 days."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
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
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.dashboard import DashboardState as S


def _kpis() -> rx.Component:
    return rx.grid(
        stat_card(
            "Active licenses",
            "key_round",
            big_number(S.licenses, "kpi-licenses"),
            rx.text(S.unlimited, " unlimited", size="1", color=MUTED),
            testid="kpi-card-licenses",
        ),
        stat_card(
            "Seats used",
            "armchair",
            rx.text(
                S.seats_used, " / ", S.seats_total, size="6", weight="bold", style=NUMERIC, data_testid="kpi-seats"
            ),
            rx.progress(value=S.fill.to(int), max=100, size="1", aria_label="Seats used"),
            rx.text(S.fill_text, size="1", color=MUTED),
            testid="kpi-card-seats",
        ),
        stat_card(
            "Annual spend",
            "wallet",
            money_block(S.spend, S.spend_converted, "No costs yet", "kpi-spend"),
            testid="kpi-card-spend",
            tone="blue",
        ),
        stat_card(
            "Potential savings a year",
            "piggy_bank",
            money_block(S.savings, S.savings_converted, "Nothing to save", "kpi-savings"),
            rx.link(S.dormant, " dormant seats →", href="/utilization", size="1"),
            testid="kpi-card-savings",
            tone="grass",
        ),
        columns=rx.breakpoints(initial="1", sm="2", lg="4"),
        spacing="3",
        margin_bottom="20px",
    )


def _grid_row(r) -> rx.Component:
    num = {"size": "2", "style": NUMERIC}
    return rx.table.row(
        rx.table.cell(
            rx.cond(
                r.href != "",
                rx.link(r.product, href=r.href, size="2", weight="medium"),
                rx.text(r.product, size="2", weight="medium"),
            )
        ),
        rx.table.cell(rx.text(r.licenses, **num), text_align="right"),
        rx.table.cell(rx.text(r.purchased, **num, data_testid="grid-purchased"), text_align="right"),
        rx.table.cell(rx.text(r.used, **num, data_testid="grid-used"), text_align="right"),
        rx.table.cell(
            rx.flex(
                rx.text(r.installed, **num, data_testid="grid-installed"),
                rx.cond(
                    r.unlicensed > 0,
                    rx.tooltip(
                        rx.icon("triangle_alert", size=13, color=rx.color("red", 10)),
                        content=r.unlicensed.to(str) + " installed without a license",
                    ),
                ),
                justify="end",
                align="center",
                spacing="1",
            ),
            text_align="right",
        ),
        rx.table.cell(
            rx.tooltip(
                rx.badge(
                    r.status, color_scheme=r.color, variant="soft", radius="full", size="1", data_testid="grid-status"
                ),
                content=r.detail,
            )
        ),
        align="center",
        data_testid="grid-row",
    )


def _grid_count(c) -> rx.Component:
    return rx.badge(
        rx.text(c.count, weight="bold", style=NUMERIC, as_="span"),
        c.status,
        color_scheme=rx.cond(c.count > 0, c.color, "gray"),
        variant="soft",
        radius="full",
        size="2",
        data_testid="grid-count",
        data_status=c.status,
    )


def _grid() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.text("Software compliance", size="3", weight="bold"),
            rx.text(
                "Seats purchased, used and installed per product; the most urgent first",
                size="1",
                color=MUTED,
            ),
            direction="column",
            spacing="0",
            margin_bottom="10px",
        ),
        rx.cond(
            S.grid.length() > 0,
            rx.box(
                rx.flex(
                    rx.foreach(S.grid_counts, _grid_count),
                    spacing="2",
                    wrap="wrap",
                    margin_bottom="10px",
                    data_testid="grid-counts",
                    aria_label="Products per compliance status",
                ),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            header_cell("Software"),
                            header_cell("Licenses", text_align="right"),
                            header_cell("Purchased", text_align="right"),
                            header_cell("Used", text_align="right"),
                            header_cell("Installed", text_align="right"),
                            header_cell("Status"),
                        )
                    ),
                    rx.table.body(rx.foreach(S.grid, _grid_row)),
                    variant="ghost",
                    size="1",
                    width="100%",
                    data_testid="compliance-grid",
                ),
                when_can(
                    "reports",
                    rx.cond(
                        S.more_grid != "",
                        rx.link(
                            S.more_grid,
                            " →",
                            href="/compliance",
                            size="2",
                            display="block",
                            padding_top="10px",
                            data_testid="grid-view-all",
                        ),
                    ),
                ),
            ),
            rx.text(
                "No active license yet: add one to see whether you are covered.",
                size="2",
                color=MUTED,
                padding_y="16px",
            ),
        ),
        size="2",
    )


def _alert_row(a) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.link(a.title, href=a.href, size="2", weight="medium", data_testid="alert-license"),
            rx.text(a.seats, " seats · ", a.threshold, size="1", color=MUTED),
            direction="column",
            spacing="0",
            min_width="0",
        ),
        rx.badge(a.fill_text, color_scheme=a.color, variant="soft", size="1", style=NUMERIC),
        justify="between",
        align="center",
        spacing="3",
        padding_y="6px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="alert-row",
    )


def _alerts() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.icon("gauge", size=16, color=rx.color("amber", 10)),
            rx.text("Capacity alerts", size="3", weight="bold"),
            align="center",
            spacing="2",
            margin_bottom="6px",
        ),
        rx.cond(
            S.alerts.length() > 0,
            rx.box(
                rx.foreach(S.alerts, _alert_row),
                rx.cond(
                    S.more_alerts != "",
                    rx.link(
                        S.more_alerts,
                        href="/capacity-alerts",
                        size="2",
                        display="block",
                        padding_top="8px",
                        data_testid="alerts-view-all",
                    ),
                ),
                data_testid="capacity-alerts",
            ),
            rx.text("No license is at its capacity threshold.", size="2", color=MUTED, padding_y="8px"),
        ),
        size="2",
    )


def _renewal_row(r) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.link(r.title, href=r.href, size="2", weight="medium", data_testid="renewal-license"),
            rx.text(r.label, " ", r.date, " · ", r.cost, size="1", color=MUTED),
            direction="column",
            spacing="0",
            min_width="0",
        ),
        rx.flex(
            rx.cond(r.auto_renew, rx.tooltip(rx.icon("repeat", size=13, color=MUTED), content="Auto-renews")),
            rx.badge(r.days, color_scheme=rx.cond(r.urgent, "red", "amber"), variant="soft", size="1"),
            align="center",
            spacing="2",
            flex_shrink="0",
        ),
        justify="between",
        align="center",
        spacing="3",
        padding_y="6px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="dashboard-renewal",
    )


def _renewals() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.icon("calendar_clock", size=16, color=rx.color("accent", 10)),
                rx.text("Renewals in the next ", S.renewal_days, " days", size="3", weight="bold"),
                align="center",
                spacing="2",
            ),
            rx.link("All renewals →", href="/renewals", size="2", data_testid="all-renewals"),
            justify="between",
            align="center",
            margin_bottom="6px",
        ),
        rx.cond(
            S.renewals.length() > 0,
            rx.box(
                rx.foreach(S.renewals, _renewal_row),
                rx.cond(S.more_renewals != "", rx.text(S.more_renewals, size="1", color=MUTED, padding_top="6px")),
            ),
            rx.text(
                "Nothing renews or expires in the next ",
                S.renewal_days,
                " days.",
                size="2",
                color=MUTED,
                padding_y="8px",
            ),
        ),
        size="2",
    )


def _body() -> rx.Component:
    """data-complete turns "true" once the last stage (the chart) is in."""
    return rx.box(
        _kpis(),
        rx.grid(
            _grid(),
            rx.flex(_renewals(), _alerts(), direction="column", spacing="3"),
            columns=rx.breakpoints(initial="1", lg="3fr 2fr"),
            spacing="3",
        ),
        rx.cond(
            S.complete,
            rx.cond(
                S.has_history,
                chart_card(
                    "Seats in use over time",
                    S.history_chart,
                    "history-chart",
                    text=S.history_text,
                    subtitle="Seats held at the end of each month; fill against today's seat total.",
                    margin_top="12px",
                ),
            ),
            # Mounted once the first stage is drawn: then the chart is asked for.
            rx.skeleton(
                rx.box(height="380px"),
                loading=True,
                margin_top="12px",
                data_testid="history-loading",
                on_mount=S.load_chart,
            ),
        ),
        data_testid="dashboard-body",
        data_complete=rx.cond(S.complete, "true", "false"),
    )


@page(
    "/dashboard",
    "Dashboard · License Hub",
    on_load=S.load,
    nav=NavItem("dashboard", "Dashboard", "layout_dashboard", "license.view", order=5),
)
def dashboard_page() -> rx.Component:
    return shell(
        page_header(
            "Dashboard",
            "What you own, who uses it, what it costs and what needs attention.",
            rx.cond(S.loading, rx.spinner(size="2")),
        ),
        error_callout(S.error),
        rx.cond(
            S.loaded & (S.licenses == 0) & (S.grid.length() == 0),
            empty_state(
                "layout_dashboard",
                "Nothing to report yet",
                "Add your first license: seats, spend, compliance and renewals show up here as soon as "
                "there is something to count.",
                rx.link(rx.button("Open licenses"), href="/licenses"),
                rx.link(rx.button("Open the catalog", variant="soft"), href="/catalog"),
            ),
            rx.cond(S.loaded, _body(), loading_placeholder()),
        ),
        active="dashboard",
    )
