"""/people/[person_id] — a person's profile: details, every seat they hold across
licenses with one-click reclaim, and the offboarding preview and confirmation."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
from license_hub.components.permissions import when_can
from license_hub.components.shell import empty_state, error_callout, not_found, shell
from license_hub.pages import page
from license_hub.pages.people import person_status_badge, reclaim_confirm, terminated_badge
from license_hub.pages.person_dialogs import merge_dialog, person_form_dialog
from license_hub.state.person import PersonState as S
from license_hub.state.person_edit import PersonEditState
from license_hub.state.person_merge import PersonMergeState

P = S.person
MUTED = rx.color("gray", 11)


def _header() -> rx.Component:
    return rx.flex(
        rx.link(
            rx.flex(rx.icon("arrow_left", size=14), rx.text("People", size="2"), align="center", spacing="1"),
            href="/people",
            color=MUTED,
            underline="none",
        ),
        rx.flex(
            rx.flex(
                rx.avatar(fallback=P.initials, color_scheme=P.avatar_color, variant="soft", radius="full", size="5"),
                rx.box(
                    rx.flex(
                        rx.heading(P.name, size="6", as_="h1", data_testid="page-title"),
                        person_status_badge(P.status),
                        align="center",
                        spacing="2",
                    ),
                    rx.text(P.email, size="2", color=MUTED),
                ),
                align="center",
                spacing="4",
            ),
            rx.flex(
                when_can(
                    "license.manage",
                    rx.button(
                        rx.icon("pencil", size=15),
                        "Edit",
                        variant="soft",
                        color_scheme="gray",
                        on_click=PersonEditState.open_edit(P.id),
                        data_testid="edit-person",
                    ),
                ),
                when_can(
                    "license.manage",
                    rx.button(
                        rx.icon("merge", size=15),
                        "Merge",
                        variant="soft",
                        color_scheme="gray",
                        on_click=PersonMergeState.open_for(P.id),
                        data_testid="merge-person",
                    ),
                ),
                rx.cond(
                    ~P.offboarded,
                    when_can(
                        "license.assign",
                        rx.button(
                            rx.icon("user_minus", size=15),
                            "Offboard",
                            color_scheme="red",
                            variant="soft",
                            on_click=S.open_offboard,
                            data_testid="offboard",
                        ),
                    ),
                    when_can("license.manage", _reactivate_confirm()),
                ),
                spacing="2",
                wrap="wrap",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="3",
        ),
        direction="column",
        spacing="3",
        margin_bottom="20px",
    )


def _reactivate_confirm() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.icon("user_check", size=15), "Reactivate", variant="soft", data_testid="reactivate")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Reactivate ", P.name, "?"),
            rx.alert_dialog.description(
                rx.text(
                    "They become active again. Nothing they held comes back by itself: "
                    "the seats they held are listed so you can assign them again.",
                    size="2",
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button("Reactivate", on_click=S.reactivate, data_testid="confirm-reactivate")
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="440px",
        ),
    )


def _former() -> rx.Component:
    return rx.cond(
        S.former.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("history", size=16)),
            rx.callout.text(
                rx.text("Before they left they held these seats. Nothing was restored:", size="2", weight="medium"),
                rx.foreach(
                    S.former,
                    lambda f: rx.flex(
                        rx.link(f.license, href=f.license_href, size="2"),
                        rx.text(f.software, " · reclaimed ", f.reclaimed, size="1", color=MUTED),
                        spacing="2",
                        align="center",
                        data_testid="former-seat",
                    ),
                ),
            ),
            color_scheme="blue",
            size="1",
            margin_bottom="16px",
            data_testid="former-seats",
        ),
    )


def _fact(label: str, value) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label, min_width="120px"), rx.data_list.value(value))


def _details() -> rx.Component:
    return rx.card(
        rx.grid(
            rx.data_list.root(
                _fact("Employee id", P.employee_id),
                _fact("Username", P.username),
                _fact("Department", P.department),
                _fact("Location", P.location),
                _fact("Manager", rx.cond(P.manager_href != "", rx.link(P.manager, href=P.manager_href), P.manager)),
                size="2",
            ),
            rx.data_list.root(
                _fact("Last sign-in", P.last_sign_in),
                _fact("In directory since", P.added),
                rx.cond(P.offboarded, _fact("Offboarded", P.offboarded_on)),
                size="2",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="5",
        ),
        size="2",
        margin_bottom="24px",
    )


def _seat_row(s) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.link(s.license, href=s.license_href, size="2", weight="medium"),
                rx.cond(P.offboarded, terminated_badge()),
                align="center",
                spacing="2",
                wrap="wrap",
            )
        ),
        rx.table.cell(rx.text(s.software, size="2", color=MUTED)),
        rx.table.cell(rx.text(s.device, size="2", color=MUTED)),
        rx.table.cell(rx.text(s.seat_key, size="1", color=MUTED, font_family="var(--code-font-family)")),
        rx.table.cell(rx.text(s.activated, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(s.last_used, size="2", color=MUTED, white_space="nowrap")),
        rx.table.cell(reclaim_confirm(P.name, s.license, S.reclaim(s.id)), text_align="right"),
        align="center",
        data_testid="profile-seat",
    )


def seats_table(rows, row_fn) -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                header_cell("License"),
                header_cell("Software"),
                header_cell("Device"),
                header_cell("Seat key"),
                header_cell("Activated"),
                header_cell("Last used"),
                header_cell(""),
            )
        ),
        rx.table.body(rx.foreach(rows, row_fn)),
        variant="surface",
        size="1",
        width="100%",
        data_testid="profile-seats",
    )


def _seats() -> rx.Component:
    return rx.box(
        rx.flex(
            rx.heading("Seats held", size="4", as_="h2"),
            rx.badge(S.seats.length(), radius="full", variant="soft"),
            align="center",
            spacing="2",
            margin_bottom="10px",
        ),
        rx.cond(
            S.seats.length() > 0,
            seats_table(S.seats, _seat_row),
            empty_state(
                "armchair",
                "No seats",
                "This person holds no seat of any license. Assign one from a license's Manage Seats.",
                testid="seats-empty",
            ),
        ),
    )


def _preview_list(title: str, rows, note, testid: str) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.box(
            rx.text(title, " (", rows.length(), ")", size="2", weight="bold"),
            rx.table.root(
                rx.table.body(
                    rx.foreach(
                        rows,
                        lambda r: rx.table.row(
                            rx.table.cell(rx.text(r.license, size="2", weight="medium")),
                            rx.table.cell(rx.text(rx.cond(r.reason != "", r.reason, r.cost), size="1", color=MUTED)),
                            data_testid=testid,
                        ),
                    )
                ),
                size="1",
                variant="ghost",
                width="100%",
            ),
            rx.text(note, size="1", color=MUTED),
            margin_top="8px",
        ),
    )


def _offboard_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Offboard ", P.name, "?"),
            rx.alert_dialog.description(
                rx.text(
                    "They are marked offboarded (archived) and every seat below is reclaimed, in one step. "
                    "Their history stays.",
                    size="2",
                )
            ),
            _preview_list(
                "Seats to reclaim",
                S.to_reclaim,
                rx.cond(S.savings != "", "Frees " + S.savings + " a year.", ""),
                "preview-reclaim",
            ),
            _preview_list(
                "Seats to retire",
                S.to_keep,
                "These licenses are not reassignable: nobody else can hold the seat, so it is "
                "retired and the license's seat total drops by one.",
                "preview-keep",
            ),
            rx.cond(
                (S.to_reclaim.length() == 0) & (S.to_keep.length() == 0),
                rx.text("They hold no seat.", size="2", color=MUTED, margin_top="8px"),
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button(
                    "Offboard",
                    rx.cond(S.to_reclaim.length() > 0, " and reclaim " + S.to_reclaim.length().to(str) + " seats", ""),
                    color_scheme="red",
                    loading=S.busy,
                    on_click=[S.start_offboard, S.offboard],
                    data_testid="confirm-offboard",
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="520px",
        ),
        open=S.offboard_open,
        on_open_change=S.set_offboard_open,
    )


@page("/people/[person_id]", "Person · License Hub", on_load=S.load)
def person_page() -> rx.Component:
    return shell(
        rx.cond(
            S.not_found != "",
            not_found(S.not_found, "/people", "Back to people"),
            rx.cond(
                P.id != 0,
                rx.box(
                    _header(),
                    error_callout(S.error),
                    _former(),
                    _details(),
                    _seats(),
                    _offboard_dialog(),
                    person_form_dialog(),
                    merge_dialog(),
                ),
            ),
        ),
        active="people",
    )
