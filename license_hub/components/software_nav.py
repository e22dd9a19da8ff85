"""Seed 003's shared sub-nav: "A shared sub-nav at the top of every software page
switches between three views: Catalog, Licenses, and Utilization." The shell
draws it on every page whose left-nav entry is one of the three."""

from __future__ import annotations

import reflex as rx

# (key, label, href): the key is the page's `active` name in the shell.
VIEWS = (
    ("catalog", "Catalog", "/catalog"),
    ("licenses", "Licenses", "/licenses"),
    ("utilization", "Utilization", "/utilization"),
)
SOFTWARE_PAGES = frozenset(key for key, _, _ in VIEWS)


def _view(key: str, label: str, href: str, active: str) -> rx.Component:
    on = key == active
    return rx.link(
        label,
        href=href,
        size="2",
        weight="medium",
        underline="none",
        padding="8px 12px",
        margin_bottom="-1px",
        color=rx.color("gray", 12) if on else rx.color("gray", 11),
        border_bottom=f"2px solid {rx.color('accent', 9)}" if on else "2px solid transparent",
        _hover={"color": rx.color("gray", 12)},
        _focus_visible={"outline": f"2px solid {rx.color('accent', 8)}", "outline_offset": "-2px"},
        aria_current="page" if on else None,
        data_testid=f"subnav-{key}",
    )


def software_nav(active: str) -> rx.Component:
    """Three plain links (Tab reaches each one); the current view carries aria-current."""
    return rx.el.nav(
        rx.flex(*[_view(key, label, href, active) for key, label, href in VIEWS], spacing="1"),
        aria_label="Software views",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        margin_bottom="20px",
        data_testid="software-subnav",
    )
