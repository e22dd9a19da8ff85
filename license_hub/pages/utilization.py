"""/utilization — the fleet-wide companion to usage audits (seed 003): licenses
ranked by seat fill, dormant seats with the signal that judged them, potential and
realized savings, charts that click through, and the bulk reclaim."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell, pager
from license_hub.components.permissions import when_can
from license_hub.components.report_cards import (
    MUTED,
    NUMERIC,
    big_number,
    chart_card,
    loading_placeholder,
    money_block,
    section_title,
    stat_card,
)
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.components.sorting import sort_header
from license_hub.pages import NavItem, page
from license_hub.pages.reclaim_dialog import reclaim_dialog
from license_hub.state.reclaim_requests import ReclaimRequestsState as R
from license_hub.state.utilization import WINDOWS
from license_hub.state.utilization import UtilizationState as S

LOGIN_PROXY_TIP = (
    "Weaker signal: no usage was reported for this seat, so the holder's last sign-in to "
    "License Hub stands in for it. Check before reclaiming."
)


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


def _fill_bar(r) -> rx.Component:
    return rx.flex(
        rx.box(
            rx.box(width=r.fill.to(str) + "%", height="100%", background=rx.color(r.color, 9), border_radius="9999px"),
            width="120px",
            height="8px",
            background=rx.color("gray", 4),
            border_radius="9999px",
            overflow="hidden",
            flex_shrink="0",
        ),
        rx.text(r.fill_text, size="2", style=NUMERIC, min_width="48px", text_align="right", data_testid="fill-pct"),
        align="center",
        spacing="2",
    )


def _rank_row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r.rank, size="2", color=MUTED, style=NUMERIC)),
        rx.table.cell(
            rx.flex(
                rx.link(r.software, href=r.href, size="2", weight="medium", data_testid="ranking-license"),
                rx.cond(r.name != "", rx.text(r.name, size="1", color=MUTED)),
                direction="column",
                spacing="0",
            )
        ),
        rx.table.cell(rx.text(r.seat_type, size="2", color=MUTED)),
        rx.table.cell(_fill_bar(r)),
        rx.table.cell(rx.text(r.used, " / ", r.total, size="2", style=NUMERIC), text_align="right"),
        rx.table.cell(
            rx.cond(
                r.dormant > 0,
                rx.link(
                    r.dormant,
                    href=r.users_href,
                    size="2",
                    weight="medium",
                    data_testid="ranking-dormant",
                    title="See these seats",
                ),
                rx.text("0", size="2", color=MUTED),
            ),
            text_align="right",
        ),
        rx.table.cell(rx.text(r.savings, size="2", style=NUMERIC, white_space="nowrap"), text_align="right"),
        rx.table.cell(
            rx.tooltip(
                rx.link(
                    rx.icon("users", size=15),
                    href=r.users_href,
                    color=MUTED,
                    aria_label="View all users",
                    data_testid="ranking-users",
                ),
                content="View all users",
            ),
            text_align="right",
        ),
        align="center",
        data_testid="ranking-row",
    )


def _ranking() -> rx.Component:
    head = lambda label, key, **p: sort_header(label, key, S.sort, S.descending, S.set_sort, **p)  # noqa: E731
    return rx.box(
        section_title(
            "Seat fill ranking", "Active licenses by how full their seats are. Unlimited licenses are skipped."
        ),
        rx.cond(
            S.ranking.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            head("#", "rank"),
                            head("Software", "software"),
                            header_cell("Seat type"),
                            head("Fill", "fill"),
                            header_cell("Used / total", text_align="right"),
                            head("Dormant", "dormant", text_align="right"),
                            head("Potential savings", "savings", text_align="right"),
                            header_cell(""),
                        )
                    ),
                    rx.table.body(rx.foreach(S.ranking, _rank_row)),
                    variant="surface",
                    size="1",
                    width="100%",
                    data_testid="ranking-table",
                ),
                rx.cond(S.page_count > 1, pager(S.range_label, S.page, S.page_count, S.go_page)),
                overflow_x="auto",
            ),
            rx.cond(
                S.loaded,
                empty_state(
                    "gauge",
                    "No license to rank yet",
                    "Active licenses with a seat count appear here with how full they are. Add a license, or set a "
                    "seat count on an existing one.",
                    rx.link(rx.button("Open licenses", variant="soft"), href="/licenses"),
                    testid="ranking-empty",
                ),
            ),
        ),
    )


def _signal_badge(d) -> rx.Component:
    badge = rx.badge(
        rx.cond(d.weak, rx.icon("triangle_alert", size=11), rx.fragment()),
        d.signal,
        color_scheme=d.color,
        variant=rx.cond(d.weak, "outline", "soft"),
        size="1",
        data_testid="signal-badge",
    )
    return rx.cond(d.weak, rx.tooltip(badge, content=LOGIN_PROXY_TIP), badge)


def _dormant_row(d) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.text(d.holder, size="2", weight="medium"),
                rx.cond(d.email != "", rx.text(d.email, size="1", color=MUTED)),
                direction="column",
                spacing="0",
            )
        ),
        rx.table.cell(rx.link(d.license, href=d.users_href, size="2", data_testid="dormant-license")),
        rx.table.cell(_signal_badge(d)),
        rx.table.cell(
            rx.flex(
                rx.text(d.seen, size="2"),
                rx.cond(d.ago != "", rx.text(d.ago, size="1", color=MUTED)),
                direction="column",
                spacing="0",
            )
        ),
        rx.table.cell(rx.text(d.cost, size="2", style=NUMERIC, white_space="nowrap"), text_align="right"),
        align="center",
        data_testid="dormant-row",
    )


def _dormant() -> rx.Component:
    return rx.box(
        section_title(
            "Dormant seats",
            "Seats whose holder has not used the software within the window — by the best signal each seat has.",
        ),
        rx.cond(
            S.dormant_rows.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            header_cell("Holder"),
                            header_cell("License"),
                            header_cell("Signal"),
                            header_cell("Last used / last sign-in"),
                            header_cell("Annual cost per seat", text_align="right"),
                        )
                    ),
                    rx.table.body(rx.foreach(S.dormant_rows, _dormant_row)),
                    variant="surface",
                    size="1",
                    width="100%",
                    data_testid="dormant-table",
                ),
                pager(S.drange_label, S.dpage, S.dpage_count, S.go_dormant_page, testid="dormant-pager"),
                overflow_x="auto",
            ),
            rx.cond(
                S.loaded,
                empty_state(
                    "party_popper",
                    "No dormant seats in this window",
                    "Every seat was used (or its holder signed in) within the last " + S.window + " days. "
                    "Try a shorter window to look for lighter use.",
                    testid="dormant-empty",
                ),
            ),
        ),
    )


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


def _pending_requests() -> rx.Component:
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
            rx.fragment(_stats(), _charts(), _ranking(), _dormant(), when_can("license.assign", _pending_requests())),
            loading_placeholder(),
        ),
        active="utilization",
    )
