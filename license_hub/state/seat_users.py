""" "View all users" of one license (seed 003): every seat holder, searchable,
sortable by every column, filtered to inactive seats (with the signal that judged
each one) or to the reclaimed history, 50 a page, with bulk reclaim and a CSV
export of exactly what the filters show. The URL holds the filters."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import bulk_seats
from license_hub.services.seats import seat_directory as sd
from license_hub.state.base import (
    LIST_VIEW,
    NOT_FOUND,
    AppState,
    BadArgument,
    _choice,
    _fmt_date,
    _id,
    _plural,
    handler,
)
from license_hub.state.labels import SEAT_TYPE_LABELS
from license_hub.state.listing import ListSpec, PagedListState
from license_hub.state.utilization import window_or, workspace_window
from license_hub.state.views.formatting import when
from license_hub.state.views.seats import SeatHolderView, SeatLicenseView

PAGE_SIZE = 50
VIEWS = tuple(sd.VIEWS)  # active, inactive, reclaimed
VIEW_LABELS = {"active": "All active", "inactive": "Inactive seats", "reclaimed": "Reclaimed history"}
WINDOWS = ("30", "60", "90", "180")
DEFAULT_WINDOW = str(sd.DEFAULT_DORMANT_DAYS)
SORTS = tuple(sd.SORTS)  # the whitelist
DEFAULT_SORT = "holder"
STATUS_COLORS = {
    sd.STATUS_TERMINATED: "red",
    sd.STATUS_INACTIVE_USER: "orange",
    sd.STATUS_DORMANT: "amber",
    sd.STATUS_ACTIVE: "green",
    sd.STATUS_RECLAIMED: "gray",
}
SIGNAL_COLORS = {sd.SIGNAL_USAGE: "blue", sd.SIGNAL_LOGIN: "violet", sd.SIGNAL_STATUS: "red", sd.SIGNAL_NONE: "gray"}
SIGNAL_HINTS = {
    sd.SIGNAL_USAGE: "The endpoint agent reported use of this software",
    sd.SIGNAL_LOGIN: "No agent telemetry: judged by the holder's last sign-in (a weaker proxy)",
    sd.SIGNAL_STATUS: "The holder's account is inactive or offboarded: always reclaimable",
    sd.SIGNAL_NONE: "A device or free-text seat with no usage reported",
}


def _day(moment: datetime | None) -> str:
    return when(moment, "—")


def seat_row(r: sd.SeatDirectoryRow) -> SeatHolderView:
    """One seat as the table shows it; the key is already masked."""
    return SeatHolderView(
        id=r.id,
        holder=r.holder or "—",
        person_href=f"/people/{r.person_id}" if r.person_id else "",
        email=r.email or "—",
        department=r.department or "—",
        device=r.device or "—",
        seat_key=r.seat_key_masked or "—",
        activated=_fmt_date(r.activated_on),
        assigned=_day(r.assigned_at),
        assigned_by=r.assigned_by or "—",
        last_used=_day(r.last_used_at),
        signal=r.signal,
        signal_color=SIGNAL_COLORS.get(r.signal, "gray"),
        signal_hint=SIGNAL_HINTS.get(r.signal, ""),
        last_seen=_day(r.last_seen),
        status=r.status,
        status_color=STATUS_COLORS.get(r.status, "gray"),
        terminated=r.contact_terminated,
        revoked=r.revoked_at is not None,
        reclaimed=_day(r.revoked_at),
        reclaimed_by=r.revoked_by or "—",
    )


class SeatUsersState(PagedListState, AppState):
    _list: ClassVar[ListSpec] = ListSpec(
        path="/licenses", sorts=SORTS, default_sort=DEFAULT_SORT, page_size=PAGE_SIZE, empty_label="No seats"
    )

    lic: SeatLicenseView = SeatLicenseView()
    rows: list[SeatHolderView] = []
    counts: dict[str, int] = {v: 0 for v in VIEWS}
    view: str = "active"
    days: str = DEFAULT_WINDOW
    workspace_days: str = DEFAULT_WINDOW
    selected: list[int] = []
    reclaiming: bool = False
    not_found: str = ""

    @rx.var
    def selected_count(self) -> int:
        return len(self.selected)

    @rx.var
    def all_selected(self) -> bool:
        ids = [r.id for r in self.rows if not r.revoked]
        return bool(ids) and set(ids) <= set(self.selected)

    @rx.var
    def export_href(self) -> str:
        if not self.lic.id:
            return ""
        params = {
            "view": self.view,
            "q": self.search,
            "sort": self.sort,
            "dir": "desc" if self.descending else "",
            "days": self.days,
        }
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/api/v1/licenses/{self.lic.id}/seats.csv" + (f"?{query}" if query else "")

    @rx.var
    def filtered(self) -> bool:
        return bool(self.search) or self.view != "active"

    def _path(self) -> str:
        return f"/licenses/{_id(self.lic.id)}/users"

    def _read_filters(self) -> None:
        self.view = _choice(self._query("view"), VIEWS, "active")
        self.workspace_days = workspace_window()  # "inactive" means dormant by the workspace's window
        self.days = window_or(self._query("days") or self.workspace_days, self.workspace_days)

    def _filter_params(self) -> dict[str, Any]:
        return {
            "view": "" if self.view == "active" else self.view,
            "days": "" if self.days == self.workspace_days else self.days,
        }

    def _kept_params(self) -> tuple[str, ...]:
        return ("days",)

    @handler("license.view", error="not_found")
    def load(self):
        self.not_found = ""
        self.lic, self.rows, self.total, self.selected = SeatLicenseView(), [], 0, []
        self._read_query()
        license_id = _id(self._route_arg("license_id"))
        with read_session() as session:
            lic = licenses.get(session, license_id)
            entry = catalog.get(session, lic.catalog_entry_id, include_archived=True)
            self.lic = SeatLicenseView(
                id=lic.id,
                title=lic.name or entry.name,
                software=entry.name,
                href=f"/licenses/{lic.id}",
                seats=f"{lic.seats_used} / {'Unlimited' if lic.unlimited else lic.seats_total}",
                seat_type=SEAT_TYPE_LABELS.get(lic.seat_type, lic.seat_type),
                reassignable=bool(lic.reassignable),
            )
        self._fetch()

    def _query_obj(self) -> sd.SeatQuery:
        return sd.SeatQuery(
            license_id=_id(self.lic.id),
            search=self.search,
            view=self.view,
            sort=self.sort,
            descending=self.descending,
            dormant_days=int(self.days),
        )

    def _fetch_rows(self, offset: int, limit: int) -> int:
        q = self._query_obj()
        with read_session() as session:
            found, self.counts = sd.directory_page(session, q, offset=offset, limit=limit)
            lic = licenses.get(session, q.license_id)
            self.lic = replace(
                self.lic, seats=f"{lic.seats_used} / {'Unlimited' if lic.unlimited else lic.seats_total}"
            )
        self.rows = [seat_row(r) for r in found.rows]
        shown = {r.id for r in self.rows if not r.revoked}
        self.selected = [i for i in self.selected if i in shown]
        return found.total

    @handler(LIST_VIEW)
    def set_view(self, view: str):
        chosen = _choice(view, VIEWS, "active")
        return self._navigate(view="" if chosen == "active" else chosen)

    @handler(LIST_VIEW)
    def set_days(self, days: str):
        chosen = window_or(days, self.days)
        return self._navigate(days="" if chosen == self.workspace_days else chosen)

    @handler("license.assign")
    def toggle(self, seat_id: int, checked: bool):
        chosen = _id(seat_id)
        if not any(r.id == chosen and not r.revoked for r in self.rows):
            raise BadArgument(NOT_FOUND)
        rest = [i for i in self.selected if i != chosen]
        self.selected = rest + [chosen] if checked is True else rest

    @handler("license.assign")
    def toggle_all(self, checked: bool):
        self.selected = [r.id for r in self.rows if not r.revoked] if checked is True else []

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
            shown = {r.id for r in self.rows if not r.revoked}
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
