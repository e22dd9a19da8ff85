"""The API tokens panel of the account page: the tokens table with confirmed
revoke, and the create dialog that shows the secret once."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import form_field, header_cell
from license_hub.state.api_tokens import EXPIRY_OPTIONS
from license_hub.state.api_tokens import ApiTokensState as S


def _status(status) -> rx.Component:
    return rx.badge(
        status,
        color_scheme=rx.match(status, ("active", "green"), ("expired", "red"), "gray"),
        variant="soft",
        radius="full",
        data_testid="token-status",
    )


def _row(row) -> rx.Component:
    muted = rx.color("gray", 11)
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.text(row.name, weight="medium", size="2"),
                rx.code(row.prefix, size="1", variant="ghost", color=muted),
                direction="column",
            )
        ),
        rx.cond(S.is_admin, rx.table.cell(rx.text(row.owner, size="2"))),
        rx.table.cell(rx.text(row.scopes, size="1", color=muted), max_width="260px"),
        rx.table.cell(rx.text(row.expires, size="2", color=muted, white_space="nowrap")),
        rx.table.cell(rx.text(row.last_used, size="2", color=muted)),
        rx.table.cell(_status(row.status)),
        rx.table.cell(
            rx.cond(
                row.status == "active",
                rx.button(
                    "Revoke",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    data_testid="revoke-token",
                    on_click=S.ask_revoke(row.id, row.name),
                ),
            ),
            text_align="right",
        ),
        align="center",
        data_testid="token-row",
    )


def _table() -> rx.Component:
    return rx.cond(~S.loaded, rx.flex(rx.spinner(size="2"), justify="center", padding="12px"), _tokens())


def _tokens() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    header_cell("Token"),
                    rx.cond(S.is_admin, header_cell("Owner")),
                    header_cell("Scopes"),
                    header_cell("Expires"),
                    header_cell("Last used"),
                    header_cell("Status"),
                    header_cell("", text_align="right"),
                )
            ),
            rx.table.body(rx.foreach(S.rows, _row)),
            variant="surface",
            size="1",
            width="100%",
            data_testid="tokens-table",
        ),
        rx.callout(
            "No API tokens yet. Create one to let a script or integration use the REST API "
            "(documented at /api/v1/docs).",
            icon="key_round",
            color_scheme="gray",
            size="1",
            data_testid="tokens-empty",
        ),
    )


def _scope_checkbox(option) -> rx.Component:
    return rx.flex(
        rx.checkbox(
            checked=S.chosen_scopes.contains(option[0]),
            on_change=lambda c: S.toggle_scope(option[0], c),
            id="scope-" + option[0].to(str),
            data_testid="scope-" + option[0].to(str),
        ),
        rx.el.label(
            rx.flex(
                rx.code(option[0], size="1"),
                rx.text(option[1], size="1", color=rx.color("gray", 11)),
                direction="column",
            ),
            html_for="scope-" + option[0].to(str),
        ),
        spacing="2",
        align="start",
    )


def _create_form() -> rx.Component:
    e = S.errors
    return rx.form(
        rx.flex(
            form_field(
                "Name",
                "name",
                rx.input(name="name", id="name", max_length=100, auto_focus=True, placeholder="e.g. CI sync"),
                e,
                required=True,
            ),
            rx.cond(
                S.is_admin,
                form_field(
                    "For",
                    "owner",
                    rx.select.root(
                        rx.select.trigger(width="100%", id="owner", aria_label="Token owner"),
                        rx.select.content(rx.foreach(S.owner_options, lambda o: rx.select.item(o[1], value=o[0]))),
                        name="owner",
                        default_value=S.owner_options[0][0],
                    ),
                    e,
                    hint="Admins can create a token for a service account",
                ),
            ),
            form_field(
                "Scopes",
                "scopes",
                rx.flex(rx.foreach(S.scope_options, _scope_checkbox), direction="column", spacing="2"),
                e,
                required=True,
            ),
            form_field(
                "Expires",
                "expires",
                rx.select.root(
                    rx.select.trigger(width="100%", id="expires", aria_label="Expiry"),
                    rx.select.content(*[rx.select.item(label, value=key) for key, label in EXPIRY_OPTIONS]),
                    name="expires",
                    default_value="90",
                ),
                e,
            ),
            rx.flex(
                rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                rx.button("Create token", type="submit", data_testid="create-token-submit"),
                spacing="3",
                justify="end",
            ),
            direction="column",
            spacing="3",
        ),
        on_submit=S.create,
        no_validate=True,
        key=S.form_key,
    )


def _created() -> rx.Component:
    return rx.flex(
        rx.callout(
            "Copy this token now. It is shown once and cannot be shown again.",
            icon="triangle_alert",
            color_scheme="amber",
            size="1",
        ),
        rx.code(S.created_secret, size="2", data_testid="token-secret", style={"word_break": "break-all"}),
        rx.flex(
            rx.button(
                rx.icon("copy", size=14),
                "Copy",
                variant="soft",
                on_click=[rx.set_clipboard(S.created_secret), rx.toast.success("Copied")],
            ),
            rx.dialog.close(rx.button("Done", data_testid="token-done")),
            spacing="3",
            justify="end",
        ),
        direction="column",
        spacing="3",
    )


def _create_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.created_secret != "", "Token " + S.created_name + " created", "New API token")),
            rx.dialog.description(
                rx.text("A token acts as you, limited to the scopes you choose.", size="2", color=rx.color("gray", 11)),
                margin_bottom="12px",
            ),
            rx.cond(S.created_secret != "", _created(), _create_form()),
            max_width="520px",
        ),
        open=S.create_open,
        on_open_change=S.set_create_open,
    )


def _revoke_confirm() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Revoke " + S.revoke_name + "?"),
            rx.alert_dialog.description(
                rx.text("Scripts using this token stop working on their next request. This cannot be undone.", size="2")
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button("Cancel", variant="soft", color_scheme="gray", on_click=S.cancel_revoke)
                ),
                rx.alert_dialog.action(
                    rx.button("Revoke", color_scheme="red", on_click=S.revoke, data_testid="confirm-revoke")
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="440px",
        ),
        open=S.revoke_id != "",
    )


def tokens_panel() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.flex(
                    rx.heading("API tokens", size="3", as_="h2"),
                    rx.text("For scripts and integrations using the REST API.", size="1", color=rx.color("gray", 11)),
                    direction="column",
                ),
                rx.button(
                    rx.icon("plus", size=14),
                    "New token",
                    on_click=S.open_create,
                    size="2",
                    disabled=~S.loaded,  # a click before the tokens load would be undone by the load
                    data_testid="new-token",
                ),
                justify="between",
                align="center",
                width="100%",
            ),
            _table(),
            direction="column",
            spacing="3",
        ),
        _create_dialog(),
        _revoke_confirm(),
        margin_top="20px",
        width="100%",
        data_testid="tokens-panel",
    )
