"""The Installations related list of a license (seed 001): the devices the agent
found it on, and Used Quantity as allocated seats and installations."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from license_hub.db import read_session
from license_hub.services.inventory import installations
from license_hub.services.seats import assignments as seats
from license_hub.state.base import AppState, _fmt_date, _id, guard
from license_hub.state.people import when


@dataclass(frozen=True)
class InstallationView:
    device: str
    device_href: str
    holder: str
    product: str
    version: str
    last_opened: str
    usage_state: str
    detected: str


def installation_view(r: installations.InstallationRow) -> InstallationView:
    opened = {"known": when(r.last_opened_at, "—"), "never": "Never opened"}.get(r.usage_state, "Cannot tell")
    return InstallationView(
        r.device,
        f"/devices/{r.device_id}",
        r.holder or "—",
        r.product,
        r.version or "—",
        opened,
        r.usage_state,
        _fmt_date(r.detected_at.date()) if r.detected_at else "—",
    )


class LicenseInstallationsState(AppState):
    rows: list[InstallationView] = []
    allocated: int = 0
    installed: int = 0
    error: str = ""

    @rx.event
    @guard("license.view")
    def load(self):
        license_id = _id(self._route_arg("license_id"))
        with read_session() as s:
            found = installations.for_license(s, license_id)
            self.installed = installations.count_for_license(s, license_id)
            self.allocated = seats.active_count(s, license_id)
        self.rows = [installation_view(r) for r in found]
