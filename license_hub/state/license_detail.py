"""One license: its header and key facts, and "Manage Seats" — who holds a seat,
reclaiming one, and the reclaimed history. Seats come a page at a time."""
from __future__ import annotations

from datetime import date
from typing import Any

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.licenses import license_list
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import assignments as seats
from license_hub.services.access import user_admin
from license_hub.state import views
from license_hub.state.audit_log import event_view
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _flag, _id, _page, guard
from license_hub.state.labels import BILLING_LABELS, SEAT_TYPE_LABELS

SEAT_PAGE_SIZE = 25
ACTIVITY_LIMIT = 30


def _facts(lic: Any, entry: Any, today: date) -> dict[str, Any]:
    card = views.card(license_list.to_card(lic, entry, today))
    return {
        **card,
        "entry_id": entry.id,
        "entry_href": f"/catalog/{entry.id}",
        "risk": entry.security_risk or "",
        "deployment_model": entry.deployment_model,
        "licensed_to": lic.licensed_to or "—",
        "vendor": lic.vendor or "—",
        "seat_type": SEAT_TYPE_LABELS.get(lic.seat_type, lic.seat_type),
        "billing_cycle": BILLING_LABELS.get(lic.billing_cycle, lic.billing_cycle),
        "currency": lic.currency,
        "available": "Unlimited" if card["unlimited"] else str(max(lic.seats_total - lic.seats_used, 0)),
        "notes": lic.notes,
    }


class LicenseDetailState(AppState):
    lic: dict[str, Any] = {}
    seat_rows: list[dict[str, Any]] = []
    seat_total: int = 0
    seat_page: int = 1
    show_history: bool = False
    error: str = ""
    not_found: str = ""
    loaded: bool = False
    activity: list[dict[str, Any]] = []
    activity_total: int = 0

    @rx.var
    def seat_page_count(self) -> int:
        return max(1, -(-self.seat_total // SEAT_PAGE_SIZE))

    @rx.var
    def seat_range(self) -> str:
        if not self.seat_total:
            return ""
        first = (self.seat_page - 1) * SEAT_PAGE_SIZE + 1
        return f"{first}–{min(self.seat_page * SEAT_PAGE_SIZE, self.seat_total)} of {self.seat_total}"

    @rx.event
    @guard("license.view", error="not_found")
    def load(self):
        self.loaded, self.lic, self.seat_rows, self.seat_total = True, {}, [], 0
        self.not_found, self.error, self.seat_page = "", "", 1
        self.show_history = _flag(self._query("history", 5))
        self.seat_page = _page(self._query("page"))
        self._fetch(_id(self._route_arg("license_id")))

    def _fetch(self, license_id: int) -> None:
        self.activity, self.activity_total = [], 0
        with read_session() as session:
            lic = licenses.get(session, license_id)
            entry = catalog.get(session, lic.catalog_entry_id)
            self.lic = _facts(lic, entry, date.today())
            rows, total = self._seats(session, license_id)
            if total and not rows and self.seat_page > 1:
                self.seat_page = max(1, -(-total // SEAT_PAGE_SIZE))
                rows, total = self._seats(session, license_id)
            events, self.activity_total = user_admin.license_activity(session, license_id, ACTIVITY_LIMIT,
                                                                      detailed=self._may("audits"))
        self.seat_rows = [views.seat(s) for s in rows]
        self.seat_total = total
        known = ("license_id", "catalog_entry_id")  # what the page itself already says
        self.activity = [event_view(a.event, subject=a.subject, hide=known) for a in events]

    def _seats(self, session, license_id: int):
        return seats.list_seats(session, license_id, include_revoked=self.show_history,
                                offset=(self.seat_page - 1) * SEAT_PAGE_SIZE, limit=SEAT_PAGE_SIZE)

    def _url(self, page: int, history: bool) -> str:
        query = "&".join(p for p in (("history=1" if history else ""), (f"page={page}" if page > 1 else "")) if p)
        return f"/licenses/{_id(self.lic.get('id'))}" + (f"?{query}" if query else "")

    @rx.event
    @guard("license.view")
    def refresh(self):
        if self.lic:
            self._fetch(_id(self.lic["id"]))

    @rx.event
    @guard("license.view")
    def set_history(self, show: bool):
        return rx.redirect(self._url(1, _flag(show)), replace=True)

    @rx.event
    @guard("license.view")
    def go_page(self, page: int):
        return rx.redirect(self._url(min(_page(page), self.seat_page_count), self.show_history), replace=True)

    @rx.event
    @guard("license.assign", toast=True)
    def reclaim(self, assignment_id: int):
        seat_id, license_id = _id(assignment_id), _id(self.lic.get("id"))
        # Only a seat listed on this license's page may be reclaimed from it.
        shown = next((r for r in self.seat_rows if r["id"] == seat_id and not r["revoked"]), None)
        if shown is None:
            raise BadArgument(NOT_FOUND)
        with write_session() as session:
            seats.reclaim(session, self._actor(), seat_id)
        self._fetch(license_id)
        holder = shown["holder"] if shown["holder"] != "—" else shown["device"]
        return rx.toast.success(f"Seat reclaimed from {holder}" if holder != "—" else "Seat reclaimed")

    @rx.event
    @guard("key.reveal", toast=True)
    def copy_key(self):
        license_id = _id(self.lic.get("id"))
        with write_session() as session:
            key = licenses.reveal_key(session, self._actor(), license_id)
        if not key:
            return rx.toast.info("This license has no product key")
        return [rx.set_clipboard(key), rx.toast.success("Product key copied to the clipboard")]

