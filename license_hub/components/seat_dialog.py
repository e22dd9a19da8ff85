"""The frame the license page's many-holder dialogs share (Assign persons/assets,
Bulk assign): title, what the dialog does, its body, and Cancel beside the one
action; it closes when the page mounts, so Back never shows it open again."""

from __future__ import annotations

from typing import Any

import reflex as rx


def seat_dialog(
    title,
    description,
    *body: rx.Component,
    action: rx.Component,
    open,
    on_open_change,
    on_mount,
    trigger: rx.Component | None = None,
    title_attrs: dict[str, Any] | None = None,
) -> rx.Component:
    return rx.dialog.root(
        *([rx.dialog.trigger(trigger)] if trigger is not None else []),
        rx.dialog.content(
            rx.dialog.title(title, **({"custom_attrs": title_attrs} if title_attrs else {})),
            rx.dialog.description(
                rx.text(description, size="2", color=rx.color("gray", 11)),
                margin_bottom="14px",
            ),
            rx.flex(
                *body,
                rx.flex(
                    rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                    action,
                    spacing="3",
                    justify="end",
                    margin_top="4px",
                ),
                direction="column",
                spacing="4",
            ),
            max_width="600px",
        ),
        open=open,
        on_open_change=on_open_change,
        on_mount=on_mount,
    )
