"""/settings/users — who can sign in and what each role may do: the users table
(role change and deactivation, both confirmed), inviting someone with a
temporary password, and the built-in and custom roles."""

from __future__ import annotations

import reflex as rx

from license_hub.components.form_dialog import form_dialog
from license_hub.components.paging import form_field, header_cell
from license_hub.components.permissions import forbidden_state
from license_hub.components.shell import icon_button, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.users import PERMISSION_OPTIONS
from license_hub.state.users import UsersState as S


def _role_select(row) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="Role of " + row.name.to(str), min_width="150px"),
        rx.select.content(rx.foreach(S.role_names, lambda r: rx.select.item(r, value=r))),
        value=row.role,
        on_change=lambda v: S.ask_role(row.id, v),
        size="1",
    )


def _confirm_active(row) -> rx.Component:
    """Deactivate or reactivate, after a confirmation that says what happens."""
    deactivate = row.active
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                rx.cond(deactivate, "Deactivate", "Reactivate"),
                size="1",
                variant="soft",
                color_scheme=rx.cond(deactivate, "red", "green"),
                data_testid="toggle-active",
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.cond(deactivate, "Deactivate " + row.name.to(str) + "?", "Reactivate " + row.name.to(str) + "?")
            ),
            rx.alert_dialog.description(
                rx.text(
                    rx.cond(
                        deactivate,
                        "They are signed out everywhere and can no longer sign in. Their history stays, and you "
                        "can reactivate them later.",
                        "They can sign in again with their existing password and their current role.",
                    ),
                    size="2",
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        rx.cond(deactivate, "Deactivate", "Reactivate"),
                        color_scheme=rx.cond(deactivate, "red", "green"),
                        on_click=S.set_active(row.id, rx.cond(deactivate, False, True)),
                        data_testid="confirm-active",
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="440px",
        ),
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
                _confirm_active(row),
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


def _invite_form() -> rx.Component:
    e = S.invite_errors
    return rx.form(
        rx.flex(
            form_field(
                "Email",
                "email",
                rx.input(
                    name="email",
                    id="email",
                    type="email",
                    max_length=254,
                    placeholder="name@company.com",
                    auto_focus=True,
                ),
                e,
                required=True,
            ),
            form_field(
                "Name", "name", rx.input(name="name", id="name", max_length=200, placeholder="First and last name"), e
            ),
            form_field(
                "Role",
                "role",
                rx.select.root(
                    rx.select.trigger(width="100%", id="role", aria_label="Role"),
                    rx.select.content(rx.foreach(S.role_names, lambda r: rx.select.item(r, value=r))),
                    name="role",
                    default_value="Viewer",
                ),
                e,
            ),
            rx.callout.root(
                rx.callout.icon(rx.icon("key_round", size=16)),
                rx.callout.text(
                    "A strong temporary password is generated for you to hand over. It is shown once; "
                    "they choose their own at first sign-in."
                ),
                size="1",
                color_scheme="gray",
            ),
            rx.flex(
                rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                rx.button("Create account", type="submit", data_testid="invite-submit"),
                spacing="3",
                justify="end",
                margin_top="4px",
            ),
            direction="column",
            spacing="3",
        ),
        on_submit=S.invite,
        no_validate=True,
        key=S.invite_form_key,
    )


def _invite_done() -> rx.Component:
    return rx.flex(
        rx.callout.root(
            rx.callout.icon(rx.icon("circle_check", size=16)),
            rx.callout.text("Account created for ", rx.text.strong(S.invited_email)),
            color_scheme="green",
            size="1",
        ),
        rx.text("Temporary password", size="2", weight="medium"),
        rx.flex(
            rx.code(S.temp_password, size="4", variant="ghost", weight="bold", data_testid="temp-password"),
            rx.tooltip(
                icon_button(
                    "copy",
                    15,
                    variant="soft",
                    size="2",
                    aria_label="Copy temporary password",
                    on_click=[rx.set_clipboard(S.temp_password), rx.toast.success("Temporary password copied")],
                ),
                content="Copy",
            ),
            justify="between",
            align="center",
            spacing="3",
            padding="12px 14px",
            border=f"1px solid {rx.color('gray', 6)}",
            border_radius="var(--radius-3)",
            background=rx.color("gray", 2),
        ),
        rx.text(
            "Hand it over in person or through a channel you trust. It is shown only now, and they must choose "
            "their own password when they first sign in.",
            size="2",
            color=rx.color("gray", 11),
        ),
        rx.flex(rx.dialog.close(rx.button("Done", data_testid="invite-done")), justify="end"),
        direction="column",
        spacing="3",
    )


def _invite_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Invite user"),
            rx.dialog.description(
                rx.text("Give a colleague an account and a role.", size="2", color=rx.color("gray", 11)),
                margin_bottom="16px",
            ),
            rx.cond(S.temp_password != "", _invite_done(), _invite_form()),
            max_width="460px",
        ),
        open=S.invite_open,
        on_open_change=S.set_invite_open,
    )


def _role_confirm() -> rx.Component:
    p = S.pending
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Change role?"),
            rx.alert_dialog.description(
                rx.text(
                    rx.text.strong(p["name"]),
                    " goes from ",
                    rx.text.strong(p["from"]),
                    " to ",
                    rx.text.strong(p["to"]),
                    ". What they can see and do changes at their next click.",
                    size="2",
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Change role", on_click=S.confirm_role, data_testid="confirm-role")),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="440px",
        ),
        open=S.role_confirm_open,
        on_open_change=S.set_role_confirm,
    )


def _permission_badge(p) -> rx.Component:
    return rx.tooltip(
        rx.badge(p.label, variant="soft", color_scheme="gray", radius="full", size="1", data_testid="permission-badge"),
        content=p.description,
    )


def _role_card(role) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.text(role.name, size="3", weight="bold", data_testid="role-name"),
                rx.cond(
                    role.built_in,
                    rx.badge("Built-in", variant="outline", color_scheme="gray", size="1"),
                    rx.badge("Custom", variant="outline", size="1"),
                ),
                rx.spacer(),
                rx.text(role.users, size="1", color=rx.color("gray", 11)),
                align="center",
                spacing="2",
            ),
            rx.flex(rx.foreach(role.perms, _permission_badge), spacing="1", wrap="wrap"),
            direction="column",
            spacing="2",
        ),
        size="2",
        data_testid="role-card",
    )


def _permission_choice(key: str, description: str) -> rx.Component:
    return rx.el.label(
        rx.flex(
            rx.checkbox(name=f"perm-{key}", id=f"perm-{key}", margin_top="2px"),
            rx.flex(
                rx.text(description, size="2", weight="medium"),
                rx.text(key, size="1", color=rx.color("gray", 11), font_family="var(--code-font-family)"),
                direction="column",
            ),
            spacing="2",
            align="start",
        ),
        html_for=f"perm-{key}",
        cursor="pointer",
    )


def _new_role_dialog() -> rx.Component:
    e = S.role_errors
    return form_dialog(
        "New role",
        "A role is a named set of permissions. Built-in roles cannot be changed.",
        form_field(
            "Name",
            "name",
            rx.input(name="name", id="name", max_length=60, placeholder="e.g. Auditor", auto_focus=True),
            e,
            required=True,
        ),
        rx.text("Permissions", size="2", weight="medium"),
        rx.grid(*[_permission_choice(k, d) for k, d in PERMISSION_OPTIONS], columns="2", spacing="3"),
        rx.cond(
            e.contains("permissions"),
            rx.text(e["permissions"], size="1", color=rx.color("red", 11), data_testid="error-permissions"),
        ),
        submit="Create role",
        submit_testid="role-submit",
        on_submit=S.create_role,
        form_key=S.role_form_key,
        open=S.role_open,
        on_open_change=S.set_role_open,
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
            rx.foreach(S.roles, _role_card),
            columns=rx.breakpoints(initial="1", md="2", lg="3"),
            spacing="3",
            data_testid="roles",
        ),
        _invite_dialog(),
        _role_confirm(),
        _new_role_dialog(),
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
