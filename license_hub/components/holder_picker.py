"""The one person/device picker: a labelled search box controlling a listbox of
matches, for one holder (shown picked, with a clear button) or many (shown as
removable chips). assets/keyboard.js makes every such listbox keyboard-operable:
ArrowDown into the options, Enter or Space picks, Escape returns to the box.
The state side lives in state/picker.py: the search and the "only what the
search offered" rule every pick handler follows."""

from __future__ import annotations

import reflex as rx

from license_hub.components.badges import brand_avatar
from license_hub.components.shell import icon_button

MUTED = rx.color("gray", 11)
PERSON, DEVICE = "person", "device"


def _option(item, kind: str, on_pick, testid: str, compact: bool) -> rx.Component:
    if kind == DEVICE:
        lead, title, sub, side = rx.icon("monitor", size=16, color=MUTED), item.name, item.hostname, item.owner
    else:
        lead, title, sub, side = brand_avatar(item.initials, item.avatar_color, size="1"), item.name, item.email, ""
    if kind == PERSON and not compact:
        side = item.department
    body = (
        [rx.text(title, size="2", weight="medium"), rx.text(sub, size="1", color=MUTED, truncate=True)]
        if compact
        else [
            rx.flex(rx.text(title, size="2", weight="medium"), rx.text(sub, size="1", color=MUTED), direction="column"),
            rx.spacer(),
            rx.text(side, size="1", color=MUTED),
        ]
    )
    return rx.flex(
        lead,
        *body,
        align="center",
        spacing="2",
        padding="6px 10px",
        cursor="pointer",
        role="option",
        tab_index=-1,
        _hover={"background": rx.color("accent", 3)},
        _focus={"background": rx.color("accent", 3), "outline": "none"},
        on_click=on_pick(item.id),
        data_testid=testid,
    )


def _picked(item, kind: str, on_clear, clear_label: str, testid: str, compact: bool) -> rx.Component:
    """The chosen holder; `testid` names its text, so a test reads exactly what it says."""
    if kind == DEVICE:
        lead = rx.icon("monitor", size=18, color=rx.color("accent", 11))
        lines = [rx.text(item.name, size="2", weight="medium"), rx.text(item.hostname, size="1", color=MUTED)]
    else:
        lead = brand_avatar(item.initials, item.avatar_color, size="1" if compact else "2")
        lines = [rx.text(item.name, size="2", weight="medium", truncate=True)]
        if not compact:
            lines.append(rx.text(item.email, size="1", color=MUTED))
    box = {"height": "32px", "padding_x": "8px"} if compact else {"padding": "8px 10px"}
    return rx.flex(
        lead,
        rx.flex(*lines, direction="column", data_testid=testid, min_width="0"),
        rx.spacer(),
        icon_button(
            "x",
            14,
            variant="ghost",
            color_scheme="gray",
            size="1" if compact else "2",
            type="button",
            on_click=on_clear,
            aria_label=clear_label,
        ),
        align="center",
        spacing="2",
        border=f"1px solid {rx.color('accent', 6)}",
        border_radius="var(--radius-2)",
        background=rx.color("accent", 2),
        **box,
    )


def _chip(item, on_remove, testid: str) -> rx.Component:
    return rx.badge(
        item.name,
        rx.el.button(
            rx.icon("x", size=12),
            type="button",
            on_click=on_remove(item.id),
            aria_label="Remove " + item.name,
            style={
                "background": "none",
                "border": "none",
                "padding": "0",
                "cursor": "pointer",
                "color": "inherit",
                "display": "inline-flex",
            },
        ),
        variant="soft",
        radius="full",
        size="2",
        data_testid=testid,
    )


def holder_picker(
    *,
    kind: str,
    label: str,
    listbox_id: str,
    listbox_label: str,
    query: rx.Var,
    options: rx.Var,
    on_search,
    on_pick,
    option_testid: str,
    placeholder: str,
    searched: rx.Var | None = None,
    empty_text: str = "",
    picked: rx.Var | None = None,
    on_clear=None,
    clear_label: str = "",
    picked_testid: str = "",
    chosen: rx.Var | None = None,
    on_remove=None,
    chip_testid: str = "",
    chips_testid: str = "",
    input_id: str | None = None,
    input_name: str | None = None,
    compact: bool = False,
) -> rx.Component:
    """One picker for people (`kind="person"`) or devices (`kind="device"`).

    Single select: pass `picked` (a view whose id is 0 when none) with `on_clear`.
    Multi select: pass `chosen` (a list of views) with `on_remove`; the box stays
    open for the next pick. `label` is the search box's accessible name; when the
    picker sits in a form_field, `input_id` ties the visible label to it instead.
    """
    field = {"aria_label": label} if input_id is None else {"id": input_id}
    if input_name:
        field["name"] = input_name
    listbox = rx.box(
        rx.foreach(options, lambda item: _option(item, kind, on_pick, option_testid, compact)),
        role="listbox",
        id=listbox_id,
        aria_label=listbox_label,
        margin_top="4px",
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-2)",
        background=rx.color("gray", 1),
        box_shadow="var(--shadow-3)",
        max_height="220px",
        overflow_y="auto",
        **({"position": "absolute", "z_index": "5", "width": "100%"} if compact else {}),
    )
    empty = (
        rx.cond(searched, rx.text(empty_text, size="1", color=MUTED, padding_top="4px"))
        if searched is not None and empty_text
        else rx.fragment()
    )
    search = rx.box(
        rx.debounce_input(
            rx.input(
                rx.input.slot(rx.icon("search", size=14)),
                value=query,
                on_change=on_search,
                placeholder=placeholder,
                auto_complete="off",
                # Points at the listbox only while it is there: an id with no element is invalid ARIA.
                aria_controls=rx.cond(options.length() > 0, listbox_id, None),
                aria_autocomplete="list",
                width="100%",
                **field,
            ),
            debounce_timeout=250,
        ),
        rx.cond(options.length() > 0, listbox, empty),
        **({"position": "relative"} if compact else {}),
    )
    if chosen is not None:
        return rx.flex(
            rx.cond(
                chosen.length() > 0,
                rx.flex(
                    rx.foreach(chosen, lambda item: _chip(item, on_remove, chip_testid)),
                    spacing="2",
                    wrap="wrap",
                    data_testid=chips_testid or None,
                ),
            ),
            search,
            direction="column",
            spacing="2",
        )
    return rx.cond(picked.id > 0, _picked(picked, kind, on_clear, clear_label, picked_testid, compact), search)
