"""The license register: status chips, saved filters, search and paging.

The URL is the source of truth — every filter change navigates to a new query
string and `load` rebuilds the page from it — so any view can be shared."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session
from license_hub.services import license_list
from license_hub.state import views
from license_hub.state.base import AppState, _choice, _id, _page, _text, guard
from license_hub.state.labels import SAVED_FILTER_LABELS, STATUSES

PAGE_SIZE = 24
SAVED = tuple(SAVED_FILTER_LABELS)


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
    error: str = ""
    loaded: bool = False

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def range_label(self) -> str:
        if not self.total:
            return "No licenses"
        first = (self.page - 1) * PAGE_SIZE + 1
        last = min(self.page * PAGE_SIZE, self.total)
        return f"{first}–{last} of {self.total}"

    @rx.var
    def filtered(self) -> bool:
        return bool(self.status or self.saved or self.search or self.software_id)

    def _url(self, **changes: Any) -> str:
        params = {"status": self.status, "filter": self.saved, "q": self.search,
                  "software": self.software_id or "", "page": self.page}
        params.update(changes)
        if params.get("page") == 1:
            params["page"] = ""
        query = urlencode({k: v for k, v in params.items() if v not in ("", None, 0)})
        return "/licenses" + (f"?{query}" if query else "")

    @rx.event
    @guard("license.view")
    def load(self):
        """on_load: read the filters from the query string and fetch one page."""
        self.loaded = True
        self.cards, self.total = [], 0
        self.status = _choice(self._query("status"), STATUSES)
        self.saved = _choice(self._query("filter"), SAVED)
        self.search = _text(self._query("q"), 100)
        self.page = _page(self._query("page"))
        raw_software = self._query("software", 20)
        self.software_id = _id(raw_software) if raw_software else 0
        self._fetch()

    def _fetch(self) -> None:
        today = date.today()
        with read_session() as session:
            counts = license_list.status_counts(session, search=self.search)
            cards, total = self._cards(session, today)
            if total and not cards and self.page > 1:  # ran past the end, e.g. after an archive
                self.page = max(1, -(-total // PAGE_SIZE))
                cards, total = self._cards(session, today)
        self.counts = {s: int(counts.get(s, 0)) for s in STATUSES}
        self.all_count = sum(self.counts.values())
        self.cards = [views.card(c) for c in cards]
        self.total = total
        self.software_name = self.cards[0]["software"] if self.software_id and self.cards else ""
        self.error = ""

    def _cards(self, session, today: date):
        return license_list.list_cards(
            session, today=today, search=self.search, status=self.status, saved_filter=self.saved,
            catalog_entry_id=self.software_id or None, offset=(self.page - 1) * PAGE_SIZE, limit=PAGE_SIZE)

    @rx.event
    @guard("license.view")
    def refresh(self):
        """Re-read the current page after a change made elsewhere (form, archive)."""
        self._fetch()

    @rx.event
    @guard("license.view")
    def set_status(self, status: str):
        chosen = _choice(status, STATUSES)
        return rx.redirect(self._url(status="" if chosen == self.status else chosen, page=1), replace=True)

    @rx.event
    @guard("license.view")
    def set_saved(self, key: str):
        chosen = _choice(key, SAVED)
        return rx.redirect(self._url(filter="" if chosen == self.saved else chosen, page=1), replace=True)

    @rx.event
    @guard("license.view")
    def set_search(self, text: str):
        return rx.redirect(self._url(q=_text(text, 100), page=1), replace=True)

    @rx.event
    @guard("license.view")
    def go_page(self, page: int):
        return rx.redirect(self._url(page=min(_page(page), self.page_count)))

    @rx.event
    @guard("license.view")
    def clear_filters(self):
        return rx.redirect("/licenses", replace=True)
