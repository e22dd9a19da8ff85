"""The license form's controls: a text input, a select, a switch and the panel
section around them, each flagged invalid while its error shows."""

from __future__ import annotations

import reflex as rx

from license_hub.state.license_edit import LicenseEditState as S

E = S.errors


def invalid(name: str):
    return E.contains(name)


def text_input(name: str, **props) -> rx.Component:
    bad = invalid(name)
    return rx.input(
        name=name,
        id=name,
        default_value=S.values[name].to(str),
        size="2",
        width="100%",
        variant=rx.cond(bad, "soft", "surface"),
        color_scheme=rx.cond(bad, "red", "gray"),
        aria_invalid=rx.cond(bad, "true", "false"),
        **props,
    )


def select_trigger(name: str, **props) -> rx.Component:
    bad = invalid(name)
    return rx.select.trigger(
        width="100%",
        id=name,
        variant=rx.cond(bad, "soft", "surface"),
        color_scheme=rx.cond(bad, "red", "gray"),
        **props,
    )


def select(name: str, options: list[list[str]], **props) -> rx.Component:
    if "value" not in props:  # a controlled select (kept in step by the state) has no default
        props["default_value"] = S.values[name].to(str)
    return rx.select.root(
        select_trigger(name),
        rx.select.content(*[rx.select.item(label, value=value) for value, label in options]),
        name=name,
        size="2",
        **props,
    )


def switch(name: str, label: str, hint: str = "", **props) -> rx.Component:
    """A labelled switch; the form sends true or false for it."""
    return rx.flex(
        rx.switch(
            id=name,
            name=name,
            size="2",
            **({} if "checked" in props else {"default_checked": S.flags[name].to(bool)}),
            **props,
        ),
        rx.flex(
            rx.el.label(rx.text(label, size="2", weight="medium", as_="span"), html_for=name),
            rx.text(hint, size="1", color=rx.color("gray", 11)) if hint else rx.fragment(),
            rx.cond(invalid(name), rx.text(E[name], size="1", color=rx.color("red", 11), data_testid=f"error-{name}")),
            direction="column",
        ),
        align="start",
        spacing="2",
        padding_top="22px",
    )


def field_grid(*children: rx.Component, columns: str = "3") -> rx.Component:
    return rx.grid(*children, columns=columns, spacing_x="4", spacing_y="3", width="100%")


def section(key: str, title: str, icon: str, blurb: str, *children: rx.Component) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.icon(icon, size=16, color=rx.color("accent", 11)),
            rx.heading(title, size="3", as_="h3", weight="bold"),
            rx.cond(
                S.panel_errors.contains(key),
                rx.badge("Needs attention", color_scheme="red", variant="soft", size="1", radius="full"),
            ),
            align="center",
            spacing="2",
        ),
        rx.text(blurb, size="1", color=rx.color("gray", 11)) if blurb else rx.fragment(),
        *children,
        id=f"lf-{key}",
        direction="column",
        spacing="3",
        padding_bottom="20px",
        margin_bottom="20px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        scroll_margin_top="8px",
        data_testid=f"panel-{key}",
    )
