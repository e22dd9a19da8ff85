"""/people — the people directory, and the view of seats still held by
terminated contacts across every license."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell, pager
from license_hub.components.permissions import when_can
from license_hub.components.search_box import search_box
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.components.sorting import sort_header
from license_hub.pages import NavItem, page
from license_hub.pages.directory_import import import_button, import_dialog
from license_hub.pages.person_dialogs import person_form_dialog
from license_hub.state.people import STATUS_LABELS
from license_hub.state.people import PeopleState as S
from license_hub.state.person_edit import PersonEditState

MUTED = rx.color("gray", 11)
PERSON_COLORS = {"active": "green", "inactive": "amber", "offboarded": "red"}


def person_status_badge(status) -> rx.Component:
    return rx.badge(
        rx.match(status, *STATUS_LABELS.items(), status),
        color_scheme=rx.match(status, *PERSON_COLORS.items(), "gray"),
        variant="soft",
        radius="full",
        size="1",
        data_testid="person-status",
    )


def terminated_badge() -> rx.Component:
    return rx.badge(
        rx.icon("user_x", size=12),
        "Contact terminated — reclaim",
        color_scheme="red",
        variant="solid",
        size="1",
        data_testid="terminated-badge",
    )


def reclaim_confirm(holder, license_name, on_confirm) -> rx.Component:
    """Reclaim one seat, after a confirmation naming whose and which."""
    return when_can(
        "license.assign",
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(
                rx.button("Reclaim", size="1", variant="soft", color_scheme="gray", data_testid="reclaim")
            ),
            rx.alert_dialog.content(
                rx.alert_dialog.title("Reclaim this seat?"),
                rx.alert_dialog.description(
                    rx.text(
                        "The ",
                        rx.text.strong(license_name),
                        " seat held by ",
                        rx.text.strong(holder),
                        " is freed for someone else. The assignment stays in the history.",
                        size="2",
                    )
                ),
                rx.flex(
                    rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.alert_dialog.action(rx.button("Reclaim seat", color_scheme="red", on_click=on_confirm)),
                    spacing="3",
                    justify="end",
                    margin_top="16px",
                ),
                max_width="420px",
            ),
        ),
    )


def _sort(label: str, key: str) -> rx.Component:
    return sort_header(label, key, S.sort, S.descending, S.set_sort)


def _tab(label: str, view: str, icon: str) -> rx.Component:
    on = S.view == view
    return rx.button(
        rx.icon(icon, size=14),
        label,
        variant=rx.cond(on, "solid", "soft"),
        color_scheme=rx.cond(on, "accent", "gray"),
        size="2",
        on_click=S.set_view(view),
        aria_pressed=on,
        data_testid=f"tab-{view or 'directory'}",
    )


def _status_chip(key: str, label: str) -> rx.Component:
    on = S.status == key
    return rx.button(
        label,
        variant=rx.cond(on, "surface", "outline"),
        color_scheme=rx.cond(on, "accent", "gray"),
        size="1",
        radius="full",
        on_click=S.set_status(key),
        aria_pressed=on,
        data_testid=f"status-{key or 'all'}",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.flex(_status_chip("", "All"), *[_status_chip(k, v) for k, v in STATUS_LABELS.items()], spacing="2"),
        rx.flex(
            rx.select.root(
                rx.select.trigger(placeholder="All departments", aria_label="Department", min_width="170px"),
                rx.select.content(
                    rx.select.item("All departments", value="all"),
                    rx.foreach(S.departments, lambda d: rx.select.item(d, value=d)),
                ),
                value=rx.cond(S.department != "", S.department, "all"),
                on_change=S.set_department,
                size="2",
            ),
            search_box(S.search, S.set_search, "Search name, email, department…", "Search people", width="280px"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        justify="between",
        align="center",
        spacing="3",
        wrap="wrap",
        margin_bottom="14px",
    )


def _person_row(p) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(
                rx.flex(
                    rx.avatar(
                        fallback=p.initials, color_scheme=p.avatar_color, variant="soft", radius="full", size="1"
                    ),
                    rx.text(p.name, size="2", weight="medium"),
                    align="center",
                    spacing="2",
                ),
                href=p.href,
                underline="none",
                color=rx.color("gray", 12),
                data_testid="person-link",
            )
        ),
        rx.table.cell(rx.text(p.email, size="2", color=MUTED)),
        rx.table.cell(rx.text(p.department, size="2")),
        rx.table.cell(rx.text(p.location, size="2", color=MUTED)),
        rx.table.cell(
            rx.cond(
                p.manager_href != "",
                rx.link(p.manager, href=p.manager_href, size="2"),
                rx.text("—", size="2", color=MUTED),
            )
        ),
        rx.table.cell(person_status_badge(p.status)),
        rx.table.cell(rx.text(p.last_sign_in, size="2", color=MUTED, white_space="nowrap")),
        rx.table.cell(rx.text(p.seats, size="2", weight="medium", data_testid="person-seats"), text_align="right"),
        align="center",
        data_testid="person-row",
    )


def _directory() -> rx.Component:
    return rx.box(
        _toolbar(),
        rx.cond(
            S.rows.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            _sort("Name", "name"),
                            _sort("Email", "email"),
                            _sort("Department", "department"),
                            _sort("Location", "location"),
                            _sort("Manager", "manager"),
                            _sort("Status", "status"),
                            _sort("Last sign-in", "last_sign_in"),
                            _sort("Seats", "seats"),
                        )
                    ),
                    rx.table.body(rx.foreach(S.rows, _person_row)),
                    variant="surface",
                    size="1",
                    width="100%",
                    data_testid="people-table",
                ),
                pager(S.range_label, S.page, S.page_count, S.go_page),
            ),
            rx.cond(
                S.loaded,
                rx.cond(
                    S.filtered,
                    empty_state(
                        "list_filter",
                        "No one matches these filters",
                        "Try another status or department, or clear the search.",
                        rx.button("Clear filters", variant="soft", on_click=S.clear_filters),
                    ),
                    empty_state(
                        "users",
                        "The directory is empty",
                        "Import people from a CSV file (name, email, department, location, manager_email, "
                        "status) so you can assign them seats.",
                        import_button("people"),
                    ),
                ),
            ),
        ),
    )


def _terminated_row(t) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.link(t.name, href=t.person_href, size="2", weight="medium"),
                terminated_badge(),
                align="center",
                spacing="2",
                wrap="wrap",
            )
        ),
        rx.table.cell(rx.text(t.email, size="2", color=MUTED)),
        rx.table.cell(
            rx.flex(
                rx.link(t.license, href=t.license_href, size="2"),
                rx.cond(t.license != t.software, rx.text(t.software, size="1", color=MUTED)),
                direction="column",
            )
        ),
        rx.table.cell(rx.text(t.offboarded, size="2", color=MUTED, white_space="nowrap")),
        rx.table.cell(rx.text(t.activated, size="2", color=MUTED, white_space="nowrap")),
        rx.table.cell(
            rx.flex(
                rx.cond(
                    ~t.reclaimable,
                    rx.tooltip(
                        rx.badge("Not reassignable", color_scheme="gray", size="1"),
                        content="Reclaiming retires the seat: raise the total to reuse it",
                    ),
                ),
                reclaim_confirm(t.name, t.license, S.reclaim(t.id)),
                spacing="2",
                justify="end",
                align="center",
            ),
            text_align="right",
        ),
        align="center",
        data_testid="terminated-row",
    )


def _terminated() -> rx.Component:
    return rx.cond(
        S.terminated.length() > 0,
        rx.box(
            rx.text(
                "Active seats still held by people who were offboarded. Reclaim them so paid seats don't sit idle.",
                size="2",
                color=MUTED,
                as_="p",
                margin_bottom="10px",
            ),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        header_cell("Person"),
                        header_cell("Email"),
                        header_cell("License"),
                        header_cell("Offboarded"),
                        header_cell("Activated"),
                        header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(S.terminated, _terminated_row)),
                variant="surface",
                size="1",
                width="100%",
                data_testid="terminated-table",
            ),
            pager(S.range_label, S.page, S.page_count, S.go_page),
        ),
        rx.cond(
            S.loaded,
            empty_state(
                "circle_check",
                "No seats held by terminated contacts",
                "When someone is offboarded, any seat they keep shows up here to reclaim.",
                testid="terminated-empty",
            ),
        ),
    )


@page(
    "/people",
    "People · License Hub",
    on_load=S.load,
    nav=NavItem("people", "People", "users", "license.view", order=40),
)
def people_page() -> rx.Component:
    return shell(
        page_header(
            "People",
            "Everyone who can hold a seat, and the seats they hold.",
            rx.flex(
                import_button("people"),
                when_can(
                    "license.manage",
                    rx.button(
                        rx.icon("user_plus", size=15),
                        "Add person",
                        on_click=PersonEditState.open_create,
                        data_testid="add-person",
                    ),
                ),
                spacing="2",
            ),
        ),
        rx.flex(
            _tab("Directory", "", "contact"),
            _tab("Terminated contacts' seats", "terminated", "user_x"),
            spacing="2",
            padding_bottom="14px",
            margin_bottom="14px",
            border_bottom=f"1px solid {rx.color('gray', 4)}",
        ),
        error_callout(S.error),
        rx.cond(S.view == "terminated", _terminated(), _directory()),
        import_dialog(),
        person_form_dialog(),
        active="people",
    )
