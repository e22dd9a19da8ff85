"""The confirmation before a change that is hard to take back (archive, deactivate,
a role change): a question, what happens, Cancel and the one action — so every
such question looks and reads the same."""

from __future__ import annotations

import reflex as rx


def confirm_dialog(
    title,
    *text,
    action: rx.Component,
    trigger: rx.Component | None = None,
    max_width: str = "440px",
    **root_props,
) -> rx.Component:
    """`text` is what happens, as the pieces of one paragraph; `root_props` carry
    `open`/`on_open_change` for a confirmation the state opens itself."""
    return rx.alert_dialog.root(
        *([rx.alert_dialog.trigger(trigger)] if trigger is not None else []),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(rx.text(*text, size="2")),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(action),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width=max_width,
        ),
        **root_props,
    )
