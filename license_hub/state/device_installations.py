"""The software the agent found on one device, normalized to catalog products."""

from __future__ import annotations

import reflex as rx

from license_hub.db import read_session
from license_hub.services.inventory import installations
from license_hub.state.base import AppState, _id, guard
from license_hub.state.license_installations import InstallationView, installation_view


class DeviceInstallationsState(AppState):
    rows: list[InstallationView] = []
    error: str = ""

    @rx.event
    @guard("license.view")
    def load(self):
        with read_session() as s:
            found = installations.for_device(s, _id(self._route_arg("device_id")))
        self.rows = [installation_view(r) for r in found]
