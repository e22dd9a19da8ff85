""""View all users" of one license (seed 003): every seat holder, searchable,
sortable by every column, filtered to inactive seats (with the signal that judged
each one) or to the reclaimed history, 50 a page, with bulk reclaim and a CSV
export of exactly what the filters show. The URL holds the filters."""
from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.seats import bulk_seats
from license_hub.services.catalog import entries as catalog
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import seat_directory as sd
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _choice, _fmt_date, _id, _page, _plural, _text, handler
from license_hub.state.labels import SEAT_TYPE_LABELS

PAGE_SIZE = 50
VIEWS = tuple(sd.VIEWS)  # active, inactive, reclaimed
VIEW_LABELS = {"active": "All active", "inactive": "Inactive seats", "reclaimed": "Reclaimed history"}
WINDOWS = ("30", "60", "90", "180")
DEFAULT_WINDOW = str(sd.DEFAULT_DORMANT_DAYS)
SORTS = tuple(sd.SORTS)  # the whitelist
DEFAULT_SORT = "holder"
STATUS_COLORS = {sd.STATUS_TERMINATED: "red", sd.STATUS_INACTIVE_USER: "orange", sd.STATUS_DORMANT: "amber",
                 sd.STATUS_ACTIVE: "green", sd.STATUS_RECLAIMED: "gray"}
SIGNAL_COLORS = {sd.SIGNAL_USAGE: "blue", sd.SIGNAL_LOGIN: "violet", sd.SIGNAL_STATUS: "red", sd.SIGNAL_NONE: "gray"}
SIGNAL_HINTS = {sd.SIGNAL_USAGE: "The endpoint agent reported use of this software",
                sd.SIGNAL_LOGIN: "No agent telemetry: judged by the holder's last sign-in (a weaker proxy)",
                sd.SIGNAL_STATUS: "The holder's account is inactive or offboarded: always reclaimable",
                sd.SIGNAL_NONE: "A device or free-text seat with no usage reported"}


def _day(moment: datetime | None) -> str:
    return _fmt_date(moment.date()) if moment else "—"


def seat_row(r: sd.SeatDirectoryRow) -> dict[str, Any]:
    """One seat as the table shows it; the key is already masked."""
    return {
        "id": r.id,
        "holder": r.holder or "—",
        "person_href": f"/people/{r.person_id}" if r.person_id else "",
        "email": r.email or "—",
        "department": r.department or "—",
        "device": r.device or "—",
        "seat_key": r.seat_key_masked or "—",
        "activated": _fmt_date(r.activated_on),
        "assigned": _day(r.assigned_at),
        "assigned_by": r.assigned_by or "—",
        "last_used": _day(r.last_used_at),
        "signal": r.signal,
        "signal_color": SIGNAL_COLORS.get(r.signal, "gray"),
        "signal_hint": SIGNAL_HINTS.get(r.signal, ""),
        "last_seen": _day(r.last_seen),
        "status": r.status,
        "status_color": STATUS_COLORS.get(r.status, "gray"),
        "terminated": r.contact_terminated,
        "revoked": r.revoked_at is not None,
        "reclaimed": _day(r.revoked_at),
        "reclaimed_by": r.revoked_by or "—",
    }


class SeatUsersState(AppState):
    lic: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    total: int = 0
    counts: dict[str, int] = {v: 0 for v in VIEWS}
    page: int = 1
    view: str = "active"
    search: str = ""
    sort: str = DEFAULT_SORT
    descending: bool = False
    days: str = DEFAULT_WINDOW
    selected: list[int] = []
    reclaiming: bool = False
    error: str = ""
    not_found: str = ""
    loaded: bool = False

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def range_label(self) -> str:
        if not self.total:
            return "No seats"
        first = (self.page - 1) * PAGE_SIZE + 1
        return f"{first}–{min(self.page * PAGE_SIZE, self.total)} of {self.total}"

    @rx.var
    def selected_count(self) -> int:
        return len(self.selected)

    @rx.var
    def all_selected(self) -> bool:
        ids = [r["id"] for r in self.rows if not r["revoked"]]
        return bool(ids) and set(ids) <= set(self.selected)

    @rx.var
    def export_href(self) -> str:
        if not self.lic:
            return ""
        params = {"view": self.view, "q": self.search, "sort": self.sort, "dir": "desc" if self.descending else "",
                  "days": self.days}
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/api/v1/licenses/{self.lic['id']}/seats.csv" + (f"?{query}" if query else "")

    @rx.var
    def filtered(self) -> bool:
        return bool(self.search) or self.view != "active"

    def _url(self, **changes: Any) -> str:
        params = {"view": "" if self.view == "active" else self.view, "q": self.search,
                  "sort": "" if self.sort == DEFAULT_SORT else self.sort, "dir": "desc" if self.descending else "",
                  "days": "" if self.days == DEFAULT_WINDOW else self.days, "page": self.page}
        params.update(changes)
        if params.get("page") == 1:
            params["page"] = ""
        query = urlencode({k: v for k, v in params.items() if v not in ("", None, 0)})
        return f"/licenses/{_id(self.lic.get('id'))}/users" + (f"?{query}" if query else "")

    @handler("license.view", error="not_found")
    def load(self):
        self.loaded, self.not_found, self.error = True, "", ""
        self.lic, self.rows, self.total, self.selected = {}, [], 0, []
        self.view = _choice(self._query("view"), VIEWS, "active")
        self.search = _text(self._query("q"), 100)
        self.sort = _choice(self._query("sort"), SORTS, DEFAULT_SORT)
        self.descending = self._query("dir", 4) == "desc"
        self.days = _choice(self._query("days"), WINDOWS, DEFAULT_WINDOW)
        self.page = _page(self._query("page"))
        license_id = _id(self._route_arg("license_id"))
        with read_session() as session:
            lic = licenses.get(session, license_id)
            entry = catalog.get(session, lic.catalog_entry_id)
            self.lic = {"id": lic.id, "title": lic.name or entry.name, "software": entry.name,
                        "href": f"/licenses/{lic.id}",
                        "seats": f"{lic.seats_used} / {'Unlimited' if lic.unlimited else lic.seats_total}",
                        "seat_type": SEAT_TYPE_LABELS.get(lic.seat_type, lic.seat_type),
                        "reassignable": bool(lic.reassignable)}
        self._fetch()

    def _query_obj(self) -> sd.SeatQuery:
        return sd.SeatQuery(license_id=_id(self.lic.get("id")), search=self.search, view=self.view, sort=self.sort,
                            descending=self.descending, dormant_days=int(self.days))

    def _fetch(self) -> None:
        q = self._query_obj()
        with read_session() as session:
            found = sd.list_seat_holders(session, q, offset=(self.page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
            if found.total and not found.rows and self.page > 1:  # past the end, e.g. after a reclaim
                self.page = max(1, -(-found.total // PAGE_SIZE))
                found = sd.list_seat_holders(session, q, offset=(self.page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
            self.counts = sd.view_counts(session, q)
            lic = licenses.get(session, q.license_id)
            self.lic = {**self.lic, "seats": f"{lic.seats_used} / {'Unlimited' if lic.unlimited else lic.seats_total}"}
        self.rows = [seat_row(r) for r in found.rows]
        self.total = found.total
        shown = {r["id"] for r in self.rows if not r["revoked"]}
        self.selected = [i for i in self.selected if i in shown]

    @handler("license.view")
    def set_view(self, view: str):
        chosen = _choice(view, VIEWS, "active")
        return rx.redirect(self._url(view="" if chosen == "active" else chosen, page=1), replace=True)

    @handler("license.view")
    def set_search(self, text: str):
        return rx.redirect(self._url(q=_text(text, 100), page=1), replace=True)

    @handler("license.view")
    def set_sort(self, key: str):
        """A header click: sort by that column, or flip the direction when it already is."""
        chosen = _choice(key, SORTS, DEFAULT_SORT)
        descending = not self.descending if chosen == self.sort else False
        return rx.redirect(self._url(sort="" if chosen == DEFAULT_SORT else chosen,
                                     dir="desc" if descending else "", page=1), replace=True)

    @handler("license.view")
    def set_days(self, days: str):
        chosen = _choice(days, WINDOWS, DEFAULT_WINDOW)
        return rx.redirect(self._url(days="" if chosen == DEFAULT_WINDOW else chosen, page=1), replace=True)

    @handler("license.view")
    def go_page(self, page: int):
        return rx.redirect(self._url(page=min(_page(page), self.page_count)))

    @handler("license.view")
    def clear_filters(self):
        return rx.redirect(self._url(view="", q="", page=1), replace=True)

    @handler("license.assign")
    def toggle(self, seat_id: int, checked: bool):
        chosen = _id(seat_id)
        if not any(r["id"] == chosen and not r["revoked"] for r in self.rows):
            raise BadArgument(NOT_FOUND)
        rest = [i for i in self.selected if i != chosen]
        self.selected = rest + [chosen] if checked is True else rest

    @handler("license.assign")
    def toggle_all(self, checked: bool):
        self.selected = [r["id"] for r in self.rows if not r["revoked"]] if checked is True else []

    @handler("license.assign")
    def clear_selection(self):
        self.selected = []

    @handler("license.assign")
    def start_reclaim(self):
        self.reclaiming = True

    @handler("license.assign", toast=True)
    async def reclaim_selected(self):
        """Bulk reclaim of the ticked seats of this page: all of them, or none."""
        try:
            shown = {r["id"] for r in self.rows if not r["revoked"]}
            ids = [i for i in self.selected if i in shown]
            if not ids:
                raise BadArgument("Tick the seats to reclaim first")
            actor = self._actor()

            def work():
                with write_session() as session:
                    return bulk_seats.bulk_reclaim(session, actor, ids)

            result = await asyncio.to_thread(work)
        finally:
            self.reclaiming = False
        self.selected, self.error = [], ""
        self._fetch()
        return rx.toast.success(f"{_plural(result.reclaimed, 'seat')} reclaimed")
