"""/settings/users — who can sign in and what each role may do: the users table
(role change and deactivation, both confirmed), inviting someone with a
temporary password, and the built-in and custom roles."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
from license_hub.components.permissions import forbidden_state
from license_hub.components.shell import page_header, shell
from license_hub.pages import NavItem, page
from license_hub.pages.users.confirm_dialogs import active_confirm, role_confirm
from license_hub.pages.users.invite_dialog import invite_dialog
from license_hub.pages.users.roles import new_role_dialog, role_card
from license_hub.state.users import UsersState as S


def _role_select(row) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="Role of " + row.name.to(str), min_width="150px"),
        rx.select.content(rx.foreach(S.role_names, lambda r: rx.select.item(r, value=r))),
        value=row.role,
        on_change=lambda v: S.ask_role(row.id, v),
        size="1",
    )


def _user_row(row) -> rx.Component:
    muted = rx.color("gray", 11)
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.avatar(
                    fallback=row.initials, color_scheme=row.avatar_color, variant="soft", radius="full", size="2"
                ),
                rx.flex(
                    rx.flex(
                        rx.text(row.name, size="2", weight="medium"),
                        rx.cond(row.is_me, rx.badge("You", variant="outline", size="1", radius="full")),
                        align="center",
                        spacing="2",
                    ),
                    rx.text(row.email, size="1", color=muted, data_testid="user-email"),
                    direction="column",
                    min_width="0",
                ),
                align="center",
                spacing="3",
            )
        ),
        rx.table.cell(_role_select(row)),
        rx.table.cell(
            rx.flex(
                rx.cond(
                    row.active,
                    rx.badge("Active", color_scheme="green", variant="soft", radius="full", data_testid="user-status"),
                    rx.badge(
                        "Deactivated", color_scheme="gray", variant="soft", radius="full", data_testid="user-status"
                    ),
                ),
                rx.cond(
                    row.must_change & row.active,
                    rx.tooltip(
                        rx.badge("Temporary password", color_scheme="amber", variant="soft", radius="full"),
                        content="Chooses their own password at first sign-in",
                    ),
                ),
                spacing="1",
                wrap="wrap",
            )
        ),
        rx.table.cell(rx.text(row.last_sign_in, size="2", color=muted, white_space="nowrap")),
        rx.table.cell(
            rx.cond(
                row.is_me,
                rx.tooltip(
                    rx.button("Deactivate", size="1", variant="soft", color_scheme="gray", disabled=True),
                    content="You cannot deactivate your own account",
                ),
                active_confirm(row),
            ),
            text_align="right",
        ),
        align="center",
        opacity=rx.cond(row.active, "1", "0.7"),
        data_testid="user-row",
    )


def _users_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                header_cell("User"),
                header_cell("Role"),
                header_cell("Status"),
                header_cell("Last sign-in"),
                header_cell("", text_align="right"),
            )
        ),
        rx.table.body(rx.foreach(S.users, _user_row)),
        variant="surface",
        size="2",
        width="100%",
        data_testid="users-table",
    )


def _content() -> rx.Component:
    return rx.box(
        page_header(
            "Users & roles",
            "Who can sign in to License Hub, and what each role may do.",
            rx.button(rx.icon("user_plus", size=15), "Invite user", on_click=S.open_invite, data_testid="invite-user"),
        ),
        rx.flex(
            rx.heading("Users", size="4", as_="h2"),
            rx.text(
                S.users.length(),
                rx.cond(S.users.length() == 1, " user · ", " users · "),
                S.active_count,
                " active",
                size="2",
                color=rx.color("gray", 11),
            ),
            align="baseline",
            spacing="3",
            margin_bottom="10px",
        ),
        _users_table(),
        rx.flex(
            rx.flex(
                rx.heading("Roles", size="4", as_="h2"),
                rx.text(
                    "What each role may see and do. Hover a permission for details.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
                direction="column",
                spacing="1",
            ),
            rx.button(
                rx.icon("plus", size=14), "New role", variant="soft", on_click=S.open_new_role, data_testid="new-role"
            ),
            justify="between",
            align="end",
            margin_top="32px",
            margin_bottom="12px",
        ),
        rx.grid(
            rx.foreach(S.roles, role_card),
            columns=rx.breakpoints(initial="1", md="2", lg="3"),
            spacing="3",
            data_testid="roles",
        ),
        invite_dialog(),
        role_confirm(),
        new_role_dialog(),
    )


@page(
    "/settings/users",
    "Users & roles · License Hub",
    on_load=S.load,
    nav=NavItem("settings", "Settings", "settings", "admin", order=90),
)
def users_page() -> rx.Component:
    return shell(
        rx.cond(
            S.denied != "",
            forbidden_state(S.denied),
            rx.cond(S.loaded, _content(), rx.center(rx.spinner(size="3"), padding="64px")),
        ),
        active="settings",
    )
