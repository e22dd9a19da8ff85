"""/licenses — the register: status chips with live counts, the saved filters,
search, a Cards/Table switch with sortable headers, and the Archived view
(?archived=1) where a license can be restored."""

from __future__ import annotations

import reflex as rx

from license_hub.components.badges import STATUS_COLORS
from license_hub.components.license_card import license_card
from license_hub.components.license_form import license_form_dialog
from license_hub.components.license_table import license_table
from license_hub.components.paging import pager
from license_hub.components.permissions import when_can
from license_hub.components.search_box import search_box
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.labels import SAVED_FILTER_LABELS, STATUS_LABELS
from license_hub.state.license_edit import LicenseEditState
from license_hub.state.licenses import LicensesState as S

SAVED_FILTER_ICONS = {
    "renewing_soon": "calendar_clock",
    "expired": "circle_alert",
    "fully_seated": "users",
    "underutilized": "armchair",
}


def _chip(key: str, label: str, color: str) -> rx.Component:
    on = S.status == key
    return rx.button(
        rx.box(width="8px", height="8px", border_radius="9999px", background=rx.color(color, 9)),
        label,
        rx.badge(
            S.counts[key],
            variant=rx.cond(on, "solid", "soft"),
            color_scheme=color,
            radius="full",
            size="1",
            data_testid=f"count-{key}",
        ),
        variant=rx.cond(on, "surface", "outline"),
        color_scheme=rx.cond(on, color, "gray"),
        size="2",
        radius="full",
        on_click=S.set_status(key),
        aria_pressed=on,
        data_testid=f"chip-{key}",
        style={"font_weight": "500"},
    )


def _saved(key: str, label: str, icon: str) -> rx.Component:
    on = S.saved == key
    return rx.button(
        rx.icon(icon, size=14),
        label,
        variant=rx.cond(on, "solid", "soft"),
        color_scheme=rx.cond(on, "accent", "gray"),
        size="1",
        on_click=S.set_saved(key),
        aria_pressed=on,
        data_testid=f"saved-{key}",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.button(
                "All",
                rx.badge(S.all_count, variant="soft", color_scheme="gray", radius="full", size="1"),
                variant=rx.cond(S.status == "", "surface", "outline"),
                color_scheme="gray",
                size="2",
                radius="full",
                on_click=S.set_status(""),
                data_testid="chip-all",
            ),
            *[_chip(k, STATUS_LABELS[k], STATUS_COLORS[k]) for k in STATUS_LABELS],
            spacing="2",
            wrap="wrap",
        ),
        rx.flex(
            rx.flex(
                rx.text("Saved filters", size="1", weight="medium", color=rx.color("gray", 11)),
                *[_saved(k, label, SAVED_FILTER_ICONS.get(k, "filter")) for k, label in SAVED_FILTER_LABELS.items()],
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.flex(
                rx.cond(
                    S.archived,
                    rx.fragment(),
                    rx.segmented_control.root(
                        rx.segmented_control.item(
                            rx.flex(rx.icon("layout_grid", size=14), "Cards", align="center", spacing="1"),
                            value="cards",
                        ),
                        rx.segmented_control.item(
                            rx.flex(rx.icon("table_2", size=14), "Table", align="center", spacing="1"), value="table"
                        ),
                        value=S.view,
                        on_change=S.set_view,
                        size="1",
                        data_testid="view-switch",
                    ),
                ),
                search_box(
                    S.search, S.set_search, "Search software, vendor, PO…", "Search licenses", width="280px", size="2"
                ),
                spacing="3",
                align="center",
            ),
            justify="between",
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        direction="column",
        spacing="3",
        padding_bottom="16px",
        margin_bottom="16px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _empty() -> rx.Component:
    return rx.cond(
        S.archived & ~S.filtered,
        empty_state(
            "archive",
            "No archived licenses",
            "Deleting a license archives it: it shows up here and can be restored with its history.",
            rx.button("Back to licenses", variant="soft", on_click=S.set_archived(False)),
        ),
        _empty_live(),
    )


def _empty_live() -> rx.Component:
    return rx.cond(
        S.filtered,
        empty_state(
            "list_filter",
            "No licenses match these filters",
            "Try another status or saved filter, or clear the search.",
            rx.button("Clear filters", variant="soft", on_click=S.clear_filters),
        ),
        empty_state(
            "key_round",
            "No licenses yet",
            "Add the first license to start tracking seats, cost and renewals. Its product must be in the catalog.",
            when_can(
                "license.manage",
                rx.button(
                    rx.icon("plus", size=14), "Add License", on_click=LicenseEditState.open_create("licenses", "")
                ),
            ),
            rx.link(rx.button("Open the catalog", variant="soft"), href="/catalog"),
        ),
    )


def _cards() -> rx.Component:
    return rx.grid(
        rx.foreach(
            S.cards,
            lambda c: license_card(
                c,
                on_edit=lambda i: LicenseEditState.open_edit(i, "licenses"),
                on_archive=lambda i: LicenseEditState.archive(i, "licenses"),
            ),
        ),
        columns=rx.breakpoints(initial="1", sm="2", lg="3"),
        spacing="4",
        data_testid="license-grid",
    )


def _table() -> rx.Component:
    return license_table(
        S.cards,
        sort=S.sort,
        descending=S.descending,
        archived=S.archived,
        on_sort=S.set_sort,
        on_edit=lambda i: LicenseEditState.open_edit(i, "licenses"),
        on_archive=lambda i: LicenseEditState.archive(i, "licenses"),
        on_restore=S.restore,
    )


def _grid() -> rx.Component:
    return rx.cond(
        S.cards.length() > 0,
        rx.box(
            rx.cond(S.table, _table(), _cards()),
            rx.cond(
                S.page_count > 1,
                pager(S.range_label, S.page, S.page_count, S.go_page),
                rx.text(
                    S.range_label, size="2", color=rx.color("gray", 11), padding_top="12px", data_testid="pager-range"
                ),
            ),
        ),
        rx.cond(S.loaded, _empty()),
    )


@page(
    "/licenses",
    "Licenses · License Hub",
    on_load=S.load,
    nav=NavItem("licenses", "Licenses", "key_round", "license.view", order=20),
)
def licenses_page() -> rx.Component:
    return shell(
        page_header(
            rx.cond(S.archived, "Archived licenses", "Licenses"),
            rx.cond(
                S.archived,
                "Deleted licenses keep their seats and history here until you restore them.",
                rx.cond(
                    S.software_name != "",
                    "Licenses for " + S.software_name,
                    "Every agreement you pay for: seats, cost and renewals.",
                ),
            ),
            rx.cond(
                S.archived,
                rx.button(
                    rx.icon("arrow_left", size=15),
                    "Back to licenses",
                    variant="soft",
                    on_click=S.set_archived(False),
                    data_testid="show-live",
                ),
                rx.button(
                    rx.icon("archive", size=15),
                    "Archived",
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.set_archived(True),
                    data_testid="show-archived",
                ),
            ),
            rx.cond(
                S.archived,
                rx.fragment(),
                when_can(
                    "license.manage",
                    rx.button(
                        rx.icon("plus", size=15),
                        "Add License",
                        on_click=LicenseEditState.open_create("licenses", ""),
                        data_testid="add-license",
                    ),
                ),
            ),
            when_can(
                "catalog.manage",
                rx.link(
                    rx.button(rx.icon("file_up", size=15), "Create from contract", variant="soft"),
                    href="/licenses/from-contract",
                ),
            ),
        ),
        error_callout(S.error),
        error_callout(LicenseEditState.error),
        _toolbar(),
        _grid(),
        license_form_dialog(),
        active="licenses",
    )
