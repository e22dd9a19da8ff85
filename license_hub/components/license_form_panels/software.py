"""The Software field (seed 002): type to find a product in the catalog, or add
the typed name to it; the pick is held by the form state."""

from __future__ import annotations

import reflex as rx

from license_hub.components.license_form_panels.fields import invalid
from license_hub.components.permissions import when_can
from license_hub.state.license_edit import LicenseEditState as S

MUTED = rx.color("gray", 11)


def software_option(o) -> rx.Component:
    return rx.el.button(
        rx.text(o.label, size="2"),
        type="button",
        role="option",
        on_click=S.pick_software(o.value),
        style=OPTION_STYLE,
        _hover={"background": rx.color("accent", 3)},
        _focus_visible={"background": rx.color("accent", 3), "outline": "none"},
        data_testid="software-option",
    )


OPTION_STYLE = {
    "display": "block",
    "width": "100%",
    "text_align": "left",
    "padding": "6px 10px",
    "background": "transparent",
    "border": "none",
    "cursor": "pointer",
    "color": rx.color("gray", 12),
}


def software_field() -> rx.Component:
    """Seed 002's Software field: pick a catalog product by typing, or add the typed
    name to the catalog in the same step. The state holds the pick, as it does the owner."""
    picked = rx.el.button(
        rx.text(S.software_name, size="2", weight="medium", truncate=True),
        rx.icon("chevrons_up_down", size=14, color=rx.color("gray", 11)),
        type="button",
        id="catalog_entry_id",
        on_click=S.change_software,
        style={
            "display": "flex",
            "align_items": "center",
            "justify_content": "space-between",
            "gap": "8px",
            "width": "100%",
            "height": "32px",
            "padding": "0 10px",
            "border": f"1px solid {rx.color('gray', 7)}",
            "border_radius": "var(--radius-2)",
            "background": rx.color("gray", 1),
            "cursor": "pointer",
            "color": rx.color("gray", 12),
        },
        data_testid="picked-software",
    )
    search = rx.box(
        rx.debounce_input(
            rx.input(
                rx.input.slot(rx.icon("search", size=14)),
                value=S.software_query,
                on_change=S.search_software,
                on_focus=S.search_software(S.software_query),
                placeholder="Search the catalog or type a new product",
                auto_complete="off",
                id="catalog_entry_id",
                aria_controls="software-options",
                name="software_search",
                max_length=200,
                width="100%",
                color_scheme=rx.cond(invalid("catalog_entry_id"), "red", "gray"),
            ),
            debounce_timeout=200,
        ),
        rx.cond(
            S.software_searching,
            rx.box(
                rx.foreach(S.software_matches, software_option),
                when_can(
                    "catalog.manage",
                    rx.cond(
                        S.software_can_add,
                        rx.el.button(
                            rx.flex(
                                rx.icon("plus", size=14),
                                rx.text("Add “", S.software_query.to(str).strip(), "”", size="2", weight="medium"),
                                align="center",
                                spacing="2",
                            ),
                            type="button",
                            role="option",
                            on_click=S.add_software,
                            style={**OPTION_STYLE, "color": rx.color("accent", 11)},
                            _hover={"background": rx.color("accent", 3)},
                            data_testid="add-software",
                        ),
                    ),
                ),
                rx.cond(
                    (S.software_matches.length() == 0) & ~S.software_can_add,
                    rx.text(
                        "The catalog is empty: type the product's name to add it.",
                        size="1",
                        color=MUTED,
                        padding="6px 10px",
                    ),
                ),
                role="listbox",
                id="software-options",
                aria_label="Catalog products",
                max_height="220px",
                overflow_y="auto",
                margin_top="4px",
                border=f"1px solid {rx.color('gray', 5)}",
                border_radius="var(--radius-2)",
                background=rx.color("gray", 1),
            ),
        ),
    )
    return rx.cond(S.software_searching, search, picked)
