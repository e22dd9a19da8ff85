"""/licenses/[license_id] — one license: header, key facts, and "Manage Seats"
with the assignment table, reclaim, and the reclaimed history."""

from __future__ import annotations

import reflex as rx

from license_hub.components.activity import activity_section
from license_hub.components.badges import brand_avatar, countdown_badge, grade_pill, masked_key, status_badge
from license_hub.components.capacity_panel import capacity_panel
from license_hub.components.installations import license_installations
from license_hub.components.key_reveal import product_key_reveal, seat_key_reveal
from license_hub.components.license_card import archive_confirm
from license_hub.components.license_documents import documents_section
from license_hub.components.license_form import license_form_dialog
from license_hub.components.paging import header_cell, pager
from license_hub.components.permissions import when_can
from license_hub.components.shell import empty_state, error_callout, icon_button, not_found, shell
from license_hub.pages import page
from license_hub.pages.assign_many import assign_assets_button, assign_many_dialog, assign_persons_button
from license_hub.pages.bulk_assign import bulk_assign_dialog
from license_hub.pages.seat_assign import assign_dialog
from license_hub.pages.seat_transfer import transfer_button, transfer_dialog
from license_hub.pages.usage_audit import (
    audit_banner,
    audit_history,
    complete_dialog,
    compliance_badge,
    start_audit_button,
)
from license_hub.state.license_detail import LicenseDetailState as S
from license_hub.state.license_edit import LicenseEditState

L = S.lic


def _header() -> rx.Component:
    return rx.flex(
        rx.link(
            rx.flex(rx.icon("arrow_left", size=14), rx.text("Licenses", size="2"), align="center", spacing="1"),
            href="/licenses",
            color=rx.color("gray", 11),
            underline="none",
        ),
        rx.flex(
            rx.flex(
                brand_avatar(L.initials, L.avatar_color, size="5"),
                rx.flex(
                    rx.flex(
                        rx.heading(L.title, size="6", as_="h1", data_testid="page-title"),
                        status_badge(L.status, "2"),
                        grade_pill(L.grade, L.risk),
                        compliance_badge(),
                        align="center",
                        spacing="2",
                        wrap="wrap",
                    ),
                    rx.flex(
                        rx.link(L.software, href=L.entry_href, size="2", data_testid="software-link"),
                        rx.text("·", size="2", color=rx.color("gray", 11)),
                        masked_key(L.key, L.has_key),
                        when_can(
                            "key.reveal",
                            rx.cond(
                                L.has_key,
                                rx.tooltip(
                                    icon_button(
                                        "copy",
                                        13,
                                        size="1",
                                        variant="ghost",
                                        color_scheme="gray",
                                        on_click=S.copy_key,
                                        aria_label="Copy product key",
                                    ),
                                    content="Copy the product key (the reveal is recorded)",
                                ),
                            ),
                        ),
                        product_key_reveal(L.has_key, L.id),
                        countdown_badge(L.countdown),
                        align="center",
                        spacing="2",
                        wrap="wrap",
                    ),
                    direction="column",
                    spacing="1",
                    min_width="0",
                ),
                align="center",
                spacing="4",
                min_width="0",
            ),
            rx.flex(
                start_audit_button(),
                when_can(
                    "license.manage",
                    rx.button(
                        rx.icon("pencil", size=14),
                        "Edit",
                        variant="soft",
                        color_scheme="gray",
                        on_click=LicenseEditState.open_edit(L.id, "detail"),
                        aria_label="Edit license",
                    ),
                    archive_confirm(
                        icon_button("trash_2", 15, variant="soft", color_scheme="red", aria_label="Delete license"),
                        L.title,
                        LicenseEditState.archive(L.id, "detail"),
                    ),
                ),
                spacing="2",
                flex_shrink="0",
            ),
            justify="between",
            align="center",
            spacing="4",
            wrap="wrap",
        ),
        direction="column",
        spacing="3",
        margin_bottom="20px",
    )


MUTED = rx.color("gray", 11)


def _fact(fact) -> rx.Component:
    return rx.data_list.item(
        rx.data_list.label(fact.label, min_width="150px", color=MUTED),
        rx.data_list.value(
            rx.text(
                fact.value,
                size="2",
                color=rx.cond(fact.value == "—", MUTED, rx.color("gray", 12)),
                white_space="pre-wrap",
                word_break="break-word",
            ),
            data_testid="fact-" + fact.field.to(str),
        ),
        align="start",
    )


def _panel(panel) -> rx.Component:
    return rx.flex(
        rx.heading(panel.title, size="2", as_="h3", weight="bold", color=rx.color("gray", 12)),
        rx.data_list.root(rx.foreach(panel.facts, _fact), size="1", spacing="2"),
        direction="column",
        spacing="2",
        data_testid="record-panel-" + panel.key.to(str),
    )


def _facts() -> rx.Component:
    """Every field the license form records, in the form's panels; blanks read "—"."""
    return rx.card(
        rx.flex(
            rx.heading("License record", size="4", as_="h2"),
            rx.flex(
                rx.text("Annual cost ", rx.text.strong(L.annual_cost), size="2", color=MUTED),
                rx.cond(
                    L.seat_type == "Concurrent",
                    rx.link(
                        "Leases, queue and peak use",
                        href="/licenses/" + L.id.to_string() + "/leases",
                        size="2",
                        data_testid="leases-link",
                    ),
                ),
                spacing="4",
                align="center",
                wrap="wrap",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="3",
            margin_bottom="12px",
        ),
        rx.grid(
            rx.foreach(S.panels, _panel),
            columns=rx.breakpoints(initial="1", md="2", xl="3"),
            spacing="5",
        ),
        size="2",
        margin_bottom="24px",
        data_testid="license-record",
    )


def _seat_summary() -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.heading("Manage Seats", size="4", as_="h2"),
            rx.flex(
                rx.text(L.seats, size="5", weight="bold", data_testid="seats-used"),
                rx.text("seats used", size="2", color=rx.color("gray", 11)),
                rx.text("·", color=rx.color("gray", 11)),
                rx.text(L.available, " available", size="2", color=rx.color("gray", 11), data_testid="seats-available"),
                rx.cond(
                    L.retired_note != "",
                    rx.badge(
                        L.retired_note, color_scheme="amber", variant="soft", size="1", data_testid="seats-retired"
                    ),
                ),
                align="baseline",
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                L.unlimited,
                rx.fragment(),
                rx.progress(
                    value=L.fill,
                    max=100,
                    size="2",
                    width="320px",
                    max_width="100%",
                    color_scheme=rx.cond(L.full, "amber", "accent"),
                    aria_label="Seats used",
                ),
            ),
            direction="column",
            spacing="2",
        ),
        rx.flex(
            rx.flex(
                rx.switch(checked=S.show_history, on_change=S.set_history, size="1", id="show-history"),
                rx.el.label(rx.text("Show reclaimed", size="2"), html_for="show-history"),
                align="center",
                spacing="2",
            ),
            rx.link(
                rx.button(rx.icon("list", size=15), "View all users", variant="soft", color_scheme="gray"),
                href="/licenses/" + L.id.to(str) + "/users",
                data_testid="view-all-users",
            ),
            rx.cond(L.seat_type != "Device", bulk_assign_dialog()),
            rx.cond(L.seat_type == "Device", assign_assets_button(), assign_persons_button()),
            assign_dialog(),
            assign_many_dialog(),
            transfer_dialog(),
            align="center",
            spacing="4",
        ),
        justify="between",
        align="end",
        spacing="4",
        wrap="wrap",
        margin_bottom="12px",
    )


def _seat_row(seat) -> rx.Component:
    muted = rx.color("gray", 11)
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.text(seat.holder, size="2", weight="medium"),
                rx.cond(
                    seat.terminated,
                    rx.badge(
                        rx.icon("user_x", size=12),
                        "Contact terminated — reclaim",
                        color_scheme="red",
                        variant="solid",
                        size="1",
                        data_testid="terminated-badge",
                    ),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            )
        ),
        rx.table.cell(rx.text(seat.email, size="2", color=muted)),
        rx.table.cell(rx.text(seat.device, size="2", color=muted)),
        rx.table.cell(
            rx.flex(
                rx.text(seat.seat_key, size="1", font_family="var(--code-font-family)", color=muted),
                seat_key_reveal(seat),
                align="center",
                spacing="2",
                wrap="wrap",
            )
        ),
        rx.table.cell(rx.text(seat.activated, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(seat.assigned_by, size="2", color=muted)),
        rx.table.cell(
            rx.cond(
                seat.revoked,
                rx.text(
                    rx.cond(seat.transferred, "Transferred ", "Reclaimed "),
                    seat.reclaimed,
                    " by ",
                    seat.reclaimed_by,
                    size="1",
                    color=muted,
                    white_space="nowrap",
                ),
                when_can(
                    "license.assign",
                    rx.flex(
                        transfer_button(seat),
                        rx.cond(
                            L.reassignable | seat.terminated,
                            rx.alert_dialog.root(
                                rx.alert_dialog.trigger(
                                    rx.button(
                                        "Reclaim", size="1", variant="soft", color_scheme="gray", data_testid="reclaim"
                                    )
                                ),
                                rx.alert_dialog.content(
                                    rx.alert_dialog.title("Reclaim this seat?"),
                                    rx.alert_dialog.description(
                                        rx.cond(
                                            L.reassignable,
                                            rx.text(
                                                "The seat held by ",
                                                rx.text.strong(seat.holder),
                                                " is freed for someone else. The assignment stays in the history.",
                                                size="2",
                                            ),
                                            rx.text(
                                                rx.text.strong(seat.holder),
                                                " left, and this license is not reassignable: the seat is retired,"
                                                " not returned to the pool. Seats available stays the same until you"
                                                " raise the total. The assignment stays in the history.",
                                                size="2",
                                                data_testid="retire-warning",
                                            ),
                                        )
                                    ),
                                    rx.flex(
                                        rx.alert_dialog.cancel(
                                            rx.button("Cancel", variant="soft", color_scheme="gray")
                                        ),
                                        rx.alert_dialog.action(
                                            rx.button("Reclaim seat", color_scheme="red", on_click=S.reclaim(seat.id))
                                        ),
                                        spacing="3",
                                        justify="end",
                                        margin_top="16px",
                                    ),
                                    max_width="420px",
                                ),
                            ),
                        ),
                        spacing="2",
                        justify="end",
                    ),
                ),
            ),
            text_align="right",
        ),
        opacity=rx.cond(seat.revoked, "0.65", "1"),
        align="center",
        data_testid="seat-row",
    )


def _seat_table() -> rx.Component:
    return rx.cond(
        S.seat_rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        header_cell("Assignee"),
                        header_cell("Email"),
                        header_cell("Device"),
                        header_cell("Seat serial key"),
                        header_cell("Activated"),
                        header_cell("Assigned by"),
                        header_cell("", text_align="right"),
                    )
                ),
                rx.table.body(rx.foreach(S.seat_rows, _seat_row)),
                variant="surface",
                size="1",
                width="100%",
                data_testid="seat-table",
            ),
            rx.cond(S.page_count > 1, pager(S.range_label, S.page, S.page_count, S.go_page, testid="seat-pager")),
        ),
        empty_state(
            "armchair",
            "No seats assigned yet",
            "Click Assign Seat to give this license to a contact, a named person or a device.",
            testid="seats-empty",
        ),
    )


@page(
    "/licenses/[license_id]",
    "License · License Hub",
    on_load=S.load,  # loads the usage-audit and capacity panels too
)
def license_detail_page() -> rx.Component:
    return shell(
        rx.cond(
            S.not_found != "",
            not_found(S.not_found, "/licenses", "Back to licenses"),
            rx.cond(
                L.id > 0,
                rx.box(
                    _header(),
                    audit_banner(),
                    error_callout(S.error),
                    error_callout(LicenseEditState.error),
                    _facts(),
                    _seat_summary(),
                    capacity_panel(),
                    _seat_table(),
                    license_installations(),
                    audit_history(),
                    documents_section(),
                    activity_section(
                        S.activity, S.activity_total, "/audit-log?object_type=license&object_id=" + L.id.to(str)
                    ),
                    license_form_dialog(),
                    complete_dialog(),
                ),
            ),
        ),
        active="licenses",
    )
