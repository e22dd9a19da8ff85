"""The body both Leases pages share (an issued floating license, an own concurrent
license): facts and right-sizing, the concurrent-use chart, open leases, the queue,
recent denials, usage per dimension and the pool's settings."""

from __future__ import annotations

import reflex as rx

from license_hub.components.permissions import forbidden_state
from license_hub.components.report_cards import chart_data
from license_hub.components.shell import empty_state, error_callout, icon_button, not_found
from license_hub.state.floating_leases import DAYS, DIMENSIONS
from license_hub.state.floating_leases import FloatingLeasesState as S

MUTED = rx.color("gray", 11)


def _fact(label: str, value) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label, min_width="120px"), rx.data_list.value(value))


def _table(heads: list[str], rows, render, icon: str, title: str, text: str, testid: str) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
            rx.table.body(rx.foreach(rows, render)),
            variant="surface",
            size="1",
            width="100%",
            margin_bottom="20px",
            data_testid=f"{testid}-table",
        ),
        rx.box(empty_state(icon, title, text, testid=testid), margin_bottom="20px"),
    )


def _release(lease) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button("Release", size="1", variant="soft", color_scheme="red")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Release this lease?"),
            rx.alert_dialog.description(
                rx.text("The seat is freed for the next user; the program holding it loses its lease.", size="2")
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Release", color_scheme="red", on_click=S.release(lease.id), data_testid="release-confirm"
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="420px",
        ),
    )


def _lease_row(x) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(x.user, size="2", weight="medium")),
        rx.table.cell(rx.text(x.host, size="2", color=MUTED)),
        rx.table.cell(rx.text(x.department, size="2")),
        rx.table.cell(rx.text(x.project, size="2")),
        rx.table.cell(rx.text(x.since, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(x.until, size="2", white_space="nowrap", color=MUTED)),
        rx.table.cell(
            rx.cond(
                x.borrowed,
                rx.badge("Borrowed", color_scheme="blue", variant="soft"),
                rx.cond(
                    x.lingering,
                    rx.badge("Lingering", color_scheme="gray", variant="soft"),
                    rx.badge("Checked out", color_scheme="green", variant="soft"),
                ),
            )
        ),
        rx.table.cell(rx.cond(S.can_manage & ~x.lingering, _release(x))),
        align="center",
        data_testid="lease-row",
    )


def _queue_row(q) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(q.position, size="2")),
        rx.table.cell(rx.text(q.user, size="2", weight="medium")),
        rx.table.cell(rx.text(q.host, size="2", color=MUTED)),
        rx.table.cell(rx.text(q.department, size="2")),
        rx.table.cell(rx.text(q.joined, size="2", white_space="nowrap")),
        rx.table.cell(
            rx.badge(
                rx.cond(q.state == "offered", "Seat held", "Waiting"),
                color_scheme=rx.cond(q.state == "offered", "amber", "gray"),
                variant="soft",
            )
        ),
        align="center",
        data_testid="queue-row",
    )


def _event_row(e) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(e.at, size="2", white_space="nowrap")),
        rx.table.cell(rx.badge(e.what, color_scheme=rx.cond(e.what == "Denied", "red", "gray"), variant="soft")),
        rx.table.cell(rx.text(e.user, size="2")),
        rx.table.cell(rx.text(e.host, size="2", color=MUTED)),
        align="center",
        data_testid="event-row",
    )


def _usage_row(u) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(u.key, size="2")),
        rx.table.cell(rx.text(u.peak, size="2")),
        rx.table.cell(rx.text(u.hours_used, size="2")),
        rx.table.cell(rx.text(u.hours_available, size="2", color=MUTED)),
        rx.table.cell(rx.text(u.denials, size="2")),
        rx.table.cell(rx.text(u.wait_p50, size="2")),
        rx.table.cell(rx.text(u.wait_p95, size="2")),
        align="center",
        data_testid="usage-row",
    )


def _number(name: str, label: str, value, hint: str) -> rx.Component:
    return rx.flex(
        rx.text(label, size="2", weight="medium"),
        rx.input(
            name=name,
            default_value=value,
            key=value,
            width="110px",
            aria_label=f"{label} ({hint})",
            data_testid=f"pool-{name}",
        ),
        rx.text(hint, size="1", color=MUTED),
        direction="column",
        spacing="1",
    )


def _settings() -> rx.Component:
    return rx.card(
        rx.heading("Pool settings", as_="h2", size="3", margin_bottom="10px"),
        rx.form(
            rx.flex(
                _number("ttl_minutes", "Lease time-to-live", S.ttl_minutes, "minutes, at least 1"),
                _number("linger_seconds", "Linger after check-in", S.linger_seconds, "seconds"),
                _number("borrow_max_hours", "Longest borrow", S.borrow_max_hours, "hours"),
                _number("claim_window_seconds", "Claim window", S.claim_window_seconds, "seconds"),
                spacing="4",
                wrap="wrap",
            ),
            rx.text("Queue priority rules (first match wins)", size="2", weight="medium", margin_top="12px"),
            rx.text_area(
                name="priority_rules",
                aria_label="Queue priority rules (first match wins)",
                default_value=S.priority_rules,
                key=S.priority_rules,
                placeholder="department=Engineering\ngroup=cad-power-users\nuser=ana@example.com",
                rows="3",
                width="100%",
                max_width="520px",
            ),
            rx.button("Save settings", type="submit", variant="soft", margin_top="10px", data_testid="save-pool"),
            on_submit=S.save_settings,
        ),
        margin_bottom="20px",
    )


def _summary() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.data_list.root(
                _fact("Seats", rx.text(S.seats_text, data_testid="pool-seats")),
                _fact("Checked out now", rx.text(S.open_count, data_testid="open-count")),
                _fact("Peak in period", rx.text(S.peak, data_testid="pool-peak")),
                _fact("Right size", rx.text(S.right_size, data_testid="right-size")),
                size="2",
            ),
            rx.callout(S.advice, icon="scale", size="1", data_testid="right-sizing", max_width="420px"),
            spacing="6",
            wrap="wrap",
            align="start",
        ),
        margin_bottom="16px",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.link(
            rx.flex(rx.icon("arrow_left", size=14), rx.text(S.back_label, size="2"), align="center", spacing="1"),
            href=S.back_href,
            color=MUTED,
            underline="none",
        ),
        rx.spacer(),
        rx.segmented_control.root(
            *[rx.segmented_control.item(f"{d} d", value=d) for d in DAYS],
            value=S.days,
            on_change=S.set_days,
            size="1",
        ),
        rx.cond(
            S.can_export,
            rx.button(
                rx.el.a(
                    rx.icon("download", size=15),
                    "Export CSV",
                    href=S.csv_href,
                    download="",
                    reload_document=True,
                    data_testid="export-csv",
                ),
                as_child=True,
                variant="soft",
                size="2",
            ),
        ),
        icon_button("refresh_cw", 15, variant="soft", on_click=S.refresh, aria_label="Refresh", data_testid="refresh"),
        spacing="3",
        align="center",
        margin_bottom="12px",
    )


def lease_pool(back_href: str, back_label: str) -> rx.Component:
    body = rx.box(
        _toolbar(),
        rx.heading(S.title, as_="h1", size="6", margin_bottom="14px", data_testid="page-title"),
        error_callout(S.error),
        _summary(),
        rx.card(
            rx.box(
                rx.plotly(data=S.chart, config={"displayModeBar": False, "responsive": True}, width="100%"),
                role="img",
                aria_label="Concurrent use: " + S.chart_text.summary,
                data_testid="use-chart",
            ),
            chart_data(S.chart_text, "use-chart"),
            margin_bottom="20px",
        ),
        rx.heading("Current leases", as_="h2", size="4", margin_bottom="10px"),
        _table(
            ["User", "Host", "Department", "Project", "Since", "Until", "State", ""],
            S.lease_rows,
            _lease_row,
            "key_round",
            "No seat is checked out",
            "Programs check seats out with the floating client or the API; leases appear here.",
            "leases-empty",
        ),
        rx.heading("Queue", as_="h2", size="4", margin_bottom="10px"),
        _table(
            ["#", "User", "Host", "Department", "Joined", "State"],
            S.queue_rows,
            _queue_row,
            "list_ordered",
            "Nobody is waiting",
            "When the pool is full, clients that ask to wait line up here.",
            "queue-empty",
        ),
        rx.heading("Recent denials and queue events", as_="h2", size="4", margin_bottom="10px"),
        _table(
            ["When", "What", "User", "Host"],
            S.event_rows,
            _event_row,
            "ban",
            "No denials",
            "A check-out refused because every seat was taken is listed here.",
            "events-empty",
        ),
        rx.cond(
            S.usage_rows.length() > 0,
            rx.box(
                rx.flex(
                    rx.heading("Usage in the period", as_="h2", size="4"),
                    rx.segmented_control.root(
                        *[rx.segmented_control.item(d.capitalize(), value=d) for d in DIMENSIONS],
                        value=S.dimension,
                        on_change=S.set_dimension,
                        size="1",
                        data_testid="usage-dimension",
                    ),
                    justify="between",
                    align="center",
                    margin_bottom="10px",
                ),
                _table(
                    ["", "Peak", "Hours used", "Hours available", "Denials (repeats folded)", "Queue wait p50", "p95"],
                    S.usage_rows,
                    _usage_row,
                    "chart_line",
                    "",
                    "",
                    "usage-empty",
                ),
            ),
        ),
        rx.cond(S.can_manage, _settings()),
    )
    missing = not_found(S.not_found, back_href, back_label)
    refused = rx.cond(S.error != "", forbidden_state(S.error))  # e.g. a Viewer on an issued license's leases
    return rx.cond(S.not_found != "", missing, rx.cond(S.pool_license_id > 0, body, refused))
