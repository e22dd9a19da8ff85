"""Pages register themselves with `@page(...)`: the app module adds every one,
and the navigation lists those that ask for a place in it. Adding a page never
means editing a shared list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    icon: str
    permission: str
    order: int = 50
    section: str = "Software"


@dataclass(frozen=True)
class PageSpec:
    route: str
    title: str
    component: Callable
    on_load: Any
    nav: NavItem | None


PAGES: list[PageSpec] = []


def page(route: str, title: str, on_load: Any = None, nav: NavItem | None = None) -> Callable:
    def register(fn: Callable) -> Callable:
        PAGES.append(PageSpec(route, title, fn, on_load, nav))
        return fn

    return register


def nav_items() -> list[tuple[str, NavItem]]:
    """(href, item) for every page that is in the navigation, in order."""
    items = [(p.route, p.nav) for p in PAGES if p.nav is not None]
    return sorted(items, key=lambda pair: (pair[1].order, pair[1].label))
