"""/audit-log — every change, sign-in and key reveal: filters in the URL, a page
of events at a time, whether the hash chain holds, and one-click exports."""

from __future__ import annotations

import reflex as rx

from license_hub.components.activity import action_badge, diff_block, object_ref
from license_hub.components.paging import header_cell, pager
from license_hub.components.permissions import forbidden_state
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.audit_log import AuditLogState as S

F = S.filters


def _export(label: str, fmt: str) -> rx.Component:
    """A plain download link (a document request, not client-side routing): the
    session cookie authenticates it, and the file streams from the API route with
    the filters on screen."""
    return rx.button(
        rx.el.a(
            rx.icon("download", size=14),
            label,
            href=f"/api/v1/audit-log.{fmt}" + S.export_query,
            download="",
            reload_document=True,
            data_testid=f"export-{fmt}",
        ),
        as_child=True,
        variant="soft",
        color_scheme="gray",
    )


def _chain_banner() -> rx.Component:
    def banner(icon: str, color: str, text) -> rx.Component:
        mark = rx.cond(S.chain_checking, rx.spinner(size="1"), rx.icon(icon, size=16))
        return rx.callout.root(
            rx.callout.icon(mark),
            rx.flex(
                rx.callout.text(text, weight="medium", data_testid="chain-text"),
                rx.cond(
                    ~S.chain_whole,
                    rx.button(
                        "Check the whole chain",
                        size="1",
                        variant="soft",
                        color_scheme=color,
                        loading=S.chain_checking,
                        on_click=S.verify_whole_chain,
                        data_testid="verify-whole-chain",
                    ),
                ),
                justify="between",
                align="center",
                gap="12px",
                width="100%",
            ),
            color_scheme=color,
            size="1",
            margin_bottom="16px",
            data_testid="chain-banner",
            role="status",
        )

    return rx.match(
        S.chain_status,
        ("ok", banner("shield_check", "green", S.chain_text)),
        ("broken", banner("shield_alert", "red", S.chain_text)),
        rx.callout.root(
            rx.callout.icon(rx.spinner(size="1")),
            rx.callout.text("Verifying the hash chain…"),
            color_scheme="gray",
            size="1",
            margin_bottom="16px",
            data_testid="chain-checking",
        ),
    )


def _select(name: str, label: str, options, all_label: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label, min_width="140px"),
        rx.select.content(
            rx.select.item(all_label, value="all"),
            rx.foreach(options, lambda o: rx.select.item(o[1], value=o[0])),
        ),
        value=rx.cond(F[name] != "", F[name], "all"),
        on_change=lambda v: S.set_filter(name, v),
        size="2",
    )


def _text_filter(name: str, label: str, placeholder: str, width: str, **props) -> rx.Component:
    return rx.debounce_input(
        rx.input(
            value=F[name],
            on_change=lambda v: S.set_filter(name, v),
            placeholder=placeholder,
            aria_label=label,
            size="2",
            width=width,
            **props,
        ),
        debounce_timeout=450,
    )


def _date(name: str, label: str) -> rx.Component:
    return rx.flex(
        rx.text(label, size="1", color=rx.color("gray", 11)),
        rx.input(type="date", value=F[name], on_change=lambda v: S.set_filter(name, v), aria_label=label, size="2"),
        align="center",
        spacing="2",
    )


def _filters() -> rx.Component:
    return rx.flex(
        _text_filter("actor", "Actor", "Actor email", "180px", list="audit-actors", type="search"),
        rx.el.datalist(rx.foreach(S.actor_options, lambda a: rx.el.option(value=a)), id="audit-actors"),
        _select("action", "Action", S.action_options, "All actions"),
        _select("object_type", "Object type", S.type_options, "All objects"),
        _date("since", "From"),
        _date("until", "To"),
        _text_filter("q", "Search the audit log", "Search actor or change…", "190px", type="search"),
        rx.cond(
            F["object_id"] != "",
            rx.badge(
                "Object #",
                F["object_id"],
                rx.icon(
                    "x",
                    size=12,
                    cursor="pointer",
                    on_click=S.set_filter("object_id", ""),
                    aria_label="Show every object",
                ),
                variant="soft",
                radius="full",
                size="2",
                data_testid="object-filter",
            ),
        ),
        rx.cond(
            S.filtered,
            rx.button(
                rx.icon("x", size=14),
                "Clear filters",
                variant="ghost",
                color_scheme="gray",
                on_click=S.clear_filters,
                data_testid="clear-filters",
            ),
        ),
        spacing="2",
        align="center",
        wrap="wrap",
        padding_bottom="16px",
        margin_bottom="16px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _row(e) -> rx.Component:
    muted = rx.color("gray", 11)
    return rx.table.row(
        rx.table.cell(rx.text("#", e.seq, size="1", color=muted, font_family="var(--code-font-family)")),
        rx.table.cell(rx.text(e.time, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(e.actor, size="2", data_testid="event-actor")),
        rx.table.cell(action_badge(e)),
        rx.table.cell(object_ref(e)),
        rx.table.cell(diff_block(e), min_width="260px"),
        align="start",
        background=rx.cond(e.seq == S.bad_seq, rx.color("red", 3), "transparent"),
        data_testid="event-row",
    )


def _table() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        header_cell("#"),
                        header_cell("Time"),
                        header_cell("Actor"),
                        header_cell("Action"),
                        header_cell("Object"),
                        header_cell("Changes"),
                    )
                ),
                rx.table.body(rx.foreach(S.rows, _row)),
                variant="surface",
                size="1",
                width="100%",
                data_testid="audit-table",
            ),
            rx.cond(
                S.page_count > 1,
                pager(S.range_label, S.page, S.page_count, S.go_page),
                rx.text(
                    S.range_label, size="2", color=rx.color("gray", 11), padding_top="12px", data_testid="pager-range"
                ),
            ),
        ),
        rx.cond(
            S.filtered,
            empty_state(
                "list_filter",
                "No events match these filters",
                "Try a wider date range or another action, or clear the filters.",
                rx.button("Clear filters", variant="soft", on_click=S.clear_filters),
            ),
            empty_state(
                "scroll_text", "Nothing recorded yet", "Changes, sign-ins and key reveals appear here as they happen."
            ),
        ),
    )


@page(
    "/audit-log",
    "Audit log · License Hub",
    on_load=[S.load, S.verify_chain],
    nav=NavItem("audit_log", "Audit log", "scroll_text", "audits", order=80),
)
def audit_log_page() -> rx.Component:
    return shell(
        rx.cond(
            S.denied != "",
            forbidden_state(S.denied),
            rx.cond(
                S.loaded,
                rx.box(
                    page_header(
                        "Audit log",
                        "Every change, sign-in and key reveal — append-only and hash-chained.",
                        _export("Export CSV", "csv"),
                        _export("Export JSON", "json"),
                    ),
                    _chain_banner(),
                    error_callout(S.error),
                    _filters(),
                    _table(),
                ),
                rx.center(rx.spinner(size="3"), padding="64px"),
            ),
        ),
        active="audit_log",
    )
