"""/licenses — the register: status chips with live counts, the saved filters,
search, and a page of license cards."""
from __future__ import annotations

import reflex as rx

from license_hub.pages import NavItem, page

from license_hub.components.badges import STATUS_COLORS
from license_hub.components.license_card import license_card
from license_hub.components.license_form import license_form_dialog
from license_hub.components.paging import pager
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.state.labels import SAVED_FILTER_LABELS, STATUS_LABELS
from license_hub.state.license_edit import LicenseEditState
from license_hub.state.licenses import LicensesState as S

SAVED_FILTER_ICONS = {"renewing_soon": "calendar_clock", "expired": "circle_alert", "fully_seated": "users",
                      "underutilized": "armchair"}


def _chip(key: str, label: str, color: str) -> rx.Component:
    on = S.status == key
    return rx.button(
        rx.box(width="8px", height="8px", border_radius="9999px", background=rx.color(color, 9)),
        label,
        rx.badge(S.counts[key], variant=rx.cond(on, "solid", "soft"), color_scheme=color, radius="full",
                 size="1", data_testid=f"count-{key}"),
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
        rx.icon(icon, size=14), label,
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
                "All", rx.badge(S.all_count, variant="soft", color_scheme="gray", radius="full", size="1"),
                variant=rx.cond(S.status == "", "surface", "outline"), color_scheme="gray", size="2",
                radius="full", on_click=S.set_status(""), data_testid="chip-all",
            ),
            *[_chip(k, STATUS_LABELS[k], STATUS_COLORS[k]) for k in STATUS_LABELS],
            spacing="2",
            wrap="wrap",
        ),
        rx.flex(
            rx.flex(
                rx.text("Saved filters", size="1", weight="medium", color=rx.color("gray", 10)),
                *[_saved(k, label, SAVED_FILTER_ICONS.get(k, "filter")) for k, label in SAVED_FILTER_LABELS.items()],
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.debounce_input(
                rx.input(
                    rx.input.slot(rx.icon("search", size=14)),
                    placeholder="Search software, vendor, PO…",
                    value=S.search,
                    on_change=S.set_search,
                    size="2",
                    width="280px",
                    type="search",
                    aria_label="Search licenses",
                ),
                debounce_timeout=350,
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
        S.filtered,
        empty_state("list_filter", "No licenses match these filters",
                    "Try another status or saved filter, or clear the search.",
                    rx.button("Clear filters", variant="soft", on_click=S.clear_filters)),
        empty_state("key_round", "No licenses yet",
                    "Add the first license to start tracking seats, cost and renewals. "
                    "Its product must be in the catalog.",
                    rx.button(rx.icon("plus", size=14), "Add License", on_click=LicenseEditState.open_create("licenses", "")),
                    rx.link(rx.button("Open the catalog", variant="soft"), href="/catalog")),
    )


def _grid() -> rx.Component:
    return rx.cond(
        S.cards.length() > 0,
        rx.box(
            rx.grid(
                rx.foreach(S.cards, lambda c: license_card(
                    c, on_edit=lambda i: LicenseEditState.open_edit(i, "licenses"),
                    on_archive=lambda i: LicenseEditState.archive(i, "licenses"))),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="4",
                data_testid="license-grid",
            ),
            rx.cond(S.page_count > 1, pager(S.range_label, S.page, S.page_count, S.go_page),
                    rx.text(S.range_label, size="2", color=rx.color("gray", 10), padding_top="12px",
                            data_testid="pager-range")),
        ),
        rx.cond(S.loaded, _empty()),
    )


@page("/licenses", "Licenses · License Hub", on_load=S.load,
      nav=NavItem("licenses", "Licenses", "key_round", "license.view", order=20))
def licenses_page() -> rx.Component:
    return shell(
        page_header(
            "Licenses",
            rx.cond(S.software_name != "", "Licenses for " + S.software_name,
                    "Every agreement you pay for: seats, cost and renewals."),
            rx.button(rx.icon("plus", size=15), "Add License", on_click=LicenseEditState.open_create("licenses", ""),
                      data_testid="add-license"),
        ),
        error_callout(S.error),
        error_callout(LicenseEditState.error),
        _toolbar(),
        _grid(),
        license_form_dialog(),
        active="licenses",
    )
