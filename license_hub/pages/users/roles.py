"""The roles grid and New role: what each role may do, and a custom role as a
named set of permissions (built-in roles cannot be changed)."""

from __future__ import annotations

import reflex as rx

from license_hub.components.form_dialog import form_dialog
from license_hub.components.paging import form_field
from license_hub.state.users import PERMISSION_OPTIONS
from license_hub.state.users import UsersState as S


def _permission_badge(p) -> rx.Component:
    return rx.tooltip(
        rx.badge(p.label, variant="soft", color_scheme="gray", radius="full", size="1", data_testid="permission-badge"),
        content=p.description,
    )


def role_card(role) -> rx.Component:
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


def new_role_dialog() -> rx.Component:
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
