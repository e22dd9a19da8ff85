"""The "Assign Seat" dialog: pick a contact by type-ahead, or name an assignee
and/or a device. A refusal (full license, duplicate holder) stays in the dialog
in the seeds' words; the page's seat count updates as soon as a seat is issued."""

from __future__ import annotations

from datetime import date

import reflex as rx

from license_hub.db import write_session
from license_hub.services.core.errors import (
    ALREADY_ASSIGNED,
    NO_SEATS_REMAINING,
    SEAT_OVER_ALLOCATED,
    DomainError,
    ValidationError,
)
from license_hub.services.seats import assignments as seats
from license_hub.state import picker
from license_hub.state.base import AppState, _id, _text, handler
from license_hub.state.labels import SEAT_TYPE_LABELS
from license_hub.state.license_detail import LicenseDetailState
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
        self.query = picker.query(term)
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "assignee"}
        self.options = picker.person_options(self.query)
        self.searched = bool(self.query)

    @handler("license.assign", error="error_text")
    def pick(self, person_id: int):
        match = picker.offered(self.options, person_id)
        if match is not None:
            self.picked, self.options, self.query, self.searched = match, [], "", False
            self.error_title, self.error_text = "", ""

    @handler("license.assign", error="error_text")
    def search_devices(self, term: str):
        self.query = picker.query(term)
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "assignee"}
        self.device_options = picker.device_options(self.query)
        self.searched = bool(self.query)

    @handler("license.assign", error="error_text")
    def pick_device(self, device_id: int):
        match = picker.offered(self.device_options, device_id)
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
