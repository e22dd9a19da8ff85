"""One license: its header and key facts, and "Manage Seats" — who holds a seat,
reclaiming one, and the reclaimed history. Seats come a page at a time."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any, ClassVar

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.models import Person
from license_hub.services.access import user_admin
from license_hub.services.catalog import entries as catalog
from license_hub.services.licenses import license_list
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import assignments as seats
from license_hub.state.audit_log import event_view
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _flag, _id, handler
from license_hub.state.labels import ALLOCATION_LABELS, BILLING_LABELS, SEAT_TYPE_LABELS, STATUS_LABELS
from license_hub.state.listing import ListSpec, PagedListState
from license_hub.state.views import licenses as views
from license_hub.state.views.audit import EventView
from license_hub.state.views.licenses import FactPanelView, LicenseFactsView, SeatView, record_panels

SEAT_PAGE_SIZE = 25
_VALUE_LABELS = {
    "status": STATUS_LABELS,
    "billing_cycle": BILLING_LABELS,
    "seat_type": SEAT_TYPE_LABELS,
    "allocation_rule": ALLOCATION_LABELS,
}
ACTIVITY_LIMIT = 30


def _facts(lic: Any, entry: Any, today: date) -> LicenseFactsView:
    card = views.card(license_list.to_card(lic, entry, today))
    facts = {
        **asdict(card),
        "entry_id": entry.id,
        "entry_href": f"/catalog/{entry.id}",
        "risk": entry.security_risk or "",
        "deployment_model": entry.deployment_model,
        "licensed_to": lic.licensed_to or "—",
        "vendor": lic.vendor or "—",
        "seat_type": SEAT_TYPE_LABELS.get(lic.seat_type, lic.seat_type),
        "billing_cycle": BILLING_LABELS.get(lic.billing_cycle, lic.billing_cycle),
        "currency": lic.currency,
        "available": "Unlimited" if card.unlimited else str(max(lic.seats_total - lic.seats_used, 0)),
        "notes": lic.notes,
        "reassignable": lic.reassignable,
        "retired_note": retired_note(lic.seats_retired),
    }
    return LicenseFactsView(**facts)


def retired_note(count: int) -> str:
    """Seats a leaver gave up on a license that is not reassignable stay out of the pool."""
    if count <= 0:
        return ""
    return f"{count} seat{'s' if count != 1 else ''} retired — raise the total to reuse them"


class LicenseDetailState(PagedListState, AppState):
    _list: ClassVar[ListSpec] = ListSpec(path="/licenses", page_size=SEAT_PAGE_SIZE)

    lic: LicenseFactsView = LicenseFactsView()
    panels: list[FactPanelView] = []
    seat_rows: list[SeatView] = []
    show_history: bool = False
    not_found: str = ""
    activity: list[EventView] = []
    activity_total: int = 0

    def _path(self) -> str:
        return f"/licenses/{_id(self.lic.id)}"

    def _read_filters(self) -> None:
        self.show_history = _flag(self._query("history", 5))

    def _filter_params(self) -> dict[str, Any]:
        return {"history": "1" if self.show_history else ""}

    @handler("license.view", error="not_found")
    async def load(self):
        """The whole page in one event, its usage-audit and capacity panels included:
        one session check and one update to the browser instead of one per panel."""
        from license_hub.state.capacity import CapacityPanelState
        from license_hub.state.usage_audit import UsageAuditState  # it imports this module

        audit, capacity = await self.get_state(UsageAuditState), await self.get_state(CapacityPanelState)
        audit._clear()
        capacity._clear()
        self.lic, self.seat_rows, self.total, self.not_found = LicenseFactsView(), [], 0, ""
        self.panels = []
        self._read_query()
        license_id = _id(self._route_arg("license_id"))
        self._load_license(license_id)
        audit._fetch(license_id)
        capacity._show(license_id)

    def _load_license(self, license_id: int) -> None:
        self.activity, self.activity_total = [], 0
        with read_session() as session:
            lic = licenses.get(session, license_id)
            entry = catalog.get(session, lic.catalog_entry_id, include_archived=True)
            self.lic = _facts(lic, entry, date.today())
            owner = session.get(Person, lic.business_owner_id) if lic.business_owner_id else None
            self.panels = record_panels(
                lic,
                software=entry.name,
                owner=owner.name if owner else "",
                key_mask=self.lic.key if self.lic.has_key else "",
                labels=_VALUE_LABELS,
            )
            events, self.activity_total = user_admin.license_activity(
                session, license_id, ACTIVITY_LIMIT, detailed=self._may("audits")
            )
        known = ("license_id", "catalog_entry_id")  # what the page itself already says
        self.activity = [event_view(a.event, subject=a.subject, hide=known) for a in events]
        self._fetch()

    def _fetch_rows(self, offset: int, limit: int) -> int:
        with read_session() as session:
            rows, total = seats.list_seats(
                session, _id(self.lic.id), include_revoked=self.show_history, offset=offset, limit=limit
            )
        self.seat_rows = [views.seat(s) for s in rows]
        return total

    @handler("license.view")
    def refresh(self):
        if self.lic.id:
            self._load_license(_id(self.lic.id))

    @handler("license.view")
    def set_history(self, show: bool):
        return self._navigate(history="1" if _flag(show) else "")

    @handler("license.assign", toast=True)
    def reclaim(self, assignment_id: int):
        seat_id, license_id = _id(assignment_id), _id(self.lic.id)
        # Only a seat listed on this license's page may be reclaimed from it.
        shown = next((r for r in self.seat_rows if r.id == seat_id and not r.revoked), None)
        if shown is None:
            raise BadArgument(NOT_FOUND)
        with write_session() as session:
            seats.reclaim(session, self._actor(), seat_id)
        retiring = shown.terminated and not self.lic.reassignable
        self._load_license(license_id)
        holder = shown.holder if shown.holder != "—" else shown.device
        if retiring:
            return rx.toast.success(f"Seat retired from {holder} — raise the total to reuse it")
        return rx.toast.success(f"Seat reclaimed from {holder}" if holder != "—" else "Seat reclaimed")

    @handler("key.reveal", toast=True)
    def copy_key(self):
        license_id = _id(self.lic.id)
        with write_session() as session:
            key = licenses.reveal_key(session, self._actor(), license_id)
        if not key:
            return rx.toast.info("This license has no product key")
        return [rx.set_clipboard(key), rx.toast.success("Product key copied to the clipboard")]
