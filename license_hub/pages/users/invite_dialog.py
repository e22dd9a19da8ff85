"""Invite user: an email and a role, then the temporary password shown once."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import form_field
from license_hub.components.shell import icon_button
from license_hub.state.users import UsersState as S


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


def invite_dialog() -> rx.Component:
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
