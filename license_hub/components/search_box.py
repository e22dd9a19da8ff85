"""The search field of a list page's toolbar: a magnifier, the list's own
placeholder and name for assistive technology, and a pause before the list
reloads, so a word typed is one query, not one per key."""

from __future__ import annotations

from typing import Any

import reflex as rx


def search_box(
    value: Any,
    on_change: Any,
    placeholder: str,
    label: str,
    *,
    width: str = "300px",
    icon: bool = True,
    debounce_ms: int = 350,
    **props: Any,
) -> rx.Component:
    slot = [rx.input.slot(rx.icon("search", size=14))] if icon else []
    return rx.debounce_input(
        rx.input(
            *slot,
            value=value,
            on_change=on_change,
            placeholder=placeholder,
            type="search",
            width=width,
            aria_label=label,
            **props,
        ),
        debounce_timeout=debounce_ms,
    )
