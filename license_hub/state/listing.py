"""The paged-list kit every list page shares, so page, sort, search and the URL
behave the same everywhere.

The URL is the source of truth: a filter, search, sort or page change navigates
to a new query string and `load` rebuilds the page from it, so any view can be
shared. One rule for navigation: a page change adds a history entry (Back goes
to the previous page), every other change replaces the current one. One rule for
the end of the list: a page past the last one shows the last one.

A list state is declared `class XState(PagedListState, AppState)` (the kit is a
Reflex mixin, so each list gets its own copy of the vars and handlers, and AppState
keeps it a real page state), describes itself in one annotated class attribute,
`_list: ClassVar[ListSpec] = ListSpec(...)` (Reflex turns an unannotated `_name`
into a state var), and writes only its own filters (`_read_filters`,
`_filter_params`) and its fetch (`_fetch_rows`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping
from urllib.parse import urlencode

import reflex as rx

from license_hub.state.base import LIST_VIEW, AppState, _choice, _page, _text, handler

SEARCH_LIMIT = 100


def page_count(total: int, size: int) -> int:
    """How many pages `total` rows fill, never fewer than one."""
    return max(1, -(-max(total, 0) // max(size, 1)))


def clamp_page(page: int, total: int, size: int) -> int:
    """The page to show: past the end is the last page; an empty list is page 1."""
    return min(max(page, 1), page_count(total, size))


def range_label(page: int, size: int, total: int, empty: str = "", unit: str = "") -> str:
    """ "51–100 of 130" (with a `unit`, "51–100 of 130 events" and "1 event"), or
    `empty` when there is nothing to show."""
    if total <= 0:
        return empty
    if unit and total == 1:
        return f"1 {unit}"
    first = (page - 1) * size + 1
    return f"{first}–{min(page * size, total)} of {total}" + (f" {unit}s" if unit else "")


def list_url(path: str, params: Mapping[str, Any], defaults: Mapping[str, Any] | None = None) -> str:
    """`path` with a query string holding only what differs from the defaults:
    blank values (including 0 and False), page 1 and values equal to their default
    are left out."""
    defaults = {"page": 1, **(defaults or {})}
    kept = {k: v for k, v in params.items() if v not in ("", None, False) and not (k in defaults and v == defaults[k])}
    query = urlencode(kept)
    return path + (f"?{query}" if query else "")


@dataclass(frozen=True)
class ListSpec:
    """What sets one list apart: its path, who may view it, its page size, its
    sort whitelist and default, and its range label's words (when empty, and the
    unit it counts, if it names one)."""

    path: str
    sorts: tuple[str, ...] = ()
    default_sort: str = ""
    page_size: int = 50
    empty_label: str = ""
    unit: str = ""
    view_permission: str = "license.view"


class PagedListState(AppState, mixin=True):
    """Page, size, sort (from a whitelist), search and the handlers that move
    between them. Subclasses set `_list` and implement the `_` hooks."""

    _list: ClassVar[ListSpec] = ListSpec(path="/")

    total: int = 0
    page: int = 1
    page_size: int = 50
    search: str = ""
    sort: str = ""
    descending: bool = False
    error: str = ""
    loaded: bool = False

    @rx.var
    def page_count(self) -> int:
        return page_count(self.total, self.page_size)

    @rx.var
    def range_label(self) -> str:
        return range_label(self.page, self.page_size, self.total, self._list.empty_label, self._list.unit)

    # Hooks a list state fills in.
    def _read_filters(self) -> None:
        """Read the list's own filters from the query string (they are validated here)."""

    def _filter_params(self) -> dict[str, Any]:
        """The list's own filters as query-string parameters (name → current value)."""
        return {}

    def _fetch_rows(self, offset: int, limit: int) -> int:
        """Fetch one page of rows into the state's own vars; return the total."""
        raise NotImplementedError

    def _path(self) -> str:
        """The list's path; a list under a record (/licenses/7/users) overrides this."""
        return self._list.path

    def _size(self) -> int:
        """The page size; a list whose size depends on its view overrides this."""
        return self._list.page_size

    # The shared plumbing.
    def _read_query(self) -> None:
        spec = self._list
        self.loaded, self.error = True, ""
        self.search = _text(self._query("q"), SEARCH_LIMIT)
        self.sort = _choice(self._query("sort"), spec.sorts, spec.default_sort)
        self.descending = self._query("dir", 4) == "desc"
        self.page = _page(self._query("page"))
        self._read_filters()
        self.page_size = self._size()

    def _fetch(self) -> None:
        """One page of rows; a page past the end (say, after an archive) shows the last page."""
        size = self._size()
        self.page_size = size
        total = self._fetch_rows((self.page - 1) * size, size)
        last = page_count(total, size)
        if total and self.page > last:
            self.page = last
            total = self._fetch_rows((self.page - 1) * size, size)
        self.total = total

    def _params(self) -> dict[str, Any]:
        return {
            **self._filter_params(),
            "q": self.search,
            "sort": self.sort,
            "dir": "desc" if self.descending else "",
            "page": self.page,
        }

    def _list_url(self, **changes: Any) -> str:
        return list_url(self._path(), {**self._params(), **changes}, {"sort": self._list.default_sort})

    def _navigate(self, **changes: Any) -> Any:
        """Go to the list with `changes`; anything but a page change starts again on page 1."""
        if "page" not in changes:
            changes["page"] = 1
            return rx.redirect(self._list_url(**changes), replace=True)
        return rx.redirect(self._list_url(**changes))

    @handler(LIST_VIEW)
    def load(self):
        """on_load: read the list from the query string and fetch one page."""
        self._read_query()
        self._fetch()

    @handler(LIST_VIEW)
    def refresh(self):
        """Re-read the current page after a change made elsewhere."""
        self._fetch()

    @handler(LIST_VIEW)
    def set_search(self, text: str):
        return self._navigate(q=_text(text, SEARCH_LIMIT))

    @handler(LIST_VIEW)
    def set_sort(self, key: str):
        """A header click: sort by that column, or flip the direction when it already is."""
        chosen = _choice(key, self._list.sorts, self._list.default_sort)
        descending = not self.descending if chosen == self.sort else False
        return self._navigate(sort=chosen, dir="desc" if descending else "")

    @handler(LIST_VIEW)
    def go_page(self, page: int):
        return self._navigate(page=min(_page(page), page_count(self.total, self.page_size)))

    @handler(LIST_VIEW)
    def clear_filters(self):
        """Drop the search and every filter of the list (the view and sort stay)."""
        return self._navigate(q="", **{name: "" for name in self._filter_params() if name not in self._kept_params()})

    def _kept_params(self) -> tuple[str, ...]:
        """Parameters Clear filters keeps (a view switch, say)."""
        return ()
