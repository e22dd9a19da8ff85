"""/spend — for finance: annual spend by category, vendor and renewal month (one
panel per currency, never added across currencies), the expiries calendar by
month, and the CSV exports."""

from __future__ import annotations

import reflex as rx

from license_hub.components.permissions import forbidden_state
from license_hub.components.report_cards import (
    MUTED,
    NUMERIC,
    chart_card,
    download_button,
    loading_placeholder,
    money_block,
    section_title,
    stat_card,
)
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.spend import HORIZONS
from license_hub.state.spend import SpendState as S


def _exports() -> rx.Component:
    return rx.flex(
        download_button("Spend", "/api/v1/spend.csv", "export-spend", "Annual cost of every active license"),
        download_button(
            "Utilization", "/api/v1/utilization.csv", "export-utilization", "Seat fill and dormant seats per license"
        ),
        download_button("Savings", "/api/v1/savings.csv", "export-savings", "Potential savings per license"),
        download_button(
            "Realized",
            "/api/v1/savings.csv?kind=realized",
            "export-realized",
            "Seats given back in the last 12 months and what they saved",
        ),
        spacing="2",
        wrap="wrap",
    )


def _summary() -> rx.Component:
    return rx.grid(
        stat_card(
            "Annual spend",
            "wallet",
            money_block(S.totals, S.converted, "No costs yet", "spend-total"),
            rx.text("Active licenses, annualized by billing cycle", size="1", color=MUTED),
            testid="card-spend",
            tone="blue",
        ),
        stat_card(
            "Licenses counted",
            "key_round",
            rx.text(S.licenses, size="6", weight="bold", style=NUMERIC, data_testid="spend-licenses"),
            rx.text(
                rx.cond(
                    S.unknown_cost > 0, S.unknown_cost.to(str) + " without a recorded cost", "Every license has a cost"
                ),
                size="1",
                color=MUTED,
            ),
            testid="card-licenses",
            tone="gray",
        ),
        stat_card(
            "Currencies",
            "coins",
            rx.text(S.currencies, size="6", weight="bold", style=NUMERIC),
            rx.text("Each chart has one panel per currency", size="1", color=MUTED),
            testid="card-currencies",
            tone="gray",
        ),
        columns=rx.breakpoints(initial="1", sm="3"),
        spacing="3",
        margin_bottom="16px",
    )


def _chart_loading(testid: str) -> rx.Component:
    """Where a chart comes once the second stage is in: the card's own height, so nothing moves."""
    return rx.skeleton(rx.box(height="392px"), loading=True, data_testid=testid)


def _charts() -> rx.Component:
    return rx.cond(
        S.complete,
        _chart_cards(),
        rx.flex(
            rx.grid(
                _chart_loading("spend-chart-loading"),
                _chart_loading("spend-chart-loading"),
                columns=rx.breakpoints(initial="1", lg="2"),
                spacing="3",
            ),
            _chart_loading("spend-chart-loading"),
            direction="column",
            spacing="3",
            aria_busy="true",
            # Mounted once the first stage is drawn: then the charts are asked for.
            on_mount=S.load_charts,
        ),
    )


def _chart_cards() -> rx.Component:
    return rx.flex(
        rx.grid(
            chart_card("By category", S.category_chart, "spend-category-chart", text=S.category_chart_text),
            chart_card("By vendor", S.vendor_chart, "spend-vendor-chart", text=S.vendor_chart_text),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="3",
        ),
        chart_card(
            "By renewal month",
            S.month_chart,
            "spend-month-chart",
            subtitle="The annual cost of the licenses renewing (or expiring) each month.",
            text=S.month_chart_text,
        ),
        direction="column",
        spacing="3",
    )


def _entry(e) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.flex(
                rx.text(e.day, size="2", weight="bold", style=NUMERIC),
                rx.text(e.weekday, size="1", color=MUTED),
                direction="column",
                spacing="0",
                width="56px",
                flex_shrink="0",
                title=e.iso,
            ),
            rx.badge(
                e.kind_label,
                color_scheme=rx.cond(e.kind == "expiry", "red", "blue"),
                variant="soft",
                size="1",
                min_width="62px",
                justify="center",
                data_testid="calendar-kind",
            ),
            rx.flex(
                rx.link(e.title, href=e.href, size="2", weight="medium", data_testid="calendar-license"),
                rx.text(e.vendor, size="1", color=MUTED),
                direction="column",
                spacing="0",
                min_width="0",
            ),
            align="center",
            spacing="3",
            min_width="0",
        ),
        rx.flex(
            # A plain title, not a tooltip: a year's calendar holds hundreds of entries.
            rx.cond(e.auto_renew, rx.box(rx.icon("repeat", size=13, color=MUTED), title="Auto-renews", display="flex")),
            rx.text(e.amount, size="2", style=NUMERIC, white_space="nowrap"),
            rx.text("/ ", e.cycle, size="1", color=MUTED, white_space="nowrap"),
            align="center",
            spacing="2",
            flex_shrink="0",
        ),
        justify="between",
        align="center",
        spacing="3",
        padding="8px 12px",
        border_top=f"1px solid {rx.color('gray', 4)}",
        background=rx.cond(e.soon, rx.color("amber", 2), "transparent"),
        data_testid="calendar-entry",
    )


def _month(m) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.text(m.label, size="3", weight="bold"),
                rx.badge(m.count, variant="soft", color_scheme="gray", radius="full", size="1"),
                align="center",
                spacing="2",
            ),
            rx.text(m.total, size="2", color=MUTED, style=NUMERIC),
            justify="between",
            align="center",
            padding="0 12px 8px",
        ),
        rx.foreach(m.entry_rows, _entry),
        rx.cond(
            m.more != "",
            rx.link(
                m.more,
                href="/renewals?window=365",
                size="2",
                display="block",
                padding="8px 12px",
                border_top=f"1px solid {rx.color('gray', 4)}",
                data_testid="calendar-more",
            ),
        ),
        size="1",
        padding="10px 0 0",
        data_testid="calendar-month",
    )


def _calendar() -> rx.Component:
    return rx.box(
        section_title(
            "Expiries calendar",
            "Renewals and expiries of active licenses, month by month, with the amount per cycle.",
            rx.segmented_control.root(
                *[rx.segmented_control.item(f"{h} months", value=h) for h in HORIZONS],
                value=S.horizon,
                on_change=S.set_horizon,
                size="1",
                data_testid="horizon-switch",
            ),
        ),
        rx.cond(
            S.months.length() > 0,
            rx.flex(rx.foreach(S.months, _month), direction="column", spacing="3", data_testid="calendar"),
            empty_state(
                "calendar_check",
                "Nothing renews or expires in this period",
                "Set renewal and expiry dates on licenses to see them here.",
                rx.link(rx.button("Open licenses", variant="soft"), href="/licenses"),
                testid="calendar-empty",
            ),
        ),
    )


def _body() -> rx.Component:
    return rx.fragment(
        page_header(
            "Spend",
            "What the active licenses cost a year — per currency, never added across currencies.",
            _exports(),
            rx.cond(S.loading, rx.spinner(size="2")),
        ),
        error_callout(S.error),
        rx.cond(
            S.loaded,
            rx.box(
                rx.cond(
                    S.has_spend,
                    rx.fragment(_summary(), _charts()),
                    empty_state(
                        "wallet",
                        "No license has a cost yet",
                        "Record a cost per seat or a total cost on a license to see where the money goes.",
                        rx.link(rx.button("Open licenses", variant="soft"), href="/licenses"),
                        testid="spend-empty",
                    ),
                ),
                _calendar(),
                data_testid="spend-body",
                data_complete=rx.cond(S.complete | ~S.has_spend, "true", "false"),
            ),
            loading_placeholder(3),
        ),
    )


@page("/spend", "Spend · License Hub", on_load=S.load, nav=NavItem("spend", "Spend", "wallet", "reports", order=35))
def spend_page() -> rx.Component:
    return shell(
        rx.cond(S.denied != "", forbidden_state(S.denied), _body()),
        active="spend",
    )
