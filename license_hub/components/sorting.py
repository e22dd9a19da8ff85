"""A table header that sorts its column on click and flips the direction on a
second click; the state keeps the sort in the URL and checks it against a whitelist."""

from __future__ import annotations

import reflex as rx


def sort_header(label: str, key: str, current, descending, on_sort, **props) -> rx.Component:
    on = current == key
    return rx.table.column_header_cell(
        rx.el.button(
            rx.flex(
                rx.text(
                    label,
                    size="1",
                    weight="medium",
                    text_transform="uppercase",
                    letter_spacing="0.04em",
                    color=rx.cond(on, rx.color("accent", 11), rx.color("gray", 11)),
                ),
                rx.cond(
                    on,
                    rx.cond(descending, rx.icon("arrow_down", size=12), rx.icon("arrow_up", size=12)),
                    rx.icon("arrow_up_down", size=12, color=rx.color("gray", 7)),
                ),
                align="center",
                spacing="1",
            ),
            on_click=on_sort(key),
            type="button",
            style={
                "background": "none",
                "border": "none",
                "padding": "0",
                "cursor": "pointer",
                "color": "inherit",
                "font": "inherit",
            },
            data_testid=f"sort-{key}",
        ),
        aria_sort=rx.cond(on, rx.cond(descending, "descending", "ascending"), "none"),
        white_space="nowrap",
        **props,
    )
