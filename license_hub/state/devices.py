"""/devices — the machines that hold device-based seats: searchable, sortable,
50 a page, imported from CSV; and /devices/[device_id], one device with every
seat it holds across licenses (each reclaimable). The URL holds the filters."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.directory import listing as directory
from license_hub.services.seats import assignments as seats
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _choice, _fmt_date, _id, _page, _text, guard
from license_hub.state.people import when

PAGE_SIZE = 50
SORTS = tuple(directory.DEVICE_SORTS)
DEFAULT_SORT = "name"


def profile_seat(s: directory.ProfileSeat) -> dict[str, Any]:
    """A seat on a person's or device's profile; the key is already masked."""
    return {"id": s.assignment_id, "license_href": f"/licenses/{s.license_id}", "software": s.software,
            "license": s.license_name or s.software, "activated": _fmt_date(s.activated_on),
            "last_used": when(s.last_used_at, "—"), "seat_key": s.seat_key_masked or "—", "device": s.device or "—"}


class DevicesState(AppState):
    rows: list[dict[str, Any]] = []
    total: int = 0
    page: int = 1
    search: str = ""
    sort: str = DEFAULT_SORT
    descending: bool = False
    error: str = ""
    loaded: bool = False

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def range_label(self) -> str:
        if not self.total:
            return "No devices"
        first = (self.page - 1) * PAGE_SIZE + 1
        return f"{first}–{min(self.page * PAGE_SIZE, self.total)} of {self.total}"

    def _url(self, **changes: Any) -> str:
        params = {"q": self.search, "sort": "" if self.sort == DEFAULT_SORT else self.sort,
                  "dir": "desc" if self.descending else "", "page": self.page}
        params.update(changes)
        if params.get("page") == 1:
            params["page"] = ""
        query = urlencode({k: v for k, v in params.items() if v not in ("", None, 0)})
        return "/devices" + (f"?{query}" if query else "")

    @rx.event
    @guard("license.view")
    def load(self):
        self.loaded, self.error = True, ""
        self.search = _text(self._query("q"), 100)
        self.sort = _choice(self._query("sort"), SORTS, DEFAULT_SORT)
        self.descending = self._query("dir", 4) == "desc"
        self.page = _page(self._query("page"))
        self._fetch()

    def _fetch(self) -> None:
        offset = (self.page - 1) * PAGE_SIZE
        with read_session() as session:
            found, total = directory.list_devices(session, search=self.search, sort=self.sort,
                                                  descending=self.descending, offset=offset, limit=PAGE_SIZE)
        self.rows = [{"id": d.id, "href": f"/devices/{d.id}", "name": d.name, "hostname": d.hostname or "—",
                      "owner": d.owner or "—", "owner_href": f"/people/{d.owner_id}" if d.owner_id else "",
                      "os": d.os or "—", "seats": d.active_seats} for d in found]
        self.total = total

    @rx.event
    @guard("license.view")
    def refresh(self):
        self._fetch()

    @rx.event
    @guard("license.view")
    def set_search(self, text: str):
        return rx.redirect(self._url(q=_text(text, 100), page=1), replace=True)

    @rx.event
    @guard("license.view")
    def set_sort(self, key: str):
        chosen = _choice(key, SORTS, DEFAULT_SORT)
        descending = not self.descending if chosen == self.sort else False
        return rx.redirect(self._url(sort="" if chosen == DEFAULT_SORT else chosen,
                                     dir="desc" if descending else "", page=1), replace=True)

    @rx.event
    @guard("license.view")
    def go_page(self, page: int):
        return rx.redirect(self._url(page=min(_page(page), self.page_count)))


class DeviceState(AppState):
    device: dict[str, Any] = {}
    seats: list[dict[str, Any]] = []
    error: str = ""
    not_found: str = ""

    @rx.event
    @guard("license.view", error="not_found")
    def load(self):
        self.device, self.seats, self.error, self.not_found = {}, [], "", ""
        self._fetch(_id(self._route_arg("device_id")))

    def _fetch(self, device_id: int) -> None:
        with read_session() as session:
            d = directory.device_profile(session, device_id)
        self.device = {"id": d.id, "name": d.name, "hostname": d.hostname or "—", "os": d.os or "—",
                       "owner": d.owner or "—", "owner_href": f"/people/{d.owner_id}" if d.owner_id else "",
                       "added": when(d.created_at, "—"), "archived": d.archived_at is not None}
        self.seats = [profile_seat(s) for s in d.seats]

    @rx.event
    @guard("license.assign", toast=True)
    def reclaim(self, assignment_id: int):
        seat_id = _id(assignment_id)
        shown = next((s for s in self.seats if s["id"] == seat_id), None)  # only a seat this profile lists
        if shown is None:
            raise BadArgument(NOT_FOUND)
        with write_session() as session:
            seats.reclaim(session, self._actor(), seat_id)
        self.error = ""
        self._fetch(_id(self.device.get("id")))
        return rx.toast.success(f"Seat of {shown['license']} reclaimed from {self.device['name']}")
