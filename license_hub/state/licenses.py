"""The license register: status chips, saved filters, search, sort, paging, the
Cards/Table switch and the Archived view (with Restore).

The URL is the source of truth — every filter change navigates to a new query
string and `load` rebuilds the page from it — so any view can be shared."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.licenses import license_list
from license_hub.services.licenses import lifecycle as licenses
from license_hub.state import views
from license_hub.state.base import AppState, _choice, _flag, _id, _page, _text, handler
from license_hub.state.labels import SAVED_FILTER_LABELS, STATUSES

PAGE_SIZE = 24  # cards
TABLE_PAGE_SIZE = 50  # the dense table
SAVED = tuple(SAVED_FILTER_LABELS)
VIEWS = ("cards", "table")
SORTS = tuple(license_list.SORTS)  # the whitelist: a sort column never comes from the browser as such
DEFAULT_SORT = "software"
LICENSE_RESTORED = "License restored"


class LicensesState(AppState):
    cards: list[dict[str, Any]] = []
    total: int = 0
    page: int = 1
    counts: dict[str, int] = {s: 0 for s in STATUSES}
    all_count: int = 0
    status: str = ""
    saved: str = ""
    search: str = ""
    software_id: int = 0
    software_name: str = ""
    view: str = "cards"
    sort: str = DEFAULT_SORT
    descending: bool = False
    archived: bool = False
    error: str = ""
    loaded: bool = False

    @rx.var
    def table(self) -> bool:
        """The archived view is always the dense table (with Restore on each row)."""
        return self.view == "table" or self.archived

    @rx.var
    def page_size(self) -> int:
        return TABLE_PAGE_SIZE if self.view == "table" or self.archived else PAGE_SIZE

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @rx.var
    def range_label(self) -> str:
        if not self.total:
            return "No licenses"
        first = (self.page - 1) * self.page_size + 1
        last = min(self.page * self.page_size, self.total)
        return f"{first}–{last} of {self.total}"

    @rx.var
    def filtered(self) -> bool:
        return bool(self.status or self.saved or self.search or self.software_id)

    def _url(self, **changes: Any) -> str:
        params = {"status": self.status, "filter": self.saved, "q": self.search,
                  "software": self.software_id or "", "view": "table" if self.view == "table" else "",
                  "sort": "" if self.sort == DEFAULT_SORT else self.sort, "dir": "desc" if self.descending else "",
                  "archived": "1" if self.archived else "", "page": self.page}
        params.update(changes)
        if params.get("page") == 1:
            params["page"] = ""
        query = urlencode({k: v for k, v in params.items() if v not in ("", None, 0)})
        return "/licenses" + (f"?{query}" if query else "")

    @handler("license.view")
    def load(self):
        """on_load: read the filters from the query string and fetch one page."""
        self.loaded = True
        self.cards, self.total = [], 0
        self.status = _choice(self._query("status"), STATUSES)
        self.saved = _choice(self._query("filter"), SAVED)
        self.search = _text(self._query("q"), 100)
        self.page = _page(self._query("page"))
        self.view = _choice(self._query("view"), VIEWS, "cards")
        self.sort = _choice(self._query("sort"), SORTS, DEFAULT_SORT)
        self.descending = self._query("dir", 4) == "desc"
        self.archived = _flag(self._query("archived", 5))
        raw_software = self._query("software", 20)
        self.software_id = _id(raw_software) if raw_software else 0
        self._fetch()

    def _fetch(self) -> None:
        today = date.today()
        with read_session() as session:
            counts = license_list.status_counts(session, search=self.search, archived=self.archived,
                                                catalog_entry_id=self.software_id or None,
                                                saved_filter=self.saved, today=today)
            cards, total = self._cards(session, today)
            if total and not cards and self.page > 1:  # ran past the end, e.g. after an archive
                self.page = max(1, -(-total // self.page_size))
                cards, total = self._cards(session, today)
        self.counts = {s: int(counts.get(s, 0)) for s in STATUSES}
        self.all_count = sum(self.counts.values())
        self.cards = [views.card(c) for c in cards]
        self.total = total
        self.software_name = self.cards[0]["software"] if self.software_id and self.cards else ""
        self.error = ""

    def _cards(self, session, today: date):
        size = self.page_size
        return license_list.list_cards(
            session, today=today, search=self.search, status=self.status, saved_filter=self.saved,
            catalog_entry_id=self.software_id or None, archived=self.archived, sort=self.sort,
            descending=self.descending, offset=(self.page - 1) * size, limit=size)

    @handler("license.view")
    def refresh(self):
        """Re-read the current page after a change made elsewhere (form, archive)."""
        self._fetch()

    @handler("license.view")
    def set_status(self, status: str):
        chosen = _choice(status, STATUSES)
        return rx.redirect(self._url(status="" if chosen == self.status else chosen, page=1), replace=True)

    @handler("license.view")
    def set_saved(self, key: str):
        chosen = _choice(key, SAVED)
        return rx.redirect(self._url(filter="" if chosen == self.saved else chosen, page=1), replace=True)

    @handler("license.view")
    def set_search(self, text: str):
        return rx.redirect(self._url(q=_text(text, 100), page=1), replace=True)

    @handler("license.view")
    def set_view(self, view: str | list[str]):
        chosen = _choice(view, VIEWS, "cards")
        return rx.redirect(self._url(view="table" if chosen == "table" else "", page=1), replace=True)

    @handler("license.view")
    def set_sort(self, key: str):
        """A header click: sort by that column, or flip the direction when it already is."""
        chosen = _choice(key, SORTS, DEFAULT_SORT)
        descending = not self.descending if chosen == self.sort else False
        return rx.redirect(self._url(sort="" if chosen == DEFAULT_SORT else chosen,
                                     dir="desc" if descending else "", page=1), replace=True)

    @handler("license.view")
    def set_archived(self, show: bool):
        return rx.redirect(self._url(archived="1" if _flag(show) else "", status="", filter="", page=1))

    @handler("license.view")
    def go_page(self, page: int):
        return rx.redirect(self._url(page=min(_page(page), self.page_count)))

    @handler("license.view")
    def clear_filters(self):
        return rx.redirect(self._url(status="", filter="", q="", software="", page=1), replace=True)

    @handler("license.manage", toast=True)
    def restore(self, license_id: int):
        with write_session() as session:
            licenses.restore(session, self._actor(), _id(license_id))
        self._fetch()
        return rx.toast.success(LICENSE_RESTORED)
