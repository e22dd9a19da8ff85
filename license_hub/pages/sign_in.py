"""Sign-in and account pages: a plain HTML form, posted to the session route."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import error_callout, shell
from license_hub.pages import page
from license_hub.pages.api_tokens import tokens_panel
from license_hub.state.api_tokens import ApiTokensState
from license_hub.state.sign_in import AccountState, SignInState


def _field(label: str, **props) -> rx.Component:
    return rx.flex(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=props.get("id")),
        rx.input(size="3", width="100%", **props),
        direction="column",
        spacing="1",
        width="100%",
    )


@page("/sign-in", "Sign in · License Hub", on_load=SignInState.load)
def sign_in_page() -> rx.Component:
    return rx.el.main(
        rx.center(
            rx.card(
                rx.flex(
                    rx.flex(
                        rx.center(
                            rx.icon("key_round", size=20, color="white"),
                            width="36px",
                            height="36px",
                            border_radius="var(--radius-3)",
                            background=rx.color("accent", 9),
                        ),
                        rx.heading("Sign in to License Hub", size="5", as_="h1"),
                        align="center",
                        spacing="3",
                    ),
                    rx.cond(SignInState.notice != "", rx.callout(SignInState.notice, icon="info", size="1")),
                    error_callout(SignInState.error),
                    rx.el.form(
                        rx.flex(
                            _field(
                                "Email",
                                id="email",
                                name="email",
                                type="email",
                                required=True,
                                default_value=SignInState.email,
                                auto_complete="username",
                                auto_focus=True,
                            ),
                            _field(
                                "Password",
                                id="password",
                                name="password",
                                type="password",
                                required=True,
                                auto_complete="current-password",
                            ),
                            rx.el.input(type="hidden", name="next", value=SignInState.next_path),
                            rx.button("Sign in", type="submit", size="3", width="100%", data_testid="sign-in"),
                            direction="column",
                            spacing="4",
                        ),
                        action="/api/v1/session",
                        method="post",
                        id="lh-sign-in",
                        # Reflex handles every form's submit; hand it back to the browser
                        # so the POST's response can set the HttpOnly session cookie.
                        on_submit=rx.call_script("document.getElementById('lh-sign-in').submit()"),
                    ),
                    direction="column",
                    spacing="4",
                ),
                size="4",
                width="380px",
            ),
            min_height="100vh",
            background=rx.color("gray", 2),
        )
    )


@page("/account", "Your account · License Hub", on_load=[AccountState.load, ApiTokensState.load])
def account_page() -> rx.Component:
    return shell(
        rx.heading("Your account", size="6", as_="h1", margin_bottom="4px"),
        rx.text(AccountState.me_email, " · ", AccountState.me_role, size="2", color=rx.color("gray", 11)),
        rx.cond(
            AccountState.first,
            rx.callout(
                "You signed in with a one-time password. Choose your own password to continue.",
                icon="info",
                color_scheme="amber",
                margin_top="16px",
            ),
        ),
        rx.card(
            rx.form(
                rx.flex(
                    rx.heading("Change password", size="3", as_="h2"),
                    error_callout(AccountState.error),
                    _field("Current password", id="current", name="current", type="password", required=True),
                    _field(
                        "New password (at least 10 characters)",
                        id="new",
                        name="new",
                        type="password",
                        required=True,
                        min_length=10,
                    ),
                    _field("New password again", id="again", name="again", type="password", required=True),
                    rx.button("Change password", type="submit", data_testid="change-password"),
                    direction="column",
                    spacing="3",
                    align="start",
                ),
                on_submit=AccountState.change_password,
                reset_on_submit=True,
            ),
            max_width="440px",
            margin_top="20px",
        ),
        tokens_panel(),
        active="",
    )
