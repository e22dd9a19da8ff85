"""The "Transfer" dialog of a seat row: pick the new holder, confirm, and the seat
moves in one step — the old holder's row stays in the history as transferred, the
seat count does not move. A refusal stays in the dialog in the service's words."""

from __future__ import annotations

from datetime import date

import reflex as rx

from license_hub.db import write_session
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.seats import transfer
from license_hub.state import picker
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _id, _text, handler
from license_hub.state.labels import SEAT_TYPE_LABELS
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.views.directory import DevicePickView, PersonPickView


class SeatTransferState(AppState):
    open: bool = False
    form_key: int = 0
    seat_id: int = 0
    holder: str = ""
    device_mode: bool = False
    query: str = ""
    searched: bool = False
    options: list[PersonPickView] = []
    device_options: list[DevicePickView] = []
    picked: PersonPickView = PersonPickView()
    picked_device: DevicePickView = DevicePickView()
    today: str = ""
    field_errors: dict[str, str] = {}
    error_text: str = ""

    def _clear(self) -> None:
        self.query, self.searched, self.options, self.device_options = "", False, [], []
        self.picked, self.picked_device = PersonPickView(), DevicePickView()
        self.field_errors, self.error_text = {}, ""

    @handler("license.assign", error="error_text", toast=True)
    async def open_for(self, assignment_id: int):
        seat_id = _id(assignment_id)
        detail = await self.get_state(LicenseDetailState)
        # Only an active seat listed on this license's page can be transferred from it.
        shown = next((r for r in detail.seat_rows if r.id == seat_id and not r.revoked), None)
        if shown is None:
            raise BadArgument(NOT_FOUND)
        self._clear()
        self.seat_id = seat_id
        self.holder = shown.holder if shown.holder != "—" else shown.device
        self.device_mode = detail.lic.seat_type == SEAT_TYPE_LABELS["device"]
        self.today = date.today().isoformat()
        self.form_key += 1
        self.open = True

    @handler("license.assign", error="error_text")
    def set_open(self, open: bool):
        self.open = open is True
        if not self.open:
            self._clear()

    @handler("license.assign", error="error_text")
    def close(self):
        """The page (re)mounted: a dialog left open on another visit starts closed."""
        self.open = False

    @handler("license.assign", error="error_text")
    def search(self, term: str):
        self.query = picker.query(term)
        self.field_errors = {}
        if self.device_mode:
            self.device_options = picker.device_options(self.query)
        else:
            self.options = picker.person_options(self.query)
        self.searched = bool(self.query)

    @handler("license.assign", error="error_text")
    def pick(self, holder_id: int):
        if self.device_mode:
            device = picker.offered(self.device_options, holder_id)
            if device is not None:
                self.picked_device = device
        else:
            person = picker.offered(self.options, holder_id)
            if person is not None:
                self.picked = person
        self.query, self.searched, self.options, self.device_options = "", False, [], []
        self.error_text = ""

    @handler("license.assign", error="error_text")
    def clear_pick(self):
        self.picked, self.picked_device, self.error_text = PersonPickView(), DevicePickView(), ""

    @handler("license.assign", error="error_text")
    async def transfer(self, form: dict):
        sent = form if isinstance(form, dict) else {}
        self.field_errors, self.error_text = {}, ""
        seat_id = _id(self.seat_id)
        person_id = _id(self.picked.id) if self.picked.id and not self.device_mode else None
        device_id = _id(self.picked_device.id) if self.picked_device.id and self.device_mode else None
        if person_id is None and device_id is None:
            self.field_errors = {"new_holder": "Pick who gets the seat"}
            return None
        try:
            activated = date.fromisoformat(_text(sent.get("activated_on"), 10) or self.today)
        except ValueError:
            self.field_errors = {"transfer_activated_on": "Enter a date as YYYY-MM-DD"}
            return None
        detail = await self.get_state(LicenseDetailState)
        try:
            with write_session() as session:
                transfer.transfer(
                    session,
                    self._actor(),
                    seat_id,
                    person_id=person_id,
                    device_id=device_id,
                    seat_key=_text(sent.get("seat_key"), 501),
                    activated_on=activated,
                )
        except ValidationError as exc:
            errors = dict(exc.errors)
            self.field_errors = {
                "transfer_seat_key" if k == "assignee" else f"transfer_{k}": v for k, v in errors.items()
            }
            return None
        except DomainError as exc:
            self.error_text = exc.message
            return None
        to = self.picked_device.name if device_id else self.picked.name
        text = f"Seat transferred from {self.holder} to {to}"
        self.open = False
        self._clear()
        detail._load_license(_id(detail.lic.id))
        return rx.toast.success(text)
