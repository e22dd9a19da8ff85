"""The frame of a one-form dialog (Add product, Edit product, New role): title, a
muted line saying what the record is, the fields, and Cancel beside the submit
button — so every such dialog closes, submits and remounts its form the same way."""

from __future__ import annotations

import reflex as rx


def form_dialog(
    title: str,
    description: str,
    *fields: rx.Component,
    submit: str,
    submit_testid: str,
    on_submit,
    form_key,
    open,
    on_open_change,
    trigger: rx.Component | None = None,
    max_width: str = "560px",
) -> rx.Component:
    """`form_key` remounts the inputs on each opening, so no value from the last one stays."""
    return rx.dialog.root(
        *([rx.dialog.trigger(trigger)] if trigger is not None else []),
        rx.dialog.content(
            rx.dialog.title(title),
            rx.dialog.description(
                rx.text(description, size="2", color=rx.color("gray", 11)),
                margin_bottom="16px",
            ),
            rx.form(
                rx.flex(
                    *fields,
                    rx.flex(
                        rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                        rx.button(submit, type="submit", data_testid=submit_testid),
                        spacing="3",
                        justify="end",
                        margin_top="8px",
                    ),
                    direction="column",
                    spacing="3",
                ),
                on_submit=on_submit,
                no_validate=True,
                key=form_key,
            ),
            max_width=max_width,
        ),
        open=open,
        on_open_change=on_open_change,
    )
