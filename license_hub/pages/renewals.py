"""/renewals — everything that falls due in a window: a timeline, then a dense
list (date, days left, event, software, license, vendor, owner, annual cost,
auto-renew) with window, owner, vendor and kind filters and a CSV export."""

from __future__ import annotations

import reflex as rx

import license_hub.components.bell  # noqa: F401  (puts the notifications bell in the top bar)
from license_hub.components.paging import header_cell, pager
from license_hub.components.report_cards import chart_data
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.base import AppState
from license_hub.state.renewals import ALL, KIND_LABELS, SOON_DAYS, URGENT_DAYS, WINDOWS
from license_hub.state.renewals import RenewalsState as S

KIND_COLORS = {"expiry": "red", "renewal": "blue", "maintenance_expiry": "violet", "cancellation_deadline": "orange"}
KIND_ICONS = {
    "expiry": "calendar_x",
    "renewal": "refresh_cw",
    "maintenance_expiry": "wrench",
    "cancellation_deadline": "calendar_off",
}


def _kind_color(kind) -> rx.Var:
    return rx.match(kind, *[(k, c) for k, c in KIND_COLORS.items()], "gray")


def _kind_chip(key: str, label: str) -> rx.Component:
    on = S.kind == key
    return rx.button(
        rx.box(
            width="8px",
            height="8px",
            border_radius="2px",
            transform="rotate(45deg)",
            background=rx.color(KIND_COLORS[key], 9),
        ),
        label,
        variant=rx.cond(on, "surface", "outline"),
        color_scheme=rx.cond(on, KIND_COLORS[key], "gray"),
        size="1",
        radius="full",
        on_click=S.set_kind(key),
        aria_pressed=on,
        data_testid=f"kind-{key}",
    )


def _select(label: str, value, on_change, all_label: str, items, testid: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label, min_width="170px", max_width="240px", data_testid=testid),
        rx.select.content(rx.select.item(all_label, value=ALL), rx.select.separator(), items),
        value=value,
        on_change=on_change,
        size="2",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.segmented_control.root(
                *[rx.segmented_control.item(f"{w} days", value=w) for w in WINDOWS],
                value=S.window,
                on_change=S.set_window,
                size="2",
                aria_label="Window",
                data_testid="window",
            ),
            rx.flex(
                _select(
                    "Business owner",
                    S.owner_value,
                    S.set_owner,
                    "All owners",
                    rx.foreach(S.owner_options, lambda o: rx.select.item(o.label, value=o.value)),
                    "owner-filter",
                ),
                _select(
                    "Vendor",
                    S.vendor_value,
                    S.set_vendor,
                    "All vendors",
                    rx.foreach(S.vendor_options, lambda v: rx.select.item(v, value=v)),
                    "vendor-filter",
                ),
                spacing="2",
                wrap="wrap",
            ),
            justify="between",
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        rx.flex(
            rx.button(
                "All events",
                variant=rx.cond(S.kind == "", "surface", "outline"),
                color_scheme="gray",
                size="1",
                radius="full",
                on_click=S.set_kind(""),
                aria_pressed=S.kind == "",
                data_testid="kind-all",
            ),
            *[_kind_chip(k, label) for k, label in KIND_LABELS.items()],
            rx.cond(
                S.filtered,
                rx.button(
                    rx.icon("x", size=12),
                    "Clear filters",
                    variant="ghost",
                    size="1",
                    color_scheme="gray",
                    on_click=S.clear_filters,
                ),
            ),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        direction="column",
        spacing="3",
        padding_bottom="16px",
        margin_bottom="16px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _stat(value, label: str, color: str, testid: str) -> rx.Component:
    return rx.flex(
        rx.text(value, size="5", weight="bold", color=rx.color(color, 11), data_testid=testid),
        rx.text(label, size="1", color=rx.color("gray", 11)),
        direction="column",
        spacing="0",
    )


def _timeline() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.text("Timeline", size="3", weight="bold"),
                rx.flex(
                    *[
                        rx.flex(
                            rx.box(
                                width="8px",
                                height="8px",
                                border_radius="2px",
                                transform="rotate(45deg)",
                                background=rx.color(KIND_COLORS[k], 9),
                            ),
                            rx.text(label, size="1", color=rx.color("gray", 11)),
                            align="center",
                            spacing="2",
                        )
                        for k, label in KIND_LABELS.items()
                    ],
                    spacing="4",
                    wrap="wrap",
                ),
                direction="column",
                spacing="2",
            ),
            rx.flex(
                _stat(S.urgent, f"within {URGENT_DAYS} days", "red", "count-urgent"),
                _stat(S.soon, f"within {SOON_DAYS} days", "amber", "count-soon"),
                _stat(S.total, "in the window", "gray", "count-window"),
                spacing="6",
            ),
            justify="between",
            align="start",
            spacing="4",
            wrap="wrap",
        ),
        rx.box(
            rx.plotly.basic(data=S.timeline, config={"displayModeBar": False, "responsive": True}, width="100%"),
            width="100%",
            margin_top="8px",
            data_testid="renewals-timeline",
            role="img",
            aria_label="Renewals timeline: " + S.timeline_text.summary,
        ),
        chart_data(S.timeline_text, "renewals-timeline"),
        size="2",
        margin_bottom="16px",
    )


def _days(row) -> rx.Component:
    return rx.cond(
        row.urgency != "",
        rx.badge(
            row.days_text,
            color_scheme=rx.cond(row.urgency == "red", "red", "amber"),
            variant="soft",
            radius="full",
            size="1",
            data_testid="days-left",
        ),
        rx.text(row.days_text, size="2", color=rx.color("gray", 11), data_testid="days-left"),
    )


def _row(row) -> rx.Component:
    muted = {"size": "2", "color": rx.color("gray", 11)}
    return rx.table.row(
        rx.table.cell(
            rx.text(row.date, size="2", weight="medium", white_space="nowrap", title=row.iso, data_testid="due-date")
        ),
        rx.table.cell(_days(row)),
        rx.table.cell(
            rx.badge(row.label, color_scheme=_kind_color(row.kind), variant="soft", size="1", data_testid="kind-badge")
        ),
        rx.table.cell(rx.text(row.software, size="2", weight="medium")),
        rx.table.cell(rx.link(row.license, href=row.href, size="2", underline="hover", data_testid="renewal-license")),
        rx.table.cell(rx.text(row.vendor, **muted)),
        rx.table.cell(rx.text(row.owner, **muted)),
        rx.table.cell(
            rx.text(row.cost, size="2", white_space="nowrap", style={"fontVariantNumeric": "tabular-nums"}),
            text_align="right",
        ),
        rx.table.cell(
            rx.cond(
                row.auto_renew,
                rx.flex(
                    rx.icon("repeat", size=13),
                    rx.text("Yes", size="2"),
                    align="center",
                    spacing="1",
                    color=rx.color("grass", 11),
                ),
                rx.text("No", **muted),
            ),
            data_testid="auto-renew",
        ),
        align="center",
        data_testid="renewal-row",
    )


def _table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    header_cell("Date"),
                    header_cell("Days left"),
                    header_cell("Event"),
                    header_cell("Software"),
                    header_cell("License"),
                    header_cell("Vendor"),
                    header_cell("Business owner"),
                    header_cell("Annual cost", text_align="right"),
                    header_cell("Auto-renew"),
                )
            ),
            rx.table.body(rx.foreach(S.rows, _row)),
            variant="surface",
            size="1",
            width="100%",
            data_testid="renewals-table",
        ),
        rx.cond(
            S.page_count > 1,
            pager(S.range_label, S.page, S.page_count, S.go_page),
            rx.text(S.range_label, size="2", color=rx.color("gray", 11), padding_top="12px", data_testid="pager-range"),
        ),
        overflow_x="auto",
    )


def _empty() -> rx.Component:
    return rx.cond(
        S.filtered,
        empty_state(
            "list_filter",
            "Nothing matches these filters",
            "No "
            + rx.cond(S.kind != "", "such event", "event")
            + " for this owner or vendor in the next "
            + S.window
            + " days. Clear the filters or widen the window.",
            rx.button("Clear filters", variant="soft", on_click=S.clear_filters),
        ),
        empty_state(
            "calendar_check",
            "Nothing falls due in the next " + S.window + " days",
            "No license expires, renews, ends maintenance or has a cancellation deadline in this window. "
            "Set expiry, renewal and maintenance dates on licenses to see them here.",
            rx.cond(
                S.window != WINDOWS[-1],
                rx.button(f"Show the next {WINDOWS[-1]} days", variant="soft", on_click=S.widen),
            ),
            rx.link(rx.button("Open licenses", variant="soft", color_scheme="gray"), href="/licenses"),
        ),
    )


def _export() -> rx.Component:
    return rx.cond(
        AppState.me_perms.contains("reports"),
        rx.button(
            # A document request, not a client-side route: the browser downloads the stream.
            rx.el.a(
                rx.icon("download", size=15),
                "Export CSV",
                href=S.export_href,
                download="",
                reload_document=True,
                data_testid="export-csv",
            ),
            as_child=True,
            variant="soft",
        ),
    )


@page(
    "/renewals",
    "Renewals · License Hub",
    on_load=S.load,
    nav=NavItem("renewals", "Renewals", "calendar_clock", "license.view", order=30),
)
def renewals_page() -> rx.Component:
    return shell(
        page_header("Renewals", S.subtitle, _export()),
        error_callout(S.error),
        _toolbar(),
        rx.cond(
            S.rows.length() > 0,
            rx.fragment(_timeline(), _table()),
            rx.cond(S.loaded, _empty()),
        ),
        active="renewals",
    )
