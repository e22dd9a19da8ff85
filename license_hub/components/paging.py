"""Server-side paging controls and dense table pieces shared by lists."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import icon_button


def pager(range_label, page, page_count, on_page, testid: str = "pager") -> rx.Component:
    """ "1–24 of 130" with previous/next; `on_page` is called with the target page."""
    return rx.flex(
        rx.text(range_label, size="2", color=rx.color("gray", 11), data_testid=f"{testid}-range"),
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
            color=rx.color("gray", 11),
            text_transform="uppercase",
            letter_spacing="0.04em",
        ),
        white_space="nowrap",
        **props,
    )


def _control(component, element_id: str):
    """The element the label points at (id == the field's name), wherever the
    control wraps it (a debounced input, a select's trigger)."""
    own = getattr(component, "id", None)
    if isinstance(own, str) and own == element_id:
        return component
    for child in getattr(component, "children", []):
        found = _control(child, element_id)
        if found is not None:
            return found
    return None


def form_field(
    label: str, name: str, control: rx.Component, errors, hint: str | rx.Var = "", required: bool = False
) -> rx.Component:
    """A labelled control with its error (from a ValidationError) right below it.
    The control is described by the message, invalid while it shows an error, and
    required for assistive technology when the asterisk shows it; the message
    is a live region, so a new error is announced."""
    message_id = f"{name}-message"
    target = _control(control, name)
    if target is not None:
        attrs = {"aria-describedby": message_id}
        if "aria-invalid" not in target.custom_attrs:
            attrs["aria-invalid"] = rx.cond(errors.contains(name), "true", "false")
        if required:
            attrs["aria-required"] = "true"
        target.custom_attrs.update(attrs)
    return rx.flex(
        rx.flex(
            rx.el.label(
                rx.text(label, size="2", weight="medium", color=rx.color("gray", 12), as_="span"), html_for=name
            ),
            rx.text("*", size="2", color=rx.color("red", 11), aria_hidden="true", as_="span")
            if required
            else rx.fragment(),
            spacing="1",
        ),
        control,
        rx.box(
            rx.cond(
                errors.contains(name),
                rx.text(errors[name], size="1", color=rx.color("red", 11), data_testid=f"error-{name}"),
                rx.fragment()
                if isinstance(hint, str) and not hint
                else rx.text(hint, size="1", color=rx.color("gray", 11)),
            ),
            id=message_id,
            aria_live="polite",
        ),
        direction="column",
        spacing="1",
        min_width="0",
    )
