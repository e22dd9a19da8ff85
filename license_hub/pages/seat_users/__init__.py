"""/licenses/[license_id]/users — "View all users" (seed 003): the dense, sortable,
filterable list of a license's seat holders, with bulk reclaim and CSV export."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import pager
from license_hub.components.search_box import search_box
from license_hub.components.shell import empty_state, error_callout, not_found, shell
from license_hub.pages import page
from license_hub.pages.seat_users.tables import active_table, reclaimed_table
from license_hub.state.seat_users import VIEW_LABELS, WINDOWS
from license_hub.state.seat_users import SeatUsersState as S

L = S.lic
MUTED = rx.color("gray", 11)


def _header() -> rx.Component:
    return rx.flex(
        rx.link(
            rx.flex(rx.icon("arrow_left", size=14), rx.text(L.title, size="2"), align="center", spacing="1"),
            href=L.href,
            color=MUTED,
            underline="none",
            data_testid="back-to-license",
        ),
        rx.flex(
            rx.box(
                rx.heading("View all users", size="6", as_="h1", data_testid="page-title"),
                rx.text(
                    L.software,
                    " · ",
                    L.seat_type,
                    " seats · ",
                    L.seats,
                    " used",
                    size="2",
                    color=MUTED,
                    data_testid="license-seats",
                ),
            ),
            rx.button(  # a document request (not client-side routing): the session cookie authenticates it
                rx.el.a(
                    rx.icon("download", size=14),
                    "Export CSV",
                    href=S.export_href,
                    download="",
                    reload_document=True,
                    data_testid="export-csv",
                    title="Every seat the current filters show, as CSV (serial keys masked)",
                ),
                as_child=True,
                variant="soft",
                color_scheme="gray",
            ),
            justify="between",
            align="end",
            wrap="wrap",
            spacing="3",
        ),
        direction="column",
        spacing="2",
        margin_bottom="16px",
    )


def _view_chip(key: str) -> rx.Component:
    on = S.view == key
    return rx.button(
        VIEW_LABELS[key],
        rx.badge(
            S.counts[key],
            variant=rx.cond(on, "solid", "soft"),
            radius="full",
            size="1",
            color_scheme=rx.cond(on, "accent", "gray"),
            data_testid=f"count-{key}",
        ),
        variant=rx.cond(on, "surface", "outline"),
        color_scheme=rx.cond(on, "accent", "gray"),
        radius="full",
        size="2",
        on_click=S.set_view(key),
        aria_pressed=on,
        data_testid=f"view-{key}",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.flex(*[_view_chip(k) for k in VIEW_LABELS], spacing="2", wrap="wrap"),
        rx.flex(
            rx.flex(
                rx.text("Dormant after", size="2", color=MUTED),
                rx.select.root(
                    rx.select.trigger(aria_label="Dormancy window", width="110px"),
                    rx.select.content(*[rx.select.item(f"{d} days", value=d) for d in WINDOWS]),
                    value=S.days,
                    on_change=S.set_days,
                    size="2",
                ),
                align="center",
                spacing="2",
            ),
            search_box(S.search, S.set_search, "Search name, email, department…", "Search seat holders"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        justify="between",
        align="center",
        spacing="3",
        wrap="wrap",
        padding_bottom="14px",
        margin_bottom="14px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _selection_bar() -> rx.Component:
    return rx.cond(
        S.selected_count > 0,
        rx.flex(
            rx.text(S.selected_count, " selected", size="2", weight="medium", data_testid="selected-count"),
            rx.button("Clear", size="1", variant="ghost", color_scheme="gray", on_click=S.clear_selection),
            rx.spacer(),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(
                    rx.button(
                        rx.icon("undo_2", size=14),
                        "Reclaim selected",
                        size="2",
                        color_scheme="red",
                        loading=S.reclaiming,
                        data_testid="reclaim-selected",
                    )
                ),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Reclaim ", S.selected_count, " seats?"),
                    rx.alert_dialog.description(
                        rx.text(
                            "The selected seats are freed back into the pool of ",
                            rx.text.strong(L.title),
                            ". All of them are reclaimed, or none: if one cannot be, nothing changes. "
                            "The assignments stay in the reclaimed history.",
                            size="2",
                        )
                    ),
                    rx.flex(
                        rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                        rx.alert_dialog.action(
                            rx.button(
                                "Reclaim seats",
                                color_scheme="red",
                                on_click=[S.start_reclaim, S.reclaim_selected],
                                data_testid="confirm-reclaim",
                            )
                        ),
                        spacing="3",
                        justify="end",
                        margin_top="16px",
                    ),
                    max_width="440px",
                ),
            ),
            align="center",
            spacing="3",
            padding="8px 12px",
            margin_bottom="10px",
            border=f"1px solid {rx.color('accent', 6)}",
            border_radius="var(--radius-3)",
            background=rx.color("accent", 2),
            data_testid="selection-bar",
        ),
    )


def _empty() -> rx.Component:
    return rx.cond(
        S.search != "",
        empty_state(
            "search_x",
            "No seat holder matches “" + S.search + "”",
            "Search looks at names, emails, departments and devices. Try fewer letters.",
            rx.button("Clear search", variant="soft", on_click=S.set_search("")),
        ),
        rx.match(
            S.view,
            (
                "inactive",
                empty_state(
                    "circle_check",
                    "No inactive seats",
                    "Every holder used this software or signed in within the last "
                    + S.days
                    + " days, and none has left. Try a shorter window.",
                ),
            ),
            (
                "reclaimed",
                empty_state("history", "Nothing reclaimed yet", "Seats you reclaim stay here with when and by whom."),
            ),
            empty_state(
                "armchair",
                "No seats assigned yet",
                "Assign seats from the license page; they are listed here.",
                rx.link(rx.button("Open the license", variant="soft"), href=L.href),
            ),
        ),
    )


def _body() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        rx.box(
            rx.cond(
                S.view == "inactive",
                rx.text(
                    "Dormant: no use in the last ",
                    S.days,
                    " days, judged for each seat by the best signal there is — "
                    "Real usage from the agent, else the holder's last sign-in (Login proxy); an inactive or "
                    "offboarded holder (User status) is always reclaimable.",
                    size="1",
                    color=MUTED,
                    as_="p",
                    margin_bottom="8px",
                ),
            ),
            _selection_bar(),
            rx.box(rx.cond(S.view == "reclaimed", reclaimed_table(), active_table()), overflow_x="auto"),
            pager(S.range_label, S.page, S.page_count, S.go_page),
        ),
        rx.cond(S.loaded, _empty()),
    )


@page("/licenses/[license_id]/users", "View all users · License Hub", on_load=S.load)
def seat_users_page() -> rx.Component:
    return shell(
        rx.cond(
            S.not_found != "",
            not_found(S.not_found, "/licenses", "Back to licenses"),
            rx.cond(L.id > 0, rx.box(_header(), error_callout(S.error), _toolbar(), _body())),
        ),
        active="licenses",
    )
