"""The "Assign Seat" dialog: pick a contact by type-ahead, or name an assignee
and/or a device. A refusal (full license, duplicate holder) stays in the dialog
in the seeds' words; the page's seat count updates as soon as a seat is issued."""

from __future__ import annotations

from datetime import date

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import (
    ALREADY_ASSIGNED,
    NO_SEATS_REMAINING,
    SEAT_OVER_ALLOCATED,
    DomainError,
    ValidationError,
)
from license_hub.services.directory import listing as directory
from license_hub.services.directory import people
from license_hub.services.seats import assignments as seats
from license_hub.state.base import AppState, _id, _text, handler
from license_hub.state.labels import SEAT_TYPE_LABELS
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.views import licenses as views
from license_hub.state.views.directory import DevicePickView, PersonPickView

_TITLES = {NO_SEATS_REMAINING: SEAT_OVER_ALLOCATED, ALREADY_ASSIGNED: "Already assigned"}


class SeatAssignState(AppState):
    open: bool = False
    form_key: int = 0
    query: str = ""
    options: list[PersonPickView] = []
    searched: bool = False
    picked: PersonPickView = PersonPickView()
    today: str = ""
    field_errors: dict[str, str] = {}
    error_title: str = ""
    error_text: str = ""
    # Device-based licenses (seat type "device") pick a device from the directory instead.
    device_mode: bool = False
    device_options: list[DevicePickView] = []
    picked_device: DevicePickView = DevicePickView()

    def _clear(self) -> None:
        self.query, self.options, self.searched, self.picked = "", [], False, PersonPickView()
        self.device_options, self.picked_device = [], DevicePickView()
        self.field_errors, self.error_title, self.error_text = {}, "", ""

    @handler("license.assign", error="error_text", toast=True)
    async def set_open(self, open: bool):
        self.open = bool(open)
        if self.open:
            self._clear()
            detail = await self.get_state(LicenseDetailState)
            self.device_mode = detail.lic.seat_type == SEAT_TYPE_LABELS["device"]
            self.today = date.today().isoformat()
            self.form_key += 1

    @handler("license.assign", error="error_text")
    def search(self, term: str):
        self.query = _text(term, 100)
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "assignee"}
        if not self.query:
            self.options, self.searched = [], False
            return
        with read_session() as session:
            found = people.search_people(session, self.query, limit=8)
        self.options = [views.person(p) for p in found]
        self.searched = True

    @handler("license.assign", error="error_text")
    def pick(self, person_id: int):
        chosen = _id(person_id)
        # Only a contact the search just offered can be picked.
        match = next((p for p in self.options if p.id == chosen), None)
        if match is not None:
            self.picked, self.options, self.query, self.searched = match, [], "", False
            self.error_title, self.error_text = "", ""

    @handler("license.assign", error="error_text")
    def search_devices(self, term: str):
        self.query = _text(term, 100)
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "assignee"}
        if not self.query:
            self.device_options, self.searched = [], False
            return
        with read_session() as session:
            found, _ = directory.list_devices(session, search=self.query, limit=8)
        self.device_options = [
            DevicePickView(id=d.id, name=d.name, hostname=d.hostname or "—", owner=d.owner or "", os=d.os)
            for d in found
        ]
        self.searched = True

    @handler("license.assign", error="error_text")
    def pick_device(self, device_id: int):
        chosen = _id(device_id)
        match = next((d for d in self.device_options if d.id == chosen), None)  # only what the search offered
        if match is not None:
            self.picked_device, self.device_options, self.query, self.searched = match, [], "", False
            self.error_title, self.error_text = "", ""

    @handler("license.assign", error="error_text")
    def clear_pick(self):
        self.picked, self.picked_device = PersonPickView(), DevicePickView()
        self.error_title, self.error_text = "", ""

    @handler("license.assign", error="error_text")
    async def assign(self, form: dict):
        sent = form if isinstance(form, dict) else {}
        detail = await self.get_state(LicenseDetailState)
        license_id = _id(detail.lic.id)
        self.field_errors, self.error_title, self.error_text = {}, "", ""
        try:
            activated = date.fromisoformat(_text(sent.get("activated_on"), 10) or self.today)
        except ValueError:
            self.field_errors = {"activated_on": "Enter a date as YYYY-MM-DD"}
            return None
        person_id = _id(self.picked.id) if self.picked.id and not self.device_mode else None
        device_id = _id(self.picked_device.id) if self.picked_device.id and self.device_mode else None
        try:
            with write_session() as session:
                seats.assign(
                    session,
                    self._actor(),
                    license_id,
                    person_id=person_id,
                    device_id=device_id,
                    assignee_name=_text(sent.get("assignee_name"), 201),
                    device_name=_text(sent.get("device_name"), 201),
                    seat_key=_text(sent.get("seat_key"), 501),
                    activated_on=activated,
                )
        except ValidationError as exc:
            self.field_errors = dict(exc.errors)
            return None
        except DomainError as exc:
            self.error_title = _TITLES.get(exc.message, "Seat not assigned")
            self.error_text = exc.message
            return None
        picked = self.picked_device.name if device_id else self.picked.name
        holder = picked or _text(sent.get("assignee_name")) or _text(sent.get("device_name"))
        self.open = False
        self._clear()
        detail._load_license(license_id)
        return rx.toast.success(f"Seat assigned to {holder}")
