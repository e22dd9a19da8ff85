"""The device form (Add device on the list, Edit on the device page): name,
hostname, serial, owner (picked from the directory), OS, location; errors next
to their fields."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import ValidationError
from license_hub.services.directory import devices
from license_hub.services.directory import listing as directory
from license_hub.state.base import AppState, _id, _text, handler
from license_hub.state.devices import DevicesState, DeviceState
from license_hub.state.forms import EditFormState, OwnerPickState
from license_hub.state.views import licenses as views

FIELDS = {k: v + 1 for k, v in devices.DEVICE_LIMITS.items()}  # one over, so the service names the limit


class DeviceEditState(EditFormState, OwnerPickState, AppState):
    _owner_error: ClassVar[str] = "owner_id"

    @rx.var
    def title(self) -> str:
        return "Edit device" if self.editing_id else "Add device"

    def _reset(self) -> None:
        self._reset_owner()
        self._fresh_form()

    @handler("license.manage", error="form_error", toast=True)
    def open_create(self):
        self._reset()
        self.editing_id, self.values, self.open = 0, {k: "" for k in FIELDS}, True

    @handler("license.manage", error="form_error", toast=True)
    def open_edit(self, device_id: int):
        self._reset()
        with read_session() as session:
            d = directory.device_profile(session, _id(device_id))
            if d.owner_id:
                self.owner = views.person(directory.person_profile(session, d.owner_id))
        self.editing_id = d.id
        self.values = {"name": d.name, "hostname": d.hostname, "serial": d.serial, "os": d.os, "location": d.location}
        self.open = True

    @handler("license.manage", error="form_error")
    def save(self, form: dict):
        sent = form if isinstance(form, dict) else {}
        data: dict[str, Any] = {k: _text(sent.get(k), limit) for k, limit in FIELDS.items()}
        data["owner_id"] = self.owner.id or None
        self.values = {k: data[k] for k in FIELDS}
        try:
            with write_session() as session:
                if self.editing_id:
                    devices.update_device(session, self._actor(), self.editing_id, data)
                else:
                    devices.add_device(session, self._actor(), data)
        except ValidationError as exc:
            self._refused(exc)
            return None
        self._saved()
        if self.editing_id:
            return [rx.toast.success(f"{data['name']} saved"), DeviceState.refresh]
        return [rx.toast.success(f"{data['name']} added"), DevicesState.refresh]
