"""The license register: status chips, saved filters, search, sort, paging, the
Cards/Table switch and the Archived view (with Restore).

Page, sort, search and the URL come from the paged-list kit (state/listing.py)."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.licenses import license_list
from license_hub.services.licenses import lifecycle as licenses
from license_hub.state.base import LIST_VIEW, AppState, _choice, _flag, _id, handler
from license_hub.state.labels import SAVED_FILTER_LABELS, STATUSES
from license_hub.state.listing import ListSpec, PagedListState
from license_hub.state.views.licenses import CardView, card

PAGE_SIZE = 24  # cards
TABLE_PAGE_SIZE = 50  # the dense table
SAVED = tuple(SAVED_FILTER_LABELS)
VIEWS = ("cards", "table")
SORTS = tuple(license_list.SORTS)  # the whitelist: a sort column never comes from the browser as such
DEFAULT_SORT = "software"
LICENSE_RESTORED = "License restored"


class LicensesState(PagedListState, AppState):
    _list: ClassVar[ListSpec] = ListSpec(
        path="/licenses", sorts=SORTS, default_sort=DEFAULT_SORT, page_size=PAGE_SIZE, empty_label="No licenses"
    )

    cards: list[CardView] = []
    counts: dict[str, int] = {s: 0 for s in STATUSES}
    all_count: int = 0
    status: str = ""
    saved: str = ""
    software_id: int = 0
    software_name: str = ""
    view: str = "cards"
    archived: bool = False

    @rx.var
    def table(self) -> bool:
        """The archived view is always the dense table (with Restore on each row)."""
        return self.view == "table" or self.archived

    @rx.var
    def filtered(self) -> bool:
        return bool(self.status or self.saved or self.search or self.software_id)

    def _size(self) -> int:
        return TABLE_PAGE_SIZE if self.view == "table" or self.archived else PAGE_SIZE

    def _read_filters(self) -> None:
        self.cards = []
        self.status = _choice(self._query("status"), STATUSES)
        self.saved = _choice(self._query("filter"), SAVED)
        self.view = _choice(self._query("view"), VIEWS, "cards")
        self.archived = _flag(self._query("archived", 5))
        raw_software = self._query("software", 20)
        self.software_id = _id(raw_software) if raw_software else 0

    def _filter_params(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "filter": self.saved,
            "software": self.software_id or "",
            "view": "table" if self.view == "table" else "",
            "archived": "1" if self.archived else "",
        }

    def _kept_params(self) -> tuple[str, ...]:
        return ("view", "archived")

    def _fetch(self) -> None:
        super()._fetch()
        with read_session() as session:
            counts = license_list.status_counts(
                session,
                search=self.search,
                archived=self.archived,
                catalog_entry_id=self.software_id or None,
                saved_filter=self.saved,
                today=date.today(),
            )
        self.counts = {s: int(counts.get(s, 0)) for s in STATUSES}
        self.all_count = sum(self.counts.values())
        self.software_name = self.cards[0].software if self.software_id and self.cards else ""
        self.error = ""

    def _fetch_rows(self, offset: int, limit: int) -> int:
        with read_session() as session:
            cards, total = license_list.list_cards(
                session,
                today=date.today(),
                search=self.search,
                status=self.status,
                saved_filter=self.saved,
                catalog_entry_id=self.software_id or None,
                archived=self.archived,
                sort=self.sort,
                descending=self.descending,
                offset=offset,
                limit=limit,
            )
        self.cards = [card(c) for c in cards]
        return total

    @handler(LIST_VIEW)
    def set_status(self, status: str):
        chosen = _choice(status, STATUSES)
        return self._navigate(status="" if chosen == self.status else chosen)

    @handler(LIST_VIEW)
    def set_saved(self, key: str):
        chosen = _choice(key, SAVED)
        return self._navigate(filter="" if chosen == self.saved else chosen)

    @handler(LIST_VIEW)
    def set_view(self, view: str | list[str]):
        chosen = _choice(view, VIEWS, "cards")
        return self._navigate(view="table" if chosen == "table" else "")

    @handler(LIST_VIEW)
    def set_archived(self, show: bool):
        return self._navigate(archived="1" if _flag(show) else "", status="", filter="")

    @handler("license.manage", toast=True)
    def restore(self, license_id: int):
        with write_session() as session:
            licenses.restore(session, self._actor(), _id(license_id))
        self._fetch()
        return rx.toast.success(LICENSE_RESTORED)
