"""Server-side paging controls and dense table pieces shared by lists."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import icon_button


def pager(range_label, page, page_count, on_page, testid: str = "pager") -> rx.Component:
    """ "1–24 of 130" with previous/next; `on_page` is called with the target page."""
    return rx.flex(
        rx.text(range_label, size="2", color=rx.color("gray", 10), data_testid=f"{testid}-range"),
        rx.flex(
            icon_button(
                "chevron_left",
                16,
                variant="soft",
                color_scheme="gray",
                size="1",
                disabled=page <= 1,
                on_click=on_page(page - 1),
                aria_label="Previous page",
            ),
            rx.text(f"Page {page} of {page_count}", size="2", color=rx.color("gray", 11)),
            icon_button(
                "chevron_right",
                16,
                variant="soft",
                color_scheme="gray",
                size="1",
                disabled=page >= page_count,
                on_click=on_page(page + 1),
                aria_label="Next page",
            ),
            spacing="2",
            align="center",
        ),
        justify="between",
        align="center",
        padding_top="12px",
        data_testid=testid,
    )


def header_cell(text: str, **props) -> rx.Component:
    return rx.table.column_header_cell(
        rx.text(
            text,
            size="1",
            weight="medium",
            color=rx.color("gray", 10),
            text_transform="uppercase",
            letter_spacing="0.04em",
        ),
        white_space="nowrap",
        **props,
    )


def form_field(
    label: str, name: str, control: rx.Component, errors, hint: str | rx.Var = "", required: bool = False
) -> rx.Component:
    """A labelled control with its error (from a ValidationError) right below it."""
    return rx.flex(
        rx.flex(
            rx.el.label(
                rx.text(label, size="2", weight="medium", color=rx.color("gray", 12), as_="span"), html_for=name
            ),
            rx.text("*", size="2", color=rx.color("red", 10), aria_hidden="true", as_="span")
            if required
            else rx.fragment(),
            spacing="1",
        ),
        control,
        rx.cond(
            errors.contains(name),
            rx.text(errors[name], size="1", color=rx.color("red", 11), data_testid=f"error-{name}"),
            rx.fragment() if isinstance(hint, str) and not hint else rx.text(hint, size="1", color=rx.color("gray", 9)),
        ),
        direction="column",
        spacing="1",
        min_width="0",
    )
