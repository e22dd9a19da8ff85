"""The users table's two confirmations: deactivate or reactivate someone, and a
role change, each saying what happens before it does."""

from __future__ import annotations

import reflex as rx

from license_hub.components.confirm_dialog import confirm_dialog
from license_hub.state.users import UsersState as S


def active_confirm(row) -> rx.Component:
    """Deactivate or reactivate, after a confirmation that says what happens."""
    deactivate = row.active
    return confirm_dialog(
        rx.cond(deactivate, "Deactivate " + row.name.to(str) + "?", "Reactivate " + row.name.to(str) + "?"),
        rx.cond(
            deactivate,
            "They are signed out everywhere and can no longer sign in. Their history stays, and you "
            "can reactivate them later.",
            "They can sign in again with their existing password and their current role.",
        ),
        action=rx.button(
            rx.cond(deactivate, "Deactivate", "Reactivate"),
            color_scheme=rx.cond(deactivate, "red", "green"),
            on_click=S.set_active(row.id, rx.cond(deactivate, False, True)),
            data_testid="confirm-active",
        ),
        trigger=rx.button(
            rx.cond(deactivate, "Deactivate", "Reactivate"),
            size="1",
            variant="soft",
            color_scheme=rx.cond(deactivate, "red", "green"),
            data_testid="toggle-active",
        ),
    )


def role_confirm() -> rx.Component:
    p = S.pending
    return confirm_dialog(
        "Change role?",
        rx.text.strong(p["name"]),
        " goes from ",
        rx.text.strong(p["from"]),
        " to ",
        rx.text.strong(p["to"]),
        ". What they can see and do changes at their next click.",
        action=rx.button("Change role", on_click=S.confirm_role, data_testid="confirm-role"),
        open=S.role_confirm_open,
        on_open_change=S.set_role_confirm,
    )
